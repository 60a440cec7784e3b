import { HttpError, isRecord } from '../http.js';

/** Behaviours tests switch to imitate less capable SCIM targets. */
export interface GenericScimBehaviour {
  /**
   * Default true. When false, ServiceProviderConfig declares `patch.supported: false` (RFC 7643 §5)
   * and every PATCH answers 501 Not Implemented (RFC 7644 §3.12: "Service provider does not
   * support the request operation, e.g., PATCH").
   */
  patch: boolean;
  /**
   * Default false. When true, the `excludedAttributes` parameter (RFC 7644 §3.4.2.5, §3.9) is
   * ignored, as by a target that does not support it: lists and reads of groups carry `members` anyway.
   */
  ignoreExcludedAttributes: boolean;
}

const DEFAULTS: GenericScimBehaviour = { patch: true, ignoreExcludedAttributes: false };

/**
 * The switches in effect. They start from the startSandbox options (or the defaults), can be
 * changed through the admin API, and return to the start values on reset.
 */
export class GenericScimSwitches {
  private readonly initial: GenericScimBehaviour;
  private current: GenericScimBehaviour;

  constructor(options: Partial<GenericScimBehaviour> = {}) {
    this.initial = { ...DEFAULTS, ...readSwitches(options) };
    this.current = { ...this.initial };
  }

  get(): GenericScimBehaviour {
    return { ...this.current };
  }

  /** Applies the switches present in `body` (an admin API request body); others keep their value. */
  set(body: unknown): GenericScimBehaviour {
    this.current = { ...this.current, ...readSwitches(body) };
    return this.get();
  }

  reset(): void {
    this.current = { ...this.initial };
  }
}

function readSwitches(body: unknown): Partial<GenericScimBehaviour> {
  if (!isRecord(body)) throw new HttpError(400, 'The switches must be a JSON object.');
  const out: Partial<GenericScimBehaviour> = {};
  for (const [key, value] of Object.entries(body)) {
    if (value === undefined) continue;
    if (key !== 'patch' && key !== 'ignoreExcludedAttributes') throw new HttpError(400, `Unknown switch ${key}: use patch or ignoreExcludedAttributes.`);
    if (typeof value !== 'boolean') throw new HttpError(400, `${key} must be true or false.`);
    out[key] = value;
  }
  return out;
}

/** Refuses PATCH when the `patch` switch is off: 501 (RFC 7644 §3.12 "Service provider does not support the request operation, e.g., PATCH"). */
export function refusePatchIfOff(switches: GenericScimSwitches): void {
  if (!switches.get().patch) throw new HttpError(501, 'PATCH is not supported by this service provider (ServiceProviderConfig patch.supported is false).');
}
