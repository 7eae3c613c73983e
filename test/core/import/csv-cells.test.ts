import { describe, expect, it } from 'vitest';
import { decimalAt, readCells } from '../../../core/import/csv-cells';

describe('readCells', () => {
  it('reads quoted cells with doubled quotes, padded unquoted cells and a trailing delimiter', () => {
    const out: string[] = [];
    const n = readCells('"a ""b"" c",  7   , "x,y" ,', 1, ',', null, out);
    expect(n).toBe(4);
    expect(out).toEqual(['a "b" c', '7', 'x,y', '']);
  });

  it('copies only the picked cells but still counts them all; numbers straight from the line', () => {
    const out: string[] = [];
    const values = new Float64Array(3);
    const bad: string[] = [];
    const numbers = { fromPick: 1, values, onBad: (_k: number, text: string) => void bad.push(text) };
    const n = readCells('"t","1","2.50","",  -1 ,"9"', 1, ',', Int32Array.from([0, 2, 4]), out, numbers);
    expect(n).toBe(6);
    expect(out[0]).toBe('t');
    expect(Array.from(values.subarray(1))).toEqual([2.5, -1]);
    expect(bad).toEqual([]);
  });

  it('splits GWA-T-12 rows on ;\\t', () => {
    const out: string[] = [];
    expect(readCells('1376314846;\t4;\t11703.99', 1, ';', null, out)).toBe(3);
    expect(out).toEqual(['1376314846', '4', '11703.99']);
  });
});

describe('decimalAt', () => {
  it('reads what Number reads for decimal text, and refuses the rest', () => {
    for (const t of ['0', '12', '-1', '+3.5', '0.1', '123.456', ' 42 ', '.5', '1e3', '12345678901234567890'])
      expect(decimalAt(t, 0, t.length)).toBe(Number(t));
    expect(decimalAt('', 0, 0)).toBeNaN();
    expect(decimalAt('   ', 0, 3)).toBeNaN();
    for (const t of ['abc', '12x', '0x10', '-', '1.2.3', 'Infinity'])
      expect(decimalAt(t, 0, t.length)).toBeNull();
  });
});
