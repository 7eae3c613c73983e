import { afterEach, describe, expect, it } from 'vitest';
import { killedFromOutside, startLab, until, waitFor, type Lab } from '../services/lab/lab-harness';

let labs: Lab[] = [];
afterEach(async () => {
  await Promise.all(labs.map((l) => l.close()));
  labs = [];
});

const killEngine = (lab: Lab): number => {
  const pid = lab.rt.enginePid!;
  process.kill(pid, 'SIGKILL');
  return pid;
};

describe('engine process death', () => {
  it('restarts the engine, replays the session to the last tick and loses nothing', async () => {
    const lab = await startLab();
    const reference = await startLab();
    labs = [lab, reference];
    await lab.api.step({ ticks: 100 });
    await lab.api.applyIntervention({ intervention: { vm: 'app1', set: { balloonDriver: 'absent' } } });
    await lab.api.step({ ticks: 50 });
    const before = await lab.api.getState({});
    const restarted = waitFor(lab, 'engineRestarted');
    const oldPid = killEngine(lab);
    expect(await restarted).toEqual({ reason: expect.stringMatching(killedFromOutside), tick: 150 });
    expect(lab.rt.enginePid).not.toBe(oldPid);

    const after = await lab.api.getState({});
    expect(after.tick).toBe(150);
    expect(after.running).toBe(false);
    expect(after.interventions).toEqual(before.interventions);
    expect(after.host).toEqual(before.host);
    expect(after.vms).toEqual(before.vms);

    // Continuing yields exactly the trace of a lab whose engine never died.
    await lab.api.step({ ticks: 50 });
    await reference.api.step({ ticks: 100 });
    await reference.api.applyIntervention({ intervention: { vm: 'app1', set: { balloonDriver: 'absent' } } });
    await reference.api.step({ ticks: 100 });
    const [mine, theirs] = await Promise.all([
      lab.api.getHistory({ maxPoints: 20_000 }),
      reference.api.getHistory({ maxPoints: 20_000 }),
    ]);
    expect(mine.timeS).toHaveLength(200);
    expect(mine).toEqual(theirs);
    expect(await lab.api.getLog({ vm: null, offset: 0, limit: 200_000 })).toEqual(
      await reference.api.getLog({ vm: null, offset: 0, limit: 200_000 }),
    );
  });

  it('an engine killed while running comes back paused at the last tick the main process saw', async () => {
    const lab = await startLab();
    labs = [lab];
    await lab.api.setSpeed({ speed: null });
    await lab.api.play({});
    await until(() => lab.rt.requireSession().tick >= 30);
    const restarted = waitFor(lab, 'engineRestarted');
    killEngine(lab);
    const { tick } = await restarted;
    expect(tick).toBeGreaterThan(0);
    const state = await lab.api.getState({});
    expect(state.tick).toBe(tick);
    expect(state.running).toBe(false);
    // No sample past the tick the session came back at, and none out of order.
    const ticks = Array.from({ length: lab.rt.sampleCount }, (_, i) => lab.rt.sampleAt(i).host.tick);
    expect(ticks.every((t, i) => t <= tick && (i === 0 || t > ticks[i - 1]!))).toBe(true);
    expect(lab.events.some((e) => e.event === 'stateChanged')).toBe(true);
  });
});
