import { describe, expect, it } from 'vitest';
import { createEngine } from '../../../core/engine/create-engine';
import type { HostCounters, VmCounters } from '../../../core/model/counters';
import { getPreset } from '../../../core/presets/presets';
import { parseScenarioOrThrow } from '../../../core/scenario/parse-scenario';
import type { ScenarioInput } from '../../../core/scenario/scenario-schema';
import { SummaryAccumulator, type RunSummary } from '../../../core/trace/summary';

interface Run {
  summary: RunSummary;
  /** One sample every 10 simulated seconds. */
  host: HostCounters[];
  vms: Map<string, VmCounters[]>;
}

/** Runs a preset through the real engine; these tests check that each lesson actually happens. */
function run(id: string): Run {
  return runScenario(getPreset(id)!.scenario);
}

function runSeeded(id: string, seed: number): Run {
  return runScenario({ ...getPreset(id)!.scenario, seed });
}

function runScenario(input: ScenarioInput): Run {
  const scenario = parseScenarioOrThrow(input);
  const engine = createEngine(scenario);
  const acc = new SummaryAccumulator({
    scenario: scenario.name,
    seed: scenario.seed,
    durationS: scenario.durationS,
  });
  const host: HostCounters[] = [];
  const vms = new Map<string, VmCounters[]>();
  while (engine.tick < engine.endTick) {
    engine.step(1);
    engine.drainLog();
    const h = engine.hostCounters();
    const v = engine.vmCounters();
    acc.add(h, v);
    if (engine.tick % 10 === 0) {
      host.push(h);
      for (const c of v) vms.set(c.id, [...(vms.get(c.id) ?? []), c]);
    }
  }
  return { summary: acc.finish(), host, vms };
}

/** The samples taken in (fromS, toS]: sample i was taken at (i + 1) * 10 s. */
function between<T>(samples: readonly T[], fromS: number, toS: number): T[] {
  return samples.filter((_, i) => (i + 1) * 10 > fromS && (i + 1) * 10 <= toS);
}
const peak = <T>(xs: readonly T[], f: (x: T) => number) => Math.max(0, ...xs.map(f));
const mean = <T>(xs: readonly T[], f: (x: T) => number) =>
  xs.reduce((s, x) => s + f(x), 0) / Math.max(1, xs.length);

