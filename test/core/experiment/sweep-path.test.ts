import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatSweepPath, parseSweepPath, setAtSweepPath } from '../../../core/experiment/sweep-path';

function steps(text: string) {
  const r = parseSweepPath(text);
  if (!r.ok) throw new Error(r.message);
  return r.steps;
}

const lab = () => ({
  seed: 1,
  policy: { idleTaxPct: 75, pageSharing: { enabled: true } },
  vms: [
    { id: 'app1', memoryMiB: 1024, workload: { kind: 'steady', demandMiB: 100 } },
    { id: 'db.1', memoryMiB: 2048, workload: { kind: 'steady', demandMiB: 200 } },
  ],
});

describe('parseSweepPath', () => {
  it('reads fields, [*], [n] and [id] and writes them back the same', () => {
    for (const text of [
      'policy.idleTaxPct',
      'vms[*].workload.demandMiB',
      'vms[app1].memoryMiB',
      'vms[0].memoryMiB',
      'vms[db.1].memoryMiB',
    ])
      expect(parseSweepPath(text)).toMatchObject({ ok: true, text });
    expect(steps('vms[db.1].memoryMiB')[0]).toEqual({ key: 'vms', selectors: [{ kind: 'id', id: 'db.1' }] });
  });

  it.each([
    ['', 'must not be empty'],
    ['policy..idleTaxPct', 'is not a path'],
    ['vms[].memoryMiB', 'must be [*]'],
    ['vms[a b].memoryMiB', 'must be [*]'],
    ['vms[*]', 'must end with a field'],
    ['vms[*].id', 'ids name the result columns'],
    ['seed', 'seeds'],
    ['schema', 'cannot be swept'],
    ['__proto__.polluted', 'is not a field name'],
    ['policy.constructor', 'is not a field name'],
    ['1abc', 'is not a field name'],
    ['x'.repeat(201), 'at most 200'],
  ])('refuses %j (%s)', (text, message) => {
    const r = parseSweepPath(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain(message);
  });

  it('gives back what it parsed for any well-formed path (property)', () => {
    const key = fc
      .stringMatching(/^[a-z][A-Za-z0-9]{0,8}$/)
      .filter((k) => !['constructor', 'prototype', 'id', 'seed', 'schema'].includes(k));
    const sel = fc.oneof(
      fc.constant('[*]'),
      fc.nat(999).map((n) => `[${n}]`),
      fc.stringMatching(/^[a-z][a-z0-9.-]{0,6}$/).map((id) => `[${id}]`),
    );
    const stepArb = fc.tuple(key, fc.array(sel, { maxLength: 2 })).map(([k, s]) => k + s.join(''));
    fc.assert(
      fc.property(fc.array(stepArb, { minLength: 1, maxLength: 4 }), key, (head, last) => {
        const text = [...head, last].join('.');
        const r = parseSweepPath(text);
        return r.ok && r.text === text && formatSweepPath(r.steps) === text;
      }),
    );
  });
});

describe('setAtSweepPath', () => {
  it('sets one field, every element, the n-th or the one with an id', () => {
    const doc = lab();
    expect(setAtSweepPath(doc, steps('policy.idleTaxPct'), 0)).toBeNull();
    expect(setAtSweepPath(doc, steps('vms[*].workload.demandMiB'), 512)).toBeNull();
    expect(setAtSweepPath(doc, steps('vms[db.1].memoryMiB'), 4096)).toBeNull();
    expect(setAtSweepPath(doc, steps('vms[0].memoryMiB'), 3000)).toBeNull();
    expect(doc.policy.idleTaxPct).toBe(0);
    expect(doc.vms.map((v) => [v.memoryMiB, v.workload.demandMiB])).toEqual([
      [3000, 512],
      [4096, 512],
    ]);
  });

  it.each([
    ['host.memoryMiB', 'the scenario has no field "host"'],
    ['vms[vm9].memoryMiB', 'vms has no entry with id "vm9" (ids: app1, db.1)'],
    ['vms[2].memoryMiB', 'vms has 2 entries, so [2] matches nothing'],
    ['vms.memoryMiB', 'vms is a list: pick entries with vms[*]'],
    ['policy[*].idleTaxPct', 'policy is not a list'],
    ['policy.idleTaxPct.x', 'policy.idleTaxPct is 75, not an object with fields'],
  ])('says where %s leads nowhere', (path, message) => {
    const doc = lab();
    const before = JSON.stringify(doc);
    expect(setAtSweepPath(doc, steps(path), 1)).toContain(message);
    expect(JSON.stringify(doc)).toBe(before);
  });

  it('says when [*] meets an empty list', () => {
    expect(setAtSweepPath({ vms: [] }, steps('vms[*].memoryMiB'), 1)).toBe(
      'vms is empty, so [*] matches nothing',
    );
  });
});
