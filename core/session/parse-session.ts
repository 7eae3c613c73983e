import type { z } from 'zod';
import { formatPath } from '../scenario/parse-scenario';
import { sessionMigrations } from './migrations';
import { assertSafeJson, defaultJsonLimits, parseJsonText, type JsonLimits } from './safe-json';
import { SessionError, type SessionIssue } from './session-error';
import { headerTraceSchema, joinTraceParts } from './session-sections';
import { sessionSchema, sessionSchemaId, sessionSchemaVersion, type SessionDocument } from './session-schema';

const schemaIdPattern = /^balloon-lab\/session@(\d{1,6})$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Zod issues as field paths; unknown keys are named one by one. */
export function sessionIssues(error: z.ZodError): SessionIssue[] {
  return error.issues.flatMap((issue): SessionIssue[] => {
    if (issue.code === 'unrecognized_keys') {
      const prefix = issue.path.length > 0 ? `${formatPath(issue.path)}.` : '';
      return issue.keys.map((key) => ({ path: `${prefix}${key}`, message: 'unknown field' }));
    }
    return [{ path: formatPath(issue.path), message: issue.message }];
  });
}

function newerVersionError(version: number, doc: Record<string, unknown>): SessionError {
  const app = doc['app'];
  const appVersion =
    isRecord(app) && typeof app['version'] === 'string' ? ` ${app['version'].slice(0, 64)}` : '';
  return new SessionError(
    'newer-version',
    `This session was made by a newer Balloon Lab${appVersion} (format balloon-lab/session@${version}); ` +
      `this version reads up to balloon-lab/session@${sessionSchemaVersion}. Update Balloon Lab to open it.`,
  );
}

/** The format version a document declares, or a refusal saying why it is not a session. */
function declaredVersion(json: unknown): number {
  if (!isRecord(json)) {
    throw SessionError.invalid('Not a Balloon Lab session: the file must hold a JSON object.', [
      { path: '(root)', message: 'must be an object' },
    ]);
  }
  const schema = json['schema'];
  const match = typeof schema === 'string' ? schemaIdPattern.exec(schema) : null;
  if (match === null) {
    const found = typeof schema === 'string' ? `"${schema.slice(0, 80)}"` : 'missing';
    throw SessionError.invalid(
      `Not a Balloon Lab session: "schema" is ${found}, expected "${sessionSchemaId}".`,
      [{ path: 'schema', message: `expected "${sessionSchemaId}"` }],
    );
  }
  const version = Number(match[1]);
  if (version > sessionSchemaVersion) throw newerVersionError(version, json);
  return version;
}

function validate<T>(schema: z.ZodType<T>, value: unknown, format: string, pathPrefix = ''): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = sessionIssues(result.error).map((issue) => ({
    ...issue,
    path:
      pathPrefix === ''
        ? issue.path
        : issue.path === '(root)'
          ? pathPrefix.slice(0, -1)
          : `${pathPrefix}${issue.path}`,
  }));
  throw SessionError.invalid(`Invalid session file (format ${format}):`, issues);
}

const noBytes = new Uint8Array(0);

/**
 * A current-format document with its trace's parts cut from `binary` (core/session/
 * session-sections.ts); a document without a trace may have nothing after its header.
 */
function withTraceParts(doc: Record<string, unknown>, binary: Uint8Array): unknown {
  if (doc['trace'] === undefined) {
    if (binary.byteLength > 0)
      throw new SessionError(
        'corrupt',
        'Corrupt: the file holds binary data after a session without a trace; it may be damaged or not a Balloon Lab file.',
      );
    return doc;
  }
  const header = validate(headerTraceSchema, doc['trace'], sessionSchemaId, 'trace.');
  return { ...doc, trace: joinTraceParts(header, binary) };
}

function migrateAndValidate(json: unknown, binary: Uint8Array): SessionDocument {
  const fileVersion = declaredVersion(json);
  if (fileVersion < sessionSchemaVersion && binary.byteLength > 0)
    throw new SessionError(
      'corrupt',
      `Corrupt: a balloon-lab/session@${fileVersion} file holds only JSON, but this one has binary data after it.`,
    );
  let version = fileVersion;
  let doc: unknown =
    fileVersion === sessionSchemaVersion ? withTraceParts(json as Record<string, unknown>, binary) : json;
  for (const step of sessionMigrations) {
    if (step.from !== version) continue;
    doc = step.migrate(validate(step.schema, doc, `balloon-lab/session@${version}`) as never);
    version = step.from + 1;
  }
  if (version !== sessionSchemaVersion) {
    throw SessionError.invalid(`Unsupported session format balloon-lab/session@${fileVersion}.`, [
      { path: 'schema', message: 'no migration from this version' },
    ]);
  }
  const format =
    fileVersion === version
      ? sessionSchemaId
      : `balloon-lab/session@${fileVersion}, migrated to ${sessionSchemaId}`;
  return validate(sessionSchema, doc, format);
}

/**
 * Validates a parsed session document, migrating older format versions to the current one.
 * Throws {@link SessionError}: 'newer-version' for a file from a newer Balloon Lab,
 * 'invalid' (with field paths) for anything else wrong, including hostile structures
 * (forbidden keys such as `__proto__`, non-finite or huge numbers, excessive nesting).
 */
export function parseSessionDocument(
  json: unknown,
  limits: Readonly<JsonLimits> = defaultJsonLimits,
  binary: Uint8Array = noBytes,
): SessionDocument {
  assertSafeJson(json, limits);
  return migrateAndValidate(json, binary);
}

/**
 * Validates a session document held in memory (its trace's parts as bytes), as the saver does
 * before writing: the same checks as a file's, throwing SessionError 'invalid' with field paths.
 */
export function validateSessionDocument(doc: SessionDocument): SessionDocument {
  const { trace: _trace, ...rest } = doc;
  assertSafeJson(rest);
  return validate(sessionSchema, doc, sessionSchemaId);
}

/** Parses session file text without binary parts (see parseJsonText for the limits) and validates it. */
export function parseSessionText(
  text: string,
  limits: Readonly<JsonLimits> = defaultJsonLimits,
): SessionDocument {
  return migrateAndValidate(parseJsonText(text, limits), noBytes);
}
