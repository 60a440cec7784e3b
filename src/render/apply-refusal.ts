/**
 * Why apply refuses a plan before changing anything: safety rules the plan breaks without an
 * acknowledgement, or saved-plan changes whose objects changed since the plan was made. Each
 * message names the numbers and the flag that would allow it.
 */
import type { Change } from '../core/change.js';
import type { Violation } from '../core/plan.js';
import { printable } from './printable.js';
import { plural } from './words.js';

/** Addresses listed per violation before the rest are counted. */
const LISTED = 10;

function listed(addresses: readonly string[]): string {
  const shown = addresses.slice(0, LISTED).join(', ');
  return addresses.length > LISTED ? `${shown} and ${addresses.length - LISTED} more` : shown;
}

export function renderSafetyRefusal(violations: readonly Violation[]): string {
  const lines = [`Apply refused: the plan breaks ${plural(violations.length, 'safety rule')} that must be acknowledged. Nothing was changed.`];
  for (const v of violations) {
    lines.push(`  ${v.message}`);
    if (v.addresses.length > 0) lines.push(`      ${listed(v.addresses)}`);
  }
  const flags = [...new Set(violations.map((v) => v.allow))];
  lines.push(`Review the changes above; to apply them, run apply again with: ${flags.join(' ')}`);
  return `${lines.map(printable).join('\n')}\n`;
}

export function renderStaleRefusal(stale: ReadonlyArray<{ readonly change: Change; readonly why: string }>, planCreatedAt: string): string {
  const lines = [
    `Apply refused: ${plural(stale.length, 'change', 'changes')} of the saved plan (made ${planCreatedAt}) ${stale.length === 1 ? 'is' : 'are'} stale — ${stale.length === 1 ? 'its object' : 'their objects'} changed since, or Roster would not make ${stale.length === 1 ? 'it' : 'them'} now. Nothing was changed.`,
  ];
  for (const { change, why } of stale) lines.push(`  ${change.address} (${change.action}): ${why}`);
  lines.push('Run roster plan again and review the new plan, or apply the rest of this one with --allow-partial.');
  return `${lines.map(printable).join('\n')}\n`;
}

/** A saved plan holding what no plan of Roster's holds: refused whatever the flags. */
export function renderTamperedRefusal(tampered: ReadonlyArray<{ readonly change: Change; readonly why: string }>): string {
  const lines = [`Apply refused: the saved plan was edited after Roster wrote it — ${plural(tampered.length, 'change')} cannot have come from Roster. Nothing was changed.`];
  for (const { change, why } of tampered) lines.push(`  ${change.address} (${change.action}): ${why}`);
  lines.push('Apply only a plan as roster plan saved it: run roster plan again and review the new plan.');
  return `${lines.map(printable).join('\n')}\n`;
}
