/**
 * Where metadata comes from: `sso.spMetadata` names a file, relative to the YAML file that names
 * it, or an `https` URL (docs/configuration.md "Single sign-on"). Reading either is capped in size, and a URL
 * also in time, so that a wrong path or a hostile server cannot hang or exhaust a plan.
 *
 * URL policy: `https` only. Plain `http` is accepted for the loopback addresses 127.0.0.1 and
 * [::1] alone, where nothing crosses a network (local test servers, the sandbox); `localhost` is
 * not, because its resolution is not guaranteed to stay local. URLs with credentials are refused:
 * plans print the URL. Redirects are followed (at most three) under the same policy.
 */
import { open, stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { ssoAddress } from '../core/address.js';
import type { Diagnostic, SourcePosition } from '../core/diagnostics.js';
import { DEFAULT_MAX_METADATA_BYTES } from './xml.js';

export type MetadataSource =
  | { readonly kind: 'file'; readonly path: string; readonly display: string }
  | { readonly kind: 'url'; readonly url: string; readonly display: string };

/** The configuration setting that names the metadata: for diagnostics. */
export interface SourceSetting {
  readonly app: string;
  /** e.g. `applications.ringcentral.sso.spMetadata`. */
  readonly path?: string;
  /** The setting's position in its YAML file. */
  readonly origin?: SourcePosition;
}

/** The YAML file the reference appears in: its absolute path, and the path as shown to the user. */
export interface DeclaringFile {
  readonly path: string;
  readonly display: string;
}

/** A fetch-compatible function (the global `fetch`, undici's, or a test's). */
export type MetadataFetcher = (url: string, init: { readonly signal: AbortSignal; readonly redirect: 'manual' }) => Promise<Response>;

export interface ReadMetadataOptions {
  readonly maxBytes?: number;
  /** For URLs: the whole exchange, redirects and body included. */
  readonly timeoutMs?: number;
  readonly fetcher?: MetadataFetcher;
}

export const DEFAULT_FETCH_TIMEOUT_MS = 10_000;
const MAX_REDIRECTS = 3;
const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]']);

export interface SourceRead {
  readonly bytes?: Uint8Array;
  readonly diagnostics: readonly Diagnostic[];
}

function sourceDiagnostic(setting: SourceSetting, code: string, message: string, hint: string): Diagnostic {
  return {
    severity: 'error',
    code,
    message,
    hint,
    address: ssoAddress(setting.app),
    ...(setting.path !== undefined ? { path: setting.path } : {}),
    ...(setting.origin ? { origin: setting.origin } : {}),
  };
}

/** Why a URL may not be fetched, or undefined when it may (see the module comment). */
export function urlPolicyProblem(url: URL): string | undefined {
  if (url.username || url.password) return 'it carries credentials, and plans print metadata URLs';
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:') return LOOPBACK_HOSTS.has(url.hostname) ? undefined : 'plain http can be altered on the way; only https is accepted (http only for 127.0.0.1)';
  return `the ${url.protocol.replace(/:$/, '')} scheme is not supported; use an https URL or a file path`;
}

/** A scheme of two or more letters: one letter is a Windows drive (`C:\…`), which is a path. */
const HAS_SCHEME = /^[a-z][a-z0-9+.-]+:/i;

/** Resolves `sso.spMetadata` to a file or URL without touching either. */
export function resolveMetadataSource(reference: string, declaredIn: DeclaringFile, setting: SourceSetting): { source?: MetadataSource; diagnostics: Diagnostic[] } {
  const trimmed = reference.trim();
  if (trimmed === '') {
    return { diagnostics: [sourceDiagnostic(setting, 'saml.metadata-source-empty', 'the SP metadata reference is empty', 'give a file path relative to the YAML file, or an https URL')] };
  }
  if (!HAS_SCHEME.test(trimmed)) {
    return {
      // An absolute path is shown as given; a relative one from the folder of the YAML file.
      source: { kind: 'file', path: resolve(dirname(declaredIn.path), trimmed), display: isAbsolute(trimmed) ? trimmed : join(dirname(declaredIn.display), trimmed) },
      diagnostics: [],
    };
  }
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return { diagnostics: [sourceDiagnostic(setting, 'saml.metadata-url-invalid', `"${trimmed}" is not a valid URL`, 'give an https URL or a file path relative to the YAML file')] };
  }
  const problem = urlPolicyProblem(url);
  if (problem) return { diagnostics: [sourceDiagnostic(setting, 'saml.metadata-url-refused', `SP metadata URL ${url.origin}${url.pathname} is refused: ${problem}`, 'use the https URL the application publishes, or download the file next to the YAML file and name it instead')] };
  return { source: { kind: 'url', url: url.href, display: url.href }, diagnostics: [] };
}

