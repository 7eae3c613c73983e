import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setLabApi } from '../../../renderer/src/api/lab-api';
import { useLabStore } from '../../../renderer/src/stores/lab-store';
import { useScenarioEditorStore } from '../../../renderer/src/stores/scenario-editor-store';
import type { FakeLab } from '../support/fake-lab-api';
import { installFakeLab } from '../support/fake-setup';

let fake: FakeLab;

beforeEach(() => {
  ({ fake } = installFakeLab());
});
afterEach(() => setLabApi(null));

async function loaded() {
  const lab = useLabStore();
  await lab.init();
  const editor = useScenarioEditorStore();
  await flushPromises();
  return { lab, editor };
}

describe('scenario editor store', () => {
  it('loads the session scenario as an unchanged draft', async () => {
    const { editor } = await loaded();
    expect(editor.draft?.vms.map((v) => v.id)).toEqual(['web1', 'db1']);
    expect(editor.dirty).toBe(false);
    expect(editor.issues).toEqual([]);
  });

  it('names the field of an invalid edit and applies nothing', async () => {
    const { editor } = await loaded();
    editor.draft!.vms[0]!.reservationMiB = 9000;
    editor.draft!.host.memoryMiB = 'lots' as unknown as number;
    await flushPromises();
    expect(editor.issueAt('host.memoryMiB')).toMatch(/number/);
    // The reservation keeps its message, in the editor's words, while another field holds text.
    expect(editor.issueAt('vms[0].reservationMiB')).toMatch(/above the VM's memory \(/);
    editor.draft!.host.memoryMiB = 16384;
    await flushPromises();
    expect(editor.issueAt('host.memoryMiB')).toBeUndefined();
    expect(editor.issueAt('vms[0].reservationMiB')).toMatch(/above the VM's memory \(/);
    await editor.apply();
    expect(fake.callsOf('updateScenario')).toEqual([]);
    expect(fake.callsOf('applyIntervention')).toEqual([]);
    expect(editor.outcome?.kind).toBe('refused');
  });

  it('replaces the scenario at tick 0', async () => {
    const { lab, editor } = await loaded();
    editor.draft!.vms[1]!.memoryMiB = 6144;
    await editor.apply();
    await flushPromises();
    expect(fake.callsOf('updateScenario')).toHaveLength(1);
    expect(lab.scenario?.vms[1]?.memoryMiB).toBe(6144);
    expect(editor.dirty).toBe(false);
    expect(editor.outcome).toEqual({ kind: 'scenario' });
  });

  it('shows what the Node side refused', async () => {
    const { editor } = await loaded();
    fake.handle('updateScenario', () => ({
      ok: false,
      issues: [{ path: 'vms[1].memoryMiB', message: 'too big for the engine' }],
    }));
    editor.draft!.vms[1]!.memoryMiB = 6144;
    await editor.apply();
    expect(editor.issueAt('vms[1].memoryMiB')).toBe('too big for the engine');
  });

  it('turns live edits into one intervention per changed VM, at the current tick', async () => {
    const { lab, editor } = await loaded();
    await lab.step(30);
    editor.draft!.vms[0]!.reservationMiB = 1024;
    editor.draft!.vms[0]!.workload = { ...editor.draft!.vms[0]!.workload, kind: 'idle' } as never;
    editor.setWorkloadKind(1, 'sine');
    await editor.apply();
    const sent = fake.callsOf('applyIntervention') as {
      intervention: { vm: string; set: Record<string, unknown> };
    }[];
    expect(sent.map((s) => s.intervention.vm)).toEqual(['web1', 'db1']);
    expect(Object.keys(sent[0]!.intervention.set).sort()).toEqual(['reservationMiB', 'workload']);
    expect(sent[1]!.intervention.set.workload).toMatchObject({ kind: 'sine', meanMiB: 1024 });
    expect(editor.outcome).toEqual({ kind: 'interventions', count: 2, tick: 30 });
    expect(lab.interventions).toHaveLength(2);
    expect(editor.dirty).toBe(false);
  });

  it('refuses live changes a running session cannot take, without calling the lab', async () => {
    const { lab, editor } = await loaded();
    await lab.step(5);
    editor.draft!.vms[0]!.memoryMiB = 2048;
    editor.addVm();
    await editor.apply();
    expect(fake.callsOf('applyIntervention')).toEqual([]);
    expect(editor.outcome).toMatchObject({ kind: 'refused' });
    const message = editor.outcome?.kind === 'refused' ? editor.outcome.message : '';
    expect(message).toContain('vms[0].memoryMiB');
    expect(message).toContain('VM added');
  });

  it('adds, clones and removes VMs with unique ids', async () => {
    const { editor } = await loaded();
    editor.cloneVm(0);
    editor.cloneVm(0);
    editor.addVm();
    expect(editor.draft!.vms.map((v) => v.id)).toEqual(['web1', 'web1-3', 'web1-2', 'db1', 'vm-1']);
    expect(editor.draft!.vms[1]!.name).toBe('web-01 (copy)');
    editor.removeVm(1);
    expect(editor.draft!.vms.map((v) => v.id)).toEqual(['web1', 'web1-2', 'db1', 'vm-1']);
    expect(editor.issues).toEqual([]);
  });

  it('keeps the page content when the workload kind changes', async () => {
    const { editor } = await loaded();
    editor.draft!.vms[0]!.workload.zeroPct = 40;
    editor.setWorkloadKind(0, 'phases');
    const w = editor.draft!.vms[0]!.workload;
    expect(w.kind).toBe('phases');
    expect(w.zeroPct).toBe(40);
    expect(editor.issues).toEqual([]);
  });
});
