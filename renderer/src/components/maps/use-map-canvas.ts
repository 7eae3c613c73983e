import { onBeforeUnmount, onMounted, ref, shallowRef } from 'vue';
import type { Ref, ShallowRef } from 'vue';

export interface CanvasSize {
  widthCss: number;
  heightCss: number;
  dpr: number;
}

export interface MapCanvas {
  container: Ref<HTMLElement | null>;
  canvas: Ref<HTMLCanvasElement | null>;
  size: ShallowRef<CanvasSize>;
  /** Schedules one draw on the next animation frame; many calls before it collapse into one. */
  requestDraw(): void;
  /** Device-pixel position of a pointer event on the canvas. */
  devicePoint(e: { clientX: number; clientY: number }): { x: number; y: number };
  /** Number of draws so far. */
  draws: Ref<number>;
}

/**
 * A canvas that follows its container's size (ResizeObserver) at device-pixel resolution and
 * redraws at most once per animation frame, only when asked to.
 */
export function useMapCanvas(
  draw: (ctx: CanvasRenderingContext2D, widthPx: number, heightPx: number, dpr: number) => void,
): MapCanvas {
  const container = ref<HTMLElement | null>(null);
  const canvas = ref<HTMLCanvasElement | null>(null);
  const size = shallowRef<CanvasSize>({ widthCss: 0, heightCss: 0, dpr: 1 });
  const draws = ref(0);
  let frame = 0;
  let observer: ResizeObserver | null = null;
  let dprQuery: MediaQueryList | null = null;

  function paint(): void {
    frame = 0;
    const c = canvas.value;
    const { widthCss, heightCss, dpr } = size.value;
    if (!c || widthCss === 0 || heightCss === 0) return;
    const w = Math.max(1, Math.round(widthCss * dpr));
    const h = Math.max(1, Math.round(heightCss * dpr));
    if (c.width !== w) c.width = w;
    if (c.height !== h) c.height = h;
    const ctx = c.getContext('2d', { alpha: true });
    if (!ctx) return;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, w, h);
    draw(ctx, w, h, dpr);
    draws.value += 1;
  }

  function requestDraw(): void {
    if (frame !== 0) return;
    frame = requestAnimationFrame(paint);
  }

  function measure(): void {
    const el = container.value;
    if (!el) return;
    const dpr = globalThis.devicePixelRatio || 1;
    const next = { widthCss: Math.floor(el.clientWidth), heightCss: Math.floor(el.clientHeight), dpr };
    const prev = size.value;
    if (prev.widthCss !== next.widthCss || prev.heightCss !== next.heightCss || prev.dpr !== next.dpr)
      size.value = next;
    requestDraw();
  }

  function watchDpr(): void {
    dprQuery?.removeEventListener('change', onDprChange);
    dprQuery =
      typeof matchMedia === 'function'
        ? matchMedia(`(resolution: ${globalThis.devicePixelRatio || 1}dppx)`)
        : null;
    dprQuery?.addEventListener('change', onDprChange);
  }

  // Browser zoom or a move to another screen changes the pixel ratio without a resize.
  function onDprChange(): void {
    measure();
    watchDpr();
  }

  function devicePoint(e: { clientX: number; clientY: number }): { x: number; y: number } {
    const c = canvas.value;
    if (!c) return { x: -1, y: -1 };
    const rect = c.getBoundingClientRect();
    const sx = rect.width > 0 ? c.width / rect.width : 1;
    const sy = rect.height > 0 ? c.height / rect.height : 1;
    return { x: (e.clientX - rect.left) * sx, y: (e.clientY - rect.top) * sy };
  }

  onMounted(() => {
    if (typeof ResizeObserver === 'function' && container.value) {
      observer = new ResizeObserver(measure);
      observer.observe(container.value);
    }
    watchDpr();
    measure();
  });

  onBeforeUnmount(() => {
    observer?.disconnect();
    dprQuery?.removeEventListener('change', onDprChange);
    if (frame !== 0) cancelAnimationFrame(frame);
    frame = 0;
  });

  return { container, canvas, size, requestDraw, devicePoint, draws };
}
