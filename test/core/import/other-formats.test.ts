import { describe, expect, it } from 'vitest';
import { detectFormat, importTraceText } from '../../../core/import/trace-importer';

/** A GWA-T-12 per-VM file by the format's rules: `;\t` separated, seconds, KB. */
function bitbrainsText(
  rows: number,
  provisionedKb: number,
  usageKb: (r: number) => number,
  startS = 1_376_314_846,
): string {
  const header =
    'Timestamp [ms];\tCPU cores;\tCPU capacity provisioned [MHZ];\tCPU usage [MHZ];\tCPU usage [%];\tMemory capacity provisioned [KB];\tMemory usage [KB];\tDisk read throughput [KB/s];\tDisk write throughput [KB/s];\tNetwork received throughput [KB/s];\tNetwork transmitted throughput [KB/s]';
  const lines = [header];
  for (let r = 0; r < rows; r++) {
    // The trace's intervals jitter around 300 s.
    const t = startS + r * 300 + (r % 3 === 1 ? 1 : 0);
    lines.push(
      `${t};\t4;\t11703.999920;\t10.533600;\t0.090000;\t${provisionedKb.toFixed(6)};\t${usageKb(r).toFixed(6)};\t0.000000;\t1.733333;\t0.000000;\t0.000000`,
    );
  }
  return `${lines.join('\n')}\n`;
}

describe('GWA-T-12 (Bitbrains) import', () => {
  it('turns a folder of per-VM files into one VM each', () => {
    const { scenario, summary } = importTraceText([
      { name: '1.csv', text: bitbrainsText(50, 4_194_304, (r) => 1_048_576 + r * 1024) },
      { name: '2.csv', text: bitbrainsText(50, 8_388_608, () => 9_000_000) },
    ]);
    expect(summary.format).toBe('bitbrains');
    expect(summary.files).toBe(2);
    expect(summary.intervalS).toBe(300);
    expect(scenario.vms.map((v) => [v.id, v.memoryMiB])).toEqual([
      ['1', 4096],
      ['2', 8192],
    ]);
    const w = scenario.vms[0]!.workload;
    expect(w.kind === 'trace' && w.samples.slice(0, 2)).toEqual([
      { atS: 0, demandMiB: 1024, activePct: 30 },
      { atS: 300, demandMiB: 1025, activePct: 30 },
    ]);
    // Usage above what was provisioned is cut to the VM's memory and counted.
    expect(summary.ignored.clamped).toBeGreaterThan(0);
    expect(summary.hostSource).toBe('estimate');
    expect(scenario.host.memoryMiB).toBe(12_288);
    expect(summary.ignored.columns).toBe(16);
  });

  it('names the file, line and column of a bad value', () => {
    const lines = bitbrainsText(5, 4_194_304, () => 1000).split('\n');
    lines[5] = lines[5]!.replace(';\t1000.000000;', ';\tn/a;');
    const text = lines.join('\n');
    expect(() => importTraceText([{ name: '7.csv', text }])).toThrow(
      /7\.csv, line 6, column 7: memory usage is not a number/,
    );
  });
});

describe('plain CSV import', () => {
  const csv = [
    'time_s,vm,memory_mib,demand_mib,active_pct,comment',
    '0,a,2048,512,20,x',
    '0,b,1024,256,50,y',
    '10,a,2048,600,20,x',
    '10,b,1024,256,50,y',
    '20,a,2048,700,25,',
    '20,b,1024,300,50,',
  ].join('\n');

  it('reads VMs in any interleaving and ignores unknown columns', () => {
    const { scenario, summary } = importTraceText([{ name: 'mine.csv', text: csv }], undefined, {
      hostMiB: 4096,
      policy: 'kvm-mom',
    });
    expect(summary.format).toBe('csv');
    expect(scenario.policy.kind).toBe('kvm-mom');
    expect(scenario.host.memoryMiB).toBe(4096);
    expect(scenario.vms.map((v) => v.id)).toEqual(['a', 'b']);
    const a = scenario.vms[0]!.workload;
    expect(a.kind === 'trace' && a.samples).toEqual([
      { atS: 0, demandMiB: 512, activePct: 20 },
      { atS: 10, demandMiB: 600, activePct: 20 },
      { atS: 20, demandMiB: 700, activePct: 25 },
    ]);
    expect(summary.ignored.columns).toBe(1);
  });

  it('refuses a header without the required columns, naming it', () => {
    expect(() => importTraceText([{ name: 'm.csv', text: 'time_s,vm,memory_mib\n0,a,1' }], 'csv')).toThrow(
      /m\.csv, line 1: the header has no "demand_mib" column/,
    );
  });
});

describe('hostile input', () => {
  it('an empty file, a blank file', () => {
    expect(() => importTraceText([{ name: 'e.csv', text: '' }])).toThrow(/e\.csv: the file is empty/);
    expect(() => importTraceText([{ name: 'e.csv', text: '\n\n  \n' }])).toThrow(/the file is empty/);
  });

  it('binary data', () => {
    expect(() => importTraceText([{ name: 'b.bin', text: 'PK\u0003\u0004\u0000\u0000garbage' }])).toThrow(
      /b\.bin, line 1: the file holds binary data/,
    );
  });

  it('a wrong header', () => {
    expect(() => importTraceText([{ name: 'w.csv', text: 'hello,world\n1,2\n' }])).toThrow(
      /w\.csv, line 1: not a trace the lab can import/,
    );
    expect(() => importTraceText([{ name: 'w.csv', text: '"Time","x"\n' }], 'esxtop')).toThrow(
      /line 1, column 1: not esxtop batch output/,
    );
  });

  it('a huge line is refused at a bound, not read whole', () => {
    const text = `time_s,vm,memory_mib,demand_mib\n${'9'.repeat(33 * 1024 * 1024)}`;
    expect(() => importTraceText([{ name: 'h.csv', text }])).toThrow(
      /h\.csv, line 2: the line is longer than 33554432 characters/,
    );
  });

  it('more VMs than a scenario may hold', () => {
    const rows = ['time_s,vm,memory_mib,demand_mib'];
    for (let v = 0; v < 513; v++) rows.push(`0,vm${v},1024,100`);
    expect(() => importTraceText([{ name: 'many.csv', text: rows.join('\n') }])).toThrow(
      /many\.csv, line 514, column 2: the trace holds more than 512 VMs, the most a scenario may have/,
    );
  });

  it('an unterminated quote', () => {
    expect(() =>
      importTraceText([{ name: 'q.csv', text: 'time_s,vm,memory_mib,demand_mib\n0,"a,1024,10\n' }]),
    ).toThrow(/line 2, column 2: a quoted value is not closed/);
  });

  it('detects formats by their first line', () => {
    expect(detectFormat('"(PDH-CSV 4.0) (UTC)(0)","\\\\h\\Memory\\Machine MBytes"')).toBe('esxtop');
    expect(detectFormat('\uFEFFTimestamp [ms];\tCPU cores;\tMemory usage [KB]')).toBe('bitbrains');
    expect(detectFormat('time_s,vm,memory_mib,demand_mib,active_pct')).toBe('csv');
    expect(detectFormat('<html>')).toBeNull();
  });
});
