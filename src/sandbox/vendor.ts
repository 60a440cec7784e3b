import { HttpError, type SandboxRequest, type SandboxResponse, type Vendor } from './http.js';
import type { RateGroup, Route, Router } from './router.js';

/** One API the server mounts: a vendor stand-in or the admin API. */
export interface VendorApp {
  readonly vendor: Vendor;
  owns(path: string): boolean;
  handle(req: SandboxRequest): Promise<VendorResult>;
  /** The vendor's error response for a request to `path`, used for injected faults. */
  errorResponse(path: string, status: number, message: string): SandboxResponse;
}

export interface VendorResult {
  response: SandboxResponse;
  /** The rate-limit group the request counted against, for the request log. */
  group?: RateGroup;
}

/**
 * Routes a request and runs its handler; every failure becomes the vendor's error response.
 * `before` runs once the route is known (authentication, rate limits) and may return headers to
 * add to whatever the request ends with.
 */
export async function dispatch(
  router: Router,
  req: SandboxRequest,
  formatError: (error: HttpError) => SandboxResponse,
  before: (route: Route) => Record<string, string> | void = () => undefined,
): Promise<VendorResult> {
  const match = router.match(req.method, req.path);
  if (match.kind !== 'found') {
    const status = match.kind === 'method-not-allowed' ? 405 : 404;
    return { response: formatError(new HttpError(status, status === 405 ? `Method ${req.method} is not allowed on ${req.path}` : `Resource not found: ${req.path}`)) };
  }
  req.params = match.params;
  let extraHeaders: Record<string, string> = {};
  let response: SandboxResponse;
  try {
    extraHeaders = before(match.route) ?? {};
    response = await match.route.handler(req);
  } catch (error) {
    const httpError = error instanceof HttpError ? error : new HttpError(500, 'Internal server error');
    if (!(error instanceof HttpError)) console.error('sandbox: unexpected error', error);
    response = formatError(httpError);
    extraHeaders = { ...extraHeaders, ...httpError.extra.headers };
  }
  response.headers = { ...response.headers, ...extraHeaders };
  return { response };
}
