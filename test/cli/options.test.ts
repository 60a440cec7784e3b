/**
 * The option parser every command uses: Terraform-style single-dash long options, `=` after a
 * short option, glued values and unknown options are read as meant or refused with the option
 * meant — never taken as a short option with the rest as its value (`-out=x` as `-o ut=x`).
 */
import { describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../src/cli/options.js';

const OPTIONS = {
  config: { type: 'string', short: 'c', default: 'configs' },
  out: { type: 'string', short: 'o' },
  format: { type: 'string', default: 'text' },
  strict: { type: 'boolean', short: 's' },
  app: { type: 'string', multiple: true, default: [] as string[] },
} as const;

const parse = (...argv: string[]) => parseCommandLine(argv, OPTIONS, true);

describe('parseCommandLine', () => {
  it.each([
    [['--out', 'plan.json']],
    [['--out=plan.json']],
    [['-o', 'plan.json']],
    [['-o=plan.json']],
  ])('reads %j as --out plan.json', (argv) => {
    expect(parse(...argv).values.out).toBe('plan.json');
  });

  it.each([
    ['-out=plan.json', 'did you mean --out=plan.json?'],
    ['-out', 'did you mean --out?'],
    ['-format=json', 'did you mean --format=json?'],
    ['-strict', 'did you mean --strict?'],
    ['-no-color', 'did you mean --no-color?'],
    ['-target=wiki', 'did you mean --app=wiki?'],
    ['--target=wiki', 'did you mean --app=wiki?'],
    ['--fromat', 'did you mean --format?'],
    ['-cconfigs', 'write -c configs'],
    ['-oplan.json', 'write -o plan.json'],
    ['-s=true', '-s (--strict) takes no value'],
    ['-o=', '-o (--out) needs a value'],
    ['-x', 'unknown option -x'],
  ])('refuses %s: %s', (token, message) => {
    expect(() => parse(token)).toThrow(message);
  });

  it('groups boolean short options, and checks nothing after --', () => {
    expect(parse('-sh').values).toMatchObject({ strict: true, help: true });
    expect(parse('--', '-out=x').positionals).toEqual(['-out=x']);
  });

  it('never checks an option value as an option', () => {
    expect(parse('--config=-odd-dir').values.config).toBe('-odd-dir');
    expect(parse('--app', 'x', '--app', 'y').values.app).toEqual(['x', 'y']);
  });
});
