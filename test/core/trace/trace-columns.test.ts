import { describe, expect, it } from 'vitest';
import {
  formatNumber,
  hostCsvHeader,
  hostRow,
  logCsvHeader,
  logRow,
  vmRow,
  vmsCsvHeader,
} from '../../../core/trace/trace-columns';
import { zeroHostCounters, zeroVmCounters } from '../../support/counter-fixtures';

describe('trace columns', () => {
  it('has the headers of docs/glossary.md', () => {
    expect(vmsCsvHeader.join(',')).toBe(
      'time_s,vm,memsz_mib,grant_mib,sztgt_mib,tchd_mib,actv_mib,consumed_mib,mctlsz_mib,mctltgt_mib,mctlmax_mib,' +
        'swcur_mib,swtgt_mib,swr_mibps,sww_mibps,zip_mib,shrd_mib,zero_mib,shrdsvd_mib,ovhd_mib,' +
        'guest_swap_mib,guest_swapin_mibps,guest_swapout_mibps,guest_cache_mib,demand_mib,perf_index',
    );
    expect(hostCsvHeader.join(',')).toBe(
      'time_s,state,pmem_mib,free_mib,minfree_mib,hypervisor_mib,shrdsvd_mib,mctlsz_mib,swcur_mib,zip_mib,lpage_mib,lpage_broken,overcommit',
    );
    expect(logCsvHeader.join(',')).toBe('time_s,vm,source,level,event,message');
  });

  it('formats numbers with fixed precision, trailing zeros trimmed and no negative zero', () => {
    expect(formatNumber(1920.5, 'minfree_mib')).toBe('1920.5');
    expect(formatNumber(2662.4000000001, 'mctlmax_mib')).toBe('2662.4');
    expect(formatNumber(0.123456, 'perf_index')).toBe('0.1235');
    expect(formatNumber(100, 'memsz_mib')).toBe('100');
    expect(formatNumber(-0.0001, 'free_mib')).toBe('0');
    expect(formatNumber(-0, 'free_mib')).toBe('0');
  });

  it('builds rows in header order', () => {
    expect(vmRow(3, zeroVmCounters('web1')).length).toBe(vmsCsvHeader.length);
    expect(
      hostRow(zeroHostCounters({ tick: 2, timeS: 2, state: 'soft', pmemMiB: 16384 })).slice(0, 3),
    ).toEqual(['2', 'soft', '16384']);
    expect(
      logRow({
        seq: 1,
        tick: 5,
        timeS: 5,
        vm: 'a',
        source: 'driver',
        level: 'info',
        event: 'inflate',
        message: '=1+1',
      }),
    ).toEqual(['5', 'a', 'driver', 'info', 'inflate', '=1+1']);
  });
});
