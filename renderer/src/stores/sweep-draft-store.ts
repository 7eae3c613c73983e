import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import {
  checkSweepDraft,
  sweepDocumentOf,
  sweepPathOptions,
  type SweepParameterDraft,
  type SweepPathOption,
} from '../../../core/experiment/sweep-builder';
import { maxLabSweepRuns } from '../../../core/lab-api/sweep-api-contract';
import { useLabStore } from './lab-store';

/** Parameters a built sweep may have (the plot shows two at a time; the file allows more). */
export const maxDraftParameters = 3;

/** A first list of values for a path: around its current value, or the known choices. */
export function suggestedValues(option: SweepPathOption | undefined): string {
  if (option === undefined) return '';
  if (option.choices !== undefined) return option.choices.join(', ');
  if (option.kind === 'boolean') return 'true, false';
  const now = typeof option.current === 'number' ? option.current : null;
  if (option.path.endsWith('Pct')) return '0, 25, 50, 75';
  if (now === null || now === 0) return '1, 2, 4';
  return [0.5, 0.75, 1, 1.25].map((f) => Math.round(now * f)).join(', ');
}

/**
 * The sweep being built from the current scenario in the Sweep view: up to three parameters
 * (each a path with a list or a range), the seeds, and what that makes (runs, or why it is
 * not a sweep). Kept while the view is closed.
 */
export const useSweepDraftStore = defineStore('sweep-draft', () => {
  const lab = useLabStore();
  const name = ref('');
  const parameters = ref<SweepParameterDraft[]>([]);
  const seedCount = ref(3);
  const seedFrom = ref<number | null>(null);

  const options = computed<SweepPathOption[]>(() =>
    lab.scenario === null ? [] : sweepPathOptions(lab.scenario),
  );
  const draft = computed(() =>
    lab.scenario === null
      ? null
      : {
          name: name.value.trim() === '' ? `${lab.scenario.name} sweep` : name.value.trim(),
          base: lab.scenario,
          parameters: parameters.value,
          seedCount: seedCount.value,
          seedFrom: seedFrom.value ?? lab.scenario.seed,
        },
  );
  const check = computed(() => (draft.value === null ? null : checkSweepDraft(draft.value, maxLabSweepRuns)));
  const document = computed(() => (draft.value === null ? null : sweepDocumentOf(draft.value)));

  function parameterFor(path: string): SweepParameterDraft {
    const option = options.value.find((o) => o.path === path);
    const now = typeof option?.current === 'number' ? option.current : 0;
    return {
      path,
      mode: 'list',
      list: suggestedValues(option),
      range: { from: Math.round(now / 2), to: now, step: Math.max(1, Math.round(now / 4)) },
    };
  }

  /** Starts a draft with the first featured path not swept yet. */
  function addParameter(): void {
    if (parameters.value.length >= maxDraftParameters) return;
    const used = new Set(parameters.value.map((p) => p.path));
    const next = options.value.find((o) => !used.has(o.path));
    if (next !== undefined) parameters.value = [...parameters.value, parameterFor(next.path)];
  }

  function setPath(index: number, path: string): void {
    parameters.value = parameters.value.map((p, i) => (i === index ? parameterFor(path) : p));
  }

  function update(index: number, change: Partial<SweepParameterDraft>): void {
    parameters.value = parameters.value.map((p, i) => (i === index ? { ...p, ...change } : p));
  }

  function removeParameter(index: number): void {
    parameters.value = parameters.value.filter((_, i) => i !== index);
  }

  /** A first draft for the scenario shown: one featured parameter, three seeds. */
  function ensureStarted(): void {
    if (parameters.value.length === 0) addParameter();
  }

  return {
    name,
    parameters,
    seedCount,
    seedFrom,
    options,
    check,
    document,
    addParameter,
    setPath,
    update,
    removeParameter,
    ensureStarted,
  };
});
