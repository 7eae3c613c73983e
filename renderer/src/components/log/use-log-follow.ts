import { nextTick, onBeforeUnmount, ref, watch } from 'vue';
import type { Ref } from 'vue';

/**
 * Keeps a log scrolled to its newest line while the reader is at the bottom; once they scroll
 * up it stays put and counts the lines that arrived since, for a "latest" button.
 */
export function useLogFollow(scroller: Ref<HTMLElement | null>, count: Ref<number>, rowPx: number) {
  const following = ref(true);
  const unseen = ref(0);

  function atBottom(el: HTMLElement): boolean {
    return el.scrollTop + el.clientHeight >= el.scrollHeight - rowPx * 1.5;
  }

  function onScroll(): void {
    const el = scroller.value;
    if (el === null) return;
    following.value = atBottom(el);
    if (following.value) unseen.value = 0;
  }

  function scrollToEnd(): void {
    const el = scroller.value;
    if (el === null) return;
    el.scrollTop = el.scrollHeight;
  }

  let endFrame = 0;
  /**
   * Scrolls to the end in the next animation frame, once however many lines came meanwhile:
   * reading scrollHeight right after the patch forced a layout of the page on every frame,
   * and the browser laid it out again to paint.
   */
  function followEnd(): void {
    if (endFrame !== 0) return;
    endFrame = requestAnimationFrame(() => {
      endFrame = 0;
      if (following.value) scrollToEnd();
    });
  }
  onBeforeUnmount(() => cancelAnimationFrame(endFrame));

  function jumpToLatest(): void {
    following.value = true;
    unseen.value = 0;
    void nextTick(scrollToEnd);
  }

  watch(count, (now, before) => {
    if (following.value) followEnd();
    else if (now > before) unseen.value += now - before;
  });

  return { following, unseen, onScroll, jumpToLatest };
}
