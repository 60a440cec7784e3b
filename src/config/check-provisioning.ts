/**
 * Provisioning settings beyond their formats: credentials (exactly one kind, one the catalog's
 * target accepts), the SCIM URL the catalog cannot default, and the protected users list.
 */
import { CREDENTIAL_KINDS, type CredentialKind } from './catalog.js';
import { catalogOf } from './effective.js';
import type { ConfigPath, ConfigProblem } from './problem.js';
import type { ApplicationConfig } from './schema.js';

const CREDENTIAL_EXAMPLES: Record<CredentialKind, string> = {
  auth: 'auth: {clientId: ${RINGCENTRAL_CLIENT_ID}, clientSecret: ${RINGCENTRAL_CLIENT_SECRET}, jwt: ${RINGCENTRAL_JWT}}',
  token: 'token: ${SCIM_TOKEN}',
};

export function checkProvisioning(app: ApplicationConfig, at: ConfigPath): ConfigProblem[] {
  const provisioning = app.provisioning;
  if (!provisioning) return [];
  const catalog = catalogOf(app);
  const { credentials } = catalog.provisioning;
  const provisioningAt = [...at, 'provisioning'];
  const problems: ConfigProblem[] = [];
  const report = (severity: 'error' | 'warning', code: string, path: ConfigPath, message: string, hint?: string) =>
    problems.push({ severity, code, message, ...(hint ? { hint } : {}), path, target: 'key' });

  const given = CREDENTIAL_KINDS.filter((kind) => provisioning[kind] !== undefined);
  for (const kind of given) {
    if (!credentials.accepted.includes(kind)) {
      report('error', 'config.credentials-not-accepted', [...provisioningAt, kind], `the ${catalog.name} catalog does not take \`${kind}\` credentials`, `use ${credentials.accepted.map((k) => `\`${k}\``).join(' or ')}`);
    }
  }
  if (given.length > 1) {
    report('error', 'config.credentials-twice', provisioningAt, 'provisioning has both `token` and `auth`; it takes exactly one', `keep \`${credentials.recommended}\``);
  } else if (given.length === 0 && provisioning.enabled) {
    report('error', 'config.credentials-missing', provisioningAt, 'provisioning needs credentials: `token` or `auth`', `add \`${CREDENTIAL_EXAMPLES[credentials.recommended]}\`, or set \`enabled: false\``);
  } else if (given[0] !== undefined && given[0] !== credentials.recommended && credentials.accepted.includes(given[0])) {
    report('warning', 'config.credentials-not-recommended', [...provisioningAt, given[0]], `${catalog.title} recommends \`${credentials.recommended}\` over \`${given[0]}\`${credentials.why ? `: ${credentials.why}` : ''}`, `use \`${CREDENTIAL_EXAMPLES[credentials.recommended]}\``);
  }

  if (provisioning.enabled && provisioning.url === undefined && catalog.provisioning.url === undefined) {
    report('error', 'config.scim-url-missing', provisioningAt, `the ${catalog.name} catalog has no default SCIM URL`, 'set `url:` to the application’s SCIM 2.0 base URL');
  }

  const seen = new Set<string>();
  provisioning.safety.protect.forEach((entry, index) => {
    const key = entry.toLowerCase();
    if (seen.has(key)) report('warning', 'config.listed-twice', [...provisioningAt, 'safety', 'protect', index], `${entry} is listed twice`, 'remove one of them');
    seen.add(key);
  });
  return problems;
}
