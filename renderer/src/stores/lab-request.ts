import { ref } from 'vue';
import type { Ref } from 'vue';
import { describeError } from '../api/describe-error';
import { useNoticeStore } from './notice-store';

/** How long a call may take before the window shows that it is waiting for the lab. */
export const slowRequestMs = 1500;

export interface LabRequestOptions {
  /** No error toast on failure (retries at start-up would nag). */
  quiet?: boolean;
  /** The wait is expected (a native dialog, run to end): no "waiting" mark. */
  long?: boolean;
}

/**
 * Calls the lab; a failure becomes an error toast (unless `quiet`) and `undefined`. A call
 * that takes long (engine busy or stuck) gets a visible "waiting" mark unless `long` says
 * that is expected.
 */
export type LabRequest = <T>(
  what: string,
  call: () => Promise<T>,
  options?: LabRequestOptions,
) => Promise<T | undefined>;

/** Tracks the calls a store makes to the lab: how many are under way and what is slow. */
export function useLabRequest(): { pending: Ref<number>; waiting: Ref<string | null>; request: LabRequest } {
  const pending = ref(0);
  /** What the window has been waiting for longer than slowRequestMs, if anything. */
  const waiting = ref<string | null>(null);

  async function request<T>(
    what: string,
    call: () => Promise<T>,
    options: LabRequestOptions = {},
  ): Promise<T | undefined> {
    const quiet = options.quiet ?? false;
    pending.value++;
    const slowTimer = options.long
      ? undefined
      : setTimeout(() => {
          waiting.value = what;
        }, slowRequestMs);
    try {
      return await call();
    } catch (error) {
      if (!quiet) useNoticeStore().push('error', `${what} failed: ${describeError(error)}`);
      return undefined;
    } finally {
      clearTimeout(slowTimer);
      pending.value--;
      if (pending.value === 0) waiting.value = null;
    }
  }

  return { pending, waiting, request };
}
