import { matchIdpApplications } from '../../core/idp-match.js';
import { hasErrors } from '../../core/diagnostics.js';
import { applicationLabels } from '../../engine/refresh.js';
import { formatDiagnostics } from '../../render/diagnostics.js';
import { samlSide } from '../saml-side.js';
import { ExitCode, type Command } from '../command.js';
import { configOption, parseOptions, UsageError } from '../options.js';
import { createProviders } from '../wiring.js';
import { describeFailure, loadOrReport } from './common.js';

/**
 * `roster metadata APP`: the IdP metadata of an application's IdP application, for its admin to
 * import (docs/sso.md). The XML goes to stdout as the IdP serves it, so that it can be saved to a
 * file; what it says (URL, entity ID, SSO URL, certificate) goes to stderr.
 */
const OPTIONS = configOption;

export const metadataCommand: Command = {
  name: 'metadata',
  summary: 'Print the IdP metadata (URL and XML) to give an application',
  help: `Usage: roster metadata APP [-c DIR]

Reads the IdP application of APP (an application under \`applications:\` with \`sso\`) and prints
its SAML metadata as the IdP serves it: the XML on stdout, its URL, entity ID, sign-in URL and
signing certificate on stderr. Import the XML in the application's admin portal:

  roster metadata ringcentral > ringcentral-idp.xml

The URL is read with the IdP's API key; an application's portal cannot fetch it itself.

Options:
  -c, --config DIR   configuration folder (default: configs)
  -h, --help         show this help

Exit codes: 0 printed, 1 error (no such application, not created yet, unreadable metadata).`,
  options: OPTIONS,
  async run(argv, io) {
    const { values, positionals } = parseOptions('metadata', argv, OPTIONS, true);
    if (values.help) {
      io.stdout.write(`${this.help}\n`);
      return ExitCode.ok;
    }
    if (positionals.length !== 1) throw new UsageError('name one application, e.g. `roster metadata ringcentral`');
    const name = positionals[0]!;
    const loaded = await loadOrReport(io, values.config, true);
    if (!loaded) return ExitCode.error;
    const desired = loaded.desired.applications;
    const app = desired.find((a) => a.name === name);
    if (!app?.sso) {
      const names = desired.filter((a) => a.sso).map((a) => a.name);
      io.stderr.write(`${app ? `${name} has no \`sso\`: Roster does not manage its IdP application` : `no application "${name}" in the configuration`}. Applications with SSO: ${names.join(', ') || 'none'}.\n`);
      return ExitCode.error;
    }
    const providers = createProviders(loaded.config, { readOnly: true });
    try {
      const matches = matchIdpApplications(desired, await providers.idp.readApplications(applicationLabels(loaded.desired)));
      const match = matches.matches.get(name);
      if (!match || match.kind === 'none' || match.kind === 'ambiguous') {
        const why = match?.kind === 'ambiguous' ? formatDiagnostics(matches.diagnostics.filter((d) => d.address === `${name}/sso`)) : `${name} has no IdP application yet: \`roster apply\` creates it.`;
        io.stderr.write(`${why}\n`);
        return ExitCode.error;
      }
      if (!providers.idp.readMetadata) throw new Error('the IdP provider cannot read metadata');
      const { url, xml } = await providers.idp.readMetadata(match.application.id);
      const { CERTIFICATE_WARNING_DAYS, daysUntilExpiry, parseIdpMetadata } = await samlSide();
      const parsed = parseIdpMetadata(xml, { app: name, source: url });
      const lines = [`IdP metadata of ${name} (IdP application ${match.application.id})`, `  URL:         ${url}`];
      const metadata = parsed.metadata;
      if (metadata) {
        lines.push(`  entity ID:   ${metadata.entityId}`);
        for (const service of metadata.singleSignOnServices) lines.push(`  sign-in URL: ${service.location} (${service.binding.replace(/^.*:/, '')})`);
        for (const certificate of metadata.signingCertificates) {
          const days = daysUntilExpiry(certificate, new Date());
          const note = days < 0 ? ' — EXPIRED' : days < CERTIFICATE_WARNING_DAYS ? ` — expires in ${days} days` : '';
          lines.push(`  certificate: SHA-256 ${certificate.fingerprintSha256}, valid until ${certificate.notAfter}${note}`);
        }
      }
      io.stderr.write(`${lines.join('\n')}\n`);
      if (parsed.diagnostics.length > 0) io.stderr.write(`${formatDiagnostics(parsed.diagnostics)}\n`);
      if (!metadata || hasErrors(parsed.diagnostics)) return ExitCode.error;
      io.stdout.write(xml.endsWith('\n') ? xml : `${xml}\n`);
      return ExitCode.ok;
    } catch (error) {
      const message = describeFailure(error);
      if (!message) throw error;
      io.stderr.write(`${message}\n`);
      return ExitCode.error;
    } finally {
      await providers.close();
    }
  },
};
