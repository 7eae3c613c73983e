import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setLabApi } from '../../../renderer/src/api/lab-api';
import VmLogView from '../../../renderer/src/components/log/vm-log-view.vue';
import { useLabStore } from '../../../renderer/src/stores/lab-store';
import { useLogStore } from '../../../renderer/src/stores/log-store';
import { useUiStore } from '../../../renderer/src/stores/ui-store';
import { logLine } from '../support/fake-lab-api';
import { installFakeLab } from '../support/fake-setup';

let pinia: ReturnType<typeof installFakeLab>['pinia'];

beforeEach(async () => {
  ({ pinia } = installFakeLab());
  await useLabStore().init();
  useUiStore().selectVm('web1');
});
afterEach(() => setLabApi(null));

/** happy-dom does no layout: give the scroller the geometry a browser would. */
function fakeGeometry(el: HTMLElement, rows: () => number) {
  Object.defineProperty(el, 'clientHeight', { configurable: true, get: () => 400 });
  Object.defineProperty(el, 'scrollHeight', { configurable: true, get: () => rows() * 20 });
}

const count = (w: ReturnType<typeof mount>) => w.find('.count').text();

describe('driver log view', () => {
  it("shows the selected VM's lines and filters them by source, level and text", async () => {
    const log = useLogStore();
    log.append([
      logLine(1, { source: 'driver', message: 'inflate 4096 pages at 16384 pages/s' }),
      logLine(2, { source: 'monitor', level: 'debug', message: 'active estimate 12%' }),
      logLine(3, { source: 'hypervisor', level: 'warn', message: 'swapping out 64 MiB' }),
      logLine(4, { vm: 'db1', message: 'other VM' }),
    ]);
    const w = mount(VmLogView, { global: { plugins: [pinia] } });
    await flushPromises();
    expect(count(w)).toBe('3 / 3 lines');
    await w.find('input[aria-label="Show monitor lines"]').trigger('change');
    expect(count(w)).toBe('2 / 3 lines');
    await w.find('input[aria-label="Show warn lines"]').trigger('change');
    expect(count(w)).toBe('1 / 3 lines');
    await w.find('input[aria-label="Show warn lines"]').trigger('change');
    await w.find('input[aria-label="Filter log text"]').setValue('SWAPPING');
    expect(count(w)).toBe('1 / 3 lines');
    await w.find('input[aria-label="Filter log text"]').setValue('nothing like this');
    expect(count(w)).toBe('0 / 3 lines');
    expect(w.text()).toContain('No lines match the filter.');
    await w.find('select[aria-label="Which log to show"]').setValue('all');
    await w.find('input[aria-label="Filter log text"]').setValue('');
    expect(count(w)).toBe('3 / 4 lines');
  });

  it('follows the tail until the user scrolls up, then offers a jump back', async () => {
    const log = useLogStore();
    log.append(Array.from({ length: 100 }, (_, i) => logLine(i + 1)));
    const w = mount(VmLogView, { global: { plugins: [pinia] }, attachTo: document.body });
    const scroller = w.find('[role="log"]').element as HTMLElement;
    fakeGeometry(scroller, () => log.linesOf('web1').length);
    await flushPromises();

    log.append([logLine(101)]);
    await flushPromises();
    // Following the tail scrolls once per animation frame, not in the patch that added the line.
    await new Promise((resolve) => requestAnimationFrame(resolve));
    expect(scroller.scrollTop).toBe(101 * 20);
    expect(w.find('button[aria-label="Jump to the latest line"]').exists()).toBe(false);

    scroller.scrollTop = 200;
    await w.find('[role="log"]').trigger('scroll');
    log.append([logLine(102), logLine(103)]);
    await flushPromises();
    expect(scroller.scrollTop).toBe(200);
    const jump = w.find('button[aria-label="Jump to the latest line"]');
    expect(jump.text()).toContain('2 new');

    await jump.trigger('click');
    await flushPromises();
    expect(scroller.scrollTop).toBe(103 * 20);
    expect(w.find('button[aria-label="Jump to the latest line"]').exists()).toBe(false);
    w.unmount();
  });

  /** Mounts the view over a long log; the virtualiser reads clientHeight, which happy-dom leaves at 0. */
  async function mountLong(lines: number) {
    const log = useLogStore();
    log.append(
      Array.from({ length: lines }, (_, i) => logLine(i + 1, { message: `message of line ${i + 1}` })),
    );
    Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => 400 });
    try {
      const w = mount(VmLogView, { global: { plugins: [pinia] }, attachTo: document.body });
      await flushPromises();
      return w;
    } finally {
      delete (HTMLElement.prototype as { clientHeight?: number }).clientHeight;
    }
  }

  const seqs = (w: ReturnType<typeof mount>) =>
    w.findAll('.row').map((r) => Number(r.attributes('data-seq')));

  it('renders only a window of a 100,000-line log', async () => {
    const w = await mountLong(100_000);
    // Filtering 100,000 lines takes a few animation frames (how many depends on the machine's
    // load, so the slicing itself is tested in test/renderer/logic/log-filter.test.ts); the count
    // then shows every line.
    await vi.waitFor(() => expect(count(w)).toBe('100,000 / 100,000 lines'));
    const rows = w.findAll('.row');
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThan(80);
    w.unmount();
  });

  it('reuses row elements for the lines scrolled into view and shows each at its place', async () => {
    const w = await mountLong(5000);
    const scroller = w.find('[role="log"]');
    const el = scroller.element as HTMLElement;
    fakeGeometry(el, () => 5000);
    const jumps = [0, 20 * 2500, 20 * 2507, 20 * 40];
    for (const [i, topPx] of jumps.entries()) {
      const before = w.findAll('.row').map((r) => r.element);
      el.scrollTop = topPx;
      await scroller.trigger('scroll');
      await flushPromises();
      const rows = w.findAll('.row');
      // A contiguous run of lines around the viewport, each row where its line belongs.
      const first = seqs(w)[0]!;
      expect(seqs(w)).toEqual(Array.from({ length: rows.length }, (_, i) => first + i));
      expect(first).toBeLessThanOrEqual(topPx / 20 + 1);
      expect(first + rows.length - 1).toBeGreaterThanOrEqual(topPx / 20 + 20);
      for (const row of rows) {
        const seq = Number(row.attributes('data-seq'));
        expect(row.attributes('style')).toContain(`translateY(${(seq - 1) * 20}px)`);
        expect(row.find('.msg').text()).toBe(`message of line ${seq}`);
      }
      // Away from the top the window keeps its length: every element is reused, none created.
      if (i > 1) expect(new Set(rows.map((r) => r.element))).toEqual(new Set(before));
    }
    w.unmount();
  });

  it('puts the full text of a cell in its tooltip on hover', async () => {
    const log = useLogStore();
    log.append([logLine(1, { message: 'a very long message that the column may cut off' })]);
    useUiStore().selectVm(null);
    const w = mount(VmLogView, { global: { plugins: [pinia] } });
    await flushPromises();
    const msg = w.find('.row .msg');
    await msg.trigger('mouseover');
    expect(msg.attributes('title')).toBe('a very long message that the column may cut off');
    const vm = w.find('.row .vm');
    expect(vm.text()).toBe('web-01');
    await vm.trigger('mouseover');
    expect(vm.attributes('title')).toBe('web1');
  });
});
