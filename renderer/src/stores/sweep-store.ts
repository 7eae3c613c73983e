import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import {
  sweepHeatmap,
  sweepLines,
  type SweepAxis,
  type SweepResultRow,
  type SweepStat,
} from '../../../core/experiment/sweep-aggregate';
import type { SweepValue } from '../../../core/experiment/sweep-path';
import { namedResultRow, type SweepStatus } from '../../../core/lab-api/sweep-api-contract';
import { labApi } from '../api/lab-api';
import { useLabRequest } from './lab-request';
import { useLabStore } from './lab-store';
import { useNoticeStore } from './notice-store';
import { useUiStore } from './ui-store';

/** The metric plotted first: how well the VMs ran. */
export const defaultSweepMetric = 'all_vms.perf_index_mean';

/**
 * The Sweep view: the open sweep as the Node side reports it (sweepChanged), its finished
 * runs' metrics, what is plotted (metric, x, series, lines or heatmap, the value other
 * parameters are held at) and the point picked in the plot.
 */
export const useSweepStore = defineStore('sweep', () => {
  const status = shallowRef<SweepStatus | null>(null);
  const rows = shallowRef<SweepResultRow[]>([]);
  const { pending, request } = useLabRequest();
  const metric = ref(defaultSweepMetric);
  const x = ref(0);
  const series = ref<number | null>(null);
  const mode = ref<'lines' | 'heatmap'>('lines');
  const fixed = ref<Record<number, SweepValue>>({});
  const selectedPointId = ref<string | null>(null);
  let subscribed = false;
  let fetching: Promise<void> | null = null;
  let fetchAgain = false;

  const axes = computed<SweepAxis[]>(() => status.value?.parameters ?? []);
  const running = computed(() => status.value?.state === 'running' || status.value?.state === 'cancelling');
  const selection = computed(() => ({
    metric: metric.value,
    x: x.value,
    series: series.value,
    fixed: fixed.value,
  }));
  const lines = computed(() => sweepLines(axes.value, rows.value, selection.value));
  const heatmap = computed(() =>
    series.value === null
      ? null
      : sweepHeatmap(axes.value, rows.value, { ...selection.value, series: series.value }),
  );
  /** The picked point with its seeds' runs (null when nothing is picked or it left the plot). */
  const selectedPoint = computed<(SweepStat & { values: SweepValue[] }) | null>(() => {
    const id = selectedPointId.value;
    if (id === null) return null;
    const stats =
      mode.value === 'heatmap' && heatmap.value !== null
        ? heatmap.value.cells.filter((c): c is SweepStat => c !== null)
        : lines.value.flatMap((l) => l.points);
    const stat = stats.find((s) => s.pointId === id);
    const values = rows.value.find((r) => r.pointId === id)?.values;
    return stat === undefined || values === undefined ? null : { ...stat, values };
  });

  /** Keeps the plot's choices valid for the sweep shown (another sweep may have other parameters). */
  function fitChoices(next: SweepStatus): void {
    const count = next.parameters.length;
    if (x.value >= count) x.value = 0;
    if (series.value !== null && (series.value >= count || series.value === x.value)) series.value = null;
    if (series.value === null && count >= 2) series.value = x.value === 0 ? 1 : 0;
    if (count < 2) mode.value = 'lines';
    if (!next.metrics.includes(metric.value))
      metric.value = next.metrics.includes(defaultSweepMetric) ? defaultSweepMetric : (next.metrics[0] ?? '');
  }

  /** Which sweep opening `rows` belong to (`<id>#<epoch>`), so only new runs are asked for. */
  let rowsKey = '';

  /** One page of results: appended when it follows what is held, else what is held starts over. */
  async function fetchPage(): Promise<void> {
    const id = status.value?.id;
    if (id === undefined) return;
    const held = rowsKey.startsWith(`${id}#`) ? rows.value.length : 0;
    const page = await request('Loading the sweep results', () => labApi.getSweepResults({ from: held }), {
      quiet: true,
    });
    if (page === undefined || page.id !== status.value?.id) return;
    const key = `${page.id}#${page.epoch}`;
    const named = page.rows.map((r) => namedResultRow(r, page.metrics));
    if (key === rowsKey && page.from === rows.value.length) {
      if (named.length > 0) rows.value = [...rows.value, ...named];
    } else if (page.from === 0) {
      rowsKey = key;
      rows.value = named;
    } else {
      // Reopened meanwhile: its runs come in another order, so read them all again.
      rowsKey = '';
      fetchAgain = true;
    }
  }

  async function fetchResults(): Promise<void> {
    if (fetching !== null) {
      fetchAgain = true;
      return fetching;
    }
    fetching = (async () => {
      do {
        fetchAgain = false;
        await fetchPage();
      } while (fetchAgain);
    })().finally(() => {
      fetching = null;
    });
    return fetching;
  }

  function adopt(next: SweepStatus | null): void {
    const previous = status.value;
    status.value = next;
    if (next === null) {
      rows.value = [];
      rowsKey = '';
      return;
    }
    if (previous?.id !== next.id) {
      rows.value = [];
      rowsKey = '';
      selectedPointId.value = null;
      fixed.value = {};
      fitChoices(next);
    }
    if (next.done !== rows.value.length || previous?.id !== next.id) void fetchResults();
    if (previous?.state === 'running' && next.state === 'failed' && next.error !== null)
      useNoticeStore().push('error', next.error);
  }

  /** Listens to sweepChanged and shows the open (or last kept) sweep; safe to call twice. */
  async function init(): Promise<void> {
    if (subscribed) return;
    subscribed = true;
    labApi.on('sweepChanged', adopt);
    const current = await request('Loading the sweep', () => labApi.getSweep({}), { quiet: true });
    if (current !== undefined) adopt(current);
  }

  async function open(what: string, call: () => Promise<SweepStatus | null>, long = false): Promise<boolean> {
    const next = await request(what, call, { long });
    if (next == null) return false;
    adopt(next);
    return true;
  }

  /**
   * Opens run `runId` in the lab (asking first when the session has unsaved changes) and runs
   * it to its end: the number picked in the plot is that whole run's, so its charts, log and
   * maps are shown as they produced it (time travel or Reset go back to watch it happen).
   */
  async function openRun(runId: string): Promise<boolean> {
    const notices = useNoticeStore();
    const got = await request('Open the run', () => labApi.getSweepRunScenario({ runId }));
    if (got === undefined) return false;
    const lab = useLabStore();
    let state;
    try {
      state = await lab.newFromScenario(got.scenario, `opening run ${runId} of the sweep`);
    } catch (error) {
      notices.push(
        'error',
        `Run ${runId} could not be opened: ${error instanceof Error ? error.message : String(error)}`,
      );
      return false;
    }
    if (state === null) return false;
    useUiStore().lowerTab = 'charts';
    notices.push(
      'info',
      `Opened run ${runId} of “${status.value?.name ?? 'the sweep'}” as a new lab, run to its end.`,
    );
    await lab.runToEnd();
    return true;
  }

  return {
    status,
    rows,
    pending,
    running,
    axes,
    metric,
    x,
    series,
    mode,
    fixed,
    selectedPointId,
    lines,
    heatmap,
    selectedPoint,
    init,
    adopt,
    openFile: (target?: string) =>
      open(
        'Open the sweep',
        () => labApi.openSweep(target === undefined ? {} : { target }),
        target === undefined,
      ),
    openDocument: (document: unknown, fileName?: string) =>
      open('Open the sweep', () =>
        labApi.openSweep(fileName === undefined ? { document } : { document, fileName }),
      ),
    openSaved: (id: string) => open('Open the kept sweep', () => labApi.openSweep({ saved: id })),
    run: () => open('Run the sweep', () => labApi.runSweep({})),
    cancel: () => open('Cancel the sweep', () => labApi.cancelSweep({}), true),
    async saveFile(document: unknown, target?: string): Promise<boolean> {
      const saved = await request(
        'Save the sweep',
        () => labApi.saveSweepFile(target === undefined ? { document } : { document, target }),
        { long: target === undefined },
      );
      if (saved == null) return false;
      useNoticeStore().push('info', `Saved the sweep as ${saved.location}`);
      return true;
    },
    openRun,
    /** Picks what the plot shows; a series equal to x is dropped. */
    setAxes(nextX: number, nextSeries: number | null): void {
      x.value = nextX;
      series.value = nextSeries === nextX ? null : nextSeries;
      if (series.value === null) mode.value = 'lines';
      selectedPointId.value = null;
    },
  };
});
