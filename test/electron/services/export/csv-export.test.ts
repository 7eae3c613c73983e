import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HostCounters, VmCounters } from '../../../../core/model/counters';
import type { LogLine } from '../../../../core/model/log-line';
import { hostRow, logRow, vmRow } from '../../../../core/trace/trace-columns';
import { csvStringifyOptions, toCsvRecord } from '../../../../electron/services/export/csv-options';
import { exportCsv, type ExportProgress } from '../../../../electron/services/export/csv-export';
import { zeroHostCounters, zeroVmCounters } from '../../../support/counter-fixtures';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'balloon-export-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** RFC 4180 reader, enough to check what a spreadsheet or pandas would see. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',' || c === '\n') {
      row.push(cell);
      cell = '';
      if (c === '\n') {
        rows.push(row);
        row = [];
      }
    } else cell += c;
  }
  expect(cell).toBe(''); // every record ends with \n
  return rows;
}

function host(timeS: number, overrides: Partial<HostCounters> = {}): HostCounters {
  return zeroHostCounters({
    tick: timeS,
    timeS,
    state: 'soft',
    pmemMiB: 16384,
    freeMiB: 600.5,
    minFreeMiB: 655.36,
    hypervisorMiB: 512,
    overheadMiB: 90,
    shrdsvdMiB: 120.25,
    mctlszMiB: 2048,
    zipMiB: 3.125,
    largeMiB: 0,
    largeBroken: 0,
    overcommit: 1.5,
    ...overrides,
  });
}

function vm(id: string, overrides: Partial<VmCounters> = {}): VmCounters {
  return zeroVmCounters(id, {
    memszMiB: 4096,
    grantMiB: 3000,
    sztgtMiB: 2900,
    tchdMiB: 1200,
    actvMiB: 1100,
    consumedMiB: 2950,
    mctlszMiB: 512,
    mctltgtMiB: 520,
    mctlmaxMiB: 2662.4,
    shrdMiB: 300,
    zeroMiB: 120,
    shrdsvdMiB: 250,
    ovhdMiB: 57,
    guestCacheMiB: 256,
    demandMiB: 3000,
    perfIndex: 0.98765,
    ...overrides,
  });
}

function log(timeS: number, vmId: string, message: string, event = 'inflate'): LogLine {
  return { seq: timeS, tick: timeS, timeS, vm: vmId, source: 'driver', level: 'info', event, message };
}

function* hostRows(n: number) {
  for (let t = 0; t < n; t++) yield hostRow(host(t));
}

async function* slowly<T>(rows: Iterable<T>) {
  for (const row of rows) {
    await new Promise<void>((r) => setImmediate(r));
    yield row;
  }
}

