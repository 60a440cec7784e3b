/**
 * JumpCloud response shapes (specs/jumpcloud-v1.subset.yaml, jumpcloud-v2.subset.yaml), as zod
 * schemas: every body is validated before use. Unknown fields pass through untouched so that a
 * GET-merge-PUT keeps what Roster does not manage.
 */
import * as z from 'zod';

const optionalString = z.string().nullish();

/** v1 `systemuserreturn`, the fields Roster reads. */
export const systemUserSchema = z.looseObject({
  _id: z.string(),
  username: z.string(),
  email: z.string(),
  firstname: optionalString,
  lastname: optionalString,
  department: optionalString,
  addresses: z
    .array(
      z.looseObject({
        type: optionalString,
        streetAddress: optionalString,
        locality: optionalString,
        region: optionalString,
        postalCode: optionalString,
        country: optionalString,
      }),
    )
    .nullish(),
  phoneNumbers: z.array(z.looseObject({ type: optionalString, number: optionalString })).nullish(),
  attributes: z.array(z.looseObject({ name: z.string(), value: z.unknown() })).nullish(),
  state: z.enum(['STAGED', 'ACTIVATED', 'SUSPENDED']).nullish(),
  suspended: z.boolean().nullish(),
  password_expired: z.boolean().nullish(),
});
export type SystemUser = z.infer<typeof systemUserSchema>;

/** v1 lists: `{totalCount, results}`. */
export const v1List = <T extends z.ZodType>(item: T) => z.looseObject({ totalCount: z.number().int().nonnegative(), results: z.array(item) });

/** v2 `UserGroup`. */
export const userGroupSchema = z.looseObject({ id: z.string(), name: z.string() });

/** v2 `GraphConnection`/`GraphObject`. */
const graphObjectSchema = z.looseObject({ id: z.string(), type: z.string() });
export const graphConnectionSchema = z.looseObject({ to: graphObjectSchema, from: graphObjectSchema.nullish() });

/** v2 `GraphObjectWithPaths`. */
export const graphObjectWithPathsSchema = z.looseObject({
  id: z.string(),
  type: z.string(),
  paths: z.array(z.array(graphConnectionSchema)).nullish(),
});

/** A `config` field descriptor: `{value, label, type, …}`. */
const fieldDescriptorSchema = z.looseObject({ value: z.unknown().optional() });

/** v1 `application`. */
export const applicationSchema = z.looseObject({
  _id: z.string(),
  name: z.string(),
  displayLabel: optionalString,
  displayName: optionalString,
  description: optionalString,
  ssoUrl: optionalString,
  active: z.boolean().nullish(),
  organization: optionalString,
  sso: z.looseObject({ hidden: z.boolean().nullish(), type: optionalString }).nullish(),
  config: z.record(z.string(), fieldDescriptorSchema.or(z.unknown())).nullish(),
  databaseAttributes: z.array(z.unknown()).nullish(),
});
export type Application = z.infer<typeof applicationSchema>;
