import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEngine } from '../../../../core/engine/create-engine';
import { stateDigest } from '../../../../core/engine/state-digest';
import type { LogLine } from '../../../../core/model/log-line';
import type { SessionDocument } from '../../../../core/session/session-schema';
import type { TraceOf } from '../../../../core/session/session-trace-schema';
import { storeFileLocationOf } from '../../../../electron/services/session/file-origins';
import { readSessionFile, writeSessionFile } from '../../../../electron/services/session/session-file';
import {
  openSessionTrace,
  packSessionTrace,
  savedTraceRefused,
} from '../../../../electron/services/session/session-trace';
import { CheckpointFiles } from '../../../../electron/worker/checkpoint-file';
import { indexBytesOf, packBytesOf } from '../../../../electron/worker/checkpoint-file-open';
import { CheckpointStore } from '../../../../electron/worker/checkpoint-store';
import { sampleRowWidth } from '../../../../electron/worker/sample-layout';
import { readStoreFile } from '../../../../electron/worker/store-file-read';
import { smallScenario as scenario, versionsAt } from '../../../fixtures/checkpoints/small-run';
import { sampleSession } from '../../../fixtures/sessions/session-fixtures';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'balloon-session-checksums-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const ticks = [30, 80, 140];
const store = (): CheckpointStore =>
  new CheckpointStore(() => 0, { minWorkMs: 1, costFactor: 0, maxBytes: 1e9 });

function line(seq: number): LogLine {
  return {
    seq,
    tick: seq * 10,
    timeS: seq,
    vm: 'a',
    source: 'hypervisor',
    level: 'info',
    event: 'boot',
    message: `up ${seq}`,
  };
}

/** A small session as the lab saves one: real checkpoints, samples and log lines, each part compressed. */
async function savedSession(): Promise<{ doc: SessionDocument; digest: string; samples: Float64Array }> {
  const { kept } = versionsAt(ticks);
  const parts = await new CheckpointFiles().save(kept, 1e9);
  const rows = 40;
  const samples = Float64Array.from({ length: rows * sampleRowWidth(2) }, (_, i) => (i * 7) % 1000);
  const trace = await packSessionTrace({
    store: parts,
    samples: { vmIds: ['a', 'b'], rows, data: samples },
    lines: Array.from({ length: 30 }, (_, i) => line(i)),
  });
  const engine = createEngine(scenario);
  engine.runUntil(140);
  const doc: SessionDocument = {
    ...sampleSession(),
    scenario,
    interventions: [],
    tick: 140,
    stateDigest: stateDigest(engine),
    trace,
  };
  return { doc, digest: stateDigest(engine), samples };
}

type PartName = 'checkpoint index' | `checkpoint pack ${number}` | 'samples' | 'log';

/** The binary parts of a saved file: their names and where they lie, in file order. */
function partsOfFile(raw: Buffer): {
  header: { trace: TraceOf<number> };
  parts: { name: PartName; at: number; bytes: number }[];
} {
  const nul = raw.indexOf(0);
  const header = JSON.parse(raw.subarray(0, nul).toString('utf8')) as { trace: TraceOf<number> };
  const { store: lengths, samples, log } = header.trace;
  const sizes: [PartName, number][] = [
    ['checkpoint index', lengths!.index],
    ...lengths!.packs.map((n, p): [PartName, number] => [`checkpoint pack ${p + 1}`, n]),
    ['samples', samples],
    ['log', log],
  ];
  let at = nul + 1;
  const parts = sizes.map(([name, bytes]) => {
    const part = { name, at, bytes };
    at += bytes;
    return part;
  });
  expect(at).toBe(raw.length);
  return { header, parts };
}

/** Every refusal the readers of an opened file's parts give, the engine process reading its checkpoints from the file. */
async function refusals(path: string): Promise<string[]> {
  const doc = await readSessionFile(path);
  const opened = openSessionTrace(doc.trace!, doc.scenario);
  const found: string[] = [];
  await opened.history.catch((error: unknown) => found.push((error as Error).message));
  const location = storeFileLocationOf(opened.store!);
  expect(location).not.toBeNull();
  const parts = await readStoreFile(location!);
  for (const check of [
    () => indexBytesOf(parts),
    ...parts.packs.map((_, p) => () => packBytesOf(parts, p)),
  ]) {
    try {
      check();
    } catch (error) {
      found.push((error as Error).message);
    }
  }
  return found;
}

const damaged = (name: string): string => `The ${name} part of the file is damaged (checksum mismatch).`;

