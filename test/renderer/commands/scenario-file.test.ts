import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setLabApi } from '../../../renderer/src/api/lab-api';
import {
  importScenarioFile,
  maxScenarioFileBytes,
  readScenarioFile,
  scenarioJson,
  scenarioProblems,
} from '../../../renderer/src/commands/scenario-file';
import { useConfirmStore } from '../../../renderer/src/stores/confirm-store';
import { useLabStore } from '../../../renderer/src/stores/lab-store';
import { useNoticeStore } from '../../../renderer/src/stores/notice-store';
import { useUiStore } from '../../../renderer/src/stores/ui-store';
import { twoVmScenario, type FakeLab } from '../support/fake-lab-api';
import { installFakeLab } from '../support/fake-setup';

function file(name: string, text: string, size = text.length) {
  return { name, size, text: async () => text };
}

let fake: FakeLab;
beforeEach(async () => {
  ({ fake } = installFakeLab());
  await useLabStore().init();
});
afterEach(() => setLabApi(null));

describe('reading a scenario file', () => {
  it('refuses what is not a small JSON file, saying why', async () => {
    expect(await readScenarioFile(file('lab.balloonlab', '{}'))).toEqual({
      ok: false,
      reason: 'lab.balloonlab is not a scenario: scenario files end in .json.',
    });
    const big = await readScenarioFile(file('huge.json', '{}', maxScenarioFileBytes + 1));
    expect(big.ok).toBe(false);
    if (!big.ok)
      expect(big.reason).toMatch(/^huge\.json is 4\.0 MiB; a scenario file may be at most 4 MiB\.$/);
    const broken = await readScenarioFile(file('broken.json', '{"vms": ['));
    expect(broken.ok).toBe(false);
    if (!broken.ok) expect(broken.reason).toMatch(/^broken\.json is not valid JSON/);
    const unreadable = await readScenarioFile({
      name: 'x.json',
      size: 2,
      text: () => Promise.reject(new Error('gone')),
    });
    expect(unreadable).toEqual({ ok: false, reason: 'x.json could not be read: gone' });
  });

  it('names every problem of an invalid scenario in words (the first few)', () => {
    const problems = scenarioProblems('bad.json', {
      durationS: 0,
      vms: [{ id: 'a', memoryMiB: 10 }, { id: 'a' }],
      surprise: true,
    });
    expect(problems).toMatch(/^bad\.json is not a valid scenario: /);
    expect(problems).toContain('durationS must be at least 1 s');
    expect(problems).toContain('vms[0].memoryMiB must be at least 64 MiB');
    expect(scenarioProblems('ok.json', twoVmScenario)).toBeNull();
    expect(scenarioProblems('null.json', null)).toMatch(/must be an object/);
  });

  it('writes the scenario back as JSON that reads in again', async () => {
    const scenario = useLabStore().scenario!;
    const out = scenarioJson(scenario);
    expect(out.name).toBe('Two VMs.json');
    const again = await readScenarioFile(file(out.name, out.text));
    expect(again).toEqual({ ok: true, document: JSON.parse(out.text) });
    expect(scenarioProblems(out.name, JSON.parse(out.text))).toBeNull();
  });
});

describe('importing a scenario file', () => {
  it('opens it as a new lab on the Scenario tab', async () => {
    const doc = { ...twoVmScenario, name: 'Imported' };
    expect(await importScenarioFile(file('imported.json', JSON.stringify(doc)))).toBe(true);
    expect(fake.callsOf('newSession')).toEqual([{ scenario: doc }]);
    expect(useUiStore().lowerTab).toBe('scenario');
  });

  it('sends nothing to the lab for a refused file, and shows the reason', async () => {
    expect(await importScenarioFile(file('bad.json', '{"tickMs": "fast"}'))).toBe(false);
    expect(fake.callsOf('newSession')).toEqual([]);
    expect(useNoticeStore().notices.at(-1)).toMatchObject({
      level: 'error',
      message: 'bad.json is not a valid scenario: tickMs must be a number, not text.',
    });
  });

  it('asks before replacing unsaved work, and Cancel keeps it', async () => {
    fake.state = { ...fake.state, session: { name: 'mine', location: 'mine', dirty: true } };
    await useLabStore().refresh();
    const importing = importScenarioFile(file('imported.json', JSON.stringify(twoVmScenario)));
    await flushPromises();
    useConfirmStore().answer('cancel');
    expect(await importing).toBe(false);
    expect(fake.callsOf('newSession')).toEqual([]);
  });
});
