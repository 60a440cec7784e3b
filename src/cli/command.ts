/**
 * The contract every `roster <command>` implements. Commands receive their own argv (without the
 * command name) and an injected IO so that tests can run them in-process; only `main.ts` touches
 * `process` itself.
 */
import type { OptionTable } from './options.js';

export interface CliIO {
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** Aborted on SIGINT/SIGTERM; long-running commands stop cleanly when it fires. */
  readonly signal: AbortSignal;
  /**
   * Aborted on a second SIGINT/SIGTERM, right before the process exits at once: a command writes
   * what must not be lost (the journal's end line) in a listener, synchronously.
   */
  readonly forced?: AbortSignal;
  /** `--no-color` was given: no colours or styles in any output (as with NO_COLOR set). */
  readonly noColor?: boolean;
}

export interface Command {
  readonly name: string;
  /** One line for `roster --help`. */
  readonly summary: string;
  /** Full `roster <name> --help` text: usage, options, examples. */
  readonly help: string;
  /** The options `run` parses, besides `--help`: shell completion is generated from them. */
  readonly options?: OptionTable;
  run(argv: string[], io: CliIO): Promise<number>;
}

/** Exit codes, as README.md "Exit codes" documents them. */
export const ExitCode = {
  ok: 0,
  error: 1,
  changes: 2,
  refused: 3,
  budget: 4,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
