import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import writeFileAtomic from 'write-file-atomic';

/** Where and how big the main window was, in screen pixels (DIP). */
export interface WindowBounds {
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
}

export interface ScreenArea {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const defaultWindowBounds: WindowBounds = { width: 1440, height: 900, maximized: false };
const minSize = { width: 640, height: 400 };
const maxFileBytes = 64 * 1024;
/** How much of the title strip must stay on a screen for the window to be reachable with the mouse. */
const grabStrip = { width: 120, height: 40 };

function finite(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? Math.round(value) : undefined;
}

function titleStripVisible(x: number, y: number, width: number, area: ScreenArea): boolean {
  const overlapX = Math.min(x + width, area.x + area.width) - Math.max(x, area.x);
  const overlapY = Math.min(y + grabStrip.height, area.y + area.height) - Math.max(y, area.y);
  return overlapX >= Math.min(grabStrip.width, width) && overlapY >= grabStrip.height;
}

/**
 * Turns whatever was stored into bounds that fit the current screens: a size no larger than
 * the biggest screen, and a position only when the title strip is on some screen (a monitor
 * may have been unplugged since); otherwise the window is centred.
 */
export function sanitizeWindowBounds(stored: unknown, screens: readonly ScreenArea[]): WindowBounds {
  const record: Record<string, unknown> =
    typeof stored === 'object' && stored !== null ? (stored as Record<string, unknown>) : {};
  const maxWidth = Math.max(minSize.width, ...screens.map((s) => s.width));
  const maxHeight = Math.max(minSize.height, ...screens.map((s) => s.height));
  const width = Math.min(
    maxWidth,
    Math.max(minSize.width, finite(record.width) ?? defaultWindowBounds.width),
  );
  const height = Math.min(
    maxHeight,
    Math.max(minSize.height, finite(record.height) ?? defaultWindowBounds.height),
  );
  const bounds: WindowBounds = { width, height, maximized: record.maximized === true };
  const x = finite(record.x);
  const y = finite(record.y);
  if (x !== undefined && y !== undefined && screens.some((area) => titleStripVisible(x, y, width, area))) {
    bounds.x = x;
    bounds.y = y;
  }
  return bounds;
}

/** Reads the remembered bounds; a missing, oversized or corrupt file just means defaults. */
export async function readWindowBounds(file: string, screens: readonly ScreenArea[]): Promise<WindowBounds> {
  try {
    const text = await readFile(file, 'utf8');
    if (text.length > maxFileBytes) return sanitizeWindowBounds(null, screens);
    return sanitizeWindowBounds(JSON.parse(text) as unknown, screens);
  } catch {
    return sanitizeWindowBounds(null, screens);
  }
}

/** Writes atomically (temp file, fsync, rename): a crash mid-write leaves the old file intact. */
export async function writeWindowBounds(file: string, bounds: WindowBounds): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await writeFileAtomic(file, `${JSON.stringify(bounds, null, 2)}\n`, { encoding: 'utf8', fsync: true });
}
