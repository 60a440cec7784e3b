/**
 * Changes made behind Roster's back for the "1% changed" plan, straight over the sandbox's vendor
 * APIs: half of the changed users get a new mobile number in the IdP (an attribute RingCentral's
 * lists omit), the other half have their department edited in RingCentral's admin portal (their
 * accounts' `meta.lastModified` moves on). Either way the lists show it: the mobile number is in
 * the extension record's `contact.mobilePhone`, the department in the SCIM list item.
 */
/** Where the sandbox is and the credentials its vendor APIs take. */
export interface SandboxAccess {
  readonly url: string;
  /** JumpCloud's `x-api-key`. */
  readonly apiKey: string;
  /** RingCentral's static SCIM bearer token. */
  readonly scimToken: string;
}

const login = (i: number) => `user${String(i + 1).padStart(6, '0')}`;

async function call(url: string, init: RequestInit): Promise<unknown> {
  const response = await fetch(url, init);
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${url}: ${response.status} ${await response.text()}`);
  return response.json();
}

async function newMobileNumber(sandbox: SandboxAccess, i: number): Promise<void> {
  const headers = { 'x-api-key': sandbox.apiKey, 'content-type': 'application/json' };
  const found = (await call(`${sandbox.url}/api/systemusers?filter=username:$eq:${login(i)}`, { headers })) as { results: Array<{ _id: string }> };
  const id = found.results[0]?._id;
  if (!id) throw new Error(`no directory user ${login(i)}`);
  const number = `+1628${String(3000000 + i).padStart(7, '0')}`;
  await call(`${sandbox.url}/api/systemusers/${id}`, { method: 'PUT', headers, body: JSON.stringify({ phoneNumbers: [{ type: 'mobile', number }] }) });
}

async function editDepartment(sandbox: SandboxAccess, i: number): Promise<void> {
  const headers = { authorization: `Bearer ${sandbox.scimToken}`, 'content-type': 'application/scim+json' };
  const filter = encodeURIComponent(`userName eq "${login(i)}@example.com"`);
  const found = (await call(`${sandbox.url}/scim/v2/Users?filter=${filter}`, { headers })) as { Resources: Array<{ id: string }> };
  const id = found.Resources[0]?.id;
  if (!id) throw new Error(`no RingCentral account for ${login(i)}`);
  const body = {
    schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
    Operations: [{ op: 'replace', path: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department', value: 'Edited by hand' }],
  };
  await call(`${sandbox.url}/scim/v2/Users/${id}`, { method: 'PATCH', headers, body: JSON.stringify(body) });
}

/** Changes one user in a hundred (users 100, 200, …); returns how many. */
export async function changeOnePercent(sandbox: SandboxAccess, users: number): Promise<number> {
  let changed = 0;
  for (let i = 99; i < users; i += 100) {
    await (changed % 2 === 0 ? newMobileNumber(sandbox, i) : editDepartment(sandbox, i));
    changed += 1;
  }
  return changed;
}
