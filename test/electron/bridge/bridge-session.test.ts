import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChartHistory } from '../../../core/lab-api/lab-api-contract';
import { hostCsvHeader, logCsvHeader, vmsCsvHeader } from '../../../core/trace/trace-columns';
import { readSessionFile, writeSessionFile } from '../../../electron/services/session/session-file';
import { LabApiError } from '../../../renderer/src/api/bridge-client';
import { nextEvent, startBridgeHarness, type BridgeHarness } from './bridge-harness';

let h: BridgeHarness;
beforeAll(async () => {
  h = await startBridgeHarness();
});
afterAll(async () => {
  await h?.close();
});

async function fullHistory(): Promise<ChartHistory> {
  return h.client.getHistory({ maxPoints: 20_000 });
}

/** The first `n` samples of a chart history. */
function firstSamples(history: ChartHistory, n: number): ChartHistory {
  const cut = <A extends Float64Array | Uint8Array>(a: A): A => a.slice(0, n) as A;
  const cutAll = <K extends string>(series: Record<K, Float64Array>): Record<K, Float64Array> =>
    Object.fromEntries(Object.entries<Float64Array>(series).map(([k, a]) => [k, cut(a)])) as Record<
      K,
      Float64Array
    >;
  return {
    stride: history.stride,
    timeS: cut(history.timeS),
    state: cut(history.state),
    host: cutAll(history.host),
    vms: history.vms.map((vm) => ({ id: vm.id, series: cutAll(vm.series) })),
  };
}

async function rejection(promise: Promise<unknown>): Promise<LabApiError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(LabApiError);
  return error as LabApiError;
}

