/**
 * The JumpCloud IdP provider: reads the directory and SSO applications, executes `idp.*` steps.
 *
 * The user-group list serves both the applications' bindings (group names) and the directory; it
 * is read once and kept until Roster writes to JumpCloud.
 */
import type { Step } from '../../core/change.js';
import type { Directory, IdpApplication } from '../../core/model.js';
import type { FoundIdpApplication, IdpProvider, ReadDirectoryRequest, StepContext, StepResult } from '../../core/ports.js';
import { assertNever } from '../../core/assert-never.js';
import { mapConcurrent } from '../http/concurrency.js';
import type { HttpClient } from '../http/client.js';
import { certificateOf, readOnlyOf, settingsOf } from './application-settings.js';
import {
  changeBinding,
  createApplication,
  deleteApplication,
  listApplications,
  metadataPath,
  readBoundGroupIds,
  readMetadataXml,
  recordProvisioning,
  recordedApp,
  updateApplication,
} from './applications.js';
import { readGroups, readMemberships, readUsers, type GroupRef } from './directory.js';
import { applicationSchema } from './wire.js';

export class JumpCloudProvider implements IdpProvider {
  readonly system: string;
  /**
   * JumpCloud object ids are 24 hexadecimal digits (MongoDB ObjectIds: `_id` in every v1/v2
   * schema, docs/vendors/jumpcloud.md §5). An account whose externalId has this shape was provisioned from
   * this directory, even when the user no longer exists.
   */
  readonly userIdPattern = '[0-9a-f]{24}';
  private groups?: Promise<GroupRef[]>;

  constructor(
    private readonly http: HttpClient,
    /** JumpCloud application template name (catalog) per configured application. */
    private readonly catalogs: ReadonlyMap<string, string>,
    /** The API's base URL, for the metadata URL people are given. */
    private readonly baseUrl: string,
  ) {
    this.system = http.system;
  }

  private readGroupsOnce(): Promise<GroupRef[]> {
    this.groups ??= readGroups(this.http);
    this.groups.catch(() => (this.groups = undefined));
    return this.groups;
  }

  async readDirectory(request: ReadDirectoryRequest): Promise<Directory> {
    const progress = request.onProgress;
    // Memberships need only the groups and their names: they are read while the users are. A
    // membership list has no total, so its pages are read a few ahead (readV2List): the longest
    // chain of the directory's reads.
    const groupsRead = Promise.all([this.readGroupsOnce(), request.groupNames]).then(async ([groups, names]) => {
      const needed = new Set(names);
      const wanted = request.allGroups ? groups : groups.filter((g) => needed.has(g.name));
      const memberships = await readMemberships(this.http, wanted, new Map(groups.map((g) => [g.id, g.name])), progress && ((group, members) => progress.members(group.name, members)));
      return wanted.map((group, i) => ({ id: group.id, name: group.name, members: memberships[i] ?? [] }));
    });
    const [users, groups, every] = await Promise.all([readUsers(this.http, progress && ((page) => progress.users(page))), groupsRead, this.readGroupsOnce()]);
    return { users, groups, groupNames: every.map((g) => g.name) };
  }

  /**
   * Applications labelled as a configured application is, and every application carrying Roster's
   * record. Bindings are read for the configured ones only: one no longer configured is deleted
   * with its bindings.
   */
  async readApplications(wanted: ReadonlyArray<{ app: string; label: string }>): Promise<IdpApplication[]> {
    const [apps, groups] = await Promise.all([listApplications(this.http), this.readGroupsOnce()]);
    const names = new Map(groups.map((g) => [g.id, g.name]));
    const configured = new Set(wanted.map((w) => w.app));
    // Named by the record while its application is configured; else by its label (an application to adopt).
    const found = apps.flatMap((found) => {
      const recorded = recordedApp(found);
      const labelled = wanted.find((w) => w.label === found.displayLabel)?.app;
      const app = recorded !== undefined && configured.has(recorded) ? recorded : (labelled ?? recorded);
      return app !== undefined ? [{ app, found }] : [];
    });
    const bound = await mapConcurrent(found, 4, ({ app, found }) => (configured.has(app) ? readBoundGroupIds(this.http, found._id) : Promise.resolve([])));
    return found.map(({ app, found }, i) => {
      const certificate = certificateOf(found);
      const readOnly = readOnlyOf(found);
      return {
        id: found._id,
        app,
        settings: settingsOf(found),
        boundGroups: (bound[i] ?? []).map((id) => ({ id, name: names.get(id) ?? id })).sort((a, b) => a.name.localeCompare(b.name)),
        ...(readOnly.length > 0 ? { readOnly } : {}),
        ...(certificate ? { certificate } : {}),
        ...(found.organization ? { metadataUrl: `${this.baseUrl.replace(/\/+$/, '')}${metadataPath(found.organization, found._id)}` } : {}),
      };
    });
  }

  async readEveryApplication(): Promise<FoundIdpApplication[]> {
    const [apps, groups] = await Promise.all([listApplications(this.http), this.readGroupsOnce()]);
    const names = new Map(groups.map((g) => [g.id, g.name]));
    const bound = await mapConcurrent(apps, 4, (app) => readBoundGroupIds(this.http, app._id));
    return apps.map((app, i) => ({
      id: app._id,
      kind: app.name,
      settings: settingsOf(app),
      boundGroups: (bound[i] ?? []).map((id) => names.get(id) ?? id).sort((a, b) => a.localeCompare(b)),
    }));
  }

  async readMetadata(appId: string): Promise<{ url: string; xml: string }> {
    const app = await this.http.json({ method: 'GET', path: `/api/applications/${encodeURIComponent(appId)}` }, applicationSchema);
    const organization = app.organization ?? '';
    return { url: `${this.baseUrl.replace(/\/+$/, '')}${metadataPath(organization, appId)}`, xml: await readMetadataXml(this.http, organization, appId) };
  }

  async execute(step: Extract<Step, { op: `idp.${string}` }>, context: StepContext): Promise<StepResult> {
    this.groups = undefined;
    const appIdOf = (appId: string | undefined, what: string): string => {
      const id = appId ?? context.appIds.get(step.app);
      if (!id) throw new Error(`${step.app}: the IdP application to ${what} was not created`);
      return id;
    };
    switch (step.op) {
      case 'idp.app.create': {
        const created = await createApplication(this.http, this.catalogs.get(step.app) ?? step.app, step.settings);
        return { id: created.id, attempts: created.tally.attempts, ...(created.lookedUp ? { lookedUp: true } : {}) };
      }
      case 'idp.app.update':
        return { id: step.appId, attempts: (await updateApplication(this.http, step.appId, step.set, step.unset)).attempts };
      case 'idp.provisioning.record': {
        const appId = appIdOf(step.appId, 'record provisioning on');
        return { id: appId, attempts: (await recordProvisioning(this.http, appId, step.provisioning)).attempts };
      }
      case 'idp.app.delete':
        return { id: step.appId, attempts: (await deleteApplication(this.http, step.appId)).attempts };
      case 'idp.binding.add': {
        const appId = appIdOf(step.appId, `bind ${step.group} to`);
        return { id: appId, attempts: (await changeBinding(this.http, appId, step.groupId, 'add')).attempts };
      }
      case 'idp.binding.remove':
        return { id: step.appId, attempts: (await changeBinding(this.http, step.appId, step.groupId, 'remove')).attempts };
      default:
        return assertNever(step, 'IdP step');
    }
  }
}
