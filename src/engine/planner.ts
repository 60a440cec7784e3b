/**
 * Planning against live systems: read the actual state, then build the plan (pure).
 */
import type { DesiredState } from '../core/desired.js';
import { buildPlan, type Plan } from '../core/plan.js';
import type { IdpProvider } from '../core/ports.js';
import type { SsoReviewer } from '../core/sso-review.js';
import type { Providers } from './providers.js';
import { readActualState, type ActualState, type RefreshOptions } from './refresh.js';

export interface PlanRequest {
  readonly desired: DesiredState;
  readonly configDigest: string;
  readonly now: Date;
  /** Certificate and metadata differences of SSO changes (the SAML side's, injected by the CLI). */
  readonly ssoReviewer?: SsoReviewer;
  /** Only these configured applications are read and planned (`--app`); `scopePlanRequest` sets it. */
  readonly partial?: readonly string[];
}

/**
 * The request narrowed to some applications: the others are left out of the desired state, so
 * they are not read, planned or applied, and the plan says it is partial. Names must be configured.
 */
export function scopePlanRequest(request: PlanRequest, applications: readonly string[]): PlanRequest {
  const names = new Set(applications);
  const desired = { ...request.desired, applications: request.desired.applications.filter((a) => names.has(a.name)) };
  return { ...request, desired, partial: desired.applications.map((a) => a.name) };
}

/** The plan of an actual state already read (apply re-plans the objects it touched this way). */
export function planFromState(request: PlanRequest, idp: Pick<IdpProvider, 'system' | 'userIdPattern'>, actual: ActualState): Plan {
  return buildPlan({
    desired: request.desired,
    directory: actual.directory,
    idpSystem: idp.system,
    ...(idp.userIdPattern !== undefined ? { idpUserIdPattern: idp.userIdPattern } : {}),
    idpApplications: actual.idpApplications,
    ...(request.ssoReviewer ? { ssoReviewer: request.ssoReviewer } : {}),
    targets: actual.targets,
    configDigest: request.configDigest,
    createdAt: request.now.toISOString(),
    ...(request.partial ? { partial: request.partial } : {}),
  });
}

/** The plan, with the actual state it was computed from; `refresh.cache` skips reads it vouches for. */
export async function planLiveWithState(request: PlanRequest, providers: Providers, refresh: RefreshOptions = {}): Promise<{ plan: Plan; actual: ActualState }> {
  const actual = await readActualState(request.desired, providers, refresh);
  return { plan: planFromState(request, providers.idp, actual), actual };
}

export async function planLive(request: PlanRequest, providers: Providers, refresh: RefreshOptions = {}): Promise<Plan> {
  return (await planLiveWithState(request, providers, refresh)).plan;
}
