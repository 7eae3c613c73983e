import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../../core/scenario/parse-scenario';
import { maxSchemaRefLength } from '../../../core/scenario/scenario-schema';
import {
  scenarioJsonSchema,
  scenarioJsonSchemaPath,
  scenarioJsonSchemaText,
} from '../../../core/scenario/scenario-json-schema';

const repoRoot = join(import.meta.dirname, '..', '..', '..');
const stale = `${scenarioJsonSchemaPath} is out of date with core/scenario: run \`npm run docs:generate\` and commit the result`;

interface Node {
  description?: string;
  properties?: Record<string, Node>;
  items?: Node;
  anyOf?: Node[];
  definitions?: Record<string, Node>;
}

/** Paths of object fields that have no description of their own and refer to no described definition. */
function undescribed(node: Node, path: string, out: string[]): string[] {
  for (const [name, child] of Object.entries(node.properties ?? {})) {
    const at = `${path}${name}`;
    const viaRef = JSON.stringify(child).includes('"$ref"');
    if (child.description === undefined && !viaRef) out.push(at);
    undescribed(child, `${at}.`, out);
    if (child.items) undescribed(child.items, `${at}[].`, out);
    for (const alt of child.anyOf ?? []) undescribed(alt, `${at}.`, out);
  }
  for (const [name, def] of Object.entries(node.definitions ?? {})) {
    if (def.description === undefined) out.push(`#${name}`);
    undescribed(def, `#${name}.`, out);
  }
  return out;
}

describe('scenario JSON Schema', () => {
  it('is the published docs/scenario.schema.json, regenerated in memory', () => {
    const published = readFileSync(join(repoRoot, scenarioJsonSchemaPath), 'utf8');
    expect(published, stale).toBe(scenarioJsonSchemaText());
  });

  it('describes every field, so editors can explain it', () => {
    expect(
      undescribed(scenarioJsonSchema() as Node, '', []),
      'give these fields a .describe() in core/scenario',
    ).toEqual([]);
  });

  it('is draft-07, refuses unknown top-level fields and requires nothing at the top', () => {
    const schema = scenarioJsonSchema();
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toBeUndefined();
    expect(Object.keys(schema.properties as object)).toContain('$schema');
  });
});

describe('$schema in a scenario file', () => {
  it('is accepted and kept as a string reference', () => {
    const r = parseScenario({ $schema: './scenario.schema.json', vms: [{ id: 'web1' }] });
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.scenario.$schema).toBe('./scenario.schema.json');
    expect(parseScenario({}).ok).toBe(true);
  });

  it('refuses a non-string or oversized reference with the field path', () => {
    for (const bad of [42, null, { $ref: 'x' }, ['a'], 'x'.repeat(maxSchemaRefLength + 1)]) {
      const r = parseScenario({ $schema: bad });
      expect(r.ok, JSON.stringify(bad).slice(0, 40)).toBe(false);
      if (!r.ok) expect(r.issues.map((i) => i.path)).toEqual(['$schema']);
    }
  });

  it('does not open the door to other unknown fields', () => {
    const r = parseScenario({ $schema: 'x', $id: 'y' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues).toEqual([{ path: '$id', message: 'unknown field' }]);
  });
});
