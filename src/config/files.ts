/**
 * Finds and reads the configuration files: every `*.yaml` / `*.yml` under the config folder,
 * in a stable order, refusing what could hang or exhaust the process (symlink loops, huge files).
 */
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { Diagnostic } from '../core/diagnostics.js';

/** Larger files are refused: configuration is small, and a huge file is a mistake or an attack. */
export const MAX_CONFIG_FILE_BYTES = 1024 * 1024;

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

function displayPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel && !rel.startsWith('..') ? rel : path;
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
      message: `configuration folder ${shownDir} does not exist or is not a folder`,
      hint: 'pass the folder with -c DIR (default: configs/)',
    });
    return { files, diagnostics };
  }
  const visited = new Set<string>();
  const paths: string[] = [];
  const walk = async (folder: string): Promise<void> => {
    const real = await realpath(folder);
    if (visited.has(real)) {
      diagnostics.push({
        severity: 'warning',
        code: 'config.symlink-loop',
        message: `${displayPath(folder, cwd)} leads back to a folder already read (symlink loop); skipped`,
      });
      return;
    }
    visited.add(real);
    const entries = await readdir(folder, { withFileTypes: true });
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const full = join(folder, entry.name);
      if (entry.name.startsWith('.')) continue;
      const info = await stat(full).catch(() => undefined);
      if (!info) {
        diagnostics.push({ severity: 'warning', code: 'config.unreadable', message: `${displayPath(full, cwd)} cannot be read (broken link?); skipped` });
      } else if (info.isDirectory()) {
        await walk(full);
      } else if (/\.ya?ml$/i.test(entry.name)) {
        paths.push(full);
      }
    }
  };
  await walk(dir);
  if (paths.length === 0) {
    diagnostics.push({
      severity: 'error',
      code: 'config.no-files',
      message: `no *.yaml files in ${shownDir}`,
      hint: 'create configs/roster.yaml (see the README quick start) or pass another folder with -c DIR',
    });
  }
  for (const path of paths) {
    const display = displayPath(path, cwd);
    const info = await stat(path);
    if (info.size > MAX_CONFIG_FILE_BYTES) {
      diagnostics.push({
        severity: 'error',
        code: 'config.file-too-large',
        message: `${display} is ${info.size} bytes; configuration files are limited to ${MAX_CONFIG_FILE_BYTES} bytes`,
        origin: { file: display, line: 1, column: 1 },
      });
      continue;
    }
    const bytes = await readFile(path);
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      diagnostics.push({
        severity: 'error',
        code: 'config.not-utf8',
        message: `${display} is not valid UTF-8`,
        hint: 'save the file as UTF-8',
        origin: { file: display, line: 1, column: 1 },
      });
      continue;
    }
    files.push({ display, path, text });
  }
  return { files, diagnostics };
}
