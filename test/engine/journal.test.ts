/** The journal's event names and its file: whole JSON lines, appended, readable by the owner only. */
import { readFile, stat } from 'node:fs/promises';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Step } from '../../src/core/change.js';
import { defaultJournalPath, eventOfStep, openJournal, PROVISIONING_EVENTS } from '../../src/engine/journal.js';

describe('eventOfStep', () => {
  it.each<[Step, string]>([
    [{ op: 'scim.create', app: 'a', userName: 'u', attributes: {} }, 'user_create_provision'],
    [{ op: 'scim.update', app: 'a', id: '1', userName: 'u', set: { title: 'x' }, unset: [] }, 'user_update_provision'],
    [{ op: 'scim.update', app: 'a', id: '1', userName: 'u', set: { active: true }, unset: [] }, 'user_update_provision'],
    [{ op: 'scim.update', app: 'a', id: '1', userName: 'u', set: { active: false }, unset: [] }, 'user_deprovision'],
    [{ op: 'scim.delete', app: 'a', id: '1', userName: 'u' }, 'user_delete_provision'],
    [{ op: 'idp.app.create', app: 'a', settings: {} }, 'application_create'],
    [{ op: 'idp.app.update', app: 'a', appId: '1', set: {}, unset: [] }, 'application_update'],
    [{ op: 'idp.app.delete', app: 'a', appId: '1' }, 'application_delete'],
    [{ op: 'idp.binding.add', app: 'a', group: 'g', groupId: '1' }, 'group_create_provision'],
    [{ op: 'idp.binding.remove', app: 'a', appId: '1', group: 'g', groupId: '1' }, 'group_delete_provision'],
  ])('%j is %s', (step, name) => {
    expect(eventOfStep(step)).toBe(name);
    expect(PROVISIONING_EVENTS).toContain(name);
  });
});

describe('openJournal', () => {
  it('appends one JSON line per record, with the time and the run, in a file only its owner reads', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'roster-journal-')), 'nested', 'run.jsonl');
    let tick = 0;
    const journal = openJournal(path, 'run-1', () => new Date(Date.UTC(2025, 0, 1, 0, 0, tick++)));
    journal.record({ event_type: 'user_create_provision', app: 'a', target: { userName: 'u' }, outcome: 'success', attempts: 1 });
    journal.record({ event_type: 'user_delete_provision', app: 'a', outcome: 'failure', error: { status: 503, message: 'unavailable' } });
    journal.close();
    const lines = (await readFile(path, 'utf8')).split('\n');
    expect(lines.at(-1)).toBe('');
    expect(lines.slice(0, -1).map((l) => JSON.parse(l))).toEqual([
      { time: '2025-01-01T00:00:00.000Z', run: 'run-1', event_type: 'user_create_provision', app: 'a', target: { userName: 'u' }, outcome: 'success', attempts: 1 },
      { time: '2025-01-01T00:00:01.000Z', run: 'run-1', event_type: 'user_delete_provision', app: 'a', outcome: 'failure', error: { status: 503, message: 'unavailable' } },
    ]);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it('is under .roster/journal by default, named by the time, without colons', () => {
    expect(defaultJournalPath('/work', new Date(Date.UTC(2025, 0, 2, 3, 4, 5)))).toBe('/work/.roster/journal/2025-01-02T03-04-05.000Z.jsonl');
  });
});
