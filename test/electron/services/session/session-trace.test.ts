import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
    const doc = JSON.parse(await readFile(path, 'utf8')) as {
      trace?: { checkpointTick: number; samples: string[] };
    };
    expect(doc.trace?.checkpointTick).toBeLessThanOrEqual(300);

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
    doc.trace!.samples = ['AAAA'];
    await writeFile(path, JSON.stringify(doc));
    const replayed = await api.openSession({ target: 'traced' });
    expect(replayed).toMatchObject({ tick: 300, host: before.host });
    expect(rt.sampleCount).toBe(samples);
    expect(rt.lastLoadFromCheckpoint).toBe(false);
    expect(JSON.stringify(lab.events.slice(noticesBefore))).toMatch(/saved trace of .* cannot be used/);
  }, 120_000);
});
