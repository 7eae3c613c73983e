import { describe, expect, it } from 'vitest';
import { vmIdsOf } from '../../../core/import/vm-ids';
import { parseEsxtopColumn, splitGroupInstance } from '../../../core/import/esxtop-columns';

describe('VM ids from trace names', () => {
  it('keeps what an id may hold, replaces the rest, and makes ids unique and short', () => {
    expect(
      vmIdsOf([
        'web 01 (prod)',
        'db.primary',
        '_tmp',
        '日本',
        'a'.repeat(40),
        'a'.repeat(40),
        'web 01 (prod)',
      ]),
    ).toEqual([
      'web-01-prod',
      'db.primary',
      'tmp',
      'vm',
      'a'.repeat(32),
      `${'a'.repeat(30)}-2`,
      'web-01-prod-2',
    ]);
  });
});

describe('esxtop column names', () => {
  it('splits on the last )\\ so that VM names keep their own parentheses and backslashes', () => {
    expect(parseEsxtopColumn('\\\\esx01\\Group Memory(1234:app (a)\\b) (eu))\\Touched MBytes')).toEqual({
      object: 'Group Memory',
      instance: '1234:app (a)\\b) (eu)',
      counter: 'Touched MBytes',
    });
    expect(parseEsxtopColumn('\\\\esx01\\Memory\\Free MBytes')).toEqual({
      object: 'Memory',
      instance: null,
      counter: 'Free MBytes',
    });
    expect(parseEsxtopColumn('Time')).toBeNull();
    expect(splitGroupInstance('1234:db:replica')).toEqual({ gid: '1234', name: 'db:replica' });
  });
});