// Each test runs whole simulated hours; generous timeouts keep a loaded machine from failing them.
describe('preset lessons (real engine, full runs)', { timeout: 300_000 }, () => {
  it('basics: the idle VM is ballooned to make room for the batch job; the high-share database is not', () => {
    const r = run('basics');
    expect(peak(r.vms.get('app1')!, (c) => c.mctlszMiB)).toBeGreaterThan(1000);
    expect(peak(r.vms.get('db1')!, (c) => c.mctlszMiB)).toBe(0);
    expect(r.summary.host.timeInStateS.soft).toBeGreaterThan(0);
    expect(r.summary.vms['db1']!.perfIndexMean).toBeGreaterThan(0.99);
  });

  it('idle-memory-tax: with the tax the idle VM gives memory to the busy one; without it the busy VM pays', () => {
    const on = run('idle-memory-tax').summary.vms;
    const off = run('idle-memory-tax-off').summary.vms;
    expect(on['idle1']!.mean!['mctlsz_mib']!).toBeGreaterThan(off['idle1']!.mean!['mctlsz_mib']!);
    expect(on['busy1']!.mean!['mctlsz_mib']!).toBeLessThan(off['busy1']!.mean!['mctlsz_mib']!);
    expect(on['busy1']!.perfIndexMean!).toBeGreaterThan(off['busy1']!.perfIndexMean!);
  });

  it('balloon-vs-swap: the slow rise is ballooned cheaply, the spike brings host swapping and a performance drop', () => {
    const r = run('balloon-vs-swap');
    const vmIds = ['a1', 'a2', 'a3', 'a4'];
    const perfIn = (from: number, to: number) =>
      mean(vmIds, (id) => mean(between(r.vms.get(id)!, from, to), (c) => c.perfIndex));
    expect(peak(between(r.host, 600, 1800), (h) => h.mctlszMiB)).toBeGreaterThan(2000);
    expect(perfIn(1200, 1800)).toBeGreaterThan(0.85);
    expect(perfIn(1800, 2400)).toBeLessThan(perfIn(1200, 1800) - 0.2);
    expect(peak(between(r.host, 1800, 2400), (h) => h.swcurMiB)).toBeGreaterThan(100);
    expect(r.summary.host.timeInStateS.hard + r.summary.host.timeInStateS.low).toBeGreaterThan(0);
  });

  it('working-set-larger-than-memory: the VM whose working set does not fit pages continuously until it shrinks', () => {
    const r = run('working-set-larger-than-memory');
    const over = r.vms.get('over')!;
    expect(mean(between(over, 300, 1200), (c) => c.perfIndex)).toBeLessThan(0.1);
    expect(mean(between(over, 300, 1200), (c) => c.guestSwapInMiBps)).toBeGreaterThan(10);
    expect(mean(between(over, 1500, 1800), (c) => c.perfIndex)).toBeGreaterThan(0.5);
    for (const id of ['fits', 'tight']) expect(r.summary.vms[id]!.perfIndexMean).toBeGreaterThan(0.99);
  });

  it("ballooning-into-page-cache: the balloon drops the file server's cache and its misses cost, with little swapped", () => {
    const r = run('ballooning-into-page-cache');
    const files = r.vms.get('files')!;
    expect(peak(between(files, 1200, 2400), (c) => c.mctlszMiB)).toBeGreaterThan(1500);
    expect(mean(between(files, 1500, 2400), (c) => c.guestCacheMiB)).toBeLessThan(2000);
    expect(mean(between(files, 1500, 2400), (c) => c.perfIndex)).toBeLessThan(0.8);
    expect(mean(between(files, 0, 600), (c) => c.perfIndex)).toBe(1);
    expect(peak(files, (c) => c.swcurMiB)).toBeLessThan(100);
  });

  it('modern-driver-vs-legacy: the current vmw_balloon meets the limit at once, the pre-4.20 one takes minutes', () => {
    const r = run('modern-driver-vs-legacy');
    const at = (id: string, s: number) => r.vms.get(id)![s / 10 - 1]!.mctlszMiB;
    expect(at('modern', 200)).toBeGreaterThan(3000);
    expect(at('legacy', 200)).toBeLessThan(500);
    expect(at('legacy', 300)).toBeLessThan(2000);
    expect(at('legacy', 700)).toBeGreaterThan(3000);
  });

  it('free-page-reporting: the reporting guest hands back what its job freed, its twin keeps it backed', () => {
    const r = run('free-page-reporting');
    const grant = (id: string) => r.vms.get(id)!.at(-1)!.grantMiB;
    expect(grant('reporting')).toBeLessThan(2000);
    expect(grant('holding')).toBeGreaterThan(5000);
  });

  it('page sharing: inter-VM sharing saves far more than salted sharing, which has to balloon instead', () => {
    // The preset's seed and another: the lesson must not hang on one stream of draws.
    for (const seed of [42, 3]) {
      const host = runSeeded('page-sharing-farm', seed).summary.host;
      const salted = runSeeded('page-sharing-salted', seed).summary.host;
      expect(host.shrdsvdMiB.max).toBeGreaterThan(2 * salted.shrdsvdMiB.max);
      expect(salted.mctlszMiB.mean).toBeGreaterThan(2 * host.mctlszMiB.mean);
    }
  });

  it('large-pages-hide-sharing: large pages keep sharing from absorbing growth, so free memory falls further than with small pages', () => {
    // The preset's seed and another: the lesson must not hang on one stream of draws.
    for (const seed of [42, 1]) {
      const scenario = { ...getPreset('large-pages-hide-sharing')!.scenario, seed };
      const large = runScenario(scenario);
      const small = runScenario({ ...scenario, host: { memoryMiB: 16_384, largePages: false } });
      // Before the growth most guest memory is in large pages; none when they are off.
      expect(mean(between(large.host, 600, 1200), (h) => h.largeMiB)).toBeGreaterThan(8000);
      expect(peak(small.host, (h) => h.largeMiB)).toBe(0);
      // The growth breaks thousands of large pages, and sharing lags behind small pages' sharing.
      expect(large.host.at(-1)!.largeBroken - large.host[119]!.largeBroken).toBeGreaterThan(1000);
      const shared = (r: Run) => mean(between(r.host, 1200, 1800), (h) => h.shrdsvdMiB);
      expect(shared(large)).toBeLessThan(shared(small) - 500);
      const free = (r: Run) => mean(between(r.host, 1200, 1800), (h) => h.freeMiB);
      expect(free(large)).toBeLessThan(free(small) - 400);
      expect(large.host.at(-1)!.shrdsvdMiB).toBeLessThan(small.host.at(-1)!.shrdsvdMiB - 100);
    }
  });

  it('hyperv-hot-add: VMs boot with their startup RAM; the growing one is hot-added memory, the others stay small', () => {
    const r = run('hyperv-hot-add');
    const grant = (id: string, atS: number) => r.vms.get(id)![atS / 10 - 1]!.grantMiB;
    expect(grant('sql1', 290)).toBeLessThan(1536);
    expect(grant('sql1', 1800)).toBeGreaterThan(5000);
    for (const id of ['web1', 'web2', 'web3']) expect(grant(id, 1800)).toBeLessThan(2048);
    // Memory not yet hot-added is not ballooned memory.
    expect(peak(r.host, (h) => h.mctlszMiB)).toBeLessThan(1024);
  });

  it('no-balloon-driver: neighbours are ballooned for the driverless VM, which is swapped in the spike until its driver arrives', () => {
    const r = run('no-balloon-driver');
    const nodrv = r.vms.get('nodrv')!;
    expect(peak(between(nodrv, 0, 2700), (c) => c.mctlszMiB)).toBe(0);
    for (const id of ['good1', 'good2', 'good3'])
      expect(peak(between(r.vms.get(id)!, 600, 1800), (c) => c.mctlszMiB)).toBeGreaterThan(500);
    const spikeSwap = (id: string) => peak(between(r.vms.get(id)!, 1800, 2700), (c) => c.swcurMiB);
    for (const id of ['good1', 'good2', 'good3']) expect(spikeSwap('nodrv')).toBeGreaterThan(spikeSwap(id));
    expect(peak(between(nodrv, 2700, 3600), (c) => c.mctlszMiB)).toBeGreaterThan(0);
  });

  it('reservations-protect: the reserved VM keeps its memory and performance, its twin is reclaimed', () => {
    const r = run('reservations-protect');
    const prod = r.summary.vms['prod']!;
    const twin = r.summary.vms['twin']!;
    expect(prod.perfIndexMean!).toBeGreaterThan(twin.perfIndexMean! + 0.1);
    expect(twin.mean!['mctlsz_mib']!).toBeGreaterThan(prod.mean!['mctlsz_mib']!);
    expect(twin.guestSwapInMiB).toBeGreaterThan(prod.guestSwapInMiB);
  });

  it('boot-storm: staggered Windows boots push the host into hard or low and zero pages get shared', () => {
    const r = run('boot-storm').summary.host;
    expect(r.timeInStateS.hard + r.timeInStateS.low).toBeGreaterThan(0);
    expect(r.shrdsvdMiB.max).toBeGreaterThan(100);
    expect(r.mctlszMiB.max).toBeGreaterThan(4096);
  });

  it('compare-static: no balloon at all, reclaimed memory is swapped by the host', () => {
    const host = run('compare-static').summary.host;
    expect(host.mctlszMiB.max).toBe(0);
    expect(host.swcurMiB.max).toBeGreaterThan(0);
  });

  it('compare-hyperv: every VM is sized to demand plus buffer by its balloon, nothing is swapped by the host', () => {
    const r = run('compare-hyperv').summary;
    expect(r.host.swcurMiB.max).toBe(0);
    expect(r.vms['idle1']!.mean!['mctlsz_mib']!).toBeGreaterThan(2000);
  });

  it('compare-xen: all domains end at the same target whatever they use', () => {
    const r = run('compare-xen');
    const last = [...r.vms.values()].map((s) => s.at(-1)!.sztgtMiB);
    expect(Math.max(...last) - Math.min(...last)).toBeLessThan(1);
    expect(r.summary.host.swcurMiB.max).toBe(0);
    // Xen backs every domain up to its target: squeezed has given out nearly all of the host.
    const grants = [...r.vms.values()].reduce((s, v) => s + v.at(-1)!.grantMiB, 0);
    const targets = last.reduce((s, t) => s + t, 0);
    expect(grants).toBeGreaterThan(0.95 * targets);
    expect(r.host.at(-1)!.freeMiB).toBeLessThan(1000);
  });

  it('compare-kvm-mom: under host pressure every guest is shrunk, the busy database included', () => {
    const r = run('compare-kvm-mom').summary;
    expect(r.host.mctlszMiB.max).toBeGreaterThan(1000);
    expect(r.vms['db1']!.mean!['mctlsz_mib']!).toBeGreaterThan(0);
  });
});
