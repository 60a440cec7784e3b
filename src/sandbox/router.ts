import type { Handler } from './http.js';

/** RingCentral throttling groups (docs/vendors/ringcentral.md §4; `x-throttling-group` in the spec). */
export type RateGroup = 'Light' | 'Medium' | 'Heavy' | 'Auth';

export interface RouteOptions {
  /** RingCentral: the operation's throttling group; absent means not rate-limited. */
  group?: RateGroup;
  /**
   * JumpCloud: whether the operation declares the `x-org-id` header. Routes that do not answer
   * 403 when it is sent (docs/vendors/jumpcloud.md §1: "403 ID included on unsupported route").
   */
  orgHeader?: boolean;
}

export interface Route extends RouteOptions {
  readonly method: string;
  readonly pattern: string;
  readonly handler: Handler;
  readonly regex: RegExp;
  readonly keys: string[];
}

export type RouteMatch =
  | { kind: 'found'; route: Route; params: Record<string, string> }
  | { kind: 'method-not-allowed' }
  | { kind: 'not-found' };

/**
 * Method + path-pattern routing. Patterns use `:name` for one path segment; a segment may carry
 * a literal suffix (`:id.xml`). First match wins, so register specific paths before general ones.
 */
export class Router {
  private readonly routes: Route[] = [];

  add(method: string, pattern: string, handler: Handler, options: RouteOptions = {}): this {
    const keys: string[] = [];
    const source = pattern
      .split('/')
      .map((segment) =>
        segment.replace(/:([A-Za-z_]+)|([^:]+)/g, (_m, key: string | undefined, literal: string | undefined) => {
          if (key) {
            keys.push(key);
            return '([^/]+?)';
          }
          return (literal ?? '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        }),
      )
      .join('/');
    this.routes.push({ method, pattern, handler, regex: new RegExp(`^${source}/?$`), keys, ...options });
    return this;
  }

  match(method: string, path: string): RouteMatch {
    let pathMatched = false;
    for (const route of this.routes) {
      const m = route.regex.exec(path);
      if (!m) continue;
      if (route.method !== method) {
        pathMatched = true;
        continue;
      }
      const params: Record<string, string> = {};
      route.keys.forEach((key, i) => {
        params[key] = safeDecode(m[i + 1] ?? '');
      });
      return { kind: 'found', route, params };
    }
    return pathMatched ? { kind: 'method-not-allowed' } : { kind: 'not-found' };
  }
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
