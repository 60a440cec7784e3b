import { parse } from 'scim2-parse-filter';
import { HttpError } from '../http.js';

export interface UserFilter {
  column: 'user_name' | 'email';
  value: string;
}

const invalidFilter = (detail: string): HttpError => new HttpError(400, detail, { scimType: 'invalidFilter' });

/**
 * The only filters RingCentral accepts: "Only support 'userName' or 'email' filter expressions for
 * now" (docs/vendors/ringcentral.md §1.2). Only `eq` is shown to work; any other attribute, operator or
 * combination is a 400 `invalidFilter`. Attribute names compare case-insensitively, and so does
 * the value (RFC 7643: `userName` is not case-exact).
 */
export function parseUserFilter(expression: string | undefined | null): UserFilter | undefined {
  if (expression === undefined || expression === null || expression.trim() === '') return undefined;
  let ast: ReturnType<typeof parse>;
  try {
    ast = parse(expression);
  } catch {
    throw invalidFilter(`The filter is not a valid SCIM filter: ${expression}`);
  }
  if (ast.op !== 'eq' || !('attrPath' in ast) || typeof ast.compValue !== 'string') {
    throw invalidFilter(`Only 'userName eq "…"' or 'email eq "…"' filters are supported: ${expression}`);
  }
  const attribute = ast.attrPath.toLowerCase();
  if (attribute === 'username') return { column: 'user_name', value: ast.compValue };
  if (attribute === 'email') return { column: 'email', value: ast.compValue };
  throw invalidFilter(`Filtering on ${ast.attrPath} is not supported; use userName or email: ${expression}`);
}
