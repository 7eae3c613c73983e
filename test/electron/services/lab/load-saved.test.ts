import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WorkerCommandError } from '../../../../electron/services/engine/engine-client';
import type { EngineSupervisor } from '../../../../electron/services/engine/engine-supervisor';
import { loadSaved, type RunToLoad } from '../../../../electron/services/lab/load-saved';
import { storeFileLocationOf } from '../../../../electron/services/session/file-origins';
import { readSessionFile, writeSessionFile } from '../../../../electron/services/session/session-file';
import type { OpenedTrace } from '../../../../electron/services/session/session-trace';
import type { CheckpointFileParts } from '../../../../electron/worker/checkpoint-file';
import type { WorkerReplyResult } from '../../../../electron/worker/worker-protocol';
import { sampleSession } from '../../../fixtures/sessions/session-fixtures';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'balloon-load-saved-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

type LoadArgs = Parameters<EngineSupervisor['load']>;

/** An engine whose loads are recorded and answered by `answer`, one call after another. */
function fakeEngine(answer: (call: number) => Promise<WorkerReplyResult>): {
  engine: EngineSupervisor;
  calls: LoadArgs[];
} {
  const calls: LoadArgs[] = [];
  const engine = {
    load: (...args: LoadArgs): Promise<WorkerReplyResult> => {
      calls.push(args);
      return answer(calls.length);
    },
  };
  return { engine: engine as unknown as EngineSupervisor, calls };
}

function replyOf(tick: number): WorkerReplyResult {
  return { status: { tick } } as unknown as WorkerReplyResult;
}

const run: RunToLoad = { scenario: sampleSession().scenario, interventions: [], tick: 1200 };

function opened(trace: Omit<OpenedTrace, 'history'>): OpenedTrace {
  return { ...trace, history: new Promise<never>(() => undefined) };
}

/** A store read from a session file, its parts views of the file's bytes. */
async function storeFromFile(): Promise<CheckpointFileParts> {
  const path = join(dir, 'lab.balloonlab');
  const bytes = (n: number, v: number): Uint8Array => new Uint8Array(n).fill(v);
  await writeSessionFile(
    path,
    {
      ...sampleSession(),
      trace: {
        checkpointTick: 1200,
        store: { index: bytes(5_000, 1), packs: [bytes(9_000, 2), bytes(0, 0), bytes(700, 3)] },
        layout: 'host:freeMiB',
        vmIds: [],
        sampleCount: 0,
        samples: bytes(0, 0),
        lineCount: 0,
        log: bytes(0, 0),
      },
    },
    { keepBackup: false },
  );
  const { checkpointTick, store } = (await readSessionFile(path)).trace!;
  return { tick: checkpointTick, index: store!.index, packs: store!.packs };
}

describe('loadSaved', () => {
  it('has the engine read a store from the session file, sending no bytes', async () => {
    const store = await storeFromFile();
    const { engine, calls } = fakeEngine(() => Promise.resolve(replyOf(1200)));
    const result = await loadSaved(engine, run, opened({ store }));
    expect(result).toEqual(replyOf(1200));
    expect(calls).toHaveLength(1);
    const [scenario, interventions, tick, history, from] = calls[0]!;
    expect([scenario, interventions, tick, history]).toEqual([run.scenario, run.interventions, 1200, false]);
    expect(from).toEqual({ storeAt: storeFileLocationOf(store) });
    expect(from!.storeAt).not.toBeNull();
    expect(from).not.toHaveProperty('store');
  });

  it("sends the store's bytes when the engine cannot read the file", async () => {
    const store = await storeFromFile();
    const sent = replyOf(1201);
    const { engine, calls } = fakeEngine((call) =>
      call === 1
        ? Promise.reject(new WorkerCommandError('unreadable', 'the file was replaced or changed'))
        : Promise.resolve(sent),
    );
    expect(await loadSaved(engine, run, opened({ store }))).toBe(sent);
    expect(calls.map((c) => Object.keys(c[4]!))).toEqual([['storeAt'], ['store']]);
    expect(calls[1]![4]!.store).toBe(store);
    expect(calls[1]!.slice(0, 4)).toEqual(calls[0]!.slice(0, 4));
  });

  it('rethrows any other refusal without loading again', async () => {
    const store = await storeFromFile();
    for (const error of [new WorkerCommandError('refused', 'bad checkpoint'), new Error('unreadable')]) {
      const { engine, calls } = fakeEngine(() => Promise.reject(error));
      await expect(loadSaved(engine, run, opened({ store }))).rejects.toBe(error);
      expect(calls).toHaveLength(1);
    }
  });

  it('sends a store that was not read from a file as it is', async () => {
    const store = { tick: 1200, index: new Uint8Array(8), packs: [new Uint8Array(4)] };
    const { engine, calls } = fakeEngine(() => Promise.resolve(replyOf(1200)));
    await loadSaved(engine, run, opened({ store }));
    expect(calls).toHaveLength(1);
    expect(calls[0]![4]).toEqual({ store });
    expect(calls[0]![4]!.store).toBe(store);
  });

  it('passes the older checkpoint-and-earlier layout through', async () => {
    const checkpoint = { tick: 1100, bytes: Uint8Array.of(1, 2, 3) };
    const earlier = [{ tick: 600, bytes: Uint8Array.of(4) }];
    const { engine, calls } = fakeEngine(() => Promise.resolve(replyOf(1100)));
    await loadSaved(engine, run, opened({ checkpoint, earlier }));
    expect(calls).toHaveLength(1);
    expect(calls[0]![3]).toBe(false);
    expect(calls[0]![4]).toEqual({ checkpoint, earlier });
    expect(calls[0]![4]!.checkpoint).toBe(checkpoint);
    expect(calls[0]![4]!.earlier).toBe(earlier);
  });

  it('without a saved trace, loads with history and nothing else', async () => {
    const { engine, calls } = fakeEngine(() => Promise.resolve(replyOf(1200)));
    await loadSaved(engine, run, undefined);
    expect(calls).toEqual([[run.scenario, run.interventions, 1200, true, {}]]);
  });
});
