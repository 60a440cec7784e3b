import { ObjectIdFactory, seededRandom } from '../ids.js';
import { AccountStore, type StoredUser } from '../ringcentral/account-store.js';
import { countryName } from '../ringcentral/countries.js';
import type { Db } from '../store/database.js';
import { newSystemUser, type SystemUser } from '../jumpcloud/user-model.js';
import { buildUserGroup } from '../jumpcloud/usergroups.js';
import { FIRST_NAMES, LAST_NAMES, OFFICES, PEOPLE, type DemoGroup, type Office } from './people.js';
import { provisionAccounts } from './provisioned.js';
import type { BenchSeed, Seed } from './spec.js';


/** Fixed clock for seeded records, so that a seed is the same data on every run. */
const SEED_EPOCH = Date.UTC(2024, 2, 1, 9, 0, 0) / 1000;
const SEED_RANDOM = 20240301;

/**
 * Free RingCentral licences when none are asked for: 100, or one per user for a larger bench seed
 * whose users have no accounts yet (a provisioned seed's users already hold theirs).
 */
export function defaultLicences(seed: Seed): number {
  return typeof seed === 'object' && !seed.provisioned ? Math.max(100, seed.users) : 100;
}

/** Prepared statements for bulk loading; one transaction per seed keeps 100,000 users fast. */
function writer(db: Db) {
  const user = db.prepare('INSERT INTO jc_users (id, username, email, data) VALUES (?, ?, ?, ?)');
  const group = db.prepare('INSERT INTO jc_groups (id, name, data) VALUES (?, ?, ?)');
  const member = db.prepare('INSERT INTO jc_group_members (group_id, member_type, member_id) VALUES (?, ?, ?)');
  return {
    user: (u: SystemUser) => user.run(u._id, u.username, u.email, JSON.stringify(u)),
    group: (id: string, name: string) => group.run(id, name, JSON.stringify(buildUserGroup(id, { name }))),
    member: (groupId: string, type: 'user' | 'user_group', memberId: string) => member.run(groupId, type, memberId),
  };
}

/** Loads a seed into an empty store, with `licences` free RingCentral licences. */
export function applySeed(db: Db, seed: Seed, orgId: string, licences: number): void {
  db.transaction(() => {
    if (seed === 'demo') seedDemo(db, orgId);
    else if (typeof seed === 'object') seedBench(db, orgId, seed);
    new AccountStore(db).setAvailableLicences(licences);
  })();
}

/**
 * The demo directory (docs/sandbox.md "Seeds"): four groups with "Support Leads"
 * nested in "Support", three suspended users, one expired password, one STAGED user, one address
 * without a country, one user in no group; in RingCentral an admin account that matches nobody
 * and one account that matches a Sales user by email, neither with an externalId.
 */
function seedDemo(db: Db, orgId: string): void {
  const w = writer(db);
  const ids = new ObjectIdFactory(seededRandom(SEED_RANDOM));
  let clock = SEED_EPOCH;
  const groups = new Map<DemoGroup, string>();
  for (const name of ['Sales', 'Support', 'Engineering', 'Support Leads'] as const) {
    const id = ids.next(clock++);
    groups.set(name, id);
    w.group(id, name);
  }
  w.member(groups.get('Support') ?? '', 'user_group', groups.get('Support Leads') ?? '');

  const accounts = new AccountStore(db);
  const created = (seconds: number): string => new Date(seconds * 1000).toISOString();
  accounts.insertUser(
    'Enabled',
    '101',
    {
      userName: 'admin@example.com',
      name: { givenName: 'Account', familyName: 'Admin' },
      emails: [{ type: 'work', value: 'admin@example.com', primary: false }],
      phoneNumbers: [],
      addresses: [],
      title: 'IT Administrator',
    },
    created(SEED_EPOCH),
  );

  PEOPLE.forEach((person, i) => {
    clock += 3600;
    const office: Office = OFFICES[person.office];
    const login = `${person.first}.${person.last}`.toLowerCase();
    const user = newSystemUser(ids.next(clock), orgId, created(clock), 5001 + i);
    const address: Record<string, string> = {
      id: ids.next(clock),
      type: 'work',
      streetAddress: office.street,
      locality: office.city,
      region: office.region,
      postalCode: office.postalCode,
    };
    if (!person.noCountry) address.country = office.country;
    const digits = (n: number): string => String(n).padStart(4, '0');
    const mobile = `${office.dial}${digits(100 + i)}`;
    Object.assign(user, {
      username: login,
      email: `${login}@example.com`,
      firstname: person.first,
      lastname: person.last,
      displayname: `${person.first} ${person.last}`,
      company: 'Example Corp',
      department: person.department,
      jobTitle: person.title,
      location: office.city,
      employeeIdentifier: `E${1001 + i}`,
      addresses: [address],
      phoneNumbers: [
        // Some numbers are typed the way people write them; most are E.164.
        { id: ids.next(clock), type: 'mobile', number: office.country === 'US' && i % 4 === 1 ? usFormat(mobile) : mobile },
        { id: ids.next(clock), type: 'work', number: `${office.dial}${digits(200 + i)}` },
      ],
      attributes: [{ name: 'extension', value: String(1100 + i) }],
      state: person.state ?? 'ACTIVATED',
      activated: person.state !== 'STAGED',
      suspended: person.state === 'SUSPENDED',
      password_date: person.state === 'STAGED' ? null : created(clock),
      password_expired: person.passwordExpired ?? false,
      password_expiration_date: person.passwordExpired ? created(clock + 90 * 86400) : null,
    });
    w.user(user);
    if (person.group) w.member(groups.get(person.group) ?? '', 'user', user._id);
    if (person.ringcentralAccount) {
      accounts.insertUser('Enabled', '102', ringCentralUser(user, office, person.title, person.department), created(clock));
    }
  });
}

