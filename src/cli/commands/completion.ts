import { completionScript, isShell, SHELLS } from '../completion.js';
import { ExitCode, type Command } from '../command.js';
import { parseOptions, UsageError } from '../options.js';

const OPTIONS = {} as const;

/**
 * `roster completion SHELL`. Made with the command table it completes (main.ts), which holds this
 * command too.
 */
export function completionCommand(commands: () => readonly Command[]): Command {
  return {
    name: 'completion',
    summary: 'Print a shell completion script (bash, zsh or fish)',
    help: `Usage: roster completion bash|zsh|fish

Prints a script that completes roster's commands and each command's options in the shell.

  bash:  source <(roster completion bash)            (or add that line to ~/.bashrc)
  zsh:   source <(roster completion zsh)             (or add that line to ~/.zshrc, after compinit)
  fish:  roster completion fish > ~/.config/fish/completions/roster.fish

Options:
  -h, --help   show this help`,
    options: OPTIONS,
    async run(argv, io) {
      const { values, positionals } = parseOptions('completion', argv, OPTIONS, true);
      if (values.help) {
        io.stdout.write(`${this.help}\n`);
        return ExitCode.ok;
      }
      const [shell, ...extra] = positionals;
      if (shell === undefined || extra.length > 0 || !isShell(shell)) {
        throw new UsageError(`${shell === undefined ? 'name a shell' : extra.length > 0 ? 'one shell only' : `unknown shell "${shell}"`}: roster completion ${SHELLS.join('|')}`);
      }
      io.stdout.write(completionScript(shell, commands()));
      return ExitCode.ok;
    },
  };
}
