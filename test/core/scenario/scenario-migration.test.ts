import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../../core/scenario/parse-scenario';
import { scenarioSchemaId } from '../../../core/scenario/scenario-schema';
import { scenarioV1Pins, scenarioV1SchemaId } from '../../../core/scenario/scenario-migration';

/** A scenario as the app wrote it before balloon models, large pages and the progressive tax existed. */
const beforeMachinery = {
  schema: scenarioV1SchemaId,
  name: 'Old lab',
  host: { memoryMiB: 8192 },
  policy: { kind: 'esx', idleTaxPct: 75, pageSharing: { enabled: true, scanTimeMin: 60 } },
  vms: [
    { id: 'a', memoryMiB: 2048, workload: { kind: 'steady', demandMiB: 1024 } },
    { id: 'b', memoryMiB: 2048, workload: { kind: 'idle' } },
  ],
};

function parsed(input: unknown) {
  const r = parseScenario(input);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.scenario;
}

describe('scenario@1 files keep their meaning', () => {
  it('pins the fields whose default changed when a @1 file leaves them out', () => {
    const s = parsed(beforeMachinery);
    expect(s.schema).toBe(scenarioSchemaId);
    expect(s.vms.map((vm) => vm.balloonModel)).toEqual(['vmw-legacy', 'vmw-legacy']);
    expect(s.host.largePages).toBe(scenarioV1Pins.largePages);
    expect(s.policy.idleTaxType).toBe('flat');
    expect(s.policy.pageSharing.rateMaxPagesPerS).toBe(scenarioV1Pins.shareRateMaxPagesPerS);
    expect(s.policy.pageSharing.scanTimeMin).toBe(60);
  });

  it('pins inside sections the file leaves out entirely', () => {
    const s = parsed({ schema: scenarioV1SchemaId, vms: [{ id: 'x' }] });
    expect(s.host.largePages).toBe(false);
    expect(s.policy.idleTaxType).toBe('flat');
    expect(s.policy.pageSharing.rateMaxPagesPerS).toBe(scenarioV1Pins.shareRateMaxPagesPerS);
    expect(s.vms[0]?.balloonModel).toBe('vmw-legacy');
  });

  it('keeps what a @1 file carries, null included', () => {
    const s = parsed({
      ...beforeMachinery,
      host: { memoryMiB: 8192, largePages: null },
      policy: { idleTaxType: 'progressive', pageSharing: { rateMaxPagesPerS: 1024 } },
      vms: [
        { id: 'a', balloonModel: null },
        { id: 'b', balloonModel: 'virtio' },
      ],
    });
    expect(s.host.largePages).toBeNull();
    expect(s.policy.idleTaxType).toBe('progressive');
    expect(s.policy.pageSharing.rateMaxPagesPerS).toBe(1024);
    expect(s.vms.map((vm) => vm.balloonModel)).toEqual([null, 'virtio']);
  });

  it('gives @2 files and files without a schema the real systems’ defaults', () => {
    for (const schema of [scenarioSchemaId, undefined]) {
      const s = parsed({ ...beforeMachinery, schema });
      expect(s.vms.map((vm) => vm.balloonModel)).toEqual([null, null]);
      expect(s.host.largePages).toBeNull();
      expect(s.policy.idleTaxType).toBe('progressive');
      expect(s.policy.pageSharing.rateMaxPagesPerS).toBe(1024);
    }
  });

  it('refuses a malformed @1 file with its own field paths', () => {
    const r = parseScenario({ schema: scenarioV1SchemaId, host: 'big', policy: [], vms: [7, null] });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const paths = r.issues.map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['host', 'policy', 'vms[0]', 'vms[1]']));
  });

  it('refuses unknown versions', () => {
    const r = parseScenario({ schema: 'balloon-lab/scenario@9' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues[0]?.path).toBe('schema');
  });
});
