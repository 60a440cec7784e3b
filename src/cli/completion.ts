/**
 * Shell completion scripts for bash, zsh and fish, generated from the command table and each
 * command's option table: the same tables the parser reads, so a new command or option completes
 * without editing this file. Completion covers command names and each command's options; values
 * of string options complete as file names.
 */
import type { Command } from './command.js';
import { GLOBAL_OPTIONS, HELP_OPTION, type OptionTable } from './options.js';

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

export function isShell(value: string): value is Shell {
  return (SHELLS as readonly string[]).includes(value);
}

/** Names that are not in the command table: `help CMD` and `version`. */
const EXTRA_COMMANDS = [
  { name: 'help', summary: 'Show the help of roster or of a command' },
  { name: 'version', summary: 'Print the version' },
] as const;

interface Flag {
  readonly long: string;
  readonly short?: string;
  readonly takesValue: boolean;
  readonly multiple: boolean;
}

function flagsOf(command: Command): Flag[] {
  const { debug: _debug, ...globals } = GLOBAL_OPTIONS;
  const table: OptionTable = { ...(command.options ?? {}), ...HELP_OPTION, ...globals };
  return Object.entries(table).map(([long, option]) => ({ long, ...(option.short ? { short: option.short } : {}), takesValue: option.type === 'string', multiple: option.multiple === true }));
}

function words(flags: readonly Flag[]): string {
  return flags.flatMap((f) => [`--${f.long}`, ...(f.short ? [`-${f.short}`] : [])]).join(' ');
}

function bash(commands: readonly Command[]): string {
  const names = [...commands.map((c) => c.name), ...EXTRA_COMMANDS.map((c) => c.name)];
  const cases = commands.map((c) => {
    const flags = flagsOf(c);
    const valued = flags.filter((f) => f.takesValue).flatMap((f) => [`--${f.long}`, ...(f.short ? [`-${f.short}`] : [])]);
    return `    ${c.name})
      case "$prev" in
        ${valued.length > 0 ? `${valued.join('|')}) COMPREPLY=($(compgen -f -- "$cur")); return ;;` : ''}
      esac
      COMPREPLY=($(compgen -W "${words(flags)}" -- "$cur")) ;;`;
  });
  return `# roster completion for bash: source <(roster completion bash)
_roster() {
  local cur prev
  cur="\${COMP_WORDS[COMP_CWORD]}"
  prev="\${COMP_WORDS[COMP_CWORD-1]}"
  if [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=($(compgen -W "${names.join(' ')} --help --version" -- "$cur"))
    return
  fi
  case "\${COMP_WORDS[1]}" in
    help|completion)
      if [ "$COMP_CWORD" -eq 2 ]; then
        if [ "\${COMP_WORDS[1]}" = completion ]; then COMPREPLY=($(compgen -W "${SHELLS.join(' ')}" -- "$cur"))
        else COMPREPLY=($(compgen -W "${commands.map((c) => c.name).join(' ')}" -- "$cur")); fi
        return
      fi ;;
  esac
  case "\${COMP_WORDS[1]}" in
${cases.join('\n')}
  esac
}
complete -o default -F _roster roster
`;
}

/** zsh's quoting inside '…': a quote becomes '\''. */
const zshQuote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

function zsh(commands: readonly Command[]): string {
  const described = [...commands, ...EXTRA_COMMANDS].map((c) => `    ${zshQuote(`${c.name}:${c.summary.replace(/:/g, '\\:')}`)}`);
  const cases = commands.map((c) => {
    const specs = flagsOf(c).flatMap((f) => {
      const value = f.takesValue ? `:${f.long}:_files` : '';
      const repeat = f.multiple ? '*' : '';
      return [`'${repeat}--${f.long}[--${f.long}]${value}'`, ...(f.short ? [`'${repeat}-${f.short}[--${f.long}]${value}'`] : [])];
    });
    return `    ${c.name}) _arguments -s ${specs.join(' ')} '*:file:_files' ;;`;
  });
  return `#compdef roster
# roster completion for zsh: roster completion zsh > "\${fpath[1]}/_roster", or source <(roster completion zsh)
_roster() {
  local -a commands
  commands=(
${described.join('\n')}
  )
  if (( CURRENT == 2 )); then
    _describe command commands
    return
  fi
  case "$words[2]" in
    help) (( CURRENT == 3 )) && compadd ${commands.map((c) => c.name).join(' ')}; return ;;
    completion) (( CURRENT == 3 )) && compadd ${SHELLS.join(' ')}; return ;;
  esac
  local command="$words[2]"
  shift words
  (( CURRENT-- ))
  case "$command" in
${cases.join('\n')}
  esac
}
if [ "$funcstack[1]" = "_roster" ]; then _roster "$@"; else compdef _roster roster; fi
`;
}

const fishQuote = (text: string) => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

function fish(commands: readonly Command[]): string {
  const names = [...commands, ...EXTRA_COMMANDS].map((c) => c.name).join(' ');
  const lines = [
    '# roster completion for fish: roster completion fish > ~/.config/fish/completions/roster.fish',
    'complete -c roster -f',
    ...[...commands, ...EXTRA_COMMANDS].map((c) => `complete -c roster -n "not __fish_seen_subcommand_from ${names}" -a ${c.name} -d ${fishQuote(c.summary)}`),
    `complete -c roster -n "__fish_seen_subcommand_from help" -a ${fishQuote(commands.map((c) => c.name).join(' '))}`,
    `complete -c roster -n "__fish_seen_subcommand_from completion" -a ${fishQuote(SHELLS.join(' '))}`,
  ];
  for (const c of commands) {
    for (const f of flagsOf(c)) {
      lines.push(`complete -c roster -n "__fish_seen_subcommand_from ${c.name}" -l ${f.long}${f.short ? ` -s ${f.short}` : ''}${f.takesValue ? ' -r -F' : ''}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

export function completionScript(shell: Shell, commands: readonly Command[]): string {
  switch (shell) {
    case 'bash':
      return bash(commands);
    case 'zsh':
      return zsh(commands);
    case 'fish':
      return fish(commands);
  }
}
