import { ImportError } from './import-error';

const quote = 34;
const space = 32;
const tab = 9;

/**
 * Reads the cells of one CSV line (RFC 4180 quoting, no line breaks inside cells, which no
 * trace format here has). Unquoted cells are trimmed (esxtop pads its power-state values);
 * spaces and tabs around a quoted cell are skipped (GWA-T-12 separates with `;\t`).
 *
 * Only the cells named in `pick` (ascending column indexes, 0-based) are copied out, into
 * `out[k]` for `pick[k]`, so a line of 50,000 cells costs one scan and a few string copies.
 * With `pick` null every cell is pushed onto `out`. Returns the number of cells; a line that
 * ends with the delimiter has a last, empty cell.
 */
export function readCells(
  line: string,
  lineNo: number,
  delimiter: string,
  pick: Int32Array | null,
  out: string[],
  numbers: NumberCells | null = null,
): number {
  const n = line.length;
  let pos = 0;
  let index = 0;
  let k = 0;
  // One flat loop, no inner functions: this runs for every cell of every row.
  for (;;) {
    let from = pos;
    while (from < n) {
      const c = line.charCodeAt(from);
      if (c !== space && c !== tab) break;
      from++;
    }
    const wanted = pick === null || (k < pick.length && pick[k] === index);
    let to: number;
    let next: number;
    let escaped = false;
    const quoted = from < n && line.charCodeAt(from) === quote;
    if (quoted) {
      let q = from + 1;
      for (;;) {
        to = line.indexOf('"', q);
        if (to < 0)
          throw new ImportError('a quoted value is not closed before the end of the line', {
            line: lineNo,
            column: index + 1,
          });
        if (line.charCodeAt(to + 1) !== quote) break;
        escaped = true;
        q = to + 2;
      }
      from++;
      next = to + 1;
      while (next < n) {
        const c = line.charCodeAt(next);
        if (c !== space && c !== tab) break;
        next++;
      }
      if (next < n && !line.startsWith(delimiter, next))
        throw new ImportError(`unexpected text after a closing quote: ${preview(line, next)}`, {
          line: lineNo,
          column: index + 1,
        });
    } else {
      const e = line.indexOf(delimiter, from);
      next = e < 0 ? n : e;
      to = next;
    }
    if (wanted) {
      if (numbers !== null && k >= numbers.fromPick && !escaped) {
        const value = decimalAt(line, from, to);
        if (value === null) numbers.onBad(k, line.slice(from, to).trim(), index + 1);
        numbers.values[k] = value ?? NaN;
      } else {
        let text = line.slice(from, to);
        if (escaped) text = text.replaceAll('""', '"');
        else if (!quoted) {
          text = text.trim();
          if (text.includes('"'))
            throw new ImportError(`a quote inside an unquoted value: ${preview(text, 0)}`, {
              line: lineNo,
              column: index + 1,
            });
        }
        if (pick === null) out.push(text);
        else out[k] = text;
      }
      k++;
    }
    index++;
    if (next >= n) return index;
    pos = next + delimiter.length;
    if (pos >= n) {
      // The line ends with the delimiter: one more, empty, cell.
      if (pick === null) out.push('');
      else if (k < pick.length && pick[k] === index) {
        if (numbers !== null && k >= numbers.fromPick) numbers.values[k] = NaN;
        else out[k] = '';
      }
      return index + 1;
    }
  }
}

/**
 * Picked cells read as numbers straight from the line, without a string per cell (a narrow
 * capture has millions of rows): picked cells from `fromPick` on go to `values[k]` (NaN when
 * empty), and a cell that is not a decimal number is reported to `onBad`, which throws.
 */
export interface NumberCells {
  fromPick: number;
  values: Float64Array;
  onBad: (k: number, text: string, column: number) => void;
}

const pow10 = Array.from({ length: 23 }, (_, i) => 10 ** i);

/**
 * The decimal number in `line[from, to)`, spaces around it allowed: NaN when empty, null when
 * it is not a decimal number. Exact for up to 15 digits (an integer mantissa divided by a power
 * of ten, both exact, is correctly rounded, as Number() would); longer text goes to Number().
 */
export function decimalAt(line: string, from: number, to: number): number | null {
  while (from < to && line.charCodeAt(from) === space) from++;
  while (to > from && line.charCodeAt(to - 1) === space) to--;
  if (from === to) return NaN;
  let i = from;
  let sign = 1;
  const first = line.charCodeAt(i);
  if (first === 45 || first === 43) {
    sign = first === 45 ? -1 : 1;
    i++;
  }
  let mantissa = 0;
  let digits = 0;
  let fraction = 0;
  let dot = false;
  for (; i < to; i++) {
    const c = line.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      mantissa = mantissa * 10 + (c - 48);
      digits++;
      if (dot) fraction++;
    } else if (c === 46 && !dot) dot = true;
    else break;
  }
  if (digits === 0) return null;
  if (i === to && digits <= 15) return (sign * mantissa) / pow10[fraction]!;
  const text = line.slice(from, to);
  const c = line.charCodeAt(i) | 32;
  if (i < to && c !== 101) return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}

function preview(text: string, from: number): string {
  const part = text.slice(from, from + 20);
  return `"${part}${text.length - from > 20 ? '…' : ''}"`;
}

/**
 * A number cell: finite decimal text, or NaN for an empty cell. Text that is not a number is
 * refused with its line and column, so a shifted or corrupt row never becomes a silent zero.
 */
export function numberCell(text: string, lineNo: number, column: number, what: string): number {
  if (text === '') return NaN;
  // Number() alone would also take hex, binary and "Infinity": only decimal text is a value here.
  const first = text.charCodeAt(0);
  const decimalStart =
    (first >= 48 && first <= 57) || first === 45 || first === 46 || first === 43 || first === 32;
  const second = text.length > 1 ? text.charCodeAt(1) | 32 : 0;
  const value = decimalStart && second !== 120 && second !== 98 && second !== 111 ? Number(text) : NaN;
  if (!Number.isFinite(value))
    throw new ImportError(`${what} is not a number: ${preview(text, 0)}`, { line: lineNo, column });
  return value;
}
