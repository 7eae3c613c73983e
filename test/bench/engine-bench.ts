// Engine benchmark (issue 2 targets). Run: npx tsx test/bench/engine-bench.ts
//  1. basics (16 GiB, 4 VMs, 1 simulated hour): < 0.5 s wall
//  2. datacenter-2x (256 GiB, 32 x 16 GiB, 1 h): < 30 s wall and < 2 GiB peak RSS (own child process)
//  3. in that run: time per page-state change vs random Int32Array writes, same count, same process: <= 4x
//  4. tick cost at fixed churn on 16, 64 and 256 GiB hosts: 256 GiB <= 2x 16 GiB
//  5. each compare-* preset, 1 simulated hour: < 2 s (issue 10)
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { createEngine } from '../../core/engine/create-engine';
import type { SimEngine } from '../../core/engine/sim-engine';
import { Scorecard } from './bench-verdict';
import { benchThrash } from './thrash-bench';
import { benchPolicyPresets } from './policy-preset-bench';
import { benchScenario, fixedChurn } from './engine-bench-scenarios';

const targets = {
  basicsS: 0.5,
  datacenterS: 30,
  datacenterRssMiB: 2048,
  changeRatio: 4,
  tickRatio: 2,
  thrashRatio: 3,
  comparePresetS: 2,
};

function runToEnd(engine: SimEngine): void {
  while (engine.tick < engine.endTick) {
    engine.step(10);
    engine.drainLog();
  }
}

function changes(engine: SimEngine): number {
  const s = engine.stats();
  return s.guestPageChanges + s.machinePageChanges;
}

/** ns per random write into an Int32Array of `length`, over `count` writes with the same PRNG the engine uses. */
function randomWriteNs(length: number, count: number): number {
  const array = new Int32Array(length);
  const rng = xoroshiro128plus(7);
  const started = performance.now();
  for (let i = 0; i < count; i++) array[(rng.next() >>> 0) % length] = i;
  return ((performance.now() - started) * 1e6) / count;
}

export interface BasicsResult {
  source: string;
  /** The first run in this process, JIT warm-up included. */
  firstS: number;
  /** Later (warm) runs: best and median wall time, and the CPU time of the best. */
  bestS: number;
  medianS: number;
  bestCpuS: number;
  warmRuns: number;
  changes: number;
}

export function benchBasics(runs = 6): BasicsResult {
  const { scenario, source } = benchScenario('basics');
  const measured: Array<{ wall: number; cpu: number }> = [];
  let count = 0;
  for (let i = 0; i < runs; i++) {
    const engine = createEngine(scenario) as SimEngine;
    const cpu = process.cpuUsage();
    const started = performance.now();
    runToEnd(engine);
    const used = process.cpuUsage(cpu);
    measured.push({ wall: (performance.now() - started) / 1000, cpu: (used.user + used.system) / 1e6 });
    count = changes(engine);
  }
  const warm = measured.slice(1).sort((a, b) => a.wall - b.wall);
  return {
    source,
    firstS: measured[0]!.wall,
    bestS: warm[0]!.wall,
    medianS: warm[Math.floor(warm.length / 2)]!.wall,
    bestCpuS: warm[0]!.cpu,
    warmRuns: warm.length,
    changes: count,
  };
}

export interface DatacenterResult {
  source: string;
  /** The preset's host backs guests with large pages (on by default under the esx policy). */
  largePages: boolean;
  largeMiB: number;
  largeBroken: number;
  wallS: number;
  peakRssMiB: number;
  guestChanges: number;
  machineChanges: number;
  nsPerChange: number;
  nsPerRandomWrite: number;
  hostPages: number;
}

