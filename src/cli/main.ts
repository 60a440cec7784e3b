/** Roster's command-line entry: argv in, exit code out. Commands are added as they are built. */
export async function main(argv: string[]): Promise<number> {
  process.stderr.write(`roster: no commands yet (${argv.join(' ')})\n`);
  return 1;
}
