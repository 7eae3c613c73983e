import { parseSessionDocument } from './parse-session';
import type { SessionDocument } from './session-schema';

function sortKeysDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeysDeep);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const child = (value as Record<string, unknown>)[key];
    if (child !== undefined) out[key] = sortKeysDeep(child);
  }
  return out;
}

/**
 * The `.balloonlab` text of a session: validated first (a file this writes always loads
 * again), keys in a fixed order (header fields first, the scenario and interventions in
 * schema order, UI state sorted) and indented, so two saves of the same state are
 * byte-identical and diff line by line. Throws SessionError for an invalid document.
 */
export function serializeSessionDocument(doc: SessionDocument): string {
  const valid = parseSessionDocument(doc);
  const ordered = {
    schema: valid.schema,
    savedIso: valid.savedIso,
    app: { version: valid.app.version, engineVersion: valid.app.engineVersion },
    name: valid.name,
    tick: valid.tick,
    stateDigest: valid.stateDigest,
    scenario: valid.scenario,
    interventions: valid.interventions,
    uiState: sortKeysDeep(valid.uiState),
  };
  return `${JSON.stringify(ordered, null, 2)}\n`;
}
