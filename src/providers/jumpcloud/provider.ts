/**
 * The JumpCloud IdP provider: reads the directory and SSO applications, executes `idp.*` steps.
 */
import type { Step } from '../../core/change.js';
import type { Directory, IdpApplication } from '../../core/model.js';
import type { IdpProvider, ReadDirectoryRequest, StepContext, StepResult } from '../../core/ports.js';
import { assertNever } from '../../core/assert-never.js';
import { HttpClient } from '../http/client.js';
import { changeBinding, createApplication, deleteApplication, readApplications, updateApplication } from './applications.js';
import { readDirectory, readGroups } from './directory.js';

export interface JumpCloudOptions {
  /** e.g. https://console.jumpcloud.com (the `/api` paths are appended). */
  readonly url: string;
  readonly apiKey: string;
  readonly orgId?: string;
  readonly readOnly: boolean;
  /** Catalog (JumpCloud application template name) per configured application. */
  readonly catalogs: ReadonlyMap<string, string>;
}

export class JumpCloudProvider implements IdpProvider {
  readonly system = 'jumpcloud';
  readonly http: HttpClient;
  private readonly catalogs: ReadonlyMap<string, string>;
  private groupNames?: Map<string, string>;

  constructor(options: JumpCloudOptions) {
    this.catalogs = options.catalogs;
    this.http = new HttpClient({
      system: this.system,
      baseUrl: options.url,
      readOnly: options.readOnly,
      secretHeaders: () => ({ 'x-api-key': options.apiKey }),
      ...(options.orgId ? { headers: { 'x-org-id': options.orgId } } : {}),
    });
  }

  private async groupNameIndex(): Promise<Map<string, string>> {
    this.groupNames ??= new Map((await readGroups(this.http)).map((g) => [g.id, g.name]));
    return this.groupNames;
  }

  async readDirectory(request: ReadDirectoryRequest): Promise<Directory> {
    return readDirectory(this.http, request.groupNames);
  }

  async readApplications(apps: ReadonlyArray<{ app: string; label: string }>): Promise<IdpApplication[]> {
    return readApplications(this.http, apps, await this.groupNameIndex());
  }

  async execute(step: Extract<Step, { op: `idp.${string}` }>, context: StepContext): Promise<StepResult> {
    switch (step.op) {
      case 'idp.app.create': {
        const id = await createApplication(this.http, this.catalogs.get(step.app) ?? step.app, step.settings);
        return { id, attempts: 1 };
      }
      case 'idp.app.update':
        await updateApplication(this.http, step.appId, step.set, step.unset);
        return { id: step.appId, attempts: 1 };
      case 'idp.app.delete':
        await deleteApplication(this.http, step.appId);
        return { id: step.appId, attempts: 1 };
      case 'idp.binding.add': {
        const appId = step.appId ?? context.appIds.get(step.app);
        if (!appId) throw new Error(`${step.app}: the IdP application to bind ${step.group} to was not created`);
        await changeBinding(this.http, appId, step.groupId, 'add');
        return { id: appId, attempts: 1 };
      }
      case 'idp.binding.remove':
        await changeBinding(this.http, step.appId, step.groupId, 'remove');
        return { id: step.appId, attempts: 1 };
      default:
        return assertNever(step, 'IdP step');
    }
  }

  async close(): Promise<void> {
    await this.http.close();
  }
}
