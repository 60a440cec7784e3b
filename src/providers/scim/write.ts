/**
 * Writing users to a SCIM target: one request per step, retried only where repeating is harmless.
 *
 * A create is never sent twice while its outcome is unknown. When its answer was lost (a
 * timeout, a dropped connection, a gateway's 504), the request may still land after Roster gave
 * up on it: undici has closed its connection by then, and the look-up waits a grace period
 * (`lostAnswerGraceMs`) before it asks, so that a server still working on it has finished. The
 * look-up matches by externalId as well as userName (a target need not enforce unique
 * userNames). Found with Roster's externalId: reported as created. Not found: the change fails
 * ("the create's answer was lost and the account was not found; run apply again") and nothing
 * is sent again; the next plan reads the target afresh, so an account that landed later still is
 * not made twice. Only a create the server answered with an error (a 500, 502 or 503: it said it
 * failed) and that the look-up shows absent is sent again. A PATCH that adds values (not
 * repeatable, patch.ts) is checked the same way by reading the user back.
 */
import type { Step } from '../../core/change.js';
import { sameValue, type TargetNormalizer } from '../../core/compare.js';
import type { Capabilities, StepResult } from '../../core/ports.js';
import { flattenResource, schemasFor, unflattenAttributes } from '../../core/scim-path.js';
import { newTally, type HttpClient } from '../http/client.js';
import { createOnce, isUncertain, MAX_UNCERTAIN_SENDS } from './create-once.js';
import { buildPatch, repeatsSafely } from './patch.js';
import { scimUserSchema, type ScimUserResource } from './wire.js';

export interface WriteContext {
  readonly http: HttpClient;
  readonly capabilities: Capabilities;
  readonly normalizer: TargetNormalizer;
  /**
   * The user with this userName, or with this externalId (filtered reads where the target can
   * filter on the attribute, else a list read); a userName match with another externalId comes
   * back only when no user holds the externalId.
   */
  lookup(userName: string, externalId?: string): Promise<ScimUserResource | undefined>;
  /** How long after a lost answer the request may still land; the look-up waits this long first. */
  readonly lostAnswerGraceMs: number;
  sleep(ms: number): Promise<void>;
}

type ScimStep<Op extends string> = Extract<Step, { op: Op }>;

const userPath = (id: string) => `/Users/${encodeURIComponent(id)}`;

/** The failure of a create whose answer was lost and whose account the look-up did not find. */
export const LOST_CREATE_NOT_FOUND = "the create's answer was lost and the account was not found; run apply again";

export async function createUser(context: WriteContext, step: ScimStep<'scim.create'>): Promise<StepResult> {
  const { http, capabilities } = context;
  const body = { schemas: schemasFor(step.attributes), ...unflattenAttributes(step.attributes) };
  const externalId = step.attributes['externalId'];
  const tally = newTally();
  const { id, lookedUp } = await createOnce({
    system: http.system,
    noun: 'account',
    name: step.userName,
    nameAttribute: 'userName',
    lookedUpBy: `userName${externalId !== undefined ? ' and externalId' : ''}`,
    ...(externalId !== undefined ? { externalId: String(externalId) } : {}),
    notFound: LOST_CREATE_NOT_FOUND,
    tally,
    lostAnswerGraceMs: context.lostAnswerGraceMs,
    sleep: (ms) => context.sleep(ms),
    send: async () => (await http.json({ method: 'POST', path: '/Users', body, rateGroup: capabilities.rateLimits.write.name, tally }, scimUserSchema, [201, 200])).id,
    lookup: () => context.lookup(step.userName, externalId !== undefined ? String(externalId) : undefined),
  });
  return { id, attempts: tally.attempts, ...(lookedUp ? { lookedUp } : {}) };
}

/** Whether the user holds every value of `set` and none of `unset`, compared as the target normalises. */
function holds(user: ScimUserResource, step: ScimStep<'scim.update'>, normalizer: TargetNormalizer): boolean {
  const flat = flattenResource(user);
  return (
    Object.entries(step.set).every(([path, value]) => sameValue(path, flat[path], value, normalizer)) && step.unset.every((path) => flat[path] === undefined)
  );
}

export async function updateUser(context: WriteContext, step: ScimStep<'scim.update'>): Promise<StepResult> {
  const { http, capabilities } = context;
  const write = capabilities.rateLimits.write.name;
  const read = capabilities.rateLimits.read.name;
  const path = userPath(step.id);
  const tally = newTally();
  if (!capabilities.patch) {
    // Without PATCH: GET, merge, PUT the whole resource (PUT replaces, RFC 7644 §3.5.1).
    const current = await http.json({ method: 'GET', path, rateGroup: read }, scimUserSchema);
    const flat = { ...flattenResource(current), ...step.set };
    for (const key of step.unset) delete flat[key];
    const body = { schemas: schemasFor(flat), id: step.id, ...unflattenAttributes(flat) };
    await http.json({ method: 'PUT', path, body, rateGroup: write, tally }, scimUserSchema);
    return { id: step.id, attempts: tally.attempts };
  }
  const patch = buildPatch(step.set, step.unset, step.addValues);
  const repeatable = repeatsSafely(patch);
  for (;;) {
    try {
      // Some servers answer a PATCH with 204 and no body (RFC 7644 §3.5.2).
      await http.expect({ method: 'PATCH', path, body: patch, rateGroup: write, idempotent: repeatable, tally }, [200, 204]);
      return { id: step.id, attempts: tally.attempts };
    } catch (error) {
      if (repeatable || !isUncertain(error) || tally.attempts >= MAX_UNCERTAIN_SENDS) throw error;
      const current = await http.json({ method: 'GET', path, rateGroup: read }, scimUserSchema).catch(() => {
        throw error;
      });
      if (holds(current, step, context.normalizer)) return { id: step.id, attempts: tally.attempts, lookedUp: true };
    }
  }
}

export async function deleteUser(context: WriteContext, step: ScimStep<'scim.delete'>): Promise<StepResult> {
  const { http, capabilities } = context;
  const tally = newTally();
  const request = { method: 'DELETE', path: userPath(step.id), rateGroup: capabilities.rateLimits.write.name, tally } as const;
  const answer = await http.send(request);
  // A 404 after an attempt whose answer was lost: that attempt deleted the user.
  const done = answer.status === 204 || answer.status === 200 || (answer.status === 404 && tally.uncertain);
  if (!done) throw http.statusError(request, answer);
  return { id: step.id, attempts: tally.attempts };
}
