import { defineStore } from 'pinia';
import { ref } from 'vue';

export type NoticeLevel = 'info' | 'warn' | 'error';

/** A button on a notice (Undo). */
export interface NoticeAction {
  label: string;
  run: () => void;
}

export interface Notice {
  id: number;
  level: NoticeLevel;
  message: string;
  action?: NoticeAction;
}

export interface NoticeOptions {
  action?: NoticeAction;
  /** Stays until dismissed even at level info (it offers something to do). */
  sticky?: boolean;
}

/** Info toasts fade on their own; warnings and errors stay until dismissed so nobody misses them. */
const infoLifetimeMs = 6000;
const maxNotices = 6;

/** Toasts: notices from the Node side, engine restarts and failed requests. */
export const useNoticeStore = defineStore('notice', () => {
  const notices = ref<Notice[]>([]);
  let nextId = 1;
  /** Open modal dialogs: notices sit under their backdrop, so an info notice waits to be seen. */
  let covering = 0;
  /** Info notices whose time ran out while covered: each gets its whole lifetime once uncovered. */
  const expiredUnseen = new Set<number>();

  function expire(id: number): void {
    if (covering > 0) expiredUnseen.add(id);
    else dismiss(id);
  }

  /** A modal dialog opened (`true`) or closed (`false`). */
  function cover(open: boolean): void {
    covering = Math.max(0, covering + (open ? 1 : -1));
    if (covering > 0) return;
    for (const id of expiredUnseen) setTimeout(() => expire(id), infoLifetimeMs);
    expiredUnseen.clear();
  }

  function dismiss(id: number): void {
    expiredUnseen.delete(id);
    notices.value = notices.value.filter((n) => n.id !== id);
  }

  function push(level: NoticeLevel, message: string, options: NoticeOptions = {}): number {
    const id = nextId++;
    // The same message repeating (a failing request retried) would bury the others.
    const rest = notices.value.filter((n) => n.message !== message);
    const notice: Notice = { id, level, message };
    if (options.action) notice.action = options.action;
    notices.value = [...rest, notice].slice(-maxNotices);
    if (level === 'info' && options.sticky !== true) setTimeout(() => expire(id), infoLifetimeMs);
    return id;
  }

  /** Runs a notice's action and takes the notice away. */
  function act(id: number): void {
    const notice = notices.value.find((n) => n.id === id);
    dismiss(id);
    notice?.action?.run();
  }

  function clear(): void {
    expiredUnseen.clear();
    notices.value = [];
  }

  return { notices, push, act, dismiss, clear, cover };
});
