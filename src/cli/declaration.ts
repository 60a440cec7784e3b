/**
 * Where an application is declared: the configuration file whose `applications` holds it, with
 * its text, so that a command can show or rewrite the declaration as the user wrote it.
 */
import { resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { readConfigFiles } from '../config/files.js';

export interface Declaration {
  /** The file as shown to the user. */
  readonly file: string;
  readonly text: string;
}

export async function findDeclaration(dir: string, cwd: string, app: string): Promise<Declaration | undefined> {
  const { files } = await readConfigFiles(resolve(cwd, dir), cwd);
  for (const file of files) {
    if (parseDocument(file.text).hasIn(['applications', app])) return { file: file.display, text: file.text };
  }
  return undefined;
}
