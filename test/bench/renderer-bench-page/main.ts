// The renderer benchmark page: the app's real map, chart and log components and stores, fed
// with synthetic engine output so the figures measure rendering alone.
// ?mode=render: 32 VMs on a 256 GiB host, an hour of history, 30 frames per second.
// ?mode=log: the driver log holding 100,000 lines.
import { createPinia } from 'pinia';
import { createApp, h } from 'vue';
import type { LabApi, LabRequest } from '../../../core/lab-api/lab-api-contract';
import { setLabApi } from '../../../renderer/src/api/lab-api';
import HostFreeChart from '../../../renderer/src/components/charts/host-free-chart.vue';
import PerfIndexChart from '../../../renderer/src/components/charts/perf-index-chart.vue';
import VmMemoryChart from '../../../renderer/src/components/charts/vm-memory-chart.vue';
import VmLogView from '../../../renderer/src/components/log/vm-log-view.vue';
import GuestMapView from '../../../renderer/src/components/maps/guest-map-view.vue';
import HostMapView from '../../../renderer/src/components/maps/host-map-view.vue';
import { useFrameStore } from '../../../renderer/src/stores/frame-store';
import { useHistoryStore } from '../../../renderer/src/stores/history-store';
import { useLogStore } from '../../../renderer/src/stores/log-store';
import { useUiStore } from '../../../renderer/src/stores/ui-store';
import { SyntheticLab } from './synthetic-lab';
import type { SyntheticView } from './synthetic-lab';

const params = new URLSearchParams(location.search);
const mode = params.get('mode') ?? 'render';
const lab = new SyntheticLab(Number(params.get('vms') ?? 32), Number(params.get('gib') ?? 256));
let view: SyntheticView = { selectedVm: null, hostMap: { cells: 1024 }, guestMap: { cells: 512 } };

const fake = new Proxy({} as LabApi, {
  get(_target, key) {
    if (key === 'setView')
      return async (req: LabRequest<'setView'>) => {
        view = { selectedVm: req.selectedVm, hostMap: req.hostMap, guestMap: req.guestMap };
        return { ok: true };
      };
    if (key === 'on') return () => () => undefined;
    return async () => ({});
  },
});
setLabApi(fake);

const box =
  'border:1px solid var(--border);background:var(--surface);border-radius:6px;overflow:hidden;min-height:0';
const root =
  mode === 'log'
    ? () => h('div', { style: `height:100vh;display:flex;flex-direction:column;${box}` }, [h(VmLogView)])
    : () =>
        h('div', { style: 'display:grid;grid-template-rows:300px 280px;gap:6px;height:100vh;padding:6px' }, [
          h('div', { style: 'display:grid;grid-template-columns:1.35fr 1fr;gap:6px;min-height:0' }, [
            h('div', { style: box }, [h(HostMapView)]),
            h('div', { style: box }, [h(GuestMapView)]),
          ]),
          h(
            'div',
            { style: 'display:grid;grid-template-columns:repeat(3,minmax(0,1fr));gap:6px;min-height:0' },
            [h(HostFreeChart), h(VmMemoryChart, { vmId: lab.vmIds[1] ?? null }), h(PerfIndexChart)],
          ),
        ]);

const app = createApp({ render: root });
app.use(createPinia());
app.mount('#app');
const ui = useUiStore();
const state = window as unknown as { benchReady: boolean; framesApplied: number };
state.framesApplied = 0;

if (mode === 'log') {
  ui.selectVm(null);
  useLogStore().append(lab.logLines(Number(params.get('lines') ?? 100_000)));
} else {
  ui.selectVm(lab.vmIds[1] ?? null);
  const frames = useFrameStore();
  const history = useHistoryStore();
  const historyS = Number(params.get('history') ?? 3600);
  history.append(Array.from({ length: historyS }, (_, i) => lab.sample(i + 1)));
  let t = historyS;
  // Maps cost the page generating them too; a few precomputed frames per view keep that out.
  const cache = new Map<string, ReturnType<SyntheticLab['frame']>>();
  setInterval(
    () => {
      t += 1;
      const key = `${t % 6}:${JSON.stringify(view)}`;
      let frame = cache.get(key);
      if (!frame) {
        frame = lab.frame(t, t, view);
        cache.set(key, frame);
      }
      const sample = lab.sample(t);
      frames.applyFrame({ ...frame, seq: t, tick: t, timeS: t, samples: [sample] });
      history.append([sample]);
      state.framesApplied += 1;
    },
    1000 / Number(params.get('hz') ?? 30),
  );
}
state.benchReady = true;
