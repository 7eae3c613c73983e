import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { FileEntry, LabEvents, LabRequest } from '../../../core/lab-api/lab-api-contract';
import { labApi } from '../api/lab-api';
import { describeError } from '../api/describe-error';
import { useNoticeStore } from './notice-store';

export interface ExportJob {
  exportId: string;
  location: string;
  rowsWritten: number;
  rowsTotal: number;
  done: boolean;
  cancelled: boolean;
  error: string | null;
}

/** CSV export: the running job's progress, cancel, and (bridge) the files written. */
export const useExportStore = defineStore('export', () => {
  const job = ref<ExportJob | null>(null);
  const starting = ref(false);
  const files = ref<FileEntry[]>([]);

  const running = computed(() => starting.value || (job.value !== null && !job.value.done));
  const fraction = computed(() => {
    const j = job.value;
    if (j === null || j.rowsTotal <= 0) return 0;
    return Math.min(1, j.rowsWritten / j.rowsTotal);
  });

  /** Starts an export; false when it failed or the user cancelled the folder dialog. */
  async function start(request: LabRequest<'exportCsv'>): Promise<boolean> {
    starting.value = true;
    try {
      const started = await labApi.exportCsv(request);
      if (started === null) return false;
      job.value = { ...started, rowsWritten: 0, rowsTotal: 0, done: false, cancelled: false, error: null };
      return true;
    } catch (error) {
      useNoticeStore().push('error', `Export failed: ${describeError(error)}`);
      return false;
    } finally {
      starting.value = false;
    }
  }

  async function cancel(): Promise<void> {
    const j = job.value;
    if (j === null || j.done) return;
    try {
      await labApi.cancelExport({ exportId: j.exportId });
    } catch (error) {
      useNoticeStore().push('error', `Could not cancel the export: ${describeError(error)}`);
    }
  }

  async function refreshFiles(): Promise<void> {
    try {
      files.value = await labApi.listExports({});
    } catch (error) {
      useNoticeStore().push('warn', `Could not list exported files: ${describeError(error)}`);
    }
  }

  /** Fed by the lab store's event subscription. */
  function onProgress(p: LabEvents['exportProgress']): void {
    const j = job.value;
    if (j === null || j.exportId !== p.exportId) return;
    job.value = {
      ...j,
      rowsWritten: p.rowsWritten,
      rowsTotal: p.rowsTotal,
      done: p.done,
      cancelled: p.cancelled,
      error: p.error ?? null,
    };
    if (!p.done) return;
    const notices = useNoticeStore();
    if (p.error !== undefined) notices.push('error', `Export failed: ${p.error}`);
    else if (p.cancelled) notices.push('info', 'Export cancelled');
    else notices.push('info', `Exported ${p.rowsWritten.toLocaleString('en-US')} rows to ${j.location}`);
  }

  function clear(): void {
    if (job.value?.done) job.value = null;
  }

  return { job, starting, files, running, fraction, start, cancel, refreshFiles, onProgress, clear };
});
