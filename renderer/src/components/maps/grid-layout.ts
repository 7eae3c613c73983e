/**
 * Cells of a map in reading order (page order left to right, then top to bottom), laid out in
 * device pixels so that edges land on whole pixels and nothing blurs.
 */
export interface GridLayout {
  cells: number;
  cols: number;
  rows: number;
  /** Top-left corner and size of the grid, device pixels. */
  x: number;
  y: number;
  width: number;
  height: number;
  /** Space left between cells when they are big enough, device pixels. */
  gap: number;
}

/** Cell edge the canvas aims for when it asks the engine for cells, CSS pixels. */
export const targetCellCssPx = 6;

/** How many cells a canvas of this CSS size asks the engine for. */
export function requestedCells(widthCssPx: number, heightCssPx: number, cellCssPx = targetCellCssPx): number {
  const cols = Math.floor(widthCssPx / cellCssPx);
  const rows = Math.floor(heightCssPx / cellCssPx);
  return Math.min(65_536, Math.max(1, cols * rows));
}

/**
 * Picks the column count that gives the biggest cells for `cells` cells in the box; cells
 * may be a little wider than tall so that the grid fills the box.
 */
export function gridLayout(x: number, y: number, width: number, height: number, cells: number): GridLayout {
  const n = Math.max(0, Math.floor(cells));
  const w = Math.max(1, Math.floor(width));
  const h = Math.max(1, Math.floor(height));
  if (n === 0) return { cells: 0, cols: 1, rows: 1, x, y, width: w, height: h, gap: 0 };
  let bestCols = 1;
  let bestSize = -1;
  const maxCols = Math.min(n, w);
  for (let cols = 1; cols <= maxCols; cols += 1) {
    const rows = Math.ceil(n / cols);
    if (rows > h) continue;
    const size = Math.min(w / cols, h / rows);
    if (size > bestSize) {
      bestSize = size;
      bestCols = cols;
    }
  }
  // More cells than pixels: every column is used and cells overlap rather than vanish.
  const cols = bestSize < 0 ? maxCols : bestCols;
  const rows = Math.ceil(n / cols);
  const gap = bestSize >= 5 ? 1 : 0;
  return { cells: n, cols, rows, x, y, width: w, height: h, gap };
}

/** Left edge of column `col` (or of the grid's right end for col = cols). */
export function colEdge(layout: GridLayout, col: number): number {
  return layout.x + Math.round((col * layout.width) / layout.cols);
}

export function rowEdge(layout: GridLayout, row: number): number {
  return layout.y + Math.round((row * layout.height) / layout.rows);
}

export interface CellRect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** The pixels cell `cell` paints, gap excluded. */
export function cellRect(layout: GridLayout, cell: number): CellRect {
  const col = cell % layout.cols;
  const row = Math.floor(cell / layout.cols);
  const x0 = colEdge(layout, col);
  const y0 = rowEdge(layout, row);
  const w = colEdge(layout, col + 1) - x0 - layout.gap;
  const h = rowEdge(layout, row + 1) - y0 - layout.gap;
  return { x: x0, y: y0, w: Math.max(1, w), h: Math.max(1, h) };
}

function indexAt(
  pos: number,
  start: number,
  length: number,
  count: number,
  edge: (i: number) => number,
): number {
  let i = Math.floor(((pos - start) * count) / length);
  if (i > 0 && pos < edge(i)) i -= 1;
  else if (i < count - 1 && pos >= edge(i + 1)) i += 1;
  return i;
}

/** The cell under a point in device pixels, or -1 (outside the grid or past the last cell). */
export function cellAt(layout: GridLayout, px: number, py: number): number {
  if (layout.cells === 0) return -1;
  if (px < layout.x || py < layout.y || px >= layout.x + layout.width || py >= layout.y + layout.height)
    return -1;
  const col = indexAt(px, layout.x, layout.width, layout.cols, (i) => colEdge(layout, i));
  const row = indexAt(py, layout.y, layout.height, layout.rows, (i) => rowEdge(layout, i));
  const cell = row * layout.cols + col;
  return cell < layout.cells ? cell : -1;
}
