/**
 * Applying a plan: each change's steps in plan order (IdP applications and bindings before
 * accounts). A failed change skips the changes that depend on it, and no others.
 */
import type { Change, Step } from '../core/change.js';
import type { ApplyListener } from './events.js';
import type { Providers } from './providers.js';

export interface ApplyResult {
  readonly succeeded: readonly Change[];
  readonly failed: ReadonlyArray<{ readonly change: Change; readonly error: string }>;
  /** Changes not attempted: planned skips, and changes whose dependency failed. */
  readonly skipped: ReadonlyArray<{ readonly change: Change; readonly why: string }>;
}

function isIdpStep(step: Step): step is Extract<Step, { op: `idp.${string}` }> {
  return step.op.startsWith('idp.');
}

export async function applyChanges(changes: readonly Change[], providers: Providers, listener: ApplyListener = () => {}): Promise<ApplyResult> {
  const succeeded: Change[] = [];
  const failed: Array<{ change: Change; error: string }> = [];
  const skipped: Array<{ change: Change; why: string }> = [];
  const appIds = new Map<string, string>();
  /** Applications whose SSO application could not be created: their bindings cannot be made. */
  const failedApps = new Set<string>();

  for (const change of changes) {
    if (change.action === 'skip' || change.steps.length === 0) {
      const why = change.problems[0]?.message ?? 'nothing to do';
      skipped.push({ change, why });
      listener({ type: 'change-skipped', change, why });
      continue;
    }
    if (change.kind === 'group_binding' && failedApps.has(change.app)) {
      const why = `the SSO application of ${change.app} was not created`;
      skipped.push({ change, why });
      listener({ type: 'change-skipped', change, why });
      continue;
    }
    listener({ type: 'change-started', change });
    try {
      for (const step of change.steps) {
        if (isIdpStep(step)) {
          const result = await providers.idp.execute(step, { appIds });
          if (step.op === 'idp.app.create' && result.id) appIds.set(step.app, result.id);
        } else {
          const target = providers.targets.get(step.app);
          if (!target) throw new Error(`${step.app}: no provisioning target is configured`);
          await target.execute(step, { appIds });
        }
      }
      succeeded.push(change);
      listener({ type: 'change-succeeded', change });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (change.kind === 'sso_app') failedApps.add(change.app);
      failed.push({ change, error: message });
      listener({ type: 'change-failed', change, error: message });
    }
  }
  return { succeeded, failed, skipped };
}
