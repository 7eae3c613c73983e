import { validateSessionDocument } from './parse-session';
import { maxSessionFileBytes } from './safe-json';
import { SessionError } from './session-error';
import type { SessionDocument } from './session-schema';
import { partCrc32, type PartChecksum } from './part-crc32';
import { splitTraceParts } from './session-sections';

/** Bytes of `text` in UTF-8 (lone surrogates count as the 3-byte replacement character). */
export function utf8ByteLength(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

function formatMiB(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

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
 * A session as its file holds it: the JSON header and, with a trace, the trace's binary parts,
 * which follow the header after a NUL byte (core/session/session-sections.ts). `bytes` is the
 * file's size.
 */
export interface SessionFileContent {
  text: string;
  parts: readonly Uint8Array[];
  bytes: number;
}

/**
 * The `.balloonlab` file of a session: validated first (a file this writes always loads again),
 * the header's keys in a fixed order (header fields first, the scenario and interventions in
 * schema order, UI state sorted) and indented, so two saves of the same state are byte-identical
 * and diff line by line. A session too big for that is written compactly (one line), and one that
 * does not fit the loader's limit even so is refused: throws SessionError 'too-large' (nothing to
 * write) or 'invalid' (an invalid document). `checksum` takes the parts' CRC-32s (core's own in
 * pure JavaScript unless the caller has a faster one).
 */
export function sessionFileContent(
  doc: SessionDocument,
  maxBytes: number = maxSessionFileBytes,
  checksum: PartChecksum = partCrc32,
): SessionFileContent {
  const valid = validateSessionDocument(doc);
  const split = valid.trace === undefined ? undefined : splitTraceParts(valid.trace, checksum);
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
    ...(split === undefined ? {} : { trace: split.header }),
  };
  const parts = split?.parts ?? [];
  const partBytes = parts.length === 0 ? 0 : 1 + parts.reduce((n, p) => n + p.byteLength, 0);
  const indented = `${JSON.stringify(ordered, null, 2)}\n`;
  const indentedBytes = utf8ByteLength(indented) + partBytes;
  if (indentedBytes <= maxBytes) return { text: indented, parts, bytes: indentedBytes };
  const compact = `${JSON.stringify(ordered)}\n`;
  const bytes = utf8ByteLength(compact) + partBytes;
  if (bytes <= maxBytes) return { text: compact, parts, bytes };
  throw new SessionError(
    'too-large',
    `This session would be a ${formatMiB(bytes)} file, more than the ${formatMiB(maxBytes)} a session file may be, ` +
      'so it could not be opened again; it was not saved. Shorten its trace workloads or its list of live changes.',
  );
}

/**
 * The `.balloonlab` text of a session without a trace (a scenario, its interventions and where it
 * stands), as {@link sessionFileContent} writes it; a session with a trace is not text alone.
 */
export function serializeSessionDocument(
  doc: SessionDocument,
  maxBytes: number = maxSessionFileBytes,
): string {
  if (doc.trace !== undefined) throw new Error('A session with a trace is written with sessionFileContent.');
  return sessionFileContent(doc, maxBytes).text;
}

/**
 * The `.balloonlab` file of a session that sheds, when it would pass `maxBytes`, what only makes
 * it open quickly: first its earlier checkpoints (files of the older layout), then its whole trace
 * (opening it then replays the run). A session is kept slower to open rather than not at all;
 * throws like {@link sessionFileContent} when even the bare session does not fit.
 */
export function fittingSessionFileContent(
  doc: SessionDocument,
  maxBytes: number = maxSessionFileBytes,
  checksum: PartChecksum = partCrc32,
): SessionFileContent {
  const { trace, ...bare } = doc;
  const tries: SessionDocument[] = [doc];
  if (trace?.earlier !== undefined && trace.earlier.length > 0) {
    // The checksums of a file opened name the earlier ones too; saving takes them anew.
    const { earlier: _earlier, crc32: _crc32, ...newestOnly } = trace;
    tries.push({ ...bare, trace: newestOnly });
  }
  if (trace !== undefined) tries.push(bare);
  for (const attempt of tries.slice(0, -1)) {
    try {
      return sessionFileContent(attempt, maxBytes, checksum);
    } catch (error) {
      if (!(error instanceof SessionError && error.code === 'too-large')) throw error;
    }
  }
  return sessionFileContent(tries.at(-1)!, maxBytes, checksum);
}
