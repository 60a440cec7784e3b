import { HttpError, isRecord, parseJsonBody, type SandboxRequest } from '../http.js';
import { SEARCH_REQUEST } from './constants.js';
import { invalidSyntax } from './errors.js';

/** Reads a SearchRequest body (RFC 7644 §3.4.3) into the query parameters a GET list takes. */
export function searchRequestQuery(req: SandboxRequest): URLSearchParams {
  const body = parseJsonBody(req) ?? {};
  if (!isRecord(body) || !Array.isArray(body.schemas) || !body.schemas.includes(SEARCH_REQUEST)) throw invalidSyntax(`The request must be a SearchRequest with schemas [${SEARCH_REQUEST}].`);
  const query = new URLSearchParams();
  for (const key of ['filter', 'startIndex', 'count'] as const) {
    const value = body[key];
    if (value === undefined) continue;
    if (key === 'filter' ? typeof value !== 'string' : !Number.isInteger(value)) throw new HttpError(400, `${key} is invalid.`, { scimType: 'invalidValue' });
    query.set(key, String(value));
  }
  for (const key of ['attributes', 'excludedAttributes'] as const) {
    const value = body[key];
    if (value === undefined) continue;
    if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) throw new HttpError(400, `${key} must be an array of strings.`, { scimType: 'invalidValue' });
    query.set(key, value.join(','));
  }
  return query;
}
