import type { Options } from 'csv-stringify';

/**
 * The one CSV dialect of Balloon Lab (docs/glossary.md), shared by the GUI export and the
 * headless CLI so the same rows give byte-identical files: RFC 4180 quoting, `\n` line
 * ends, UTF-8 without BOM, a line end after the last record, a cell holding a CR quoted,
 * and cells a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR and their
 * full-width forms) prefixed with `'`. Pair it with {@link toCsvRecord} for each row.
 */
export const csvStringifyOptions = {
  delimiter: ',',
  quote: '"',
  escape: '"',
  record_delimiter: '\n',
  bom: false,
  eof: true,
  quoted: false,
  quoted_empty: false,
  // A bare CR ends a record for readers with universal newlines; RFC 4180 wants it quoted.
  quoted_match: /\r/,
  escape_formulas: true,
} as const satisfies Options;

const negativeDecimal = /^-\d+(?:\.\d+)?$/;

/**
 * One CSV record for csv-stringify. Trace rows arrive as strings; a negative number such
 * as `-0.5` is handed over as a number so formula escaping (which keys on a leading `-`)
 * leaves it a number for pandas and spreadsheets. The number prints exactly as the
 * string did, except that `-0` prints as `0`. Anything else stays a string and is escaped
 * when it looks like a formula.
 */
export function toCsvRecord(row: readonly string[]): Array<string | number> {
  let record: Array<string | number> | null = null;
  for (let i = 0; i < row.length; i++) {
    const cell = row[i]!;
    if (cell.charCodeAt(0) !== 0x2d || !negativeDecimal.test(cell)) continue;
    const value = Number(cell);
    if (value !== 0 && String(value) !== cell) continue;
    record ??= row.slice();
    record[i] = value === 0 ? 0 : value;
  }
  return record ?? (row as string[]);
}
