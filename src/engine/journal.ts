/**
 * The journal: one JSON line per provisioning action, named as JumpCloud's Directory Insights
 * names the same events, so that an audit can read Roster's actions beside the IdP's own.
 *
 * It is an audit log, not the source of truth: a run never reads it back. Each line is written
 * whole as soon as the action ends, so a process killed at any moment loses at most
 * the action in flight (which the next run finds from live state). Nothing secret is written:
 * ids, userNames, group names, attribute paths (never values) and the vendors' error details,
 * which providers have already redacted.
 */
import { closeSync, fstatSync, fsyncSync, ftruncateSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { assertNever } from '../core/assert-never.js';
import type { Action, Step } from '../core/change.js';
import type { FailureReport } from './events.js';
import { describeFileError, ensureFolder, openForAppend } from './files.js';

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
    case 'scim.group.create':
      return 'group_create_provision';
    case 'scim.group.update':
      return 'group_update_provision';
    case 'scim.group.delete':
      return 'group_delete_provision';
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

export interface JournalOptions {
  /** Called once, at the first line that cannot be written, with the path and the OS error in words. */
  readonly onFailure?: (message: string) => void;
  /** Where lines go once the file cannot take them (stderr), so no action goes unrecorded. */
  readonly fallback?: (line: string) => void;
}

/**
 * Appends to `path`, a regular file (created with its folder, readable by the owner only).
 *
 * Lines are whole or absent: each is written with as many `write(2)` calls as the OS needs, and a
 * line that fails part-way (a full disk) is cut off again, so the file never ends mid-object.
 * `record` never throws: after the first failure the file is left alone, `onFailure` is told (apply
 * then starts no further change) and every later line goes to `fallback`. `close` syncs the file to
 * disk first, so a journal survives a power loss after apply ends; closing twice is harmless.
 */
export function openJournal(path: string, run: string, now: () => Date, options: JournalOptions = {}): Journal {
  ensureFolder(dirname(path));
  const fd = openForAppend(path);
  let size = fstatSync(fd).size;
  let failure: string | undefined;
  let closed = false;
  const fail = (error: unknown) => {
    failure = `${path}: ${describeFileError(error)}`;
    options.onFailure?.(failure);
  };
  return {
    path,
    record(entry) {
      const line = `${JSON.stringify({ time: now().toISOString(), run, ...entry })}\n`;
      if (failure === undefined) {
        const bytes = Buffer.from(line, 'utf8');
        try {
          for (let written = 0; written < bytes.length; ) written += writeSync(fd, bytes, written, bytes.length - written);
          size += bytes.length;
          return;
        } catch (error) {
          try {
            ftruncateSync(fd, size);
          } catch {
            // The line may stay cut; the failure is reported either way.
          }
          fail(error);
        }
      }
      options.fallback?.(line);
    },
    close() {
      if (closed) return;
      closed = true;
      try {
        if (failure === undefined) fsyncSync(fd);
      } catch (error) {
        fail(error);
      } finally {
        closeSync(fd);
      }
    },
  };
}

/** The default journal file: `.roster/journal/<time>.jsonl` below the working directory. */
export function defaultJournalPath(cwd: string, at: Date): string {
  return join(cwd, '.roster', 'journal', `${at.toISOString().replace(/:/g, '-')}.jsonl`);
}
