/**
 * `--app NAME` on plan and apply: the applications a partial plan covers. Every name must be
 * configured; a misspelt one is a usage error with the nearest name, before anything is read.
 */
import { nearest } from '../config/suggest.js';
import type { DesiredState } from '../core/desired.js';
import { scopePlanRequest, type PlanRequest } from '../engine/planner.js';
import { UsageError } from './options.js';

/** Lines for a command's --help, under "Options:". */
export const APP_SCOPE_HELP = `      --app NAME         only this application (repeatable): the others are not read, planned
                         or applied, and the plan says it is partial`;

/** The request narrowed to `apps`, or as it is when none are named. */
export function scopeToApps(request: PlanRequest, apps: readonly string[]): PlanRequest {
  if (apps.length === 0) return request;
  checkAppNames(apps, request.desired);
  return scopePlanRequest(request, apps);
}

export function checkAppNames(apps: readonly string[], desired: DesiredState): void {
  const configured = desired.applications.map((a) => a.name);
  for (const app of apps) {
    if (configured.includes(app)) continue;
    const near = nearest(app, configured);
    throw new UsageError(
      `--app ${app}: no application "${app}" in the configuration${near !== undefined ? `; did you mean ${near}?` : ''} (configured: ${configured.join(', ') || 'none'})`,
    );
  }
}
