import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeBlockIndex } from '../../../../core/session/checkpoint-blocks';
import { readSessionFile, writeSessionFile } from '../../../../electron/services/session/session-file';
import { startLab, type Lab } from '../lab/lab-harness';

describe('sessions keep a checkpoint and their trace', () => {
  let lab: Lab;
  beforeAll(async () => {
    lab = await startLab();
  }, 60_000);
  afterAll(() => lab.close());

  it('open from the saved checkpoint and trace, with the run as it was; a damaged trace is replayed', async () => {
    const { api, rt } = lab;
    await api.step({ ticks: 200 });
    await api.applyIntervention({ intervention: { vm: 'app1', set: { shares: 'high' } } });
    await api.step({ ticks: 100 });
    const before = await api.getState({});
    const past = (await api.viewAt({ tick: 150 })).host;
    await expect(api.play({})).rejects.toThrow(/past moment of the run is shown, so it cannot run/);
    await api.returnToHead({});
    await expect(api.viewAt({ tick: 301 })).rejects.toThrow(
      /Tick 301 has not been simulated yet: the run is at tick 300/,
    );
    const samples = rt.sampleCount;
    const lines = (await api.getLog({ vm: null, offset: 0, limit: 200_000 })).total;
    await api.saveSession({ target: 'traced', saveAs: false });
    const path = join(lab.root, 'data', 'traced.balloonlab');
    const doc = await readSessionFile(path);
    expect(doc.trace?.checkpointTick).toBeLessThanOrEqual(300);
    // The trace's bytes follow the JSON header as they are, not as base64 inside it.
    const bytes = await readFile(path);
    const header = JSON.parse(bytes.subarray(0, bytes.indexOf(0)).toString('utf8')) as {
      trace: { samples: number };
    };
    expect(header.trace.samples).toBe(doc.trace?.samples.byteLength);
    expect(bytes.subarray(bytes.length - doc.trace!.log.byteLength)).toEqual(Buffer.from(doc.trace!.log));

    await api.newSession({ presetId: 'basics' });
    const warnings = (): number => lab.events.filter((e) => e.event === 'notice').length;
    const noticesBefore = warnings();
    const opened = await api.openSession({ target: 'traced' });
    expect(opened).toMatchObject({
      tick: 300,
      host: before.host,
      vms: before.vms,
      interventions: before.interventions,
    });
    expect(rt.sampleCount).toBe(samples);
    expect((await api.getLog({ vm: null, offset: 0, limit: 200_000 })).total).toBe(lines);
    expect(warnings()).toBe(noticesBefore);
    expect(rt.lastLoadFromCheckpoint).toBe(true);
    // Going back after opening shows the same past as before saving.
    expect((await api.viewAt({ tick: 150 })).host).toEqual(past);
    await api.returnToHead({});

    // Damaged samples: the trace is refused with a notice and the run replayed to the same state.
    doc.trace!.samples = new Uint8Array(3);
    await writeSessionFile(path, doc);
    const replayed = await api.openSession({ target: 'traced' });
    expect(replayed).toMatchObject({ tick: 300, host: before.host });
    expect(rt.sampleCount).toBe(samples);
    expect(rt.lastLoadFromCheckpoint).toBe(false);
    expect(JSON.stringify(lab.events.slice(noticesBefore))).toMatch(/saved trace of .* cannot be used/);
  }, 120_000);

  it('a session saved with several checkpoints: jumps after opening show the past as it was, and going on matches never having stopped', async () => {
    const { api, rt } = lab;
    await api.newSession({ presetId: 'basics' });
    await api.step({ ticks: 200 });
    await api.applyIntervention({ intervention: { vm: 'app1', set: { shares: 'low' } } });
    // Most of the hour: the run takes a checkpoint every 100 to 150 ms of engine work, and the
    // file is to hold several besides tick 0 and the head (400 ticks sometimes held only those).
    await api.step({ ticks: 3300 });
    const pasts = [50, 150, 250, 350, 1700, 3200];
    const seen = new Map<number, unknown>();
    for (const tick of pasts) seen.set(tick, (await api.viewAt({ tick })).host);
    await api.returnToHead({});
    await api.saveSession({ target: 'several', saveAs: false });
    const doc = await readSessionFile(join(lab.root, 'data', 'several.balloonlab'));
    const index = decodeBlockIndex(inflateRawSync(doc.trace?.store?.index ?? new Uint8Array(0)));
    expect(index.checkpoints.length).toBeGreaterThan(2);
    // The run that never stopped.
    await api.step({ ticks: 100 });
    const never = await api.getState({});
    const neverLast = rt.sampleAt(rt.sampleCount - 1);

    await api.newSession({ presetId: 'basics' });
    const opened = await api.openSession({ target: 'several' });
    expect(rt.lastLoadFromCheckpoint).toBe(true);
    // The moments between the file's checkpoints are rebuilt while the lab waits, and the state says so until done.
    expect(opened?.preparingJumps).toBe(true);
    for (const tick of [...pasts].reverse())
      expect((await api.viewAt({ tick })).host).toEqual(seen.get(tick));
    const end = Date.now() + 60_000;
    while ((await api.getState({})).preparingJumps === true && Date.now() < end)
      await new Promise((r) => setTimeout(r, 50));
    expect((await api.getState({})).preparingJumps).toBeUndefined();
    await api.returnToHead({});
    await api.step({ ticks: 100 });
    expect(await api.getState({})).toMatchObject({ tick: 3600, host: never.host, vms: never.vms });
    expect(rt.sampleAt(rt.sampleCount - 1)).toEqual(neverLast);

    // A damaged block table is refused by the engine and the run replayed to the same state.
    const path = join(lab.root, 'data', 'several.balloonlab');
    const file = await readSessionFile(path);
    file.trace!.store!.index = new Uint8Array(40).fill(1);
    await writeSessionFile(path, file);
    const replayed = await api.openSession({ target: 'several' });
    expect(rt.lastLoadFromCheckpoint).toBe(false);
    expect(replayed?.tick).toBe(file.tick);
    expect((await api.viewAt({ tick: 250 })).host).toEqual(seen.get(250));
  }, 120_000);

  it('jumps while a save is in progress show the moments asked for, and the file holds the run at its head', async () => {
    const { api } = lab;
    await api.newSession({ presetId: 'basics' });
    await api.step({ ticks: 300 });
    const before = await api.getState({});
    const at150 = (await api.viewAt({ tick: 150 })).host;
    await api.returnToHead({});
    // Jumps do not wait for the save (task-lanes.ts): they run while its checkpoints are compressed.
    const saving = api.saveSession({ target: 'jumping', saveAs: true });
    const [back, further, head] = await Promise.all([
      api.viewAt({ tick: 150 }),
      api.viewAt({ tick: 60 }),
      api.returnToHead({}),
    ]);
    expect(back).toMatchObject({ viewTick: 150, host: at150 });
    expect(further.viewTick).toBe(60);
    expect(head).toMatchObject({ tick: 300, host: before.host, vms: before.vms });
    expect(head.viewTick).toBeUndefined();
    await expect(saving).resolves.toMatchObject({ location: 'jumping.balloonlab', dirty: false });
    await api.newSession({ presetId: 'basics' });
    expect(await api.openSession({ target: 'jumping' })).toMatchObject({
      tick: 300,
      host: before.host,
      vms: before.vms,
    });
    expect((await api.viewAt({ tick: 150 })).host).toEqual(at150);
  }, 60_000);
});
