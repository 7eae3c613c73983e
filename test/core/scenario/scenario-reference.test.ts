import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  referenceEnd,
  referenceStart,
  scenarioReferenceMarkdown,
  scenarioReferencePath,
  spliceReference,
  unitOfField,
} from '../../../core/scenario/scenario-reference';
import { scenarioJsonSchema } from '../../../core/scenario/scenario-json-schema';

const repoRoot = join(import.meta.dirname, '..', '..', '..');

describe('scenario field reference', () => {
  it('in docs/scenario.md is the one generated from the schema', () => {
    const doc = readFileSync(join(repoRoot, scenarioReferencePath), 'utf8');
    expect(
      spliceReference(doc, scenarioReferenceMarkdown()),
      `the field reference in ${scenarioReferencePath} is out of date: run \`npm run docs:generate\``,
    ).toBe(doc);
  });

  it('has a row for every top-level, host, policy, VM and event field', () => {
    const md = scenarioReferenceMarkdown();
    const schema = scenarioJsonSchema() as { properties: Record<string, { properties?: object }> };
    const names = [
      ...Object.keys(schema.properties),
      ...Object.keys(schema.properties.host!.properties!),
      ...Object.keys(schema.properties.policy!.properties!),
    ];
    for (const name of names) expect(md).toContain(`| \`${name}\` |`);
    for (const heading of ['### vms[]', '### events[]', '### events[].set', '### workload-trace.samples[]'])
      expect(md).toContain(heading);
  });

  it('reads units from the field names', () => {
    expect(
      ['memoryMiB', 'durationS', 'tickMs', 'swapInLatencyUs', 'idleTaxPct', 'scanTimeMin', 'seed'].map(
        unitOfField,
      ),
    ).toEqual(['MiB', 's', 'ms', 'µs', '%', 'min', '']);
  });

  it('replaces only the text between the markers and refuses a document without them', () => {
    const doc = `before\n${referenceStart}\nold\n${referenceEnd}\nafter\n`;
    expect(spliceReference(doc, `${referenceStart}\nnew\n${referenceEnd}`)).toBe(
      `before\n${referenceStart}\nnew\n${referenceEnd}\nafter\n`,
    );
    expect(() => spliceReference('no markers', 'x')).toThrow(/markers are missing/);
    expect(() => spliceReference(`${referenceEnd}\n${referenceStart}`, 'x')).toThrow(/markers are missing/);
  });
});
