/**
 * Planning against live systems: read the actual state, then build the plan (pure).
 */
import type { DesiredState } from '../core/desired.js';
import { buildPlan, type Plan } from '../core/plan.js';
import type { SsoReviewer } from '../core/sso-review.js';
import type { Providers } from './providers.js';
import { readActualState } from './refresh.js';

export interface PlanRequest {
  readonly desired: DesiredState;
  readonly configDigest: string;
  readonly now: Date;
  /** Certificate and metadata differences of SSO changes (the SAML side's, injected by the CLI). */
  readonly ssoReviewer?: SsoReviewer;
}

export async function planLive(request: PlanRequest, providers: Providers): Promise<Plan> {
  const actual = await readActualState(request.desired, providers);
  return buildPlan({
    desired: request.desired,
    directory: actual.directory,
    idpSystem: providers.idp.system,
    ...(providers.idp.userIdPattern !== undefined ? { idpUserIdPattern: providers.idp.userIdPattern } : {}),
    idpApplications: actual.idpApplications,
    ...(request.ssoReviewer ? { ssoReviewer: request.ssoReviewer } : {}),
    targets: actual.targets,
    configDigest: request.configDigest,
    createdAt: request.now.toISOString(),
  });
}
