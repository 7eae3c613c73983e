import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { getPreset } from '../../../core/presets/presets';
import { parseScenarioOrThrow } from '../../../core/scenario/parse-scenario';
import {
  describeDifference,
  formatDiffValue,
  runLabels,
  scenarioDifferences,
} from '../../../core/experiment/scenario-diff';

const basics = parseScenarioOrThrow(getPreset('basics')!.scenario);

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** Plain JSON scenarios-like values: objects of small leaves, a VM list with ids. */
const leaf = fc.oneof(fc.integer({ min: -5, max: 5 }), fc.boolean(), fc.constantFrom('a', 'b', 'c'));
const vm = fc.record({
  id: fc.constantFrom('v1', 'v2', 'v3', 'v4'),
  memoryMiB: leaf,
  workload: fc.record({ demandMiB: leaf }),
});
const doc = fc.record({
  seed: leaf,
  policy: fc.record({
    kind: fc.constantFrom('esx', 'xen'),
    idleTaxPct: leaf,
    pageSharing: fc.record({ enabled: fc.boolean() }),
  }),
  vms: fc.uniqueArray(vm, { selector: (v) => v.id, maxLength: 4 }),
});

describe('scenarioDifferences', () => {
  it('names the policy by its kind and a tuned parameter by its own name', () => {
    const kvm = clone(basics);
    kvm.policy.kind = 'kvm-mom';
    expect(scenarioDifferences([basics, kvm]).map(describeDifference)).toEqual(['policy: esx vs kvm-mom']);
    const taxed = clone(basics);
    taxed.policy.idleTaxPct = 0;
    const heavy = clone(basics);
    heavy.policy.idleTaxPct = 75;
    expect(scenarioDifferences([taxed, heavy]).map(describeDifference)).toEqual(['idleTaxPct: 0 vs 75']);
  });

  it('finds a VM field by the VM id, whatever the order of the VM list', () => {
    const changed = clone(basics);
    const vm = changed.vms[1]!;
    vm.memoryMiB += 512;
    changed.vms.reverse();
    const diffs = scenarioDifferences([basics, changed]);
    expect(diffs.map((d) => d.path)).toEqual([`vms[${vm.id}].memoryMiB`]);
    expect(diffs[0]!.label).toBe('memoryMiB');
    expect(diffs[0]!.values).toEqual([String(vm.memoryMiB - 512), String(vm.memoryMiB)]);
  });

  it('reports a VM only one scenario has once, not field by field', () => {
    const fewer = clone(basics);
    const gone = fewer.vms.pop()!;
    expect(scenarioDifferences([basics, fewer]).map((d) => [d.path, d.values])).toEqual([
      [`vms[${gone.id}]`, ['present', 'absent']],
    ]);
  });

  it('leaves the name and description out and labels runs by their differences', () => {
    const other = clone(basics);
    other.name = 'Another name';
    other.description = 'Another text';
    expect(scenarioDifferences([basics, other])).toEqual([]);
    expect(runLabels([basics, other], (i) => `run ${i + 1}`)).toEqual(['run 1', 'run 2']);
    other.seed = basics.seed + 1;
    expect(runLabels([basics, other], (i) => `run ${i + 1}`)).toEqual([
      `seed: ${basics.seed}`,
      `seed: ${basics.seed + 1}`,
    ]);
  });

  it('shortens long values and shows absent ones', () => {
    expect(formatDiffValue(undefined)).toBe('absent');
    expect(formatDiffValue('x'.repeat(100))).toHaveLength(40);
  });

  it('finds nothing between a scenario and its copy', () => {
    fc.assert(fc.property(doc, (d) => scenarioDifferences([d, clone(d)]).length === 0));
  });

  it('finds exactly the one leaf that was changed, by id path', () => {
    fc.assert(
      fc.property(doc, fc.integer({ min: 100, max: 200 }), fc.nat(), (d, value, pick) => {
        fc.pre(d.vms.length > 0);
        const changed = clone(d);
        const vm = changed.vms[pick % changed.vms.length]!;
        vm.workload.demandMiB = value;
        const diffs = scenarioDifferences([d, changed]);
        expect(diffs.map((x) => x.path)).toEqual([`vms[${vm.id}].workload.demandMiB`]);
        expect(diffs[0]!.values[1]).toBe(String(value));
      }),
    );
  });

  it('reports the same paths whatever the order of the runs, values following their runs', () => {
    fc.assert(
      fc.property(fc.array(doc, { minLength: 2, maxLength: 4 }), (docs) => {
        const forward = scenarioDifferences(docs);
        const backward = scenarioDifferences([...docs].reverse());
        expect(backward.map((d) => d.path)).toEqual(forward.map((d) => d.path));
        for (const [i, d] of forward.entries()) expect(backward[i]!.values).toEqual([...d.values].reverse());
        // With every difference in the label, runs named alike have alike scenarios.
        const labels = runLabels(docs, (i) => `run ${i + 1}`, 100);
        for (let i = 0; i < docs.length; i += 1)
          for (let j = i + 1; j < docs.length; j += 1)
            if (labels[i] === labels[j] && forward.length > 0)
              expect(forward.every((d) => d.values[i] === d.values[j])).toBe(true);
      }),
    );
  });

  it('gives every difference a label that no other difference ends with', () => {
    fc.assert(
      fc.property(fc.array(doc, { minLength: 2, maxLength: 3 }), (docs) => {
        const diffs = scenarioDifferences(docs);
        const labels = diffs.map((d) => d.label);
        expect(new Set(labels).size).toBe(labels.length);
      }),
    );
  });
});
