/**
 * Reading a saved plan (`roster plan -o plan.json`) for `roster apply plan.json`. The file is
 * checked before anything is read from the systems: its format version, its shape, its content
 * against its own digest (a file edited after Roster wrote it is refused), against the digest a
 * reviewer approved (`--expect-digest`), and its configuration digest against the configuration
 * loaded now. What passes is still only a statement of intent: saved-plan-check.ts holds every
 * change to what Roster plans from live state before anything is sent.
 */
import { readRegularFile } from './files.js';
import * as z from 'zod';
import { ACTIONS, CHANGE_KINDS } from '../core/change.js';
import { PLAN_FORMAT_VERSION, type Plan } from '../core/plan.js';
import { planDigest } from '../core/plan-digest.js';

export class SavedPlanError extends Error {
  constructor(
    message: string,
    /**
     * `stale`: a valid plan for another configuration; `tampered`: its content is not what its
     * digest, or the digest expected, says (both refused, exit 3); `invalid`: not a usable plan file.
     */
    readonly reason: 'stale' | 'tampered' | 'invalid',
  ) {
    super(message);
    this.name = 'SavedPlanError';
  }
}

const value = z.union([z.string(), z.boolean(), z.number()]);
const attributes = z.record(z.string(), value);
const id = z.string().min(1);
const member = z.looseObject({ userName: id, id: id.optional() });
const batchSize = z.number().int().min(1).max(1000);

const step = z.discriminatedUnion('op', [
  z.looseObject({ op: z.literal('idp.app.create'), app: id, settings: attributes }),
  z.looseObject({ op: z.literal('idp.app.update'), app: id, appId: id, set: attributes, unset: z.array(z.string()) }),
  z.looseObject({ op: z.literal('idp.app.delete'), app: id, appId: id }),
  z.looseObject({ op: z.literal('idp.provisioning.record'), app: id, appId: id.optional(), provisioning: z.string().optional(), previous: z.string().optional() }),
  z.looseObject({ op: z.literal('idp.binding.add'), app: id, appId: id.optional(), group: id, groupId: id }),
  z.looseObject({ op: z.literal('idp.binding.remove'), app: id, appId: id, group: id, groupId: id }),
  z.looseObject({ op: z.literal('scim.create'), app: id, userName: id, attributes }),
  z.looseObject({
    op: z.literal('scim.update'),
    app: id,
    id,
    userName: id,
    set: attributes,
    unset: z.array(z.string()),
    addValues: z.array(z.string()).optional(),
  }),
  z.looseObject({ op: z.literal('scim.delete'), app: id, id, userName: id }),
  z.looseObject({ op: z.literal('scim.group.create'), app: id, displayName: id, externalId: id, members: z.array(member), batchSize }),
  z.looseObject({
    op: z.literal('scim.group.update'),
    app: id,
    id,
    displayName: id,
    rename: id.optional(),
    externalId: id.optional(),
    add: z.array(member),
    remove: z.array(member),
    batchSize,
  }),
  z.looseObject({ op: z.literal('scim.group.delete'), app: id, id, displayName: id }),
]);

const change = z.looseObject({
  address: id,
  app: id,
  kind: z.enum(CHANGE_KINDS),
  action: z.enum(ACTIONS),
  fields: z.array(z.looseObject({ path: z.string(), before: value.optional(), after: value.optional() })),
  precondition: z.looseObject({ absent: z.literal(true).optional(), version: z.string().optional(), digest: z.string().optional() }).optional(),
  steps: z.array(step),
  problems: z.array(z.looseObject({ severity: z.string(), message: z.string() })),
});

const plan = z.looseObject({
  formatVersion: z.literal(PLAN_FORMAT_VERSION),
  createdAt: z.string(),
  configDigest: z.string(),
  digest: z.string().regex(/^[0-9a-f]{64}$/, 'expected the plan digest: 64 hex digits'),
  changes: z.array(change),
  violations: z.array(z.looseObject({ app: id, kind: z.string(), message: z.string(), allow: z.string(), addresses: z.array(z.string()) })),
  diagnostics: z.array(z.looseObject({ severity: z.enum(['error', 'warning', 'info']), message: z.string() })),
});

/** A digest as a reviewer may copy it: case and a `sha256:` prefix do not matter. */
export function normalizeDigest(digest: string): string {
  return digest.trim().toLowerCase().replace(/^sha256:/, '');
}

/**
 * Reads and checks a saved plan against its own digest, the digest expected (when given) and
 * the digest of the configuration loaded now.
 */
export async function readSavedPlan(path: string, configDigest: string, expectDigest?: string): Promise<Plan> {
  let text: string;
  try {
    text = readRegularFile(path);
  } catch (error) {
    throw new SavedPlanError(`cannot read the plan file ${path}: ${(error as Error).message}`, 'invalid');
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new SavedPlanError(`${path} is not JSON: save a plan with \`roster plan -o ${path}\``, 'invalid');
  }
  const version = (json as { formatVersion?: unknown } | null)?.formatVersion;
  if (version !== PLAN_FORMAT_VERSION) {
    throw new SavedPlanError(`${path} has plan format ${String(version)}; this Roster applies format ${PLAN_FORMAT_VERSION}: make the plan again with this version`, 'invalid');
  }
  const parsed = plan.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new SavedPlanError(`${path} is not a complete plan${issue ? ` (at ${issue.path.join('.') || 'the top'}: ${issue.message})` : ''}`, 'invalid');
  }
  // The digest of what the file says, not the digest it claims: a forger can rewrite both.
  const content = planDigest(json as object);
  if (expectDigest !== undefined && normalizeDigest(expectDigest) !== content) {
    throw new SavedPlanError(`${path} is not the plan expected: its digest is ${content}, --expect-digest is ${normalizeDigest(expectDigest)}`, 'tampered');
  }
  if (parsed.data.digest !== content) {
    throw new SavedPlanError(
      `${path} was edited after Roster wrote it: its content has digest ${content}, not the ${parsed.data.digest} it records. Apply only a plan as roster plan saved it: run roster plan again`,
      'tampered',
    );
  }
  if (parsed.data.configDigest !== configDigest) {
    throw new SavedPlanError(
      `${path} was made from another configuration (digest ${parsed.data.configDigest}; the configuration now has ${configDigest}): run roster plan again`,
      'stale',
    );
  }
  // The schema checked every field apply acts on; the rest is carried through as the plan wrote it.
  return parsed.data as unknown as Plan;
}
