import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setLabApi } from '../../../../renderer/src/api/lab-api';
import TimeTravelBar from '../../../../renderer/src/components/layout/time-travel-bar.vue';
import { useLabStore } from '../../../../renderer/src/stores/lab-store';
import type { FakeLab } from '../../support/fake-lab-api';
import { installFakeLab } from '../../support/fake-setup';

let fake: FakeLab;
let pinia: ReturnType<typeof installFakeLab>['pinia'];

beforeEach(() => {
  ({ fake, pinia } = installFakeLab());
  // 20 minutes of a run with one-second ticks.
  fake.state = { ...fake.state, tick: 1200, timeS: 1200 };
});

afterEach(() => {
  vi.useRealTimers();
  setLabApi(null);
});

async function mounted() {
  await useLabStore().init();
  const wrapper = mount(TimeTravelBar, { global: { plugins: [pinia] } });
  await flushPromises();
  return wrapper;
}

/** Moves the slider to `tick` and lets it go, as a user does. */
async function slideTo(wrapper: Awaited<ReturnType<typeof mounted>>, tick: number): Promise<void> {
  const slider = wrapper.get<HTMLInputElement>('[data-testid="time-travel-slider"]');
  slider.element.value = String(tick);
  await slider.trigger('input');
  await slider.trigger('change');
}

describe('the time travel bar', () => {
  it('says where a slow jump goes until the lab answers, then what it shows', async () => {
    const w = await mounted();
    const status = (): string => w.get('[data-testid="time-travel-status"]').text();
    expect(status()).toBe('Now 00:20:00');
    let answer: () => void = () => undefined;
    fake.handle('viewAt', async (r) => {
      await new Promise<void>((resolve) => (answer = resolve));
      return { ...fake.state, viewTick: r.tick };
    });
    vi.useFakeTimers();
    await slideTo(w, 300);
    await vi.advanceTimersByTimeAsync(150);
    expect(status()).not.toMatch(/Going/);
    await vi.advanceTimersByTimeAsync(100);
    expect(status()).toBe('Going to 00:05:00…');
    expect(w.get('[data-testid="time-travel"]').attributes('aria-busy')).toBe('true');
    answer();
    await vi.advanceTimersByTimeAsync(0);
    await flushPromises();
    expect(status()).toBe('Viewing 00:05:00 of 00:20:00');
    expect(w.get('[data-testid="time-travel"]').attributes('aria-busy')).toBe('false');
  });

  it('says nothing more for a jump answered at once', async () => {
    const w = await mounted();
    vi.useFakeTimers();
    await slideTo(w, 600);
    await vi.advanceTimersByTimeAsync(0);
    await flushPromises();
    await vi.advanceTimersByTimeAsync(500);
    expect(w.get('[data-testid="time-travel-status"]').text()).toBe('Viewing 00:10:00 of 00:20:00');
  });

  it('follows a drag: each step asks once the last is answered, only the newest, and letting go asks nothing more', async () => {
    const w = await mounted();
    const answers: (() => void)[] = [];
    fake.handle('viewAt', async (r) => {
      await new Promise<void>((resolve) => answers.push(resolve));
      return { ...fake.state, viewTick: r.tick };
    });
    const slider = w.get<HTMLInputElement>('[data-testid="time-travel-slider"]');
    const dragTo = async (tick: number): Promise<void> => {
      slider.element.value = String(tick);
      await slider.trigger('input');
    };
    await dragTo(300);
    await flushPromises();
    expect(fake.callsOf('viewAt')).toEqual([{ tick: 300 }]);
    await dragTo(400);
    await dragTo(500);
    await dragTo(300);
    await dragTo(600);
    await flushPromises();
    expect(fake.callsOf('viewAt')).toHaveLength(1);
    answers.shift()!();
    await flushPromises();
    expect(fake.callsOf('viewAt')).toEqual([{ tick: 300 }, { tick: 600 }]);
    answers.shift()!();
    await flushPromises();
    await slider.trigger('change');
    await flushPromises();
    expect(fake.callsOf('viewAt')).toHaveLength(2);
    expect(w.get('[data-testid="time-travel-status"]').text()).toBe('Viewing 00:10:00 of 00:20:00');
    expect(slider.element.value).toBe('600');
  });

  it('goes back to the run clock when a slow jump is refused', async () => {
    const w = await mounted();
    let refuse: () => void = () => undefined;
    fake.handle('viewAt', async () => {
      await new Promise<void>((resolve) => (refuse = resolve));
      throw new Error('The engine restarted');
    });
    vi.useFakeTimers();
    await slideTo(w, 300);
    await vi.advanceTimersByTimeAsync(250);
    expect(w.get('[data-testid="time-travel-status"]').text()).toBe('Going to 00:05:00…');
    refuse();
    await vi.advanceTimersByTimeAsync(0);
    await flushPromises();
    expect(w.get('[data-testid="time-travel-status"]').text()).toBe('Now 00:20:00');
    expect(fake.callsOf('viewAt')).toEqual([{ tick: 300 }]);
  });
});
