/**
 * Finds and reads the configuration files: every `*.yaml` / `*.yml` under the config folder, in
 * a stable order, refusing what could hang or exhaust the process: symlink loops, special files
 * (a FIFO named `x.yaml` would block a read forever), huge files, too many files. Text must be
 * UTF-8.
 */
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { join, relative } from 'node:path';
import { hasErrors, type Diagnostic } from '../core/diagnostics.js';

/** Larger files are refused: configuration is small, and a huge file is a mistake or an attack. */
export const MAX_CONFIG_FILE_BYTES = 1024 * 1024;
/** More files are refused: a folder with thousands of YAML files is not a configuration. */
export const MAX_CONFIG_FILES = 1000;

export interface ConfigFile {
  /** Path as shown to the user (relative to the working directory when inside it). */
  readonly display: string;
  readonly path: string;
  readonly text: string;
}

export interface ReadResult {
  readonly files: ConfigFile[];
  readonly diagnostics: Diagnostic[];
}

const CONFIG_FILE = /\.ya?ml$/i;

export function displayPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel && !rel.startsWith('..') ? rel : path;
}

function reason(error: unknown): string {
  switch ((error as NodeJS.ErrnoException).code) {
    case 'ELOOP':
      return 'is a symlink loop';
    case 'EACCES':
    case 'EPERM':
      return 'cannot be read: permission denied';
    case 'ENOENT':
      return 'is a broken link';
    default:
      return `cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`;
  }
}

/** Lists configuration files under `dir`, following symlinks but never into a folder twice. */
async function findConfigFiles(dir: string, cwd: string, diagnostics: Diagnostic[]): Promise<Array<{ path: string; info: Stats }>> {
  const found: Array<{ path: string; info: Stats }> = [];
  const visited = new Set<string>();
  const problem = (path: string, what: string, severity: 'error' | 'warning') => {
    const file = CONFIG_FILE.test(path) ? { origin: { file: displayPath(path, cwd), line: 1, column: 1 } } : {};
    diagnostics.push({ severity, code: 'config.unreadable', message: `${displayPath(path, cwd)} ${what}; skipped`, ...file });
  };
  const walk = async (folder: string): Promise<void> => {
    if (found.length > MAX_CONFIG_FILES) return;
    let names: string[];
    try {
      const real = await realpath(folder);
      if (visited.has(real)) {
        problem(folder, 'leads back to a folder already read (symlink loop)', 'warning');
        return;
      }
      visited.add(real);
      names = await readdir(folder);
    } catch (error) {
      problem(folder, reason(error), 'error');
      return;
    }
    for (const name of names.sort()) {
      if (name.startsWith('.') || found.length > MAX_CONFIG_FILES) continue;
      const full = join(folder, name);
      let info: Stats;
      try {
        info = await stat(full);
      } catch (error) {
        // A configuration file that cannot be read fails the run; a loop elsewhere is only noted.
        if (CONFIG_FILE.test(name)) problem(full, reason(error), 'error');
        else if ((error as NodeJS.ErrnoException).code === 'ELOOP') problem(full, reason(error), 'warning');
        continue;
      }
      if (info.isDirectory()) await walk(full);
      else if (CONFIG_FILE.test(name)) {
        if (info.isFile()) found.push({ path: full, info });
        else problem(full, 'is not a regular file', 'error');
      }
    }
  };
  await walk(dir);
  return found;
}

function decode(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

export async function readConfigFiles(dir: string, cwd: string): Promise<ReadResult> {
  const diagnostics: Diagnostic[] = [];
  const files: ConfigFile[] = [];
  const shownDir = displayPath(dir, cwd) || '.';
  const dirStat = await stat(dir).catch(() => undefined);
  if (!dirStat?.isDirectory()) {
    diagnostics.push({
      severity: 'error',
      code: 'config.folder-missing',
      message: `configuration folder ${shownDir} ${dirStat ? 'is not a folder' : 'does not exist'}`,
      hint: dirStat && CONFIG_FILE.test(dir) ? 'pass the folder that holds the file: -c DIR' : 'pass the folder with -c DIR (default: configs/)',
    });
    return { files, diagnostics };
  }
  const found = await findConfigFiles(dir, cwd, diagnostics);
  if (found.length > MAX_CONFIG_FILES) {
    diagnostics.push({ severity: 'error', code: 'config.too-many-files', message: `${shownDir} holds more than ${MAX_CONFIG_FILES} YAML files`, hint: 'point -c at the folder of Roster’s configuration only' });
    return { files, diagnostics };
  }
  if (found.length === 0 && !hasErrors(diagnostics)) {
    diagnostics.push({
      severity: 'error',
      code: 'config.no-files',
      message: `no *.yaml files in ${shownDir}`,
      hint: 'create configs/roster.yaml (see docs/configuration.md) or pass another folder with -c DIR',
    });
  }
  for (const { path, info } of found) {
    const display = displayPath(path, cwd);
    const origin = { file: display, line: 1, column: 1 };
    if (info.size > MAX_CONFIG_FILE_BYTES) {
      diagnostics.push({
        severity: 'error',
        code: 'config.file-too-large',
        message: `${display} is ${info.size} bytes; configuration files are limited to ${MAX_CONFIG_FILE_BYTES} bytes`,
        hint: 'split the configuration over several files',
        origin,
      });
      continue;
    }
    let bytes: Uint8Array;
    try {
      bytes = await readFile(path);
    } catch (error) {
      diagnostics.push({ severity: 'error', code: 'config.unreadable', message: `${display} ${reason(error)}`, origin });
      continue;
    }
    // A file that grew after it was listed is held to the same limit.
    const text = bytes.length > MAX_CONFIG_FILE_BYTES ? undefined : decode(bytes);
    if (text === undefined) {
      diagnostics.push({
        severity: 'error',
        code: bytes.length > MAX_CONFIG_FILE_BYTES ? 'config.file-too-large' : 'config.not-utf8',
        message: bytes.length > MAX_CONFIG_FILE_BYTES ? `${display} is larger than ${MAX_CONFIG_FILE_BYTES} bytes` : `${display} is not valid UTF-8 text`,
        hint: bytes.length > MAX_CONFIG_FILE_BYTES ? 'split the configuration over several files' : 'save the file as UTF-8',
        origin,
      });
      continue;
    }
    files.push({ display, path, text });
  }
  return { files, diagnostics };
}