describe('session files check each binary part against its CRC-32', () => {
  let path: string;
  let raw: Buffer;
  let layout: ReturnType<typeof partsOfFile>;
  let saved: Awaited<ReturnType<typeof savedSession>>;
  beforeEach(async () => {
    saved = await savedSession();
    path = join(dir, 'lab.balloonlab');
    await writeSessionFile(path, saved.doc, { keepBackup: false });
    raw = await readFile(path);
    layout = partsOfFile(raw);
  });

  /** The file written again with one byte of `name` changed. */
  async function flipIn(name: PartName): Promise<void> {
    const part = layout.parts.find((p) => p.name === name)!;
    const bytes = Buffer.from(raw);
    const at = part.at + (part.bytes >> 1);
    bytes[at] = bytes[at]! ^ 0x01;
    await writeFile(path, bytes);
  }

  it("a saved file holds, next to the parts' lengths, the CRC-32 of each", () => {
    const sum = (name: PartName): number => {
      const part = layout.parts.find((p) => p.name === name)!;
      return crc32(raw.subarray(part.at, part.at + part.bytes));
    };
    const packs = layout.header.trace.store!.packs;
    expect(packs.length).toBeGreaterThan(1);
    expect(layout.header.trace.crc32).toEqual({
      store: { index: sum('checkpoint index'), packs: packs.map((_, p) => sum(`checkpoint pack ${p + 1}`)) },
      samples: sum('samples'),
      log: sum('log'),
    });
  });

  it('opens intact: every part passes, the history and the checkpoints are the ones saved', async () => {
    expect(await refusals(path)).toEqual([]);
    const doc = await readSessionFile(path);
    const opened = openSessionTrace(doc.trace!, doc.scenario);
    expect((await opened.history).samples.data).toEqual(saved.samples);
    const parts = await readStoreFile(storeFileLocationOf(opened.store!)!);
    expect(stateDigest(new CheckpointFiles().open(parts, store(), scenario, 140))).toBe(saved.digest);
  });

  it.each(['samples', 'log'] as const)(
    'a flipped byte in the %s: the history is refused naming the part (the run is then replayed), the checkpoints still open',
    async (name) => {
      await flipIn(name);
      const doc = await readSessionFile(path);
      const opened = openSessionTrace(doc.trace!, doc.scenario);
      const error = await opened.history.then(
        () => null,
        (e: unknown) => e as Error,
      );
      expect(error?.message).toBe(damaged(name));
      expect(savedTraceRefused(doc.name, error)).toContain(`(${damaged(name)}); the run is replayed instead`);
      const parts = await readStoreFile(storeFileLocationOf(opened.store!)!);
      expect(stateDigest(new CheckpointFiles().open(parts, store(), scenario, 140))).toBe(saved.digest);
    },
  );

  it.each(['checkpoint index', 'checkpoint pack 1'] as const)(
    'a flipped byte in the %s: the checkpoints are refused naming the part (the run is then replayed), read from the file or sent',
    async (name) => {
      await flipIn(name);
      const doc = await readSessionFile(path);
      const opened = openSessionTrace(doc.trace!, doc.scenario);
      const fromFile = await readStoreFile(storeFileLocationOf(opened.store!)!);
      for (const parts of [fromFile, opened.store!]) {
        const files = new CheckpointFiles();
        await files.prepare(parts, scenario);
        const s = store();
        expect(() => files.open(parts, s, scenario, 140)).toThrow(damaged(name));
        expect(s.count).toBe(0);
      }
      // The history is not the part damaged.
      expect((await opened.history).samples.data).toEqual(saved.samples);
    },
  );

  it('a file without checksums (written before them) opens as before', async () => {
    const nul = raw.indexOf(0);
    const header = JSON.parse(raw.subarray(0, nul).toString('utf8')) as { trace: Record<string, unknown> };
    delete header.trace['crc32'];
    await writeFile(path, Buffer.concat([Buffer.from(JSON.stringify(header, null, 2)), raw.subarray(nul)]));
    const doc = await readSessionFile(path);
    expect(doc.trace!.crc32).toBeUndefined();
    expect(await refusals(path)).toEqual([]);
    const opened = openSessionTrace(doc.trace!, doc.scenario);
    expect((await opened.history).samples.data).toEqual(saved.samples);
    const parts = await readStoreFile(storeFileLocationOf(opened.store!)!);
    expect(parts.crc32).toBeUndefined();
    expect(stateDigest(new CheckpointFiles().open(parts, store(), scenario, 140))).toBe(saved.digest);
  });

  it('any one byte changed in the binary parts is refused by the reader of that part, naming it, and by no other', async () => {
    const binaryStart = layout.parts[0]!.at;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: binaryStart, max: raw.length - 1 }),
        fc.integer({ min: 1, max: 255 }),
        async (at, xor) => {
          const bytes = Buffer.from(raw);
          bytes[at] = bytes[at]! ^ xor;
          await writeFile(path, bytes);
          const part = layout.parts.find((p) => at >= p.at && at < p.at + p.bytes)!;
          expect(await refusals(path)).toEqual([damaged(part.name)]);
        },
      ),
      { numRuns: 150, seed: 42 },
    );
  });
});
