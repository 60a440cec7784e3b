import { configJsonSchema } from '../../config/schema.js';
import { ExitCode, type Command } from '../command.js';
import { parseOptions } from '../options.js';

export function schemaText(): string {
  return `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
}

const OPTIONS = {} as const;

export const schemaCommand: Command = {
  name: 'schema',
  summary: 'Print the JSON Schema of the configuration',
  help: `Usage: roster schema

Prints the JSON Schema of Roster's configuration (the same as schema.json), for editors and
other tools. Reference it from a YAML file with:
  # yaml-language-server: $schema=../schema.json`,
  options: OPTIONS,
  async run(argv, io) {
    const { values } = parseOptions('schema', argv, OPTIONS);
    io.stdout.write(values.help ? `${this.help}\n` : schemaText());
    return ExitCode.ok;
  },
};
