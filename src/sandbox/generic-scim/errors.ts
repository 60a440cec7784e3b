import { HttpError, json, type SandboxResponse } from '../http.js';
import { ERROR_SCHEMA } from './constants.js';

/**
 * The RFC 7644 §3.12 error body: `{schemas: [Error], status: "<code>", scimType?, detail}` with
 * `status` as a string. `scimType` is sent for the codes Table 9 defines it for (400, and 409
 * `uniqueness`, RFC 7644 §3.3).
 */
export function scimError(error: HttpError): SandboxResponse {
  const body: Record<string, unknown> = { schemas: [ERROR_SCHEMA], status: String(error.status) };
  if (error.extra.scimType && (error.status === 400 || error.status === 409)) body.scimType = error.extra.scimType;
  body.detail = error.message;
  return json(error.status, body);
}

/** RFC 7644 §3.12 Table 9 keywords used by this target. */
export const invalidValue = (detail: string): HttpError => new HttpError(400, detail, { scimType: 'invalidValue' });
export const invalidSyntax = (detail: string): HttpError => new HttpError(400, detail, { scimType: 'invalidSyntax' });
export const invalidFilter = (detail: string): HttpError => new HttpError(400, detail, { scimType: 'invalidFilter' });
export const invalidPath = (detail: string): HttpError => new HttpError(400, detail, { scimType: 'invalidPath' });
export const mutability = (detail: string): HttpError => new HttpError(400, detail, { scimType: 'mutability' });
export const uniqueness = (detail: string): HttpError => new HttpError(409, detail, { scimType: 'uniqueness' });
export const notFound = (kind: 'User' | 'Group', id: string): HttpError => new HttpError(404, `${kind} not found: ${id}`);