describe('exportCsv', () => {
  it('writes the documented columns (docs/glossary.md) of host.csv, vms.csv and log.csv', async () => {
    const result = await exportCsv({
      folder: dir,
      tables: {
        host: { rows: [hostRow(host(0)), hostRow(host(1))] },
        vms: { rows: [vmRow(0, vm('web1')), vmRow(0, vm('db1'))] },
        log: { rows: [logRow(log(3, 'web1', 'inflated 512 pages'))] },
      },
    });
    expect(result).toMatchObject({ cancelled: false, rowsWritten: 5 });
    expect(result.files.map((f) => [f.table, f.rows])).toEqual([
      ['host', 2],
      ['vms', 2],
      ['log', 1],
    ]);
    const read = async (name: string) => parseCsv(await readFile(join(dir, name), 'utf8'));
    const hostCsv = await read('host.csv');
    expect(hostCsv[0]!.join(',')).toBe(
      'time_s,state,pmem_mib,free_mib,minfree_mib,hypervisor_mib,shrdsvd_mib,mctlsz_mib,swcur_mib,zip_mib,lpage_mib,lpage_broken,overcommit',
    );
    expect(hostCsv[2]).toEqual([
      '1',
      'soft',
      '16384',
      '600.5',
      '655.36',
      '512',
      '120.25',
      '2048',
      '0',
      '3.125',
      '0',
      '0',
      '1.5',
    ]);
    const vmsCsv = await read('vms.csv');
    expect(vmsCsv[0]!.join(',')).toBe(
      'time_s,vm,memsz_mib,grant_mib,sztgt_mib,tchd_mib,actv_mib,consumed_mib,mctlsz_mib,mctltgt_mib,mctlmax_mib,' +
        'swcur_mib,swtgt_mib,swr_mibps,sww_mibps,zip_mib,shrd_mib,zero_mib,shrdsvd_mib,ovhd_mib,' +
        'guest_swap_mib,guest_swapin_mibps,guest_swapout_mibps,guest_cache_mib,demand_mib,perf_index',
    );
    expect(vmsCsv.slice(1).map((r) => [r[1], r.at(-1)])).toEqual([
      ['web1', '0.9877'],
      ['db1', '0.9877'],
    ]);
    expect(await read('log.csv')).toEqual([
      ['time_s', 'vm', 'source', 'level', 'event', 'message'],
      ['3', 'web1', 'driver', 'info', 'inflate', 'inflated 512 pages'],
    ]);
    expect((await readdir(dir)).sort()).toEqual(['host.csv', 'log.csv', 'vms.csv']);
  });

  it('uses RFC 4180 with \\n line ends, UTF-8 without BOM, byte for byte', async () => {
    await exportCsv({
      folder: dir,
      tables: {
        log: {
          rows: [
            logRow(log(1.5, '', 'say "hi", then\nleave — ok', 'note')),
            logRow(log(2, 'a', 'bare\rCR', 'x')),
          ],
        },
      },
    });
    expect(await readFile(join(dir, 'log.csv'), 'utf8')).toBe(
      'time_s,vm,source,level,event,message\n1.5,,driver,info,note,"say ""hi"", then\nleave — ok"\n' +
        '2,a,driver,info,x,"bare\rCR"\n',
    );
    const bytes = await readFile(join(dir, 'log.csv'));
    expect([...bytes.subarray(0, 3)]).toEqual([...Buffer.from('tim')]);
  });

  it('escapes cells a spreadsheet would run as formulas, but not negative numbers', async () => {
    const names = [
      '=HYPERLINK("http://x")',
      '+SUM(A1:A9)',
      '-2+3',
      '@cmd',
      '\tlead',
      '\uff1d1+1',
      'safe-name',
    ];
    await exportCsv({
      folder: dir,
      tables: {
        vms: { rows: [vmRow(2, vm('web1', { swrMiBps: -0.5, swwMiBps: -0.0001, demandMiB: -1234.5 }))] },
        log: { rows: names.map((m, i) => logRow(log(i, 'web1', m, m))) },
      },
    });
    const logCsv = parseCsv(await readFile(join(dir, 'log.csv'), 'utf8')).slice(1);
    const escaped = names.map((n) => (n === 'safe-name' ? n : `'${n}`));
    expect(logCsv.map((r) => r[5])).toEqual(escaped);
    expect(logCsv.map((r) => r[4])).toEqual(escaped);
    const vmsRow = parseCsv(await readFile(join(dir, 'vms.csv'), 'utf8'))[1]!;
    expect([vmsRow[13], vmsRow[14], vmsRow[24]]).toEqual(['-0.5', '0', '-1234.5']);
  });

  it('writes exactly what csv-stringify with the shared options writes (the CLI path)', async () => {
    const rows = [...hostRows(50), hostRow(host(50, { state: 'low', freeMiB: -3.5 }))];
    await exportCsv({ folder: dir, tables: { host: { rows: slowly(rows) } } });
    const header = [
      'time_s',
      'state',
      'pmem_mib',
      'free_mib',
      'minfree_mib',
      'hypervisor_mib',
      'shrdsvd_mib',
      'mctlsz_mib',
      'swcur_mib',
      'zip_mib',
      'lpage_mib',
      'lpage_broken',
      'overcommit',
    ];
    const expected = stringify([header, ...rows.map(toCsvRecord)], csvStringifyOptions);
    expect(await readFile(join(dir, 'host.csv'), 'utf8')).toBe(expected);
  });

  it('keeps only rows inside the time range, inclusive', async () => {
    const result = await exportCsv({
      folder: dir,
      fromS: 10,
      toS: 19.5,
      tables: {
        host: { rows: hostRows(100), rowCount: 100 },
        log: { rows: [9.999, 10, 19.5, 19.501].map((t) => logRow(log(t, 'a', 'm'))) },
      },
    });
    expect(result.files.map((f) => f.rows)).toEqual([10, 2]);
    const times = parseCsv(await readFile(join(dir, 'host.csv'), 'utf8'))
      .slice(1)
      .map((r) => Number(r[0]));
    expect(times).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
    expect(
      parseCsv(await readFile(join(dir, 'log.csv'), 'utf8'))
        .slice(1)
        .map((r) => r[0]),
    ).toEqual(['10', '19.5']);
  });

  it('reports progress: monotonic, every N rows and at the end of each file', async () => {
    const seen: ExportProgress[] = [];
    await exportCsv({
      folder: dir,
      fromS: 0,
      toS: 499,
      progressEveryRows: 250,
      onProgress: (p) => seen.push(p),
      tables: {
        host: { rows: hostRows(1000), rowCount: 1000 },
        vms: { rows: [vmRow(0, vm('a'))], rowCount: 1 },
      },
    });
    expect(seen.map((p) => [p.table, p.rowsScanned, p.rowsWritten])).toEqual([
      ['host', 250, 250],
      ['host', 500, 500],
      ['host', 750, 500],
      ['host', 1000, 500],
      ['host', 1000, 500],
      ['vms', 1001, 501],
    ]);
    expect(new Set(seen.map((p) => p.rowsTotal))).toEqual(new Set([1001]));
    const unknown: ExportProgress[] = [];
    await exportCsv({
      folder: dir,
      onProgress: (p) => unknown.push(p),
      tables: { host: { rows: hostRows(3) } },
    });
    expect(unknown.at(-1)).toEqual({ table: 'host', rowsScanned: 3, rowsWritten: 3, rowsTotal: null });
  });

  it('on cancel leaves no file under a final name and no partial file, and keeps the previous export', async () => {
    await writeFile(join(dir, 'host.csv'), 'previous export\n');
    const controller = new AbortController();
    const result = await exportCsv({
      folder: dir,
      signal: controller.signal,
      progressEveryRows: 1000,
      onProgress: (p) => {
        if (p.rowsScanned >= 3000) controller.abort();
      },
      tables: {
        host: { rows: hostRows(5000) },
        vms: { rows: slowly([vmRow(0, vm('a'))]) },
        log: { rows: [] },
      },
    });
    expect(result).toEqual({ cancelled: true, files: [], rowsWritten: 0 });
    expect(await readdir(dir)).toEqual(['host.csv']);
    expect(await readFile(join(dir, 'host.csv'), 'utf8')).toBe('previous export\n');
  });

  it('cancels while waiting on an async source and before starting', async () => {
    const controller = new AbortController();
    async function* stalls() {
      yield hostRow(host(0));
      controller.abort();
      yield hostRow(host(1));
    }
    expect(
      (await exportCsv({ folder: dir, signal: controller.signal, tables: { host: { rows: stalls() } } }))
        .cancelled,
    ).toBe(true);
    expect(
      (
        await exportCsv({
          folder: join(dir, 'never'),
          signal: controller.signal,
          tables: { host: { rows: hostRows(1) } },
        })
      ).cancelled,
    ).toBe(true);
    expect(await readdir(dir)).toEqual([]);
  });

  it('removes partial files when a source fails, and reports the failure', async () => {
    function* broken() {
      yield* hostRows(20_000);
      throw new Error('history evicted');
    }
    await expect(
      exportCsv({ folder: dir, tables: { host: { rows: hostRows(10) }, vms: { rows: broken() } } }),
    ).rejects.toThrow('history evicted');
    expect(await readdir(dir)).toEqual([]);
    await writeFile(join(dir, 'not-a-folder'), '');
    await expect(
      exportCsv({ folder: join(dir, 'not-a-folder'), tables: { host: { rows: hostRows(1) } } }),
    ).rejects.toThrow();
    expect(await readdir(dir)).toEqual(['not-a-folder']);
  });
});
