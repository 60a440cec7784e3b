/**
 * The journal: one JSON line per provisioning action, named as JumpCloud's Directory Insights
 * names the same events, so that an audit can read Roster's actions beside the IdP's own.
 *
 * It is an audit log, not the source of truth: a run never reads it back. Each line is written
 * with one `write(2)` as soon as the action ends, so a process killed at any moment loses at most
 * the action in flight (which the next run finds from live state). Nothing secret is written:
 * ids, userNames, group names, attribute paths (never values) and the vendors' error details,
 * which providers have already redacted.
 */
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { assertNever } from '../core/assert-never.js';
import type { Action, Step } from '../core/change.js';
import type { FailureReport } from './events.js';

export const PROVISIONING_EVENTS = [
  'user_create_provision',
  'user_update_provision',
  'user_deprovision',
  'user_delete_provision',
  'user_lookup_provision',
  'group_create_provision',
  'group_update_provision',
  'group_delete_provision',
  'idm_integration_activate',
  'idm_integration_update',
  'idm_integration_delete',
  'application_create',
  'application_update',
  'application_delete',
] as const;
export type ProvisioningEvent = (typeof PROVISIONING_EVENTS)[number];

/** The first and last line of every run, so that a journal says which plan it applied and how it ended. */
export type RunEvent = 'roster_apply_start' | 'roster_apply_end';

/**
 * The Directory Insights name of a step. A binding is the group's provisioning to the application
 * (`group_create_provision` when bound, `group_delete_provision` when unbound); the SSO
 * application's own changes carry JumpCloud's directory event names (`application_create|update|
 * delete`, docs/vendors/jumpcloud.md §6); the identity-management integration is Roster's provisioning of
 * the application: switched on, moved to another target, switched off (`idp.provisioning.record`,
 * core/diff-provisioning.ts).
 */
export function eventOfStep(step: Step): ProvisioningEvent {
  switch (step.op) {
    case 'idp.app.create':
      return 'application_create';
    case 'idp.app.update':
      return 'application_update';
    case 'idp.app.delete':
      return 'application_delete';
    case 'idp.provisioning.record':
      return step.provisioning === undefined ? 'idm_integration_delete' : step.previous === undefined ? 'idm_integration_activate' : 'idm_integration_update';
    case 'idp.binding.add':
      return 'group_create_provision';
    case 'idp.binding.remove':
      return 'group_delete_provision';
    case 'scim.create':
      return 'user_create_provision';
    case 'scim.update':
      return step.set['active'] === false ? 'user_deprovision' : 'user_update_provision';
    case 'scim.delete':
      return 'user_delete_provision';
    default:
      return assertNever(step, 'step');
  }
}

export interface JournalTarget {
  /** The id the system gave the object (account, application), when known. */
  readonly id?: string;
  readonly userName?: string;
  readonly group?: string;
}

export interface JournalEntry {
  readonly time: string;
  /** Directory Insights' field name, kept so that both logs can be read with one query. */
  readonly event_type: ProvisioningEvent | RunEvent;
  /** Identifies the run: every line of one apply carries the same value. */
  readonly run: string;
  readonly app?: string;
  readonly address?: string;
  readonly action?: Action;
  readonly target?: JournalTarget;
  readonly outcome?: 'success' | 'failure';
  /** For a lookup: what it found for the change's precondition. */
  readonly precondition?: 'holds' | 'applied' | 'stale';
  /** Requests sent for the action, retries included. */
  readonly attempts?: number;
  /** The answer to the write was lost and the object was found by a lookup instead. */
  readonly lookedUp?: boolean;
  /** Attribute paths sent (values are personal data and stay out of the journal). */
  readonly fields?: readonly string[];
  readonly error?: {
    readonly status?: number;
    readonly scimType?: string;
    readonly detail?: string;
    readonly failureClass?: string;
    readonly message: string;
  };
  readonly ms?: number;
  /** Run lines: what was applied and how it ended. */
  readonly run_info?: Readonly<Record<string, unknown>>;
}

export type JournalRecord = Omit<JournalEntry, 'time' | 'run'>;

export interface Journal {
  /** Where the journal is written, for the summary; undefined when it is kept in memory. */
  readonly path?: string;
  record(entry: JournalRecord): void;
  close(): void;
}

export function errorOf(failure: FailureReport): NonNullable<JournalEntry['error']> {
  return {
    ...(failure.status !== undefined ? { status: failure.status } : {}),
    ...(failure.scimType !== undefined ? { scimType: failure.scimType } : {}),
    ...(failure.detail !== undefined ? { detail: failure.detail } : {}),
    ...(failure.failureClass !== undefined ? { failureClass: failure.failureClass } : {}),
    message: failure.message,
  };
}

/** Appends to `path` (created with its folder, readable by the owner only). */
export function openJournal(path: string, run: string, now: () => Date): Journal {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const fd = openSync(path, 'a', 0o600);
  return {
    path,
    record(entry) {
      writeSync(fd, `${JSON.stringify({ time: now().toISOString(), run, ...entry })}\n`);
    },
    close() {
      closeSync(fd);
    },
  };
}

/** The default journal file: `.roster/journal/<time>.jsonl` below the working directory. */
export function defaultJournalPath(cwd: string, at: Date): string {
  return join(cwd, '.roster', 'journal', `${at.toISOString().replace(/:/g, '-')}.jsonl`);
}
