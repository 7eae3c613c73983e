import { defineStore } from 'pinia';
import { computed, markRaw, ref, shallowRef } from 'vue';
import type { PinnedRunInfo } from '../../../core/lab-api/lab-api-contract';
import { describeDifference, runLabels, scenarioDifferences } from '../../../core/experiment/scenario-diff';
import { askUntilRead } from '../api/ask-until-read';
import { labApi } from '../api/lab-api';
import { HistoryColumns } from './history-columns';
import { useLabRequest } from './lab-request';
import { useNoticeStore } from './notice-store';

/** Samples per series asked for each pinned run (the charts decimate to a few hundred). */
const pinnedHistoryPoints = 1000;
/** A running pinned run's history is fetched again at most this often. */
const runningRefreshMs = 1000;

/**
 * The runs pinned for comparison, as the Node side reports them (pinsChanged), with each
 * one's history kept column by column outside Vue's reactivity like the live run's.
 * `version` changes whenever a history does.
 */
export const useCompareStore = defineStore('compare', () => {
  const pins = shallowRef<PinnedRunInfo[]>([]);
  const histories = shallowRef(markRaw(new Map<string, HistoryColumns>()));
  const version = ref(0);
  const { pending, request } = useLabRequest();
  const fetchedAt = new Map<string, { status: string; atMs: number }>();
  let subscribed = false;

  /** What differs between the pinned runs' scenarios: "policy: esx vs kvm-mom". */
  const differences = computed(() => scenarioDifferences(pins.value.map((p) => p.scenario)));
  const headline = computed(() => differences.value.slice(0, 3).map(describeDifference));
  /** Each run's name in legends and the table: its values where the scenarios differ. */
  const labels = computed(() =>
    runLabels(
      pins.value.map((p) => p.scenario),
      (i) => `${i + 1}. ${pins.value[i]?.label ?? ''}`,
    ),
  );

  async function fetchHistory(pin: PinnedRunInfo): Promise<void> {
    const seen = fetchedAt.get(pin.id);
    const now = performance.now();
    if (seen?.status === 'done') return;
    if (pin.status === 'running' && seen !== undefined && now - seen.atMs < runningRefreshMs) return;
    if (pin.status === 'queued' || pin.status === 'failed') return;
    fetchedAt.set(pin.id, { status: pin.status, atMs: now });
    try {
      const h = await askUntilRead(() =>
        labApi.getPinnedHistory({ id: pin.id, maxPoints: pinnedHistoryPoints }),
      );
      if (!pins.value.some((p) => p.id === pin.id)) return;
      const cols = markRaw(HistoryColumns.of(h));
      const next = new Map(histories.value);
      next.set(pin.id, cols);
      histories.value = markRaw(next);
      version.value += 1;
    } catch {
      // Unpinned meanwhile, or the lab restarted: the next pinsChanged tries again.
      fetchedAt.delete(pin.id);
    }
  }

  function adopt(next: PinnedRunInfo[]): void {
    pins.value = next;
    const ids = new Set(next.map((p) => p.id));
    if ([...histories.value.keys()].some((id) => !ids.has(id))) {
      histories.value = markRaw(new Map([...histories.value].filter(([id]) => ids.has(id))));
      version.value += 1;
    }
    for (const id of [...fetchedAt.keys()]) if (!ids.has(id)) fetchedAt.delete(id);
    for (const pin of next) void fetchHistory(pin);
  }

  /** Listens to pinsChanged and loads the pins the lab holds already (safe to call twice). */
  async function init(): Promise<void> {
    if (subscribed) return;
    subscribed = true;
    labApi.on('pinsChanged', adopt);
    const list = await request('Loading pinned runs', () => labApi.listPins({}), { quiet: true });
    if (list !== undefined) adopt(list);
  }

  async function act(what: string, call: () => Promise<PinnedRunInfo[] | null>): Promise<boolean> {
    const result = await request(what, call);
    if (result == null) return false;
    adopt(result);
    return true;
  }

  return {
    pins,
    histories,
    version,
    pending,
    differences,
    headline,
    labels,
    init,
    pinCurrent: () => act('Pin the current run', () => labApi.pinRun({ current: true })),
    pinPreset: (presetId: string) => act('Pin a preset', () => labApi.pinRun({ presetId })),
    pinScenario: (scenario: unknown) => act('Pin a scenario', () => labApi.pinRun({ scenario })),
    pinSession: (target?: string) =>
      act('Pin a saved session', () =>
        labApi.pinRun(target === undefined ? { fromSession: true } : { fromSession: true, target }),
      ),
    unpin: (id: string) => act('Unpin', () => labApi.unpinRun({ id })),
    clear: () => act('Unpin all', () => labApi.clearPins({})),
    compareAllPolicies: () => act('Compare under every policy', () => labApi.compareAllPolicies({})),
    openComparison: (target?: string) =>
      act('Open comparison', () => labApi.openComparison(target === undefined ? {} : { target })),
    async saveComparison(target?: string): Promise<boolean> {
      const saved = await request('Save comparison', () =>
        labApi.saveComparison(target === undefined ? {} : { target }),
      );
      if (saved == null) return false;
      useNoticeStore().push('info', `Saved the comparison as ${saved.location}`);
      return true;
    },
  };
});
