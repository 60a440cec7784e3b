/**
 * Writing groups to a SCIM target (RFC 7643 §4.2, RFC 7644 §3.3, §3.5, §3.6).
 *
 * Members travel in batches of at most the step's `batchSize`: a create POSTs the group with its
 * first batch and adds the rest with one PATCH per batch; an update sends one PATCH (§3.5.2) per
 * batch of member additions and removals, the displayName and externalId `replace` riding in the
 * first. Member additions are `add` operations with a value list; removals are `remove`
 * operations with the path `members[value eq "ID"]` (§3.5.2.2). Both repeat harmlessly (§3.5.2.1:
 * a value already present is not added twice), so a PATCH whose answer was lost is sent again.
 * A target without PATCH gets the whole group: a create POSTs every member at once, and an update
 * GETs the group, merges (members Roster does not touch are kept, member groups included) and PUTs
 * it back (§3.5.1) in one request.
 *
 * Members without an id are accounts created earlier in the same apply; they are resolved from
 * StepContext.createdAccounts before anything of the step is sent, and one that cannot be
 * resolved fails the step with nothing sent.
 *
 * A create whose answer was lost is handled as write.ts handles an account's: after the grace
 * period the group is looked up by externalId (then displayName); found with Roster's externalId,
 * it counts as created; not found, the step fails and nothing is sent again; answered with an
 * error and found absent, the create is sent again.
 *
 * StepResult.attempts counts every request the step sent, retries and the GET of a GET-merge-PUT
 * included; the look-ups after a lost answer are not counted (as for accounts). Errors name the
 * system, the group's displayName and the status.
 */
import type { MemberRef, Step } from '../../core/change.js';
import type { StepContext, StepResult } from '../../core/ports.js';
import { newTally, type HttpClient, type Tally } from '../http/client.js';
import { ProviderError } from '../http/errors.js';
import { equalsFilter } from './filter.js';
import { groupPath, isUserMember } from './groups-read.js';
import { createOnce } from './create-once.js';
import type { WriteContext } from './write.js';
import { CORE_GROUP_SCHEMA, createdSchema, PATCH_OP_SCHEMA, scimGroupSchema, type PatchOperation, type ScimGroupMember, type ScimGroupResource } from './wire.js';

export interface GroupWriteContext extends Pick<WriteContext, 'http' | 'capabilities' | 'lostAnswerGraceMs' | 'sleep'> {
  /** The group holding `externalId`, else the one named `displayName` (GroupReader.find). */
  lookup(displayName: string, externalId: string): Promise<ScimGroupResource | undefined>;
  /** Accounts created earlier in this apply (StepContext.createdAccounts). */
  readonly createdAccounts?: StepContext['createdAccounts'];
}

type GroupStepOf<Op extends string> = Extract<Step, { op: Op }>;

/** The failure of a group create whose answer was lost and whose group the look-up did not find. */
export const LOST_GROUP_CREATE_NOT_FOUND = "the create's answer was lost and the group was not found; run apply again";

/** The ProviderError's message with the group named after the system: `app: group "Sales": PATCH … → 400: …`. */
function namingGroup(error: unknown, displayName: string): unknown {
  if (!(error instanceof ProviderError)) return error;
  const prefix = `${error.details.system}: `;
  const rest = error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
  error.message = `${prefix}group ${JSON.stringify(displayName)}: ${rest}`;
  return error;
}

async function forGroup<T>(displayName: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw namingGroup(error, displayName);
  }
}

/**
 * Member ids for the refs, in their order, each once: a ref's own id, else the id its account's
 * create returned earlier in this apply. An unresolvable ref throws before anything is sent.
 */
export function resolveMembers(
  system: string,
  app: string,
  displayName: string,
  refs: readonly MemberRef[],
  created: StepContext['createdAccounts'],
): string[] {
  const accounts = created?.get(app);
  const ids = new Set<string>();
  for (const ref of refs) {
    const id = ref.id ?? accounts?.get(ref.userName.toLowerCase());
    if (id === undefined) {
      throw new Error(
        `${system}: application ${app}, group ${JSON.stringify(displayName)}: member ${ref.userName} has no account id (it was neither read from the target nor created earlier in this apply); nothing was sent for this group`,
      );
    }
    ids.add(id);
  }
  return [...ids];
}

function checkedBatchSize(displayName: string, batchSize: number): number {
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`group ${JSON.stringify(displayName)}: batchSize must be a positive integer, not ${batchSize}`);
  return batchSize;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += size) result.push(items.slice(start, start + size));
  return result;
}

const memberValues = (ids: readonly string[]) => ids.map((value) => ({ value }));

/**
 * Writes answer with the group (RFC 7644 §3.3, §3.5.1, §3.5.2), members included unless asked
 * otherwise (§3.9): each answer of a batch would carry every member of a large group again.
 */
const WITHOUT_MEMBERS = { excludedAttributes: 'members' } as const;

/** One PATCH of a group (RFC 7644 §3.5.2); some servers answer 204 without a body. */
async function patchGroup(http: HttpClient, rateGroup: string, id: string, operations: readonly PatchOperation[], tally: Tally): Promise<void> {
  await http.expect({ method: 'PATCH', path: groupPath(id), query: WITHOUT_MEMBERS, body: { schemas: [PATCH_OP_SCHEMA], Operations: operations }, rateGroup, idempotent: true, tally }, [200, 204]);
}

