/**
 * The demo directory: fifty people of a small company with offices in the US, London and Berlin.
 * Group membership follows the department (Marketing sits in Sales; Finance in no group).
 */
export interface Office {
  street: string;
  city: string;
  region: string;
  postalCode: string;
  /** ISO 3166-1 alpha-2, as JumpCloud stores what admins type. */
  country: string;
  /** Dialling prefix for the office's fictional numbers. */
  dial: string;
}

export const OFFICES = {
  sf: { street: '100 Market Street', city: 'San Francisco', region: 'CA', postalCode: '94105', country: 'US', dial: '+1415555' },
  nyc: { street: '200 Park Avenue', city: 'New York', region: 'NY', postalCode: '10166', country: 'US', dial: '+1212555' },
  austin: { street: '500 West 2nd Street', city: 'Austin', region: 'TX', postalCode: '78701', country: 'US', dial: '+1512555' },
  london: { street: '1 Poultry', city: 'London', region: '', postalCode: 'EC2R 8EJ', country: 'GB', dial: '+44207946' },
  berlin: { street: 'Friedrichstraße 68', city: 'Berlin', region: 'BE', postalCode: '10117', country: 'DE', dial: '+4930555' },
} as const satisfies Record<string, Office>;

export type OfficeKey = keyof typeof OFFICES;
export type DemoGroup = 'Sales' | 'Support' | 'Engineering' | 'Support Leads';

export interface Person {
  first: string;
  last: string;
  department: string;
  title: string;
  office: OfficeKey;
  group?: DemoGroup;
  state?: 'STAGED' | 'SUSPENDED';
  passwordExpired?: boolean;
  /** The address was entered without a country. */
  noCountry?: boolean;
  /** An account already exists in RingCentral with this user's email, without externalId. */
  ringcentralAccount?: boolean;
}

