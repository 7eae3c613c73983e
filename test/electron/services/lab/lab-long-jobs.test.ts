import { afterEach, describe, expect, it } from 'vitest';
import { engineVersion } from '../../../../core/engine/engine-version';
import { parseScenarioOrThrow } from '../../../../core/scenario/parse-scenario';
import type { SessionDocument } from '../../../../core/session/session-schema';
import { presetScenario } from '../../../../electron/services/lab/lab-handlers';
import { SessionController } from '../../../../electron/services/session/session-controller';
import { startLab, timed, until, type Lab } from './lab-harness';

/** Three days at tickMs 100 (2.6 million ticks): cheap ticks, but a replay to the end takes minutes. */
const longScenario = parseScenarioOrThrow({
  name: 'long',
  durationS: 259_200,
  tickMs: 100,
  host: { memoryMiB: 16_384 },
  vms: [
    { id: 'a', memoryMiB: 2048 },
    { id: 'b', memoryMiB: 2048 },
  ],
});

/** A saved session of the long scenario far into its run, as a file would hold it. */
function longDocument(tick: number): SessionDocument {
  const session = new SessionController(longScenario);
  session.name = 'far along';
  session.tick = tick;
  return session.document({
    savedIso: '2026-01-01T00:00:00.000Z',
    appVersion: 'test',
    engineVersion,
    stateDigest: '',
  });
}

let labs: Lab[] = [];
afterEach(async () => {
  await Promise.all(labs.map((l) => l.close()));
  labs = [];
});

describe('a long replay in progress', () => {
  it('pause, save, step and state answer within a second, and New stops the replay within a second', async () => {
    const lab = await startLab();
    labs = [lab];
    const opening = timed(lab.rt.openDocument(longDocument(2_500_000), 'far.balloonlab'));
    await until(() => lab.rt.loading && lab.rt.requireSession().tick > 1000);

    const pause = await timed(lab.api.pause({}));
    expect(pause.ms).toBeLessThan(1000);
    const save = await timed(lab.api.saveSession({ target: 'during-replay', saveAs: true }));
    expect(save.ms).toBeLessThan(1000);
    expect(save.error).toMatchObject({
      code: 'busy',
      message: expect.stringContaining('still being replayed'),
    });
    const step = await timed(lab.api.step({ ticks: 1 }));
    expect(step.ms).toBeLessThan(1000);
    expect(step.error).toMatchObject({ code: 'busy' });
    const state = await timed(lab.api.getState({}));
    expect(state.ms).toBeLessThan(1000);
    expect(state.value?.tick).toBeLessThan(2_500_000);

    const fresh = await timed(lab.api.newSession({ presetId: 'basics' }));
    expect(fresh.ms).toBeLessThan(1000);
    expect(fresh.value).toMatchObject({
      tick: 0,
      session: { name: presetScenario('basics').name, location: null },
    });
    const opened = await opening;
    expect(opened.ms).toBeLessThan(60_000);
    expect(opened.error).toMatchObject({
      code: 'refused',
      message: 'Loading "far along" was stopped before it finished: another session took its place.',
    });
    // The new session is whole: it runs, and its history starts at its own first sample.
    expect(lab.rt.loading).toBe(false);
    expect((await lab.api.step({ ticks: 3 })).tick).toBe(3);
    expect(lab.rt.sampleAt(0).host.tick).toBe(1);
  });

  it('opening another session stops the replay too, and autosave keeps its hands off it', async () => {
    const lab = await startLab();
    labs = [lab];
    await lab.api.step({ ticks: 7 });
    const saved = await lab.api.saveSession({ target: 'short', saveAs: true });
    expect(saved?.location).toBe('short.balloonlab');
    const opening = timed(lab.rt.openDocument(longDocument(2_500_000), null));
    await until(() => lab.rt.loading);
    expect(await lab.rt.autosaveNow()).toBe(false);
    const other = await timed(lab.api.openSession({ target: 'short' }));
    expect(other.ms).toBeLessThan(1000);
    expect(other.value).toMatchObject({ tick: 7, session: { location: 'short.balloonlab' } });
    expect((await opening).error).toMatchObject({ code: 'refused' });
  });
});

describe('a long step in progress', () => {
  it('pause ends it where it is within a second; a save ends it too and goes ahead', async () => {
    const lab = await startLab();
    labs = [lab];
    await lab.api.newSession({ scenario: longScenario });
    const stepping = timed(lab.api.step({ ticks: 1_000_000 }));
    await until(() => lab.rt.requireSession().tick > 1000);
    const pause = await timed(lab.api.pause({}));
    expect(pause.ms).toBeLessThan(1000);
    const step = await stepping;
    expect(step.value!.tick).toBeGreaterThan(1000);
    expect(step.value!.tick).toBeLessThan(1_000_000);

    const again = timed(lab.api.step({ ticks: 1_000_000 }));
    await until(() => lab.rt.requireSession().tick > step.value!.tick + 1000);
    const save = await timed(lab.api.saveSession({ target: 'mid-step', saveAs: true }));
    expect(save.ms).toBeLessThan(1000);
    const stopped = await again;
    expect(save.value).toMatchObject({ location: 'mid-step.balloonlab', dirty: false });
    expect(stopped.value!.tick).toBeLessThan(step.value!.tick + 1_000_000);
  });
});