describe('bridge: a session over the WebSocket', () => {
  it('loads a preset, steps, saves, opens and continues with the same trace as never stopping', async () => {
    const info = await h.client.getAppInfo({});
    expect(info.transport).toBe('bridge');
    expect(info.dataDir).toBe(h.dataDir);
    const presets = await h.client.listPresets({});
    expect(presets.map((p) => p.id)).toContain('basics');

    const changed = nextEvent(h.client, 'sessionChanged');
    const fresh = await h.client.newSession({ presetId: 'basics' });
    expect(fresh.tick).toBe(0);
    expect(fresh.session.dirty).toBe(false);
    expect(fresh.vms.map((v) => v.id)).toEqual(['app1', 'batch1', 'db1', 'web1']);
    await changed;

    const frame = nextEvent(h.client, 'frame', (f) => f.tick >= 200);
    const stepped = await h.client.step({ ticks: 200 });
    expect(stepped.tick).toBe(200);
    expect(stepped.session.dirty).toBe(true);
    expect((await frame).vms).toHaveLength(4);

    const meta = await h.client.saveSession({ target: 'half', uiState: { selectedVm: 'app1' } });
    expect(meta).toEqual({ name: 'half', location: 'half.balloonlab', dirty: false });
    const listed = await h.client.listSessions({});
    expect(listed.map((e) => e.location)).toContain('half.balloonlab');

    await h.client.step({ ticks: 200 });
    const uninterrupted = await fullHistory();
    expect(uninterrupted.timeS).toHaveLength(400);
    const logUninterrupted = await h.client.getLog({ vm: null });

    const opened = await h.client.openSession({ target: 'half' });
    expect(opened).not.toBeNull();
    expect(opened!.tick).toBe(200);
    expect(opened!.uiState).toEqual({ selectedVm: 'app1' });
    expect(opened!.session).toEqual({ name: 'half', location: 'half.balloonlab', dirty: false });
    expect(opened!.host).toEqual(stepped.host);
    expect(opened!.vms).toEqual(stepped.vms);
    expect(await fullHistory()).toEqual(firstSamples(uninterrupted, 200));

    await h.client.step({ ticks: 200 });
    expect(await fullHistory()).toEqual(uninterrupted);
    expect(await h.client.getLog({ vm: null })).toEqual(logUninterrupted);
  });

  it('plays at a speed, pauses, and runs a short scenario to its end with progress', async () => {
    await h.client.newSession({
      scenario: {
        name: 'short',
        durationS: 90,
        vms: [
          { id: 'a', memoryMiB: 2048 },
          { id: 'b', memoryMiB: 2048 },
        ],
      },
    });
    await h.client.setSpeed({ speed: 20 });
    const playing = await h.client.play({});
    expect(playing.running).toBe(true);
    expect(playing.speed).toBe(20);
    await nextEvent(h.client, 'frame', (f) => f.tick >= 5);
    const paused = await h.client.pause({});
    expect(paused.running).toBe(false);
    expect(paused.tick).toBeGreaterThanOrEqual(5);
    expect(paused.tick).toBeLessThan(90);

    const progress: number[] = [];
    h.client.on('runProgress', (p) => progress.push(p.tick));
    const done = nextEvent(h.client, 'runProgress', (p) => p.done);
    await h.client.runToEnd({});
    const end = await done;
    expect(end).toMatchObject({ tick: 90, endTick: 90, done: true, cancelled: false });
    const state = await h.client.getState({});
    expect(state.tick).toBe(90);
    expect(state.running).toBe(false);
    expect([...progress].sort((a, b) => a - b)).toEqual(progress);
    expect((await fullHistory()).timeS).toHaveLength(90);
  });

  it('applies a live intervention, records it in the session, and resets', async () => {
    await h.client.newSession({ presetId: 'basics' });
    await h.client.step({ ticks: 30 });
    const state = await h.client.applyIntervention({
      intervention: { vm: 'web1', set: { balloonDriver: 'stuck' } },
    });
    expect(state.interventions).toEqual([
      { tick: 30, intervention: { vm: 'web1', set: { balloonDriver: 'stuck' } } },
    ]);
    const refused = await rejection(
      h.client.applyIntervention({ intervention: { vm: 'nope', power: 'off' } }),
    );
    expect(refused.code).toBe('refused');
    const scenarioRefused = await rejection(h.client.updateScenario({ scenario: {} }));
    expect(scenarioRefused.code).toBe('refused');
    const reset = await h.client.reset({});
    expect(reset.tick).toBe(0);
    expect(reset.interventions).toEqual([]);
    expect((await fullHistory()).timeS).toHaveLength(0);
  });

  it('updates the scenario at tick 0, and reports invalid scenarios with field paths', async () => {
    await h.client.newSession({ presetId: 'basics' });
    const bad = await h.client.updateScenario({
      scenario: { vms: [{ id: 'a', memoryMiB: 1024, reservationMiB: 4096 }] },
    });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.issues[0]!.path).toBe('vms[0].reservationMiB');
    const good = await h.client.updateScenario({ scenario: { name: 'edited', vms: [{ id: 'solo' }] } });
    expect(good.ok).toBe(true);
    if (good.ok) {
      expect(good.state.scenario.name).toBe('edited');
      expect(good.state.vms.map((v) => v.id)).toEqual(['solo']);
      expect(good.state.session.dirty).toBe(true);
    }
    const invalid = await rejection(h.client.newSession({ scenario: { durationS: -1 } }));
    expect(invalid.code).toBe('invalid-scenario');
    expect(invalid.issues?.[0]?.path).toBe('durationS');
    // A scenario file that names its JSON Schema for editors opens like any other.
    const named = await h.client.newSession({
      scenario: { $schema: '../docs/scenario.schema.json', vms: [{ id: 'solo' }] },
    });
    expect(named.vms.map((v) => v.id)).toEqual(['solo']);
  });

  it('exports CSV files with the trace columns, and serves them for download with the token', async () => {
    await h.client.newSession({ presetId: 'basics' });
    await h.client.step({ ticks: 120 });
    const progress = nextEvent(h.client, 'exportProgress', (p) => p.done);
    const started = await h.client.exportCsv({ target: 'basics-120' });
    expect(started).toMatchObject({ location: 'basics-120' });
    const end = await progress;
    expect(end).toMatchObject({ exportId: started!.exportId, done: true, cancelled: false });
    expect(end.error).toBeUndefined();
    const folder = join(h.dataDir, 'exports', 'basics-120');
    const host = (await readFile(join(folder, 'host.csv'), 'utf8')).trim().split(/\r?\n/);
    const vms = (await readFile(join(folder, 'vms.csv'), 'utf8')).trim().split(/\r?\n/);
    const log = (await readFile(join(folder, 'log.csv'), 'utf8')).trim().split(/\r?\n/);
    expect(host[0]).toBe(hostCsvHeader.join(','));
    expect(vms[0]).toBe(vmsCsvHeader.join(','));
    expect(log[0]).toBe(logCsvHeader.join(','));
    expect(host).toHaveLength(121);
    expect(vms).toHaveLength(1 + 120 * 4);
    expect(host[1]!.startsWith('1,')).toBe(true);

    const ranged = nextEvent(h.client, 'exportProgress', (p) => p.done);
    await h.client.exportCsv({ target: 'range', fromS: 10, toS: 19, files: ['host'] });
    await ranged;
    const rangedRows = (await readFile(join(h.dataDir, 'exports', 'range', 'host.csv'), 'utf8'))
      .trim()
      .split(/\r?\n/);
    expect(rangedRows.slice(1).map((r) => r.split(',')[0])).toEqual([
      '10',
      '11',
      '12',
      '13',
      '14',
      '15',
      '16',
      '17',
      '18',
      '19',
    ]);

    const exports = await h.client.listExports({});
    expect(exports.map((e) => e.location)).toEqual(
      expect.arrayContaining([
        'basics-120/host.csv',
        'basics-120/vms.csv',
        'basics-120/log.csv',
        'range/host.csv',
      ]),
    );
    const download = await fetch(
      `http://127.0.0.1:${h.server.port}/exports/basics-120/host.csv?token=${h.server.token}`,
    );
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect((await download.text()).split(/\r?\n/)[0]).toBe(hostCsvHeader.join(','));
    expect((await fetch(`http://127.0.0.1:${h.server.port}/exports/basics-120/host.csv`)).status).toBe(403);
  });

  it('refuses bad names, missing and corrupt files with typed errors', async () => {
    expect((await rejection(h.client.saveSession({ target: '../escape' }))).code).toBe('bad-request');
    expect((await rejection(h.client.openSession({ target: '/etc/passwd' }))).code).toBe('bad-request');
    expect((await rejection(h.client.openSession({ target: 'missing' }))).code).toBe('not-found');
    expect((await rejection(h.client.exportCsv({ target: '../../x' }))).code).toBe('bad-request');
    await writeFile(join(h.dataDir, 'broken.balloonlab'), '{"schema": "balloon-lab/session@1", ');
    const corrupt = await rejection(h.client.openSession({ target: 'broken' }));
    expect(corrupt.code).toBe('refused');
    expect(corrupt.message).toMatch(/broken\.balloonlab/);
    expect((await rejection(h.client.step({ ticks: 0 }))).code).toBe('bad-request');
    expect(
      (await rejection(h.client.setView({ selectedVm: null, hostMap: { cells: 0 }, guestMap: { cells: 1 } })))
        .code,
    ).toBe('bad-request');
    expect((await rejection(h.client.newSession({ presetId: 'no-such-preset' }))).code).toBe('not-found');
  });

  it('warns when a replayed session does not match its saved digest, and still opens it', async () => {
    await h.client.newSession({ presetId: 'basics' });
    await h.client.step({ ticks: 50 });
    await h.client.saveSession({ target: 'tampered' });
    const path = join(h.dataDir, 'tampered.balloonlab');
    const doc = await readSessionFile(path);
    await writeSessionFile(path, { ...doc, stateDigest: 'not-the-digest' });
    const notice = nextEvent(h.client, 'notice', (n) => n.level === 'warn');
    const opened = await h.client.openSession({ target: 'tampered' });
    expect(opened!.tick).toBe(50);
    expect((await notice).message).toMatch(/differs from the saved one/);
  });

  it('opens a session saved by an earlier engine, replays it with this one and says so once', async () => {
    await h.client.newSession({ presetId: 'basics' });
    await h.client.step({ ticks: 40 });
    await h.client.saveSession({ target: 'older-engine' });
    const path = join(h.dataDir, 'older-engine.balloonlab');
    const doc = await readSessionFile(path);
    // What engine 1.0.0 (before the guest model charged for paging) wrote: its own version and digest.
    await writeSessionFile(path, {
      ...doc,
      app: { ...doc.app, engineVersion: '1.0.0' },
      stateDigest: 'fnv1a64:3f2a9c0d17e4b5a8',
    });
    const notices: string[] = [];
    h.client.on('notice', (n) => notices.push(n.message));
    const opened = await h.client.openSession({ target: 'older-engine' });
    expect(opened!.tick).toBe(40);
    await h.client.step({ ticks: 5 });
    await h.client.getState({});
    expect(notices.filter((m) => /saved by engine 1\.0\.0; this is engine/.test(m))).toHaveLength(1);
    expect(notices.join('\n')).toMatch(/results differ from when it was saved/);
  });

  it('pushes events to every connected client', async () => {
    const second = h.connect();
    const both = Promise.all([nextEvent(h.client, 'sessionChanged'), nextEvent(second, 'sessionChanged')]);
    await second.getState({});
    await h.client.newSession({ presetId: 'boot-storm' });
    const [a, b] = await both;
    expect(a).toEqual(b);
    second.close();
  });
});
