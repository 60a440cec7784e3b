/**
 * Which IdP application is which configured application's (docs/sso.md "Which IdP applications are
 * Roster's"). Roster never changes or deletes an IdP application it did not create or adopt:
 *
 * 1. An application whose record (idp-record.ts) names a configured application is that
 *    application's. Two of them for one application is an error: nothing is planned for it.
 * 2. A configured application without one takes the application labelled as it is, when exactly
 *    one is and no other configured application's record claims it: unowned, it is **adopted** (a
 *    visible plan action that writes the record); recorded for an application no longer in the
 *    configuration, it is adopted under the new name (a rename). Several candidates are an error.
 *    None: the application is created.
 * 3. An application whose record names an application no longer in the configuration, and that no
 *    configured application adopted, is **removed**: the plan deletes it.
 *
 * A configured application without `sso` leaves its IdP application alone, whatever its record.
 */
import { ssoAddress } from './address.js';
import type { DesiredApplication } from './desired.js';
import type { Diagnostic } from './diagnostics.js';
import { certificateRecord, RECORD_APP, RECORD_CERTIFICATE } from './idp-record.js';
import { compareText } from './order.js';
import type { IdpApplication } from './model.js';

export type IdpMatch =
  | { readonly kind: 'own'; readonly application: IdpApplication }
  | {
      readonly kind: 'adopt';
      readonly application: IdpApplication;
      /** The configured application the record named, when the IdP application was Roster's under another name. */
      readonly renamedFrom?: string;
    }
  | { readonly kind: 'none' }
  /** Two or more candidates: nothing is planned for the application's IdP side (the diagnostic says why). */
  | { readonly kind: 'ambiguous' };

export interface IdpMatches {
  /** Per configured application with `sso`, by name. */
  readonly matches: ReadonlyMap<string, IdpMatch>;
  /** Roster's applications whose configured application is gone. */
  readonly removed: readonly IdpApplication[];
  readonly diagnostics: readonly Diagnostic[];
}

const recordOf = (application: IdpApplication): string | undefined => {
  const app = application.settings[RECORD_APP];
  return typeof app === 'string' ? app : undefined;
};

const describe = (application: IdpApplication) => `${application.id} (label "${String(application.settings['label'] ?? '')}")`;

/**
 * Of several IdP applications carrying one record (two applies that both created it), the one to
 * keep: the one whose signing certificate is the one its record says the admin was given, then
 * the one with the most bound groups, then the oldest (JumpCloud ids start with their creation
 * time, so they sort by age).
 */
function toKeep(own: readonly IdpApplication[]): { keep: IdpApplication; why: string } {
  const given = (a: IdpApplication) => a.certificate !== undefined && a.settings[RECORD_CERTIFICATE] === certificateRecord(a.certificate.fingerprintSha256);
  const ranked = [...own].sort((a, b) => Number(given(b)) - Number(given(a)) || b.boundGroups.length - a.boundGroups.length || compareText(a.id, b.id));
  const keep = ranked[0]!;
  const why = given(keep) && !own.every(given)
    ? 'its certificate is the one the application’s admin portal was given'
    : keep.boundGroups.length > Math.min(...own.map((a) => a.boundGroups.length))
      ? `it has the most bound groups (${keep.boundGroups.length})`
      : 'it is the oldest';
  return { keep, why };
}

export function matchIdpApplications(desired: readonly DesiredApplication[], read: readonly IdpApplication[]): IdpMatches {
  // The same application read twice (a fresh read merged with an older one) counts once: the last read wins.
  const actual = [...new Map(read.map((a) => [a.id, a])).values()];
  const configured = new Set(desired.map((a) => a.name));
  const diagnostics: Diagnostic[] = [];
  const matches = new Map<string, IdpMatch>();
  const claimed = new Set<string>();

  for (const app of desired) {
    if (!app.sso) continue;
    const own = actual.filter((a) => recordOf(a) === app.name);
    if (own.length > 1) {
      diagnostics.push({
        severity: 'error',
        code: 'idp.application-ambiguous',
        message: `${app.name}: ${own.length} IdP applications carry Roster's record for it: ${own.map(describe).join(', ')}`,
        hint: ((fix) =>
          `keep ${fix.keep.id} (${fix.why}); delete ${own
            .filter((a) => a !== fix.keep)
            .map((a) => a.id)
            .join(', ')} in the IdP’s console (or remove the "[roster …]" tag from their description so that Roster leaves them alone), then plan again`)(toKeep(own)),
        address: ssoAddress(app.name),
      });
      matches.set(app.name, { kind: 'ambiguous' });
      for (const a of own) claimed.add(a.id);
      continue;
    }
    if (own[0]) {
      matches.set(app.name, { kind: 'own', application: own[0] });
      claimed.add(own[0].id);
      continue;
    }
    const label = app.sso.settings['label'];
    const labelled = actual.filter((a) => a.settings['label'] === label);
    const taken = labelled.filter((a) => {
      const owner = recordOf(a);
      return owner !== undefined && configured.has(owner);
    });
    const candidates = labelled.filter((a) => !taken.includes(a));
    if (candidates.length === 0) {
      if (taken.length > 0) {
        diagnostics.push({
          severity: 'error',
          code: 'idp.label-taken',
          message: `${app.name}: the IdP application labelled "${String(label)}" belongs to application ${taken.map((a) => recordOf(a)).join(', ')}`,
          hint: 'give each application its own label',
          address: ssoAddress(app.name),
          path: `applications.${app.name}.label`,
        });
        matches.set(app.name, { kind: 'ambiguous' });
      } else {
        matches.set(app.name, { kind: 'none' });
      }
      continue;
    }
    if (candidates.length > 1) {
      diagnostics.push({
        severity: 'error',
        code: 'idp.application-ambiguous',
        message: `${app.name}: ${candidates.length} IdP applications are labelled "${String(label)}": ${candidates.map(describe).join(', ')}`,
        hint: 'Roster adopts an existing application only when exactly one has the label: rename or delete the others in the IdP’s console, or choose another label',
        address: ssoAddress(app.name),
        path: `applications.${app.name}.label`,
      });
      matches.set(app.name, { kind: 'ambiguous' });
      continue;
    }
    const application = candidates[0]!;
    const previous = recordOf(application);
    matches.set(app.name, { kind: 'adopt', application, ...(previous !== undefined ? { renamedFrom: previous } : {}) });
    claimed.add(application.id);
  }

  const removed = actual.filter((a) => {
    const owner = recordOf(a);
    return owner !== undefined && !configured.has(owner) && !claimed.has(a.id);
  });
  return { matches, removed, diagnostics };
}
