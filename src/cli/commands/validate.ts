import { hasErrors } from '../../core/diagnostics.js';
import { formatDiagnostics } from '../../render/diagnostics.js';
import { checkSpMetadataFiles } from '../check-sp-metadata.js';
import { ExitCode, type Command } from '../command.js';
import { configOption, parseOptions } from '../options.js';
import { loadOrReport } from './common.js';

const OPTIONS = configOption;

export const validateCommand: Command = {
  name: 'validate',
  summary: 'Check the configuration, without contacting any system',
  help: `Usage: roster validate [-c DIR]

Checks every *.yaml and *.yml file under DIR (default: configs/) as one configuration: YAML
syntax, keys and values, mappings against the SCIM User schema and the catalog's rules, SSO
attributes, credentials and secret references. SP metadata files are read and parsed as plan
reads them (size, encoding, no DTD or entities, the SP's entity); SP metadata URLs are not
fetched, only their form is checked. Environment variables are not needed: references are
checked, not resolved. Every problem is printed with its file, line and column; see
docs/configuration.md for the language.

Options:
  -c, --config DIR   configuration folder (default: configs)
  -h, --help         show this help

Exit codes: 0 valid (warnings allowed), 1 errors found.`,
  options: OPTIONS,
  async run(argv, io) {
    const { values } = parseOptions('validate', argv, OPTIONS);
    if (values.help) {
      io.stdout.write(`${this.help}\n`);
      return ExitCode.ok;
    }
    const loaded = await loadOrReport(io, values.config, false);
    if (!loaded) return ExitCode.error;
    const metadata = await checkSpMetadataFiles(loaded.desired);
    if (metadata.length > 0) io.stderr.write(`${formatDiagnostics(metadata)}\n`);
    if (hasErrors(metadata)) {
      const errors = metadata.filter((d) => d.severity === 'error').length;
      io.stderr.write(`Configuration has ${errors} error${errors === 1 ? '' : 's'}; nothing was read or changed.\n`);
      return ExitCode.error;
    }
    const apps = loaded.desired.applications.length;
    io.stdout.write(`Configuration is valid: ${apps} application${apps === 1 ? '' : 's'}.\n`);
    return ExitCode.ok;
  },
};
