import { describe, expect, it } from 'vitest';
import { importTraceText, TraceImporter } from '../../../core/import/trace-importer';
import { esxtopText, type EsxtopFixture } from './esxtop-fixture';

const quirky: EsxtopFixture = {
  host: 'esx01.corp.example',
  machineMiB: 32_768,
  trailingComma: true,
  powerColumns: 4,
  extraColumnsPerVm: 6,
  systemGroups: ['system', 'vim', 'hostd.2098', 'vpxa.3412'],
  rows: 40,
  // Real captures drift: 5 s, now and then 6.
  intervalS: (r) => (r % 7 === 3 ? 6 : 5),
  vms: [
    {
      gid: 75_123,
      name: 'web 01 (prod) (eu.west)',
      memszMiB: 4096,
      touched: (r) => 1000 + r * 10,
      activePct: () => 10,
    },
    {
      gid: 75_124,
      name: 'db.primary',
      memszMiB: 8192,
      touched: (r) => (r === 5 ? -1 : 2048),
      activePct: () => 20,
    },
  ],
};

describe('esxtop batch import', () => {
  it('reads a capture with every quirk: VMs, sizes, traces, host size', () => {
    const { scenario, summary } = importTraceText([{ name: 'capture.csv', text: esxtopText(quirky) }]);
    expect(summary.format).toBe('esxtop');
    expect(scenario.host.memoryMiB).toBe(32_768);
    expect(summary.hostSource).toBe('trace');
    expect(scenario.vms.map((v) => [v.id, v.name, v.memoryMiB])).toEqual([
      ['web-01-prod-eu.west', 'web 01 (prod) (eu.west)', 4096],
      ['db.primary', 'db.primary', 8192],
    ]);
    expect(summary.intervalS).toBe(5);
    expect(scenario.sampleEveryS).toBe(5);
    const web = scenario.vms[0]!.workload;
    if (web.kind !== 'trace') throw new Error('trace expected');
    expect(web.samples[0]).toEqual({ atS: 0, demandMiB: 1000, activePct: 41 });
    // 10 % of 4096 MiB active, of 1390 MiB touched at row 39.
    expect(web.samples.at(-1)!.demandMiB).toBe(1390);
    expect(web.samples.at(-1)!.activePct).toBeCloseTo((409.6 / 1390) * 100, 1);
    // The db VM's -1 sentinel holds the value before and is counted, not read as -1 MiB.
    const db = scenario.vms[1]!.workload;
    if (db.kind !== 'trace') throw new Error('trace expected');
    expect(db.samples).toEqual([{ atS: 0, demandMiB: 2048, activePct: 80 }]);
    expect(summary.ignored.sentinels).toBe(1);
    expect(summary.ignored.groups).toEqual([
      { kind: 'system groups (not VMs)', names: ['system', 'vim', 'hostd.2098', 'vpxa.3412'] },
    ]);
    // 2 VMs x (6 CPU + Members) + 4 power + overcommit + kernel + 4 groups x 2 memory columns.
    expect(summary.ignored.columns).toBe(2 * 7 + 4 + 2 + 8);
    expect(scenario.durationS).toBeGreaterThanOrEqual(200);
  });

  it('reads a capture without -a, without a trailing comma, with LF line ends', () => {
    const text = esxtopText({
      ...quirky,
      trailingComma: false,
      powerColumns: 0,
      extraColumnsPerVm: 0,
    }).replaceAll('\r\n', '\n');
    const { scenario } = importTraceText([{ name: 'plain.csv', text }]);
    expect(scenario.vms).toHaveLength(2);
  });

  it('streams: chunk boundaries anywhere give the same scenario', () => {
    const text = esxtopText(quirky);
    const whole = importTraceText([{ name: 'c.csv', text }]).scenario;
    const importer = new TraceImporter();
    importer.beginFile('c.csv');
    for (let i = 0; i < text.length; i += 97) importer.push(text.slice(i, i + 97));
    importer.endFile();
    expect(importer.finish().scenario).toEqual(whole);
  });

  it('names the line and column of a malformed row', () => {
    const lines = esxtopText(quirky).split('\r\n');
    const broken = [...lines];
    broken[3] = broken[3]!.replace(/"[^"]*",/, '"12/01/2026 10:00:20" junk,');
    expect(() => importTraceText([{ name: 'x.csv', text: broken.join('\n') }])).toThrow(
      /x\.csv, line 4, column 1: unexpected text after a closing quote/,
    );
    const short = [...lines];
    short[5] = short[5]!.split(',').slice(0, 10).join(',');
    expect(() => importTraceText([{ name: 'x.csv', text: short.join('\n') }])).toThrow(
      /line 6, column 11: the row has 10 values but the header names \d+ columns/,
    );
    const word = [...lines];
    const cells = word[2]!.split(',');
    const touched = lines[0]!.split(',').findIndex((c) => c.includes('web 01') && c.includes('Touched'));
    cells[touched] = '"lots"';
    word[2] = cells.join(',');
    expect(() => importTraceText([{ name: 'x.csv', text: word.join('\n') }])).toThrow(
      new RegExp(`line 3, column ${touched + 1}: .*Touched MBytes" is not a number`),
    );
    const badTime = [...lines];
    badTime[2] = badTime[2]!.replace(/^"[^"]*"/, '"2026-03-01 10:00"');
    expect(() => importTraceText([{ name: 'x.csv', text: badTime.join('\n') }])).toThrow(
      /line 3, column 1: the time "2026-03-01 10:00" is not MM\/DD\/YYYY HH:MM:SS/,
    );
  });

  it('leaves out rows that go back in time and says so', () => {
    const lines = esxtopText(quirky).split('\r\n');
    lines.splice(5, 0, lines[3]!);
    const { summary } = importTraceText([{ name: 'x.csv', text: lines.join('\n') }]);
    expect(summary.ignored.rows).toEqual([{ reason: 'rows not later than the row before', count: 1 }]);
  });

  it('refuses a capture without any VM', () => {
    const text = esxtopText({ ...quirky, vms: [] });
    expect(() => importTraceText([{ name: 'x.csv', text }])).toThrow(/holds no VM/);
  });

  it('a VM that appears mid-capture powers on then, its samples counting from there', () => {
    const late: EsxtopFixture = {
      rows: 20,
      vms: [
        { gid: 1, name: 'early', memszMiB: 2048, touched: () => 500 },
        { gid: 2, name: 'late', memszMiB: 2048, touched: (r) => (r < 10 ? '' : 700) },
      ],
    };
    const { scenario } = importTraceText([{ name: 'x.csv', text: esxtopText(late) }]);
    expect(scenario.vms[1]!.powerOnAtS).toBe(50);
    const w = scenario.vms[1]!.workload;
    expect(w.kind === 'trace' && w.samples[0]).toEqual({ atS: 0, demandMiB: 700, activePct: 30 });
  });
});
