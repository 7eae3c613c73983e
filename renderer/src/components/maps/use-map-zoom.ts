import { ref } from 'vue';
import type { Ref } from 'vue';
import { cellPages } from './cell-breakdown';
import type { GridLayout } from './grid-layout';
import { panWindow, resolveWindow, zoomWindow } from '../../logic/map-window';
import type { MapWindow } from '../../logic/map-window';
import type { MapCanvas } from './use-map-canvas';

export interface ZoomTarget {
  canvas: MapCanvas;
  /** The map on screen (its window may lag the requested one by a frame). */
  map: () => { firstPage: number; pageCount: number; pagesPerCell: number; cells: number } | null;
  /** The grid pointer positions are measured against (the first strip for the guest map). */
  layout: () => GridLayout | null;
  cellAt: (x: number, y: number) => number;
  totalPages: () => number;
  window: () => MapWindow | null;
  setWindow: (w: MapWindow | null) => void;
  onCellClick?: (cell: number) => void;
}

/** Wheel factor per pixel of wheel delta: one notch (100 px) zooms by about 1.28x. */
const wheelZoomPerPx = 0.0025;
const dragThresholdPx = 4;
export const buttonZoomFactor = 2;

/**
 * Zoom (wheel around the pointer, buttons, + / - / 0 keys), pan (drag, arrow keys) and the
 * hovered cell for the tooltip. Window changes go to the map-view store, which asks the engine
 * for the finer window.
 */
export function useMapZoom(t: ZoomTarget) {
  const hoverCell = ref(-1);
  /** Pointer position in the viewport, for the tooltip. */
  const hoverCss = ref({ x: 0, y: 0 });
  const dragging = ref(false);
  let down: { x: number; y: number; window: MapWindow | null; id: number } | null = null;

  function anchorAt(x: number, y: number): number | undefined {
    const map = t.map();
    const cell = t.cellAt(x, y);
    if (!map || cell < 0) return undefined;
    const r = cellPages(map, cell);
    return r.firstPage + r.pageCount / 2;
  }

  function zoomBy(factor: number, anchorPage?: number): void {
    const total = t.totalPages();
    if (total <= 0) return;
    t.setWindow(zoomWindow(t.window(), total, factor, anchorPage));
  }

  function onWheel(e: WheelEvent): void {
    e.preventDefault();
    const p = t.canvas.devicePoint(e);
    const dy = e.deltaMode === 1 ? e.deltaY * 16 : e.deltaMode === 2 ? e.deltaY * 400 : e.deltaY;
    zoomBy(Math.exp(-dy * wheelZoomPerPx), anchorAt(p.x, p.y));
  }

  function onPointerDown(e: PointerEvent): void {
    if (e.button !== 0) return;
    const p = t.canvas.devicePoint(e);
    down = { x: p.x, y: p.y, window: t.window(), id: e.pointerId };
    dragging.value = false;
    (e.currentTarget as Element | null)?.setPointerCapture?.(e.pointerId);
  }

  function onPointerMove(e: PointerEvent): void {
    const p = t.canvas.devicePoint(e);
    hoverCss.value = { x: e.clientX, y: e.clientY };
    if (down === null) {
      hoverCell.value = t.cellAt(p.x, p.y);
      return;
    }
    const dx = p.x - down.x;
    const dy = p.y - down.y;
    if (!dragging.value && Math.hypot(dx, dy) < dragThresholdPx * (t.canvas.size.value.dpr || 1)) return;
    dragging.value = true;
    hoverCell.value = -1;
    const layout = t.layout();
    const map = t.map();
    if (!layout || !map || down.window === null) return;
    const cellW = layout.width / layout.cols;
    const cellH = layout.height / layout.rows;
    // Dragging moves the pages with the pointer: right/down shows earlier pages.
    const cells = -Math.round(dx / cellW) - Math.round(dy / cellH) * layout.cols;
    t.setWindow(panWindow(down.window, t.totalPages(), cells * map.pagesPerCell));
  }

  function onPointerUp(e: PointerEvent): void {
    if (down === null) return;
    const wasDrag = dragging.value;
    down = null;
    dragging.value = false;
    if (!wasDrag && t.onCellClick) {
      const p = t.canvas.devicePoint(e);
      const cell = t.cellAt(p.x, p.y);
      if (cell >= 0) t.onCellClick(cell);
    }
  }

  function onPointerLeave(): void {
    if (down === null) hoverCell.value = -1;
  }

  function pan(fraction: number): void {
    const total = t.totalPages();
    const w = t.window();
    if (w === null) return;
    t.setWindow(panWindow(w, total, Math.round(resolveWindow(w, total).pageCount * fraction)));
  }

  function onKeydown(e: KeyboardEvent): void {
    const actions: Record<string, () => void> = {
      '+': () => zoomBy(buttonZoomFactor),
      '=': () => zoomBy(buttonZoomFactor),
      '-': () => zoomBy(1 / buttonZoomFactor),
      '0': () => t.setWindow(null),
      ArrowLeft: () => pan(-0.25),
      ArrowUp: () => pan(-0.25),
      ArrowRight: () => pan(0.25),
      ArrowDown: () => pan(0.25),
    };
    const action = actions[e.key];
    if (!action || e.ctrlKey || e.metaKey || e.altKey) return;
    e.preventDefault();
    action();
  }

  return {
    hoverCell: hoverCell as Ref<number>,
    hoverCss,
    dragging,
    zoomIn: () => zoomBy(buttonZoomFactor),
    zoomOut: () => zoomBy(1 / buttonZoomFactor),
    resetZoom: () => t.setWindow(null),
    onWheel,
    onPointerDown,
    onPointerMove,
    onPointerUp,
    onPointerLeave,
    onKeydown,
  };
}

/** The zoom and hover state of one map view (what useMapZoom returns). */
export type MapZoom = ReturnType<typeof useMapZoom>;