/** Child process body: one uninterrupted datacenter hour, then the random-write baseline. */
function datacenterChild(): void {
  const { scenario, source } = benchScenario('datacenter-2x');
  const engine = createEngine(scenario) as SimEngine;
  const started = performance.now();
  runToEnd(engine);
  const wallS = (performance.now() - started) / 1000;
  const s = engine.stats();
  const total = s.guestPageChanges + s.machinePageChanges;
  const hostPages = engine.world.hostPages;
  const peakRssMiB = process.resourceUsage().maxRSS / 1024;
  const nsPerRandomWrite = randomWriteNs(hostPages, total);
  const host = engine.hostCounters();
  const result: DatacenterResult = {
    source,
    largePages: engine.world.hv.config.largePages,
    largeMiB: host.largeMiB,
    largeBroken: host.largeBroken,
    wallS,
    peakRssMiB,
    guestChanges: s.guestPageChanges,
    machineChanges: s.machinePageChanges,
    nsPerChange: (wallS * 1e9) / total,
    nsPerRandomWrite,
    hostPages,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

export function benchDatacenter(): DatacenterResult {
  const self = fileURLToPath(import.meta.url);
  const run = spawnSync(process.execPath, ['--import', 'tsx', self, '--datacenter-child'], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  if (run.status !== 0) throw new Error(`datacenter bench child failed (${run.status}): ${run.stderr}`);
  return JSON.parse(run.stdout.trim().split('\n').pop()!) as DatacenterResult;
}

export interface ChurnResult {
  hostGiB: number;
  usPerTick: number;
  changesPerTick: number;
}

/** Tick cost after the fill, at the same absolute churn, for each host size (best of `reps`). */
export function benchFixedChurn(sizes: readonly number[] = [16, 64, 256], reps = 2): ChurnResult[] {
  // Warm the JIT on the smallest host first so the first measured size is not penalised.
  createEngine(fixedChurn(sizes[0]!)).runUntil(900);
  return sizes.map((hostGiB) => {
    let best = Infinity;
    let perTick = 0;
    for (let r = 0; r < reps; r++) {
      const engine = createEngine(fixedChurn(hostGiB)) as SimEngine;
      engine.runUntil(600);
      const before = changes(engine);
      const started = performance.now();
      engine.runUntil(1800);
      best = Math.min(best, ((performance.now() - started) * 1000) / 1200);
      perTick = (changes(engine) - before) / 1200;
    }
    return { hostGiB, usPerTick: best, changesPerTick: perTick };
  });
}

/**
 * Runs all engine benchmarks and prints every figure with its verdict against the issue 2
 * targets. The basics figure is the warm median: one lucky run must not pass a slow engine.
 */
export function runEngineBench(): Scorecard {
  const card = new Scorecard();
  const basics = benchBasics();
  console.log(
    `engine-bench: basics (${basics.source}), 1 simulated hour, ${basics.changes.toLocaleString('en-US')} page-state changes`,
  );
  console.log(`  first run   ${basics.firstS.toFixed(3)} s (includes JIT warm-up)`);
  console.log(
    `  warm median ${basics.medianS.toFixed(3)} s of ${basics.warmRuns} runs   ${card.check('basics warm median (s)', basics.medianS, '<', targets.basicsS, 's')}`,
  );
  console.log(`  warm best   ${basics.bestS.toFixed(3)} s (CPU ${basics.bestCpuS.toFixed(3)} s)`);

  const dc = benchDatacenter();
  const changesTotal = dc.guestChanges + dc.machineChanges;
  const ratio = dc.nsPerChange / dc.nsPerRandomWrite;
  console.log(
    `engine-bench: datacenter (${dc.source}), 1 simulated hour, child process, large pages ${dc.largePages ? `on (${dc.largeMiB.toFixed(0)} MiB in large pages at the end, ${dc.largeBroken} broken)` : 'off'}`,
  );
  console.log(
    `  wall time   ${dc.wallS.toFixed(2)} s   ${card.check('datacenter wall time (s)', dc.wallS, '<', targets.datacenterS, 's')}`,
  );
  console.log(
    `  peak RSS    ${dc.peakRssMiB.toFixed(0)} MiB   ${card.check('datacenter peak RSS (MiB)', dc.peakRssMiB, '<', targets.datacenterRssMiB, 'MiB')}`,
  );
  console.log(
    `  page-state changes ${changesTotal.toLocaleString('en-US')} (guest ${dc.guestChanges.toLocaleString('en-US')}, machine ${dc.machineChanges.toLocaleString('en-US')})`,
  );
  console.log(
    `  per change  ${dc.nsPerChange.toFixed(1)} ns (whole run / changes) vs ${dc.nsPerRandomWrite.toFixed(1)} ns per random write into an Int32Array of ${dc.hostPages.toLocaleString('en-US')} (same count): ratio ${ratio.toFixed(2)}   ${card.check('page-state change vs random write (ratio)', ratio, '<=', targets.changeRatio)}`,
  );

  const churn = benchFixedChurn();
  const small = churn[0]!;
  const large = churn[churn.length - 1]!;
  const tickRatio = large.usPerTick / small.usPerTick;
  console.log('engine-bench: tick cost at fixed churn (after the fill, ticks 600-1800)');
  for (const c of churn)
    console.log(
      `  ${String(c.hostGiB).padStart(3)} GiB host  ${c.usPerTick.toFixed(1)} us/tick  (${c.changesPerTick.toFixed(0)} page-state changes/tick)`,
    );
  console.log(
    `  ${large.hostGiB}/${small.hostGiB} GiB ratio ${tickRatio.toFixed(2)}   ${card.check(`tick cost ${large.hostGiB}/${small.hostGiB} GiB (ratio)`, tickRatio, '<=', targets.tickRatio)}`,
  );
  console.log('engine-bench: each compare-* preset, 1 simulated hour (best of 2)');
  for (const r of benchPolicyPresets())
    console.log(
      `  ${r.id.padEnd(16)} ${r.bestS.toFixed(2)} s   ${card.check(`${r.id} 1 h (s)`, r.bestS, '<', targets.comparePresetS, 's')}`,
    );
  const thrash = benchThrash();
  const thrashRatio = thrash.thrashS / thrash.fitsS;
  console.log('engine-bench: 4 GiB VM, 8 GiB demand, 1 simulated hour (best of 3)');
  console.log(`  working set 2 GiB (fits)            ${thrash.fitsS.toFixed(3)} s`);
  console.log(`  working set 8 GiB (twice memory)    ${thrash.thrashS.toFixed(3)} s`);
  console.log(
    `  thrashing / fitting ratio ${thrashRatio.toFixed(2)}   ${card.check('thrashing VM cost (ratio)', thrashRatio, '<=', targets.thrashRatio)}`,
  );
  console.log(card.summary('engine-bench'));
  return card;
}

if (process.argv.includes('--datacenter-child')) datacenterChild();
else if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (runEngineBench().missed.length > 0) process.exitCode = 1;
}
