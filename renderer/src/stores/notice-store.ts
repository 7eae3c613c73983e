import { defineStore } from 'pinia';
import { ref } from 'vue';

export type NoticeLevel = 'info' | 'warn' | 'error';

export interface Notice {
  id: number;
  level: NoticeLevel;
  message: string;
}

/** Info toasts fade on their own; warnings and errors stay until dismissed so nobody misses them. */
const infoLifetimeMs = 6000;
const maxNotices = 6;

/** Toasts: notices from the Node side, engine restarts and failed requests. */
export const useNoticeStore = defineStore('notice', () => {
  const notices = ref<Notice[]>([]);
  let nextId = 1;

  function dismiss(id: number): void {
    notices.value = notices.value.filter((n) => n.id !== id);
  }

  function push(level: NoticeLevel, message: string): number {
    const id = nextId++;
    // The same message repeating (a failing request retried) would bury the others.
    const rest = notices.value.filter((n) => n.message !== message);
    notices.value = [...rest, { id, level, message }].slice(-maxNotices);
    if (level === 'info') setTimeout(() => dismiss(id), infoLifetimeMs);
    return id;
  }

  function clear(): void {
    notices.value = [];
  }

  return { notices, push, dismiss, clear };
});
