// Benchmark: `balloon-lab import` of a 1 GiB esxtop batch file (`esxtop -b -a` shape: tens of
// thousands of columns, every cell quoted, trailing commas, unquoted padded power columns).
// Generates the file in a temp folder, runs the whole import command (read, build, write the
// scenario) in a child process (so its peak RSS is its own), prints wall time and peak RSS.
// Target (issue 12): peak RSS < 300 MiB.
// Run: npx tsx test/bench/import-bench.ts [--mib N] [--columns-per-vm N]
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from '../../electron/cli/cli-program';
import { Scorecard } from './bench-verdict';

const targetPeakRssMiB = 300;
const vmCount = 60;
const args = process.argv.slice(2);
const columnsArg = args.indexOf('--columns-per-vm');
/**
 * CPU, disk and network columns per VM: with 60 VMs about 30,000 columns, like a busy host with
 * -a. `--columns-per-vm 0` gives the other extreme: memory columns only, millions of rows.
 */
const otherColumnsPerVm = columnsArg >= 0 ? Number(args[columnsArg + 1]) : 500;
const powerColumns = 64;

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

function esxtopTime(seconds: number): string {
  const d = new Date(seconds * 1000);
  return `${pad2(d.getUTCMonth() + 1)}/${pad2(d.getUTCDate())}/${d.getUTCFullYear()} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`;
}

/** Writes an esxtop batch file of about `targetBytes`; returns its size and row count. */
function generate(path: string, targetBytes: number): { bytes: number; rows: number } {
  const h = '\\\\esx-bench.example';
  const header: string[] = [
    '"(PDH-CSV 4.0) (UTC)(0)"',
    `"${h}\\Memory\\Machine MBytes"`,
    `"${h}\\Memory\\Free MBytes"`,
  ];
  for (let p = 0; p < powerColumns; p++) header.push(`"${h}\\Power Cpu(${p})\\%P-State Residency"`);
  const vmNames: string[] = [];
  for (let v = 0; v < vmCount; v++) {
    const name = `vm ${v} (app.tier-${v % 3}) (eu)`;
    vmNames.push(name);
    for (let x = 0; x < otherColumnsPerVm; x++)
      header.push(`"${h}\\Group Cpu(${1000 + v}:${name})\\Counter ${x}"`);
    for (const c of [
      'Memory Size MBytes',
      'Touched MBytes',
      '% Active Estimate',
      'Memctl MBytes',
      'Swapped MBytes',
    ])
      header.push(`"${h}\\Group Memory(${1000 + v}:${name})\\${c}"`);
  }
  const staticBlock =
    otherColumnsPerVm === 0
      ? ''
      : Array.from({ length: otherColumnsPerVm }, (_, x) => `"${((x * 37) % 1000) / 10}"`).join(',');
  const power = Array.from({ length: powerColumns }, (_, p) => `  ${p % 100}`.padEnd(6)).join(',');
  const fd = openSync(path, 'w');
  let bytes = 0;
  let rows = 0;
  const write = (text: string): void => {
    bytes += writeSync(fd, text);
  };
  write(`${header.join(',')},\r\n`);
  const startS = Date.parse('2026-03-01T00:00:00Z') / 1000;
  let batch = '';
  while (bytes + batch.length < targetBytes) {
    const t = startS + rows * 5 + (rows % 9 === 4 ? 1 : 0);
    const parts = [`"${esxtopTime(t)}"`, '"262144"', `"${100_000 - (rows % 5000)}"`, power];
    for (let v = 0; v < vmCount; v++)
      parts.push(
        ...(staticBlock === '' ? [] : [staticBlock]),
        `"8192","${2000 + ((rows * 7 + v * 13) % 4000)}","${(rows + v) % 40}","${rows % 100}","-1"`,
      );
    batch += `${parts.join(',')},\r\n`;
    rows++;
    if (batch.length > 8 * 1024 * 1024) {
      write(batch);
      batch = '';
    }
  }
  write(batch);
  closeSync(fd);
  return { bytes, rows };
}

/** The whole `balloon-lab import` command, in process: read, build, write the scenario and recorded CSV. */
async function child(path: string): Promise<void> {
  const started = performance.now();
  let out = '';
  let err = '';
  const code = await runCli(['import', path, '--out', join(dirname(path), 'imported.json')], {
    version: 'bench',
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
    progressStream: null,
    loadEngine: () => Promise.reject(new Error('import does not run the engine')),
    nowMs: () => performance.now(),
  });
  if (code !== 0) throw new Error(`import failed (${code}): ${err}`);
  const wallMs = performance.now() - started;
  const peakRssMiB = process.resourceUsage().maxRSS / 1024;
  const jsonMiB = statSync(join(dirname(path), 'imported.json')).size / 1024 / 1024;
  process.stdout.write(
    `${JSON.stringify({ wallMs, peakRssMiB, jsonMiB, summary: out.split('\n').slice(0, 4).join(' | ') })}\n`,
  );
}

function parent(targetMiB: number): Scorecard {
  const folder = mkdtempSync(join(tmpdir(), 'balloon-import-bench-'));
  const card = new Scorecard();
  try {
    const file = join(folder, 'esxtop-batch.csv');
    const genStarted = performance.now();
    const { rows } = generate(file, targetMiB * 1024 * 1024);
    const sizeMiB = statSync(file).size / 1024 / 1024;
    console.log(
      `import-bench: generated ${sizeMiB.toFixed(0)} MiB, ${rows} rows in ${((performance.now() - genStarted) / 1000).toFixed(1)} s`,
    );
    const self = fileURLToPath(import.meta.url);
    const run = spawnSync(process.execPath, ['--import', 'tsx', self, '--child', file], { encoding: 'utf8' });
    if (run.status !== 0) {
      process.stderr.write(run.stderr);
      throw new Error(`import bench child failed with status ${run.status}`);
    }
    const r = JSON.parse(run.stdout.trim().split('\n').pop()!) as Record<string, number> & {
      summary: string;
    };
    console.log(`  imported    ${r.summary}`);
    console.log(`  scenario    ${r.jsonMiB!.toFixed(1)} MiB of JSON`);
    console.log(
      `  wall time   ${(r.wallMs! / 1000).toFixed(1)} s (${(sizeMiB / (r.wallMs! / 1000)).toFixed(0)} MiB/s)`,
    );
    console.log(
      `  peak RSS    ${r.peakRssMiB!.toFixed(1)} MiB (child process) ${card.check('import peak RSS (MiB)', r.peakRssMiB!, '<', targetPeakRssMiB, 'MiB')}`,
    );
    console.log(card.summary('import-bench'));
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
  return card;
}

if (args.includes('--child')) await child(args[args.indexOf('--child') + 1]!);
else {
  const mibArg = args.indexOf('--mib');
  if (parent(mibArg >= 0 ? Number(args[mibArg + 1]) : 1024).missed.length > 0) process.exitCode = 1;
}