export const PEOPLE: Person[] = [
  { first: 'Olivia', last: 'Bennett', department: 'Sales', title: 'Account Executive', office: 'sf', group: 'Sales', ringcentralAccount: true },
  { first: 'Liam', last: 'Carter', department: 'Sales', title: 'Sales Director', office: 'nyc', group: 'Sales' },
  { first: 'Sophia', last: 'Nguyen', department: 'Sales', title: 'Account Executive', office: 'sf', group: 'Sales' },
  { first: 'Noah', last: 'Patel', department: 'Sales', title: 'Sales Development Representative', office: 'austin', group: 'Sales' },
  { first: 'Emma', last: 'Rodriguez', department: 'Sales', title: 'Account Manager', office: 'austin', group: 'Sales' },
  { first: 'Mason', last: 'Kim', department: 'Sales', title: 'Account Executive', office: 'nyc', group: 'Sales' },
  { first: 'Ava', last: 'Thompson', department: 'Sales', title: 'Sales Operations Analyst', office: 'sf', group: 'Sales' },
  { first: 'Lucas', last: 'Fischer', department: 'Sales', title: 'Account Executive', office: 'berlin', group: 'Sales' },
  { first: 'Mia', last: 'Schneider', department: 'Sales', title: 'Regional Sales Manager', office: 'berlin', group: 'Sales' },
  { first: 'Ethan', last: 'Walker', department: 'Sales', title: 'Account Manager', office: 'nyc', group: 'Sales', noCountry: true },
  { first: 'Isabella', last: 'Rossi', department: 'Sales', title: 'Account Executive', office: 'nyc', group: 'Sales' },
  { first: 'Benjamin', last: 'Hughes', department: 'Sales', title: 'Account Executive', office: 'london', group: 'Sales' },
  { first: 'Charlotte', last: 'Evans', department: 'Sales', title: 'Sales Manager', office: 'london', group: 'Sales' },
  { first: 'Henry', last: 'Brooks', department: 'Sales', title: 'Account Executive', office: 'sf', group: 'Sales', state: 'SUSPENDED' },
  { first: 'Amelia', last: 'Ward', department: 'Sales', title: 'Sales Development Representative', office: 'austin', group: 'Sales' },
  { first: 'Daniel', last: 'Price', department: 'Sales', title: 'Account Executive', office: 'sf', group: 'Sales', state: 'STAGED' },
  { first: 'Grace', last: 'Sullivan', department: 'Marketing', title: 'Marketing Manager', office: 'sf', group: 'Sales' },
  { first: 'Samuel', last: 'Reed', department: 'Marketing', title: 'Content Strategist', office: 'nyc', group: 'Sales' },
  { first: 'Harper', last: 'Collins', department: 'Support', title: 'Support Engineer', office: 'austin', group: 'Support' },
  { first: 'Jack', last: 'Morgan', department: 'Support', title: 'Support Engineer', office: 'austin', group: 'Support' },
  { first: 'Ella', last: 'Foster', department: 'Support', title: 'Customer Success Manager', office: 'nyc', group: 'Support' },
  { first: 'Owen', last: 'Murphy', department: 'Support', title: 'Support Engineer', office: 'london', group: 'Support' },
  { first: 'Chloe', last: 'Bailey', department: 'Support', title: 'Support Specialist', office: 'austin', group: 'Support' },
  { first: 'Logan', last: 'Rivera', department: 'Support', title: 'Support Specialist', office: 'sf', group: 'Support' },
  { first: 'Zoe', last: 'Cooper', department: 'Support', title: 'Support Engineer', office: 'austin', group: 'Support', passwordExpired: true },
  { first: 'Caleb', last: 'Howard', department: 'Support', title: 'Technical Account Manager', office: 'nyc', group: 'Support' },
  { first: 'Lily', last: 'Richardson', department: 'Support', title: 'Support Specialist', office: 'berlin', group: 'Support' },
  { first: 'Ryan', last: 'Cox', department: 'Support', title: 'Support Engineer', office: 'austin', group: 'Support', state: 'SUSPENDED' },
  { first: 'Nora', last: 'Jenkins', department: 'Support', title: 'Support Team Lead', office: 'austin', group: 'Support Leads' },
  { first: 'Isaac', last: 'Perry', department: 'Support', title: 'Support Team Lead', office: 'london', group: 'Support Leads' },
  { first: 'Hannah', last: 'Powell', department: 'Support', title: 'Director of Support', office: 'nyc', group: 'Support Leads' },
  { first: 'Aiden', last: 'Russell', department: 'Engineering', title: 'Software Engineer', office: 'sf', group: 'Engineering' },
  { first: 'Layla', last: 'Griffin', department: 'Engineering', title: 'Senior Software Engineer', office: 'sf', group: 'Engineering' },
  { first: 'Matthew', last: 'Hayes', department: 'Engineering', title: 'Engineering Manager', office: 'sf', group: 'Engineering' },
  { first: 'Aria', last: 'Myers', department: 'Engineering', title: 'Site Reliability Engineer', office: 'austin', group: 'Engineering' },
  { first: 'David', last: 'Ford', department: 'Engineering', title: 'Software Engineer', office: 'nyc', group: 'Engineering' },
  { first: 'Scarlett', last: 'Hamilton', department: 'Engineering', title: 'Product Designer', office: 'sf', group: 'Engineering' },
  { first: 'Joseph', last: 'Graham', department: 'Engineering', title: 'Staff Engineer', office: 'sf', group: 'Engineering' },
  { first: 'Victoria', last: 'Wallace', department: 'Engineering', title: 'QA Engineer', office: 'austin', group: 'Engineering' },
  { first: 'Sebastian', last: 'West', department: 'Engineering', title: 'Software Engineer', office: 'nyc', group: 'Engineering' },
  { first: 'Penelope', last: 'Cole', department: 'Engineering', title: 'Data Engineer', office: 'sf', group: 'Engineering' },
  { first: 'Julian', last: 'Stone', department: 'Engineering', title: 'Security Engineer', office: 'austin', group: 'Engineering' },
  { first: 'Stella', last: 'Hunt', department: 'Engineering', title: 'Software Engineer', office: 'sf', group: 'Engineering' },
  { first: 'Leo', last: 'Black', department: 'Engineering', title: 'Software Engineer', office: 'nyc', group: 'Engineering', state: 'SUSPENDED' },
  { first: 'Aurora', last: 'Mills', department: 'Engineering', title: 'Frontend Engineer', office: 'sf', group: 'Engineering' },
  { first: 'Gabriel', last: 'Warren', department: 'Engineering', title: 'VP of Engineering', office: 'sf', group: 'Engineering' },
  { first: 'Hazel', last: 'Dixon', department: 'Engineering', title: 'Software Engineer', office: 'austin', group: 'Engineering' },
  { first: 'Elias', last: 'Wagner', department: 'Engineering', title: 'Backend Engineer', office: 'berlin', group: 'Engineering' },
  { first: 'Freya', last: 'Turner', department: 'Engineering', title: 'Mobile Engineer', office: 'london', group: 'Engineering' },
  { first: 'Margaret', last: 'Lane', department: 'Finance', title: 'Controller', office: 'nyc' },
];

/** First and last names for generated (bench) directories. */
export const FIRST_NAMES = PEOPLE.map((p) => p.first);
export const LAST_NAMES = PEOPLE.map((p) => p.last);
