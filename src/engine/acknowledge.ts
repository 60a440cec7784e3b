/**
 * Acknowledging safety violations (`--allow <kind>:<app>`). The plan records each violation of an
 * application's safety rules; apply refuses the whole plan until every one is acknowledged by
 * its own kind and application, so that allowing one risk never allows another.
 */
import { VIOLATION_KINDS, type Violation, type ViolationKind } from '../core/safety.js';

export interface Acknowledgement {
  readonly kind: ViolationKind;
  readonly app: string;
}

/** `deprovision:ringcentral` → an acknowledgement; undefined when it is not of that form. */
export function parseAcknowledgement(text: string): Acknowledgement | undefined {
  const match = /^([a-z-]+):(.+)$/.exec(text.trim());
  const kind = match?.[1];
  if (!match || !kind || !(VIOLATION_KINDS as readonly string[]).includes(kind)) return undefined;
  return { kind: kind as ViolationKind, app: match[2]! };
}

export function unacknowledged(violations: readonly Violation[], acknowledgements: readonly Acknowledgement[]): Violation[] {
  return violations.filter((v) => !acknowledgements.some((a) => a.kind === v.kind && a.app === v.app));
}
