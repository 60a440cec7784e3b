import { HttpError, json, type SandboxResponse } from '../http.js';

export const SCIM_ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';

/**
 * Platform error codes that are not SCIM's: docs/vendors/ringcentral.md §3 lists `OAU-128` "Access token
 * expired", `OAU-129`, `OAU-149` "Invalid token", `OAU-213` "Token not found" and §4 `CMN-301`
 * "Request rate exceeded". Not documented: codes for a malformed parameter or an unknown resource
 * on the REST API; the sandbox uses `CMN-101` and `CMN-102` for those and `CMN-500` for the rest.
 */
const REST_CODES: Record<number, string> = { 400: 'CMN-101', 401: 'OAU-149', 404: 'CMN-102', 429: 'CMN-301' };

/**
 * A SCIM error body (docs/vendors/ringcentral.md §3 `ScimErrorResponse`: `status` is a string, `scimType`
 * optional). When a platform code applies (expired token, rate limit) the body also carries the
 * REST error fields `errorCode`/`message`, because the reference says those bodies "may use the
 * REST error shape" and clients should handle both.
 */
export function scimError(error: HttpError): SandboxResponse {
  const body: Record<string, unknown> = { schemas: [SCIM_ERROR_SCHEMA], status: String(error.status) };
  // `scimType` is documented for 400s; the reference expects `uniqueness` on the 409 as well (§3).
  if (error.extra.scimType && (error.status === 400 || error.status === 409)) body.scimType = error.extra.scimType;
  body.detail = error.message;
  if (error.extra.errorCode) {
    body.errorCode = error.extra.errorCode;
    body.message = error.message;
  }
  return json(error.status, body);
}

/** The RingCentral REST error (`ApiError {errorCode, message}`, with `errors[]` as `ParameterizedErrorResponseModel`). */
export function restError(error: HttpError): SandboxResponse {
  const errorCode = error.extra.errorCode ?? REST_CODES[error.status] ?? 'CMN-500';
  const item: Record<string, unknown> = { errorCode, message: error.message };
  if (error.extra.parameterName) item.parameterName = error.extra.parameterName;
  return json(error.status, { errorCode, message: error.message, errors: [item] });
}

export const invalidValue = (detail: string): HttpError => new HttpError(400, detail, { scimType: 'invalidValue' });
export const scimNotFound = (id: string): HttpError => new HttpError(404, `User not found: ${id}`);
