/** Where the generic SCIM 2.0 target is mounted; RFC 7644 §3.13 lets the base URI carry a version ("/v2"). */
export const BASE_PATH = '/generic-scim/v2';

/** Schema URIs (RFC 7643 §8.7.1, §4.3) and message URIs (RFC 7644 §3.4.2, §3.5.2, §3.12). */
export const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const ENTERPRISE_SCHEMA = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const LIST_RESPONSE = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
export const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
export const SEARCH_REQUEST = 'urn:ietf:params:scim:api:messages:2.0:SearchRequest';
export const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';

/**
 * Page sizes (RFC 7644 §3.4.2.4): a list without `count` answers at most DEFAULT_COUNT resources;
 * a larger `count` is cut to MAX_COUNT, which ServiceProviderConfig declares as
 * `filter.maxResults` (RFC 7643 §5).
 */
export const DEFAULT_COUNT = 100;
export const MAX_COUNT = 200;

/** RFC 7644 §8.1: the SCIM media type, used for every response body. */
export const SCIM_CONTENT_TYPE = 'application/scim+json; charset=utf-8';
