import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { isReactive, watch, nextTick } from 'vue';
import type { Frame } from '../../../core/lab-api/lab-api-contract';
import { useFrameStore } from '../../../renderer/src/stores/frame-store';
import { guestMap, hostMap } from '../components/maps/map-fixtures';
import { zeroHostCounters, zeroVmCounters } from '../../support/counter-fixtures';

function frame(seq: number, over: Partial<Frame> = {}): Frame {
  return {
    seq,
    tick: seq * 10,
    timeS: seq * 10,
    running: true,
    host: zeroHostCounters({ tick: seq * 10, timeS: seq * 10, freeMiB: 8000 }),
    vms: [zeroVmCounters('db1'), zeroVmCounters('web1', { memszMiB: 4096 })],
    log: [],
    samples: [],
    hostMap: null,
    guestMap: null,
    ...over,
  };
}

describe('useFrameStore', () => {
  beforeEach(() => setActivePinia(createPinia()));

  it('holds the counters of the latest frame', () => {
    const store = useFrameStore();
    store.applyFrame(frame(1));
    store.applyFrame(frame(2, { running: false }));
    expect(store.seq).toBe(2);
    expect(store.tick).toBe(20);
    expect(store.timeS).toBe(20);
    expect(store.running).toBe(false);
    expect(store.host?.freeMiB).toBe(8000);
    expect(store.vmIds).toEqual(['db1', 'web1']);
    expect(store.vmById.get('web1')?.memszMiB).toBe(4096);
  });

  it('keeps the previous maps when a frame carries none, and counts map arrivals', () => {
    const store = useFrameStore();
    const host = hostMap(['db1'], [{ owner: 0, pages: { private: 4 } }]);
    const guest = guestMap('db1', [{ guest: { hot: 2 }, hv: { private: 2 } }], 2);
    store.applyFrame(frame(1, { hostMap: host, guestMap: guest }));
    const hostVersion = store.hostMapVersion;
    const guestVersion = store.guestMapVersion;
    store.applyFrame(frame(2));
    expect(store.hostMap).toBe(host);
    expect(store.guestMap).toBe(guest);
    expect(store.hostMapVersion).toBe(hostVersion);
    expect(store.guestMapVersion).toBe(guestVersion);
    const host2 = hostMap(['db1'], [{ owner: 0, pages: { free: 4 } }]);
    store.applyFrame(frame(3, { hostMap: host2 }));
    expect(store.hostMap).toBe(host2);
    expect(store.hostMapVersion).toBe(hostVersion + 1);
    expect(store.guestMapVersion).toBe(guestVersion);
  });

  it('never makes maps or counters deeply reactive (typed arrays stay plain)', async () => {
    const store = useFrameStore();
    const host = hostMap(['db1'], [{ owner: 0, pages: { private: 4 } }]);
    store.applyFrame(frame(1, { hostMap: host }));
    expect(isReactive(store.hostMap)).toBe(false);
    expect(isReactive(store.vms)).toBe(false);
    expect(isReactive(store.host)).toBe(false);
    expect(store.hostMap?.counts).toBe(host.counts);
    let fired = 0;
    watch(
      () => store.hostMap,
      () => (fired += 1),
    );
    host.counts[0] = 99;
    await nextTick();
    expect(fired).toBe(0);
  });

  it('reset clears everything and starts a new epoch', () => {
    const store = useFrameStore();
    store.applyFrame(frame(1, { hostMap: hostMap(['db1'], [{ owner: 0, pages: { private: 1 } }]) }));
    const epoch = store.epoch;
    store.reset();
    expect(store.seq).toBe(-1);
    expect(store.tick).toBe(0);
    expect(store.host).toBeNull();
    expect(store.vms).toEqual([]);
    expect(store.hostMap).toBeNull();
    expect(store.guestMap).toBeNull();
    expect(store.epoch).toBe(epoch + 1);
  });
});

describe('useFrameStore vmIds', () => {
  beforeEach(() => setActivePinia(createPinia()));

  it('keeps the same array while the VM ids do not change', () => {
    const store = useFrameStore();
    store.applyFrame(frame(1));
    const ids = store.vmIds;
    store.applyFrame(frame(2));
    expect(store.vmIds).toBe(ids);
    store.applyFrame(frame(3, { vms: [zeroVmCounters('db1')] }));
    expect(store.vmIds).not.toBe(ids);
    expect(store.vmIds).toEqual(['db1']);
  });
});
