import { z } from 'zod';
import { scenarioObjectSchema } from './scenario-schema';

/** Where the published JSON Schema lives, relative to the repository root. */
export const scenarioJsonSchemaPath = 'docs/scenario.schema.json';

/**
 * The JSON Schema of a scenario file as a user writes it (fields with defaults are optional),
 * generated from the zod schema the lab validates with. Draft-07 because editors support it
 * best. Checks across fields (reservation below memory, unique ids, sorted samples, ...) are
 * not expressible here; the lab still reports them with the field path (docs/scenario.md).
 */
export function scenarioJsonSchema(): Record<string, unknown> {
  const { $schema, ...rest } = z.toJSONSchema(scenarioObjectSchema, { io: 'input', target: 'draft-7' });
  return { $schema, title: 'Balloon Lab scenario', ...rest };
}

/** docs/scenario.schema.json as written by `npm run docs:generate`: two-space JSON, newline at the end. */
export function scenarioJsonSchemaText(): string {
  return `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
}