async function readFileCapped(source: Extract<MetadataSource, { kind: 'file' }>, setting: SourceSetting, maxBytes: number): Promise<SourceRead> {
  const info = await stat(source.path).catch((error: NodeJS.ErrnoException) => error);
  if (info instanceof Error) {
    const missing = info.code === 'ENOENT';
    return {
      diagnostics: [
        sourceDiagnostic(
          setting,
          missing ? 'saml.metadata-file-missing' : 'saml.metadata-file-unreadable',
          missing ? `SP metadata file ${source.display} does not exist` : `SP metadata file ${source.display} cannot be read (${info.code ?? info.message})`,
          'the path is relative to the YAML file that names it; download the SP metadata from the application’s admin portal and save it there',
        ),
      ],
    };
  }
  if (!info.isFile()) return { diagnostics: [sourceDiagnostic(setting, 'saml.metadata-file-unreadable', `${source.display} is not a file`, 'name the SP metadata XML file')] };
  if (info.size > maxBytes) return { diagnostics: [tooLarge(setting, source.display, info.size, maxBytes)] };
  // Read at most maxBytes + 1 so a file that grows after stat is still caught.
  const handle = await open(source.path, 'r');
  try {
    const buffer = Buffer.alloc(maxBytes + 1);
    let length = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length > maxBytes) return { diagnostics: [tooLarge(setting, source.display, length, maxBytes)] };
    }
    return { bytes: buffer.subarray(0, length), diagnostics: [] };
  } finally {
    await handle.close();
  }
}

function tooLarge(setting: SourceSetting, display: string, size: number | string, maxBytes: number): Diagnostic {
  return sourceDiagnostic(
    setting,
    'saml.xml-too-large',
    `SP metadata ${display} is ${typeof size === 'number' ? `${size} bytes` : size}, over the ${maxBytes}-byte limit`,
    'metadata for one application is a few kilobytes: check that this is the application’s own SP metadata, not a federation aggregate',
  );
}

/** Releases a response body Roster will not read; its failure does not matter. */
function discard(response: Response): void {
  response.body?.cancel().catch(() => undefined);
}

/**
 * Settles with the promise, or rejects once the signal aborts: the time cap holds even when an
 * injected fetcher or its body stream ignores the signal.
 */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolvePromise, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolvePromise(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

async function fetchCapped(source: Extract<MetadataSource, { kind: 'url' }>, setting: SourceSetting, options: ReadMetadataOptions): Promise<SourceRead> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_METADATA_BYTES;
  const timeoutMs = options.timeoutMs ?? DEFAULT_FETCH_TIMEOUT_MS;
  const fetcher: MetadataFetcher = options.fetcher ?? ((url, init) => fetch(url, init));
  const signal = AbortSignal.timeout(timeoutMs);
  const failed = (code: string, message: string, hint: string): SourceRead => ({ diagnostics: [sourceDiagnostic(setting, code, message, hint)] });
  let url = source.url;
  try {
    for (let hop = 0; ; hop += 1) {
      const response = await untilAborted(fetcher(url, { signal, redirect: 'manual' }), signal);
      if (response.status >= 300 && response.status < 400 && response.headers.get('location')) {
        discard(response);
        const next = new URL(response.headers.get('location')!, url);
        const problem = urlPolicyProblem(next);
        if (problem) return failed('saml.metadata-url-refused', `${source.display} redirects to ${next.origin}${next.pathname}, which is refused: ${problem}`, 'use the final https URL directly');
        if (hop >= MAX_REDIRECTS) return failed('saml.metadata-fetch-failed', `${source.display} redirects more than ${MAX_REDIRECTS} times`, 'use the final URL directly');
        url = next.href;
        continue;
      }
      if (response.status !== 200) {
        discard(response);
        return failed('saml.metadata-fetch-failed', `fetching ${source.display} answered HTTP ${response.status}`, 'check the URL in a browser; some applications publish metadata only to signed-in administrators, in which case download it to a file');
      }
      const declared = Number(response.headers.get('content-length') ?? Number.NaN);
      if (declared > maxBytes) {
        discard(response);
        return { diagnostics: [tooLarge(setting, source.display, declared, maxBytes)] };
      }
      const chunks: Uint8Array[] = [];
      let length = 0;
      if (response.body) {
        const reader = response.body.getReader();
        for (;;) {
          const { done, value } = await untilAborted(reader.read(), signal);
          if (done) break;
          length += value.byteLength;
          if (length > maxBytes) {
            reader.cancel().catch(() => undefined);
            return { diagnostics: [tooLarge(setting, source.display, `over ${maxBytes} bytes`, maxBytes)] };
          }
          chunks.push(value);
        }
      }
      return { bytes: Buffer.concat(chunks), diagnostics: [] };
    }
  } catch (error) {
    if (signal.aborted) return failed('saml.metadata-fetch-timeout', `fetching ${source.display} took longer than ${timeoutMs} ms`, 'check that the URL answers, or download the metadata to a file');
    const cause = error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error);
    return failed('saml.metadata-fetch-failed', `fetching ${source.display} failed: ${cause}`, 'check the URL and the network, or download the metadata to a file');
  }
}

/** Reads the metadata's bytes from a file or URL, within the size and time caps. */
export async function readMetadataSource(source: MetadataSource, setting: SourceSetting, options: ReadMetadataOptions = {}): Promise<SourceRead> {
  return source.kind === 'file' ? readFileCapped(source, setting, options.maxBytes ?? DEFAULT_MAX_METADATA_BYTES) : fetchCapped(source, setting, options);
}
