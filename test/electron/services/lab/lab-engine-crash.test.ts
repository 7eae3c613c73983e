import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { LabEvents } from '../../../../core/lab-api/lab-api-contract';
import { killedFromOutside, startLab, until, waitFor, type Lab } from './lab-harness';

let labs: Lab[] = [];
afterEach(async () => {
  await Promise.all(labs.map((l) => l.close()));
  labs = [];
});

function enginePid(lab: Lab): number {
  const pid = lab.rt.enginePid;
  if (pid === undefined) throw new Error('no engine process');
  return pid;
}

const high = { vm: 'app1', set: { shares: 'high' } } as const;

describe('the engine process killed (SIGKILL) from outside', () => {
  it('mid-run: the lab reports it, keeps the session, and a new session works', async () => {
    const lab = await startLab();
    labs = [lab];
    await lab.api.step({ ticks: 20 });
    await lab.api.applyIntervention({ intervention: high });
    await lab.api.setSpeed({ speed: null });
    await lab.api.play({});
    await until(() => lab.rt.requireSession().tick >= 60);
    const before = lab.rt.requireSession().interventions;
    const pid = enginePid(lab);

    const restarted = waitFor(lab, 'engineRestarted');
    process.kill(pid, 'SIGKILL');
    const report = await restarted;
    expect(report.reason).toMatch(killedFromOutside);
    expect(report.tick).toBeGreaterThanOrEqual(60);
    expect(enginePid(lab)).not.toBe(pid);
    // This process lives on, and so does the session: same interventions, paused where it was.
    const state = await lab.api.getState({});
    expect(state.tick).toBe(report.tick);
    expect(state.running).toBe(false);
    expect(state.interventions).toEqual(before);
    expect(lab.rt.sampleCount).toBeGreaterThan(0);

    const fresh = await lab.api.newSession({ presetId: 'basics' });
    expect(fresh.tick).toBe(0);
    expect((await lab.api.step({ ticks: 5 })).tick).toBe(5);
  });

  it('again and again: the lab stops restarting it, says so, and the session can still be saved and reopened', async () => {
    const lab = await startLab();
    labs = [lab];
    await lab.api.step({ ticks: 30 });
    await lab.api.applyIntervention({ intervention: high });
    await lab.api.step({ ticks: 10 });
    const gaveUp = waitFor(lab, 'notice', 60_000, (n: LabEvents['notice']) => n.level === 'error');
    for (let crash = 1; crash <= 4; crash++) {
      const pid = enginePid(lab);
      const restarted = crash < 4 ? waitFor(lab, 'engineRestarted') : null;
      process.kill(pid, 'SIGKILL');
      await restarted;
    }
    const notice = await gaveUp;
    expect(notice.message).toMatch(
      /^The engine stopped: the engine process .*; it crashed 4 times within a minute/,
    );
    expect(notice.message).toContain('The session is kept');

    const saved = await lab.api.saveSession({ target: 'kept', saveAs: true });
    expect(saved).toMatchObject({ location: 'kept.balloonlab', dirty: false });
    const doc = JSON.parse(await readFile(join(lab.root, 'data', 'kept.balloonlab'), 'utf8')) as {
      tick: number;
      interventions: unknown[];
      stateDigest: string;
    };
    expect(doc).toMatchObject({
      tick: 40,
      interventions: [{ tick: 30, intervention: high }],
      stateDigest: '',
    });

    // Opening it starts a new engine and replays the session.
    const reopened = await lab.api.openSession({ target: 'kept' });
    expect(reopened?.tick).toBe(40);
    expect(reopened?.interventions).toEqual([{ tick: 30, intervention: high }]);
    expect((await lab.api.step({ ticks: 1 })).tick).toBe(41);
  });
});
