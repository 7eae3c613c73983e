import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type {
  LabEvent,
  LabEvents,
  LabMethod,
  LabRequestParsed,
  LabResponses,
} from '../../../../core/lab-api/lab-api-contract';
import { labRequestSchemas } from '../../../../core/lab-api/lab-api-contract';
import { createLabHost } from '../../../../electron/services/lab/lab-service';
import type { FileChooser, LabHost } from '../../../../electron/services/lab/lab-service-types';
import { readSessionFile } from '../../../../electron/services/session/session-file';
import { devWorkerPath } from '../../bridge/bridge-harness';

/** Native dialogs answered by the test: each queue entry is the next answer (null = cancel). */
function scriptedChooser(): FileChooser & {
  answers: { open: (string | null)[]; save: (string | null)[]; folder: (string | null)[] };
  defaults: string[];
} {
  const answers = {
    open: [] as (string | null)[],
    save: [] as (string | null)[],
    folder: [] as (string | null)[],
  };
  const defaults: string[] = [];
  return {
    answers,
    defaults,
    chooseSessionToOpen: async () => answers.open.shift() ?? null,
    chooseSessionSavePath: async (defaultName) => {
      defaults.push(defaultName);
      return answers.save.shift() ?? null;
    },
    chooseExportFolder: async () => answers.folder.shift() ?? null,
  };
}

function call<M extends LabMethod>(host: LabHost, method: M, request: unknown): Promise<LabResponses[M]> {
  return host.invoke(method, labRequestSchemas[method].parse(request) as LabRequestParsed<M>);
}

function nextEvent<E extends LabEvent>(
  host: LabHost,
  event: E,
  predicate: (p: LabEvents[E]) => boolean = () => true,
): Promise<LabEvents[E]> {
  return new Promise((resolve) => {
    const off = host.subscribe((name: LabEvent, payload: unknown) => {
      if (name !== event || !predicate(payload as LabEvents[E])) return;
      off();
      resolve(payload as LabEvents[E]);
    });
  });
}

let root = '';
let hosts: LabHost[] = [];
function electronHost(chooser: FileChooser, stateDir = join(root, 'state')): LabHost {
  const host = createLabHost({
    transport: 'electron',
    stateDir,
    dataDir: null,
    fileChooser: chooser,
    appVersion: '1.2.3',
    workerPath: devWorkerPath,
  });
  hosts.push(host);
  return host;
}

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'bl-service-'));
});
afterEach(async () => {
  await Promise.all(hosts.map((h) => h.dispose()));
  hosts = [];
  await rm(root, { recursive: true, force: true });
});

describe('lab service (Electron transport)', () => {
  it('starts with the basics preset and reports the app', async () => {
    const host = electronHost(scriptedChooser());
    const state = await call(host, 'getState', {});
    expect(state.scenario.name).toMatch(/Basics/);
    expect(state.tick).toBe(0);
    expect(state.session).toEqual({ name: state.scenario.name, location: null, dirty: false });
    expect(await call(host, 'getAppInfo', {})).toMatchObject({
      version: '1.2.3',
      transport: 'electron',
      dataDir: null,
    });
  });

  it('saves through the dialog, tracks dirty, lists recent sessions and opens them again', async () => {
    const chooser = scriptedChooser();
    const host = electronHost(chooser);
    await call(host, 'step', { ticks: 10 });
    chooser.answers.save.push(null);
    expect(await call(host, 'saveSession', {})).toBeNull();
    const path = join(root, 'first.balloonlab');
    chooser.answers.save.push(path);
    const saved = nextEvent(host, 'sessionChanged', (m) => !m.dirty);
    expect(await call(host, 'saveSession', {})).toEqual({ name: 'first', location: path, dirty: false });
    await saved;
    expect(chooser.defaults[0]).toMatch(/\.balloonlab$/);
    const doc = await readSessionFile(path);
    expect(doc.tick).toBe(10);
    expect(doc.app.version).toBe('1.2.3');

    const dirty = nextEvent(host, 'sessionChanged', (m) => m.dirty);
    await call(host, 'step', { ticks: 5 });
    await dirty;
    // Save again goes to the same file without a dialog.
    expect(await call(host, 'saveSession', {})).toEqual({ name: 'first', location: path, dirty: false });
    expect((await readSessionFile(path)).tick).toBe(15);

    expect((await call(host, 'listSessions', {})).map((e) => e.location)).toEqual([path]);
    await call(host, 'reset', {});
    chooser.answers.open.push(path);
    const opened = await call(host, 'openSession', {});
    expect(opened?.tick).toBe(15);
    expect((await call(host, 'openSession', { target: path }))?.tick).toBe(15);
    await expect(call(host, 'openSession', { target: 'relative.balloonlab' })).rejects.toMatchObject({
      code: 'refused',
    });
  });

  it('exports only into a folder the user picked', async () => {
    const chooser = scriptedChooser();
    const host = electronHost(chooser);
    await call(host, 'step', { ticks: 20 });
    await expect(call(host, 'exportCsv', { target: root })).rejects.toMatchObject({ code: 'refused' });
    expect(await call(host, 'exportCsv', {})).toBeNull();
    const folder = join(root, 'csv');
    chooser.answers.folder.push(folder);
    const done = nextEvent(host, 'exportProgress', (p) => p.done);
    const started = await call(host, 'exportCsv', { files: ['host', 'log'] });
    expect(started?.location).toBe(folder);
    expect(await done).toMatchObject({ done: true, cancelled: false });
    expect((await readFile(join(folder, 'host.csv'), 'utf8')).trim().split(/\r?\n/)).toHaveLength(21);
    expect((await call(host, 'listExports', {})).map((e) => e.location).sort()).toEqual([
      join(folder, 'host.csv'),
      join(folder, 'log.csv'),
    ]);
  });

  it('offers unsaved work for recovery on the next start, and recovers it', async () => {
    const stateDir = join(root, 'state');
    const first = electronHost(scriptedChooser(), stateDir);
    await call(first, 'step', { ticks: 40 });
    await call(first, 'applyIntervention', { intervention: { vm: 'db1', set: { shares: 'low' } } });
    const before = await call(first, 'getState', {});
    await first.dispose();
    hosts = hosts.filter((h) => h !== first);

    const second = electronHost(scriptedChooser(), stateDir);
    const info = await call(second, 'getRecovery', {});
    expect(info).toMatchObject({ available: true, tick: 40 });
    const recovered = await call(second, 'recover', {});
    expect(recovered?.tick).toBe(40);
    expect(recovered?.interventions).toEqual(before.interventions);
    expect(recovered?.vms).toEqual(before.vms);
    expect(recovered?.session.dirty).toBe(true);
    expect(await call(second, 'getRecovery', {})).toEqual({ available: false });
  });

  it('a clean session leaves nothing to recover', async () => {
    const stateDir = join(root, 'state');
    const first = electronHost(scriptedChooser(), stateDir);
    await call(first, 'getState', {});
    await first.dispose();
    hosts = hosts.filter((h) => h !== first);
    const second = electronHost(scriptedChooser(), stateDir);
    expect(await call(second, 'getRecovery', {})).toEqual({ available: false });
  });
});
