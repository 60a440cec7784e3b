/**
 * Stable addresses name every object a plan can change. They are what reviewers read, what
 * `--allow` and saved plans refer to, and they do not depend on ids the target assigns.
 */
export type AddressKind = 'user' | 'group' | 'binding' | 'sso' | 'provisioning';

export function userAddress(app: string, userName: string): string {
  return `${app}/user/${userName}`;
}

export function groupAddress(app: string, group: string): string {
  return `${app}/group/${group}`;
}

export function bindingAddress(app: string, group: string): string {
  return `${app}/binding/${group}`;
}

export function ssoAddress(app: string): string {
  return `${app}/sso`;
}

/** Roster's provisioning of the application, as recorded on its IdP application. */
export function provisioningAddress(app: string): string {
  return `${app}/provisioning`;
}

export interface ParsedAddress {
  readonly app: string;
  readonly kind: AddressKind;
  /** The userName, group name, or empty for `sso` and `provisioning`. */
  readonly name: string;
}

export function parseAddress(address: string): ParsedAddress | undefined {
  const match = /^([^/]+)\/(user|group|binding|sso|provisioning)(?:\/(.+))?$/.exec(address);
  if (!match) return undefined;
  const [, app, kind, name] = match;
  const named = kind !== 'sso' && kind !== 'provisioning';
  if (named ? name === undefined : name !== undefined) return undefined;
  return { app: app!, kind: kind as AddressKind, name: name ?? '' };
}
