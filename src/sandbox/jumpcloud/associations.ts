import { json, noContent, parseJsonBody } from '../http.js';
import type { Router } from '../router.js';
import type { ApplicationStore, AssociationType } from './application-store.js';
import type { DirectoryStore } from './directory-store.js';
import { badRequest, conflict, notFound } from './errors.js';
import { reachableGroups } from './graph.js';
import { readPage } from './query.js';
import { readGraphOperation } from './usergroups.js';

const TARGETS: AssociationType[] = ['user', 'user_group'];

/** Application ↔ user group bindings, v2 "JumpCloud Graph" (docs/vendors/jumpcloud.md §3). */
export function registerAssociations(router: Router, apps: ApplicationStore, directory: DirectoryStore): void {
  const loadApp = (id: string): string => {
    if (!apps.get(id)) throw notFound('Application');
    return id;
  };

  /**
   * `targets` is required (enum user|user_group, a comma-joined array); 400 without it. Returns the
   * direct edges as `GraphConnection[]`, `from` omitted ("clear from context").
   */
  router.add('GET', '/api/v2/applications/:id/associations', (req) => {
    const appId = loadApp(req.params.id ?? '');
    const targets = req.query.getAll('targets').flatMap((t) => t.split(',')).filter((t) => t !== '');
    if (targets.length === 0) throw badRequest('targets is required (user or user_group)');
    const unknown = targets.find((t) => !TARGETS.includes(t as AssociationType));
    if (unknown) throw badRequest(`targets must be user or user_group, not ${unknown}`);
    const edges = apps.listAssociations(appId, targets as AssociationType[], readPage(req.query));
    return json(200, edges.map((edge) => ({ to: { id: edge.id, type: edge.type } })));
  });

  /**
   * `GraphOperation-Application` `{op, type, id}` → 204. Not documented what adding an existing
   * edge or removing a missing one returns (docs/vendors/jumpcloud.md §3 infers 409/404); the sandbox answers
   * 409 and 404, so a client must diff against the associations first, as the reference advises.
   */
  router.add('POST', '/api/v2/applications/:id/associations', (req) => {
    const appId = loadApp(req.params.id ?? '');
    const op = readGraphOperation(parseJsonBody(req), TARGETS);
    const type = op.type as AssociationType;
    const targetExists = type === 'user' ? directory.getUser(op.id) !== undefined : directory.getGroup(op.id) !== undefined;
    if (!targetExists) throw notFound(type === 'user' ? 'User' : 'User group');
    const present = apps.hasAssociation(appId, type, op.id);
    if (op.op === 'add') {
      if (present) throw conflict('The association already exists');
      apps.addAssociation(appId, type, op.id);
    } else {
      if (!present) throw notFound('Association');
      if (op.op === 'remove') apps.removeAssociation(appId, type, op.id);
    }
    return noContent();
  });

  /**
   * User groups bound to the application "directly or indirectly" (`graph_applicationTraverseUserGroup`):
   * the bound groups and the groups nested in them, each with its paths from the application.
   */
  router.add('GET', '/api/v2/applications/:id/usergroups', (req) => {
    const appId = loadApp(req.params.id ?? '');
    if (req.query.getAll('filter').some((f) => f !== '' && f !== '[]')) throw badRequest('filter is not supported by the sandbox on this route');
    const page = readPage(req.query);
    const bound = apps.listAssociations(appId, ['user_group'], { limit: -1, skip: 0 });
    const reach = reachableGroups(
      directory,
      bound.map((edge) => ({ groupId: edge.id, prefix: [{ from: { id: appId, type: 'application' }, to: { id: edge.id, type: 'user_group' } }] })),
    );
    const all = [...reach.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([id, paths]) => ({ id, type: 'user_group', paths }));
    return json(200, all.slice(page.skip, page.skip + page.limit));
  });
}
