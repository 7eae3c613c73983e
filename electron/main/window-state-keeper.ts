import type { BrowserWindow } from 'electron';
import { writeWindowBounds } from './window-bounds';
import type { WindowBounds } from './window-bounds';

type Measured = Pick<BrowserWindow, 'getNormalBounds' | 'isMaximized' | 'isDestroyed'>;

/**
 * Remembers the main window's bounds: `capture` reads them while the window still exists
 * (on close), `flush` writes them once; quitting waits for the write.
 */
export class WindowStateKeeper {
  private latest: WindowBounds | null = null;
  private written: string | null = null;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly file: string,
    private readonly write: (file: string, bounds: WindowBounds) => Promise<void> = writeWindowBounds,
  ) {}

  capture(window: Measured): void {
    if (window.isDestroyed()) return;
    const { x, y, width, height } = window.getNormalBounds();
    this.latest = { x, y, width, height, maximized: window.isMaximized() };
  }

  flush(): Promise<void> {
    const bounds = this.latest;
    const text = bounds === null ? null : JSON.stringify(bounds);
    if (bounds === null || text === this.written) return this.writing;
    this.written = text;
    this.writing = this.writing
      .then(() => this.write(this.file, bounds))
      .catch((error: unknown) => console.error('Could not remember the window bounds:', error));
    return this.writing;
  }
}