function usFormat(e164: string): string {
  const d = e164.slice(2);
  return `+1 (${d.slice(0, 3)}) ${d.slice(3, 6)}-${d.slice(6)}`;
}

/** The RingCentral account a user would have if someone had created it by hand in the admin portal. */
function ringCentralUser(user: SystemUser, office: Office, title: string, department: string): StoredUser {
  return {
    userName: user.email,
    name: { givenName: String(user.firstname), familyName: String(user.lastname) },
    emails: [{ type: 'work', value: user.email, primary: false }],
    phoneNumbers: [],
    addresses: [
      {
        type: 'work',
        streetAddress: office.street,
        locality: office.city,
        region: office.region,
        postalCode: office.postalCode,
        country: countryName(office.country) ?? office.country,
        primary: false,
      },
    ],
    title,
    department,
  };
}

/**
 * A bench directory: `users` users spread round-robin over `groups` groups ("Group 1"…), every
 * user ACTIVATED with a US work address and a mobile phone; with `provisioned`, their RingCentral
 * accounts too, created at the time of the last user. Deterministic.
 */
function seedBench(db: Db, orgId: string, { users, groups, provisioned }: BenchSeed): void {
  const w = writer(db);
  const ids = new ObjectIdFactory(seededRandom(SEED_RANDOM + 1));
  const groupIds: string[] = [];
  for (let g = 1; g <= groups; g++) {
    const id = ids.next(SEED_EPOCH + g);
    groupIds.push(id);
    w.group(id, `Group ${g}`);
  }
  const office = OFFICES.sf;
  const seeded: SystemUser[] = [];
  for (let i = 0; i < users; i++) {
    const seconds = SEED_EPOCH + 86400 + i;
    const first = FIRST_NAMES[i % FIRST_NAMES.length] ?? 'Alex';
    const last = LAST_NAMES[Math.floor(i / FIRST_NAMES.length) % LAST_NAMES.length] ?? 'Smith';
    const login = `user${String(i + 1).padStart(6, '0')}`;
    const user = newSystemUser(ids.next(seconds), orgId, new Date(seconds * 1000).toISOString(), 5001 + i);
    Object.assign(user, {
      username: login,
      email: `${login}@example.com`,
      firstname: first,
      lastname: last,
      displayname: `${first} ${last}`,
      department: groups > 0 ? `Group ${(i % groups) + 1}` : '',
      addresses: [
        { id: ids.next(seconds), type: 'work', streetAddress: office.street, locality: office.city, region: office.region, postalCode: office.postalCode, country: 'US' },
      ],
      phoneNumbers: [{ id: ids.next(seconds), type: 'mobile', number: `+1415${String(2000000 + i).padStart(7, '0')}` }],
    });
    w.user(user);
    const groupId = groupIds[i % Math.max(1, groups)];
    if (groupId) w.member(groupId, 'user', user._id);
    if (provisioned) seeded.push(user);
  }
  if (provisioned) provisionAccounts(db, seeded, new Date((SEED_EPOCH + 86400 + users) * 1000).toISOString());
}
