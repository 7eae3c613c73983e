import { defineStore } from 'pinia';
import { computed, ref, shallowRef, watch } from 'vue';
import { parseScenario } from '../../../core/scenario/parse-scenario';
import type { ScenarioIssue } from '../../../core/scenario/scenario-checks';
import type { Scenario } from '../../../core/scenario/scenario-schema';
import { interventionSchema, type Intervention } from '../../../core/scenario/event-schema';
import { vmSchema, type VmSpec } from '../../../core/scenario/vm-schema';
import type { WorkloadKind } from '../../../core/scenario/workload-schema';
import { cloneJson } from '../logic/clone-json';
import { draftIssues } from '../logic/draft-issues';
import { issueInWords } from '../logic/issue-words';
import { deepEqual, liveChanges, withInterventions } from '../logic/live-changes';
import { switchWorkloadKind } from '../logic/workload-defaults';
import { useConfirmStore } from './confirm-store';
import { useLabStore } from './lab-store';

/** What the last Apply did, shown under the editor. */
export type ApplyOutcome =
  | { kind: 'scenario' }
  | { kind: 'interventions'; count: number; tick: number }
  | { kind: 'refused'; message: string }
  | { kind: 'nothing' };

function uniqueId(base: string, taken: ReadonlySet<string>): string {
  const stem = base.replace(/-\d+$/, '').slice(0, 28) || 'vm';
  for (let n = 2; ; n++) {
    const id = `${stem}-${n}`;
    if (!taken.has(id)) return id;
  }
}

/**
 * The scenario editor's draft, validated on every edit with the schema the engine uses.
 * At tick 0 Apply replaces the scenario; later, changed VM settings become interventions.
 */
