import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useNoticeStore } from '../../../renderer/src/stores/notice-store';

beforeEach(() => {
  setActivePinia(createPinia());
  vi.useFakeTimers();
});
afterEach(() => vi.useRealTimers());

const messages = (): string[] => useNoticeStore().notices.map((n) => n.message);

describe('notice store', () => {
  it('lets info notices fade after 6 s, and keeps warnings until dismissed', () => {
    const store = useNoticeStore();
    store.push('info', 'Saved');
    store.push('warn', 'Autosave failed');
    vi.advanceTimersByTime(5999);
    expect(messages()).toEqual(['Saved', 'Autosave failed']);
    vi.advanceTimersByTime(1);
    expect(messages()).toEqual(['Autosave failed']);
  });

  it('keeps an info notice that timed out behind a dialog for 6 s more once the dialog closes', () => {
    const store = useNoticeStore();
    store.push('info', 'Exported 3 files');
    store.cover(true);
    store.cover(true); // a confirmation over the dialog
    vi.advanceTimersByTime(60_000);
    expect(messages()).toEqual(['Exported 3 files']);
    store.cover(false);
    vi.advanceTimersByTime(60_000);
    expect(messages()).toEqual(['Exported 3 files']);
    store.cover(false);
    vi.advanceTimersByTime(5999);
    expect(messages()).toEqual(['Exported 3 files']);
    vi.advanceTimersByTime(1);
    expect(messages()).toEqual([]);
  });

  it('a notice dismissed behind a dialog stays gone, and the others wait their 6 s after it closes', () => {
    const store = useNoticeStore();
    store.push('info', 'first');
    vi.advanceTimersByTime(3000);
    store.cover(true);
    const id = store.push('info', 'second');
    vi.advanceTimersByTime(6000);
    store.dismiss(id);
    store.cover(false);
    expect(messages()).toEqual(['first']);
    vi.advanceTimersByTime(6000);
    expect(messages()).toEqual([]);
  });
});
