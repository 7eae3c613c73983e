import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CsvFileWriter } from '../../../electron/cli/csv-file-writer';
import { exportCsv } from '../../../electron/services/export/csv-export';
import { logCsvHeader } from '../../../core/trace/trace-columns';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'balloon-csv-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('CsvFileWriter', () => {
  it('writes a header, RFC 4180 quoting, UTF-8 and \\n line ends', async () => {
    const w = new CsvFileWriter(join(dir, 'a.csv'), ['time_s', 'message']);
    await w.write(['1', 'plain']);
    await w.write(['2.5', 'comma, and "quotes"']);
    await w.write(['3', 'two\nlines']);
    await w.write(['4', 'Grüße ✓']);
    await w.close();
    expect(await readFile(join(dir, 'a.csv'), 'utf8')).toBe(
      'time_s,message\n1,plain\n2.5,"comma, and ""quotes"""\n3,"two\nlines"\n4,Grüße ✓\n',
    );
    expect(w.rows).toBe(4);
  });

  it('escapes cells a spreadsheet would run as a formula', async () => {
    const w = new CsvFileWriter(join(dir, 'f.csv'), ['cell']);
    for (const cell of ['=SUM(A1:A9)', '+1', '-cmd', '@x', '\tlead', '\rcr', 'safe=1']) await w.write([cell]);
    await w.close();
    const lines = (await readFile(join(dir, 'f.csv'), 'utf8')).split('\n');
    expect(lines.slice(1, 5)).toEqual(["'=SUM(A1:A9)", "'+1", "'-cmd", "'@x"]);
    expect(lines[5]).toBe("'\tlead");
    expect(lines.slice(6)).toEqual(['"\'\rcr"', 'safe=1', '']);
  });

  it('streams many rows through a small buffer without losing or reordering any', async () => {
    const w = new CsvFileWriter(join(dir, 'big.csv'), ['i', 'pad']);
    const pad = 'x'.repeat(200);
    for (let i = 0; i < 20_000; i++) await w.write([String(i), pad]);
    await w.close();
    const lines = (await readFile(join(dir, 'big.csv'), 'utf8')).trimEnd().split('\n');
    expect(lines.length).toBe(20_001);
    expect(lines[12_346]).toBe(`12345,${pad}`);
  });

  it('reports a file that cannot be created', async () => {
    const w = new CsvFileWriter(join(dir, 'missing-dir', 'x.csv'), ['a']);
    await expect(w.close()).rejects.toThrow(/ENOENT/);
  });

  it('writes the same bytes as the GUI export for the same rows', async () => {
    const rows = [
      ['0.5', 'web1', 'driver', 'info', 'inflate', 'balloon -12.5 MiB'],
      ['-0.25', '', 'hypervisor', 'warn', 'state', '=cmd|"x"'],
      ['2', 'db1', 'monitor', 'debug', 'estimate', 'two\nlines, "quoted"'],
    ];
    const w = new CsvFileWriter(join(dir, 'cli.csv'), logCsvHeader);
    for (const row of rows) await w.write(row);
    await w.close();
    const gui = join(dir, 'gui');
    await mkdir(gui);
    await exportCsv({ folder: gui, tables: { log: { rows } } });
    expect(await readFile(join(dir, 'cli.csv'), 'utf8')).toBe(await readFile(join(gui, 'log.csv'), 'utf8'));
    expect((await readFile(join(dir, 'cli.csv'), 'utf8')).split('\n')[2]!.startsWith('-0.25,')).toBe(true);
  });
});
