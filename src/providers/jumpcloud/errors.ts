/**
 * JumpCloud's errors with what the admin can do (docs/vendors/jumpcloud.md §1 "Headers" and "Rate limits"):
 * 401 a wrong `x-api-key` (or a multi-tenant admin without `x-org-id`); 403 a permission, an
 * `x-org-id` on a route that does not take it, or an IP blocked "due to suspected abuse".
 */
import type { StatusClassifier } from '../http/errors.js';

export const classifyJumpCloudError: StatusClassifier = (status) => {
  if (status === 401) return { failureClass: 'unauthorized', hint: 'check idp.apiKey, and set idp.orgId when the key belongs to a multi-tenant admin' };
  if (status === 403) {
    return { failureClass: 'forbidden', hint: "the API key's administrator lacks a permission, or JumpCloud blocked this IP address for suspected abuse" };
  }
  return undefined;
};
