import { HttpError } from '../http.js';

/**
 * JumpCloud's `Error {code, message, status}` (docs/vendors/jumpcloud.md §1 "Errors"). `status` holds the
 * google.rpc code name, as in the spec's own 400 example (`"status": "INVALID_ARGUMENT"`, v1
 * `systemusers_post` fullValidationDetails). Names for other codes follow the same google.rpc table.
 */
const RPC_STATUS: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  405: 'UNIMPLEMENTED',
  409: 'ALREADY_EXISTS',
  413: 'INVALID_ARGUMENT',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  502: 'UNAVAILABLE',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
};

export interface JumpCloudError {
  code: number;
  message: string;
  status: string;
}

export function jumpcloudErrorBody(status: number, message: string): JumpCloudError {
  return { code: status, message, status: RPC_STATUS[status] ?? 'UNKNOWN' };
}

export const badRequest = (message: string): HttpError => new HttpError(400, message);
export const notFound = (what: string): HttpError => new HttpError(404, `${what} not found`);
export const conflict = (message: string): HttpError => new HttpError(409, message);
