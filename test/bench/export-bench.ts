// Benchmark: CSV export of 1,000,000 vms.csv rows. Run: npx tsx test/bench/export-bench.ts [--rows N]
// The export runs in a child process so its peak RSS is its own. Target (issue 3): < 200 MiB.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { VmCounters } from '../../core/model/counters';
import { vmRow } from '../../core/trace/trace-columns';
import { exportCsv } from '../../electron/services/export/csv-export';
import { Scorecard } from './bench-verdict';

const targetPeakRssMiB = 200;

function* syntheticVmRows(rows: number, vmCount: number): Generator<string[]> {
  const ids = Array.from({ length: vmCount }, (_, i) => `vm-${String(i).padStart(3, '0')}`);
  for (let i = 0; i < rows; i++) {
    const vm = i % vmCount;
    const timeS = Math.floor(i / vmCount);
    const wave = Math.sin(timeS / 60 + vm) * 512;
    const c: VmCounters = {
      id: ids[vm]!,
      poweredOn: true,
      memszMiB: 4096,
      grantMiB: 3000 + wave,
      sztgtMiB: 2900 + wave / 2,
      tchdMiB: 1200.25 + wave / 3,
      actvMiB: 1100.5,
      consumedMiB: 2950.125 + wave,
      mctlszMiB: 512 - wave / 4,
      mctltgtMiB: 520,
      mctlmaxMiB: 2662.4,
      swcurMiB: (timeS % 97) * 1.5,
      swtgtMiB: 0,
      swrMiBps: (timeS % 13) / 7,
      swwMiBps: (timeS % 11) / 9,
      zipMiB: 12.75,
      shrdMiB: 300 + vm,
      zeroMiB: 120,
      shrdsvdMiB: 250.5,
      ovhdMiB: 57,
      guestSwapMiB: 0,
      guestSwapInMiBps: 0,
      guestSwapOutMiBps: 0,
      guestCacheMiB: 256,
      demandMiB: 3000 + wave,
      perfIndex: 0.98765,
    };
    yield vmRow(timeS, c);
  }
}

async function child(rows: number): Promise<void> {
  const folder = mkdtempSync(join(tmpdir(), 'balloon-export-bench-'));
  const rssBeforeMiB = process.memoryUsage().rss / 1024 / 1024;
  const started = performance.now();
  let progressCalls = 0;
  try {
    const result = await exportCsv({
      folder,
      tables: { vms: { rows: syntheticVmRows(rows, 8), rowCount: rows } },
      onProgress: () => progressCalls++,
    });
    const wallMs = performance.now() - started;
    const peakRssMiB = process.resourceUsage().maxRSS / 1024;
    const file = result.files[0]!;
    // Cancel half way: how long until the export has stopped and cleaned up?
    const controller = new AbortController();
    let abortedAt = 0;
    rmSync(file.path);
    const cancelled = await exportCsv({
      folder,
      signal: controller.signal,
      tables: { vms: { rows: syntheticVmRows(rows, 8), rowCount: rows } },
      onProgress: (p) => {
        if (abortedAt === 0 && p.rowsScanned >= rows / 2) {
          abortedAt = performance.now();
          controller.abort();
        }
      },
    });
    const cancelMs = performance.now() - abortedAt;
    const leftOver = readdirSync(folder).length;
    process.stdout.write(
      `${JSON.stringify({ rows: file.rows, sizeBytes: file.sizeBytes, wallMs, peakRssMiB, rssBeforeMiB, progressCalls, cancelled: cancelled.cancelled, cancelMs, leftOver })}\n`,
    );
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

function parent(rows: number): Scorecard {
  const self = fileURLToPath(import.meta.url);
  const run = spawnSync(process.execPath, ['--import', 'tsx', self, '--child', '--rows', String(rows)], {
    encoding: 'utf8',
  });
  if (run.status !== 0) {
    process.stderr.write(run.stderr);
    throw new Error(`export bench child failed with status ${run.status}`);
  }
  const r = JSON.parse(run.stdout.trim().split('\n').pop()!) as Record<string, number> & {
    cancelled: boolean;
  };
  const rowsPerS = (r.rows! / r.wallMs!) * 1000;
  const card = new Scorecard();
  console.log(`export-bench: ${r.rows} vms.csv rows, ${(r.sizeBytes! / 1024 / 1024).toFixed(1)} MiB written`);
  console.log(
    `  wall time   ${(r.wallMs! / 1000).toFixed(2)} s (${Math.round(rowsPerS).toLocaleString('en-US')} rows/s)`,
  );
  console.log(
    `  peak RSS    ${r.peakRssMiB!.toFixed(1)} MiB (child process; ${r.rssBeforeMiB!.toFixed(1)} MiB before export) ${card.check('export peak RSS (MiB)', r.peakRssMiB!, '<', targetPeakRssMiB, 'MiB')}`,
  );
  console.log(`  progress    ${r.progressCalls} callbacks`);
  console.log(
    `  cancel      at 50%: ${r.cancelled ? 'cancelled' : 'NOT cancelled'} in ${r.cancelMs!.toFixed(1)} ms, ${r.leftOver} files left in the folder   ${card.expect('export cancel at 50%', r.cancelled && r.leftOver === 0, 'cancelled, no files left')}`,
  );
  console.log(card.summary('export-bench'));
  return card;
}

const args = process.argv.slice(2);
const rowsArg = args.indexOf('--rows');
const rowCount = rowsArg >= 0 ? Number(args[rowsArg + 1]) : 1_000_000;
if (args.includes('--child')) await child(rowCount);
else if (parent(rowCount).missed.length > 0) process.exitCode = 1;
