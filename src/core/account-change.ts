/**
 * Building one account change: the snapshot before, the precondition apply re-checks, and the
 * rule that any problem turns the change into a skip that carries it and sends nothing.
 */
import type { Action, Change, FieldDiff, Reason, Step } from './change.js';
import type { Diagnostic } from './diagnostics.js';
import { digestOf } from './digest.js';
import type { AttributeValue, FlatAttributes, TargetAccount } from './model.js';
import { parseScimPath, valuePath } from './scim-path.js';

/** Whether a target path is one Roster compares and changes for the application. */
export type ManagedPath = (path: string) => boolean;

export interface AccountChangeDraft {
  readonly address: string;
  readonly action: Exclude<Action, 'skip'>;
  readonly account?: TargetAccount;
  readonly after?: FlatAttributes;
  readonly fields: readonly FieldDiff[];
  readonly reason: Reason;
  readonly steps: readonly Step[];
  readonly problems?: readonly Omit<Diagnostic, 'address'>[];
}

/** The attributes of an account Roster compares: managed paths only. */
export function managedSnapshot(account: TargetAccount, isManaged: ManagedPath): Record<string, AttributeValue> {
  const snapshot: Record<string, AttributeValue> = {};
  for (const [path, value] of Object.entries(account.attributes)) if (isManaged(path)) snapshot[path] = value;
  return snapshot;
}

/** The digest a saved plan records for an account, and apply re-computes before changing it. */
export function accountDigest(account: TargetAccount, isManaged: ManagedPath): string {
  return digestOf({ state: account.state, externalId: account.externalId ?? null, attributes: managedSnapshot(account, isManaged) });
}

export function accountChange(app: string, draft: AccountChangeDraft, isManaged: ManagedPath): Change {
  const { account, address } = draft;
  const problems = (draft.problems ?? []).map((p) => ({ ...p, address }));
  const blocked = problems.length > 0;
  const before = account ? { ...managedSnapshot(account, isManaged), active: account.state === 'active' } : undefined;
  return {
    address,
    app,
    kind: 'scim_user',
    action: blocked ? 'skip' : draft.action,
    ...(blocked ? { blockedAction: draft.action } : {}),
    ...(before ? { before } : {}),
    ...(draft.after ? { after: draft.after } : {}),
    fields: draft.fields,
    reason: draft.reason,
    precondition: account ? { ...(account.version ? { version: account.version } : {}), digest: accountDigest(account, isManaged) } : { absent: true },
    steps: blocked ? [] : draft.steps,
    problems,
  };
}

/** The steps of a delete; `reactivateFirst` when the target only deletes accounts that are active. */
export function deleteSteps(app: string, account: TargetAccount, reactivateFirst: boolean): Step[] {
  const remove: Step = { op: 'scim.delete', app, id: account.id, userName: account.userName };
  return reactivateFirst ? [{ op: 'scim.update', app, id: account.id, userName: account.userName, set: { active: true }, unset: [] }, remove] : [remove];
}

/** Typed multi-valued values an update introduces (the account has none of that type): added, not replaced. */
export function addedValues(account: TargetAccount, set: FlatAttributes): { addValues?: string[] } {
  const added = new Set<string>();
  for (const path of Object.keys(set)) {
    const parsed = parseScimPath(path);
    if (parsed?.valueType === undefined) continue;
    const prefix = valuePath(parsed.attribute, parsed.valueType);
    if (!Object.keys(account.attributes).some((p) => p.startsWith(`${prefix}.`))) added.add(prefix);
  }
  return added.size > 0 ? { addValues: [...added].sort() } : {};
}