/** The POST of a create, never sent twice (create-once.ts); the id of the group and whether a look-up found it. */
function postGroup(context: GroupWriteContext, step: GroupStepOf<'scim.group.create'>, body: unknown, tally: Tally): Promise<{ id: string; lookedUp: boolean }> {
  const { http, capabilities } = context;
  return createOnce({
    system: http.system,
    noun: 'group',
    name: step.displayName,
    nameAttribute: 'displayName',
    lookedUpBy: 'externalId and displayName',
    externalId: step.externalId,
    notFound: LOST_GROUP_CREATE_NOT_FOUND,
    tally,
    lostAnswerGraceMs: context.lostAnswerGraceMs,
    sleep: (ms) => context.sleep(ms),
    send: async () => (await http.json({ method: 'POST', path: '/Groups', query: WITHOUT_MEMBERS, body, rateGroup: capabilities.rateLimits.write.name, tally }, createdSchema, [201, 200])).id,
    lookup: () => context.lookup(step.displayName, step.externalId),
  });
}

export async function createGroup(context: GroupWriteContext, step: GroupStepOf<'scim.group.create'>): Promise<StepResult> {
  const { http, capabilities } = context;
  const batchSize = checkedBatchSize(step.displayName, step.batchSize);
  const members = resolveMembers(http.system, step.app, step.displayName, step.members, context.createdAccounts);
  // Without PATCH no batch could follow: the POST carries every member.
  const first = capabilities.patch ? members.slice(0, batchSize) : members;
  const body = {
    schemas: [CORE_GROUP_SCHEMA],
    displayName: step.displayName,
    externalId: step.externalId,
    ...(first.length > 0 ? { members: memberValues(first) } : {}),
  };
  const tally = newTally();
  return forGroup(step.displayName, async () => {
    const { id, lookedUp } = await postGroup(context, step, body, tally);
    for (const batch of chunks(members.slice(first.length), batchSize)) {
      await patchGroup(http, capabilities.rateLimits.write.name, id, [{ op: 'add', path: 'members', value: memberValues(batch) }], tally);
    }
    return { id, attempts: tally.attempts, ...(lookedUp ? { lookedUp: true } : {}) };
  });
}

export async function updateGroup(context: GroupWriteContext, step: GroupStepOf<'scim.group.update'>): Promise<StepResult> {
  const { http, capabilities } = context;
  const batchSize = checkedBatchSize(step.displayName, step.batchSize);
  const add = resolveMembers(http.system, step.app, step.displayName, step.add, context.createdAccounts);
  const remove = resolveMembers(http.system, step.app, step.displayName, step.remove, context.createdAccounts);
  const tally = newTally();
  return forGroup(step.displayName, async () => {
    if (!capabilities.patch) return putGroup(context, step, add, remove, tally);
    const replaces: PatchOperation[] = [
      ...(step.rename !== undefined ? [{ op: 'replace' as const, path: 'displayName', value: step.rename }] : []),
      ...(step.externalId !== undefined ? [{ op: 'replace' as const, path: 'externalId', value: step.externalId }] : []),
    ];
    const changes: Array<{ readonly add: boolean; readonly id: string }> = [...add.map((id) => ({ add: true, id })), ...remove.map((id) => ({ add: false, id }))];
    const batches = chunks(changes, batchSize);
    if (batches.length === 0 && replaces.length > 0) batches.push([]);
    for (const [i, batch] of batches.entries()) {
      const added = batch.filter((change) => change.add).map((change) => change.id);
      const operations: PatchOperation[] = [
        ...(i === 0 ? replaces : []),
        ...(added.length > 0 ? [{ op: 'add' as const, path: 'members', value: memberValues(added) }] : []),
        ...batch.filter((change) => !change.add).map((change) => ({ op: 'remove' as const, path: `members[${equalsFilter('value', change.id)}]` })),
      ];
      await patchGroup(http, capabilities.rateLimits.write.name, step.id, operations, tally);
    }
    return { id: step.id, attempts: tally.attempts };
  });
}

/** Without PATCH: GET the group, merge the step into it, PUT it whole (RFC 7644 §3.5.1). */
async function putGroup(context: GroupWriteContext, step: GroupStepOf<'scim.group.update'>, add: readonly string[], remove: readonly string[], tally: Tally): Promise<StepResult> {
  const { http, capabilities } = context;
  const path = groupPath(step.id);
  const current = await http.json({ method: 'GET', path, rateGroup: capabilities.rateLimits.read.name, tally }, scimGroupSchema);
  const removed = new Set(remove);
  const members: ScimGroupMember[] = (current.members ?? []).filter((member) => !(isUserMember(member) && removed.has(member.value)));
  const present = new Set(members.filter(isUserMember).map((member) => member.value));
  for (const id of add) if (!present.has(id)) members.push({ value: id });
  // meta is the server's (readOnly); every other attribute goes back as it was read.
  const { meta: _meta, externalId: currentExternalId, ...kept } = current;
  const externalId = step.externalId ?? currentExternalId ?? undefined;
  const body = {
    ...kept,
    schemas: current['schemas'] ?? [CORE_GROUP_SCHEMA],
    id: step.id,
    displayName: step.rename ?? current.displayName,
    ...(externalId !== undefined ? { externalId } : {}),
    members,
  };
  await http.expect({ method: 'PUT', path, query: WITHOUT_MEMBERS, body, rateGroup: capabilities.rateLimits.write.name, tally }, [200, 204]);
  return { id: step.id, attempts: tally.attempts };
}

export async function deleteGroup(context: GroupWriteContext, step: GroupStepOf<'scim.group.delete'>): Promise<StepResult> {
  const { http, capabilities } = context;
  const tally = newTally();
  const request = { method: 'DELETE', path: groupPath(step.id), rateGroup: capabilities.rateLimits.write.name, tally } as const;
  return forGroup(step.displayName, async () => {
    const answer = await http.send(request);
    // 404: the group is already gone, which is what the delete asks for.
    if (![200, 204, 404].includes(answer.status)) throw http.statusError(request, answer);
    return { id: step.id, attempts: tally.attempts };
  });
}
