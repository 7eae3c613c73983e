import { z } from 'zod';
import { parseSessionDocument } from '../session/parse-session';
import {
  assertSafeJson,
  defaultJsonLimits,
  maxSessionFileBytes,
  type JsonLimits,
} from '../session/safe-json';
import { SessionError, type SessionIssue } from '../session/session-error';
import type { SessionDocument } from '../session/session-schema';
import { serializeSessionDocument, utf8ByteLength } from '../session/serialize-session';

export const comparisonSchemaId = 'balloon-lab/compare@1';
/** File name extension of saved comparisons. */
export const comparisonFileExtension = '.balloonlab-compare';
/**
 * Most runs one comparison holds: one per policy (five), so that "compare under every policy"
 * fits; a user pins at most {@link maxUserPins} by hand.
 */
export const maxComparedRuns = 5;
/** Runs a user may pin by hand (the every-policy comparison may hold one more). */
export const maxUserPins = 4;
export const maxRunLabelChars = 100;

/** One run of a comparison: a name and the session that reproduces it (scenario, interventions, tick). */
export interface ComparedRunDocument {
  label: string;
  session: SessionDocument;
}

/** A saved comparison (`.balloonlab-compare`): its runs as sessions inside. */
export interface ComparisonDocument {
  schema: typeof comparisonSchemaId;
  savedIso: string;
  name: string;
  runs: ComparedRunDocument[];
}

const envelopeSchema = z.strictObject({
  schema: z.literal(comparisonSchemaId),
  savedIso: z.iso.datetime({ offset: true }),
  name: z.string().max(200),
  runs: z
    .array(z.strictObject({ label: z.string().min(1).max(maxRunLabelChars), session: z.unknown() }))
    .min(1, 'a comparison holds at least one run')
    .max(maxComparedRuns, `a comparison holds at most ${maxComparedRuns} runs`),
});

function issuesOf(error: z.ZodError): SessionIssue[] {
  return error.issues.map((issue) => ({
    path:
      issue.path.length === 0
        ? '(root)'
        : issue.path
            .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
            .join('')
            .replace(/^\./, ''),
    message: issue.message,
  }));
}

/**
 * Validates a parsed `.balloonlab-compare` document: the envelope with zod, each run's session
 * like a `.balloonlab` file (migrated when older). Throws SessionError naming the field, e.g.
 * `runs[1].session.scenario.durationS`.
 */
export function parseComparisonDocument(
  json: unknown,
  limits: Readonly<JsonLimits> = defaultJsonLimits,
): ComparisonDocument {
  assertSafeJson(json, limits);
  const schema = (json as { schema?: unknown } | null)?.schema;
  if (typeof schema !== 'string' || !schema.startsWith('balloon-lab/compare@')) {
    throw SessionError.invalid(`Not a Balloon Lab comparison: "schema" must be "${comparisonSchemaId}".`, [
      { path: 'schema', message: `expected "${comparisonSchemaId}"` },
    ]);
  }
  if (schema !== comparisonSchemaId) {
    throw new SessionError(
      'newer-version',
      `This comparison was made by a newer Balloon Lab (format ${schema.slice(0, 40)}); this version reads ${comparisonSchemaId}. Update Balloon Lab to open it.`,
    );
  }
  const envelope = envelopeSchema.safeParse(json);
  if (!envelope.success) throw SessionError.invalid('Invalid comparison file:', issuesOf(envelope.error));
  const runs = envelope.data.runs.map((run, i): ComparedRunDocument => {
    try {
      return { label: run.label, session: parseSessionDocument(run.session, limits) };
    } catch (error) {
      if (!(error instanceof SessionError)) throw error;
      const issues = error.issues.map((issue) => ({ ...issue, path: `runs[${i}].session.${issue.path}` }));
      throw new SessionError(
        error.code,
        `Run ${i + 1} ("${run.label}") of the comparison: ${error.message}`,
        issues,
      );
    }
  });
  return { ...envelope.data, schema: comparisonSchemaId, runs };
}

/**
 * The file text of a comparison: validated first (what this writes always opens again), each
 * run's session in its own saved form, indented; refused (SessionError 'too-large') when it
 * would not fit the loader's limit.
 */
export function serializeComparisonDocument(doc: ComparisonDocument, maxBytes = maxSessionFileBytes): string {
  // A run is compared as its scenario and interventions: the trace that opens a session quickly
  // is no part of a comparison (and its bytes are no JSON the validation below would accept).
  const valid = parseComparisonDocument({
    ...doc,
    runs: doc.runs.map(({ label, session: { trace: _trace, ...session } }) => ({ label, session })),
  });
  const ordered = {
    schema: valid.schema,
    savedIso: valid.savedIso,
    name: valid.name,
    runs: valid.runs.map(({ label, session }) => ({
      label,
      session: JSON.parse(serializeSessionDocument(session)) as unknown,
    })),
  };
  const indented = `${JSON.stringify(ordered, null, 2)}\n`;
  if (utf8ByteLength(indented) <= maxBytes) return indented;
  const compact = `${JSON.stringify(ordered)}\n`;
  if (utf8ByteLength(compact) <= maxBytes) return compact;
  throw new SessionError(
    'too-large',
    'This comparison would be larger than a comparison file may be, so it was not saved. Unpin a run with long trace workloads or many live changes.',
  );
}
