import { ImportError } from './import-error';

/**
 * Longest line an import accepts, in characters: an esxtop `-a` header of a large host names
 * tens of thousands of columns of ~60 characters (a few MiB); 32 Mi characters leaves ample
 * room and still bounds what one line can cost.
 */
export const maxLineChars = 32 * 1024 * 1024;

/**
 * Cuts a text stream into lines, whatever the chunk boundaries: `\n` or `\r\n` ends a line.
 * Holds at most one partial line; refuses a line longer than `maxChars` and text holding a
 * NUL character (a binary file) at the line where it is met.
 */
export class LineSplitter {
  private pending: string[] = [];
  private pendingChars = 0;
  /** Number of the next line to emit, 1-based. */
  private lineNo = 1;

  constructor(
    private readonly onLine: (line: string, lineNo: number) => void,
    private readonly maxChars = maxLineChars,
  ) {}

  /** Lines emitted so far. */
  get lines(): number {
    return this.lineNo - 1;
  }

  push(chunk: string): void {
    if (chunk.includes('\0')) {
      throw new ImportError('the file holds binary data (a NUL character), not text', {
        line: this.lineNo,
      });
    }
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf('\n', start);
      if (nl < 0) break;
      this.grow(nl - start);
      const piece = chunk.slice(start, nl);
      const line = this.pending.length === 0 ? piece : this.pending.join('') + piece;
      this.pending = [];
      this.pendingChars = 0;
      this.emit(line.endsWith('\r') ? line.slice(0, -1) : line);
      start = nl + 1;
    }
    if (start < chunk.length) {
      this.grow(chunk.length - start);
      this.pending.push(chunk.slice(start));
    }
  }

  /** The last line when the text does not end with a line break. */
  end(): void {
    if (this.pending.length === 0) return;
    const line = this.pending.join('');
    this.pending = [];
    this.pendingChars = 0;
    this.emit(line.endsWith('\r') ? line.slice(0, -1) : line);
  }

  private grow(chars: number): void {
    this.pendingChars += chars;
    if (this.pendingChars > this.maxChars) {
      throw new ImportError(
        `the line is longer than ${this.maxChars} characters; this is not a trace file the lab reads`,
        { line: this.lineNo },
      );
    }
  }

  private emit(line: string): void {
    const n = this.lineNo;
    this.lineNo += 1;
    this.onLine(line, n);
  }
}
