import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { logColumns } from '../../../core/trace/column-docs';
import {
  hostColumns,
  hostCsvHeader,
  logCsvHeader,
  vmColumns,
  vmsCsvHeader,
} from '../../../core/trace/trace-columns';
import { glossaryPath, traceGlossaryMarkdown } from '../../../core/trace/trace-glossary';

const repoRoot = join(import.meta.dirname, '..', '..', '..');

/** Rows `| \`column\` | ...` under the `## heading` of a markdown document. */
function tableColumns(md: string, heading: string): string[] {
  const section = md.split(`## ${heading}\n`)[1]?.split('\n## ')[0] ?? '';
  return [...section.matchAll(/^\| `([a-z_]+)` \|/gm)].map((m) => m[1]!);
}

describe('trace glossary', () => {
  it('is the published docs/glossary.md, regenerated in memory', () => {
    const published = readFileSync(join(repoRoot, glossaryPath), 'utf8');
    expect(
      published,
      `${glossaryPath} is out of date with core/trace: run \`npm run docs:generate\` and commit the result`,
    ).toBe(traceGlossaryMarkdown());
  });

  it('lists every CSV column in header order, each with a unit and a meaning', () => {
    const md = traceGlossaryMarkdown();
    expect(tableColumns(md, 'vms.csv')).toEqual([...vmsCsvHeader]);
    expect(tableColumns(md, 'host.csv')).toEqual([...hostCsvHeader]);
    expect(tableColumns(md, 'log.csv')).toEqual([...logCsvHeader]);
    for (const [, , doc] of [...vmColumns, ...hostColumns]) expect(doc.meaning.length).toBeGreaterThan(10);
    for (const [, doc] of logColumns) expect(doc.meaning.length).toBeGreaterThan(10);
  });

  it('gives every per-VM counter a distinct esxtop name', () => {
    const names = vmColumns.map(([, , doc]) => doc.esxtop);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^[A-Z][A-Z/s]*$/);
  });
});