export const useScenarioEditorStore = defineStore('scenario-editor', () => {
  const lab = useLabStore();
  /** The scenario with the recorded interventions applied: what the draft is compared with. */
  const baseline = shallowRef<Scenario | null>(null);
  const draft = ref<Scenario | null>(null);
  /** Issues the Node side returned for the last Apply (it validates again). */
  const serverIssues = ref<ScenarioIssue[]>([]);
  const outcome = ref<ApplyOutcome | null>(null);
  const applying = ref(false);

  const validation = computed(() => (draft.value === null ? null : parseScenario(cloneJson(draft.value))));
  const issues = computed<ScenarioIssue[]>(() => {
    const v = validation.value;
    const local = v === null || v.ok ? [] : draftIssues(draft.value, baseline.value, v);
    return [...local, ...serverIssues.value.map((i) => ({ ...i, message: issueInWords(i.message) }))];
  });
  const issueByPath = computed(() => {
    const map = new Map<string, string>();
    for (const i of issues.value) if (!map.has(i.path)) map.set(i.path, i.message);
    return map;
  });
  const dirty = computed(
    () => draft.value !== null && baseline.value !== null && !deepEqual(draft.value, baseline.value),
  );

  function load(scenario: Scenario | null, recorded: Parameters<typeof withInterventions>[1] = []): void {
    baseline.value = scenario === null ? null : withInterventions(scenario, recorded);
    draft.value = baseline.value === null ? null : cloneJson(baseline.value);
    serverIssues.value = [];
    outcome.value = null;
  }

  // A different session or a reset replaces whatever was being edited.
  watch(
    () => lab.epoch,
    () => load(lab.scenario, lab.interventions),
    { immediate: true },
  );

  // Stale server issues would point at fields the user has since fixed.
  watch(
    draft,
    () => {
      serverIssues.value = [];
    },
    { deep: true },
  );

  function issueAt(path: string): string | undefined {
    return issueByPath.value.get(path);
  }

  function discard(): void {
    draft.value = baseline.value === null ? null : cloneJson(baseline.value);
    outcome.value = null;
  }

  function addVm(): void {
    const d = draft.value;
    if (d === null) return;
    const taken = new Set(d.vms.map((v) => v.id));
    const id = taken.has('vm-1') ? uniqueId('vm-1', taken) : 'vm-1';
    d.vms.push(vmSchema.parse({ id, memoryMiB: 2048 }));
  }

  function cloneVm(index: number): void {
    const d = draft.value;
    const source = d?.vms[index];
    if (d === null || source === undefined) return;
    const copy: VmSpec = cloneJson(source);
    copy.id = uniqueId(source.id, new Set(d.vms.map((v) => v.id)));
    if (copy.name !== undefined) copy.name = `${copy.name} (copy)`.slice(0, 64);
    d.vms.splice(index + 1, 0, copy);
  }

  /**
   * Removes a VM. Its scheduled events would point at nothing, so when it has any the user
   * chooses: remove them too, keep them (to point them at another VM), or keep the VM.
   */
  async function removeVm(index: number): Promise<void> {
    const d = draft.value;
    const vm = d?.vms[index];
    if (d === null || vm === undefined) return;
    const own = d.events.filter((e) => e.vm === vm.id).length;
    let dropEvents = false;
    if (own > 0) {
      const answer = await useConfirmStore().ask({
        title: `Remove ${vm.id}?`,
        message: `${vm.id} has ${own} scheduled event${own === 1 ? '' : 's'}. Remove ${own === 1 ? 'it' : 'them'} too?`,
        detail: 'Events kept for a VM that no longer exists must be pointed at another VM before Apply.',
        choices: [
          { id: 'with-events', label: `Remove VM and ${own === 1 ? 'event' : 'events'}`, primary: true },
          { id: 'vm-only', label: 'Keep the events' },
          { id: 'cancel', label: 'Cancel' },
        ],
      });
      if (answer.choice === 'cancel') return;
      dropEvents = answer.choice === 'with-events';
    }
    // The draft may have changed while the question was open: find the VM again.
    const at = d.vms.findIndex((v) => v === vm);
    if (at >= 0) d.vms.splice(at, 1);
    if (dropEvents) d.events = d.events.filter((e) => e.vm !== vm.id);
  }

  /** A new scheduled event at `atS` for `vmId` (powering it on: the simplest valid change). */
  function addEvent(atS: number, vmId: string): number {
    const d = draft.value;
    if (d === null) return -1;
    d.events.push({ atS: Math.max(0, Math.round(atS)), vm: vmId, power: 'on' });
    return d.events.length - 1;
  }

  function removeEvent(index: number): void {
    draft.value?.events.splice(index, 1);
  }

  function setWorkloadKind(index: number, kind: WorkloadKind): void {
    const vm = draft.value?.vms[index];
    if (vm === undefined || vm.workload.kind === kind) return;
    vm.workload = switchWorkloadKind(vm.workload, kind);
  }

  async function applyLive(base: Scenario, next: Scenario): Promise<void> {
    const { interventions, refused } = liveChanges(base, next);
    if (refused.length > 0) {
      outcome.value = {
        kind: 'refused',
        message: `A running session can only change reservation, limit, shares, balloon driver and workload. Reset to tick 0 to change: ${refused.join(', ')}.`,
      };
      return;
    }
    if (interventions.length === 0) {
      outcome.value = { kind: 'nothing' };
      return;
    }
    const checked: Intervention[] = [];
    for (const i of interventions) {
      const r = interventionSchema.safeParse(i);
      if (!r.success) {
        outcome.value = {
          kind: 'refused',
          message: `${i.vm}: ${r.error.issues[0]?.message ?? 'invalid change'}`,
        };
        return;
      }
      checked.push(r.data);
    }
    let count = 0;
    const atTick = lab.tick;
    for (const i of checked) {
      if (!(await lab.applyIntervention(i))) break;
      count++;
    }
    if (count > 0) {
      // What was recorded is now the baseline; a failed remainder stays in the draft.
      const applied = withInterventions(
        base,
        checked.slice(0, count).map((intervention) => ({ tick: atTick, intervention })),
      );
      baseline.value = applied;
      outcome.value = { kind: 'interventions', count, tick: atTick };
    }
  }

  /** Validates and applies the draft; an invalid draft changes nothing. */
  async function apply(): Promise<void> {
    const v = validation.value;
    const base = baseline.value;
    if (v === null || base === null || applying.value) return;
    if (!v.ok) {
      const count = issues.value.length;
      outcome.value = {
        kind: 'refused',
        message: `Fix the ${count === 1 ? 'field' : `${count} fields`} marked below first.`,
      };
      return;
    }
    applying.value = true;
    try {
      if (!lab.started) {
        const result = await lab.updateScenario(v.scenario);
        if (result === undefined) return;
        if (!result.ok) {
          serverIssues.value = result.issues;
          outcome.value = {
            kind: 'refused',
            message: 'The lab refused the scenario; see the fields marked below.',
          };
          return;
        }
        // adoptSession bumped the epoch and reloaded the draft.
        outcome.value = { kind: 'scenario' };
      } else {
        await applyLive(base, v.scenario);
      }
    } finally {
      applying.value = false;
    }
  }

  return {
    baseline,
    draft,
    issues,
    issueByPath,
    serverIssues,
    dirty,
    outcome,
    applying,
    load,
    issueAt,
    discard,
    addVm,
    cloneVm,
    removeVm,
    addEvent,
    removeEvent,
    setWorkloadKind,
    apply,
  };
});
