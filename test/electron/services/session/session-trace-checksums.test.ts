import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TraceOf } from '../../../../core/session/session-trace-schema';
import { startLab, type Lab } from '../lab/lab-harness';

/** Where each binary part of a saved file lies, by the name a refusal gives it. */
function partsOfFile(raw: Buffer): Map<string, { at: number; bytes: number }> {
  const nul = raw.indexOf(0);
  const { trace } = JSON.parse(raw.subarray(0, nul).toString('utf8')) as { trace: TraceOf<number> };
  const sizes: [string, number][] = [
    ['checkpoint index', trace.store!.index],
    ...trace.store!.packs.map((n, p): [string, number] => [`checkpoint pack ${p + 1}`, n]),
    ['samples', trace.samples],
    ['log', trace.log],
  ];
  const parts = new Map<string, { at: number; bytes: number }>();
  let at = nul + 1;
  for (const [name, bytes] of sizes) {
    parts.set(name, { at, bytes });
    at += bytes;
  }
  return parts;
}

describe('a saved session whose file has a byte flipped in one part', () => {
  let lab: Lab;
  beforeAll(async () => {
    lab = await startLab();
  }, 60_000);
  afterAll(() => lab.close());

  it('opens at the state it was saved at, the damaged part refused and the run replayed, saying which part', async () => {
    const { api, rt } = lab;
    await api.step({ ticks: 200 });
    await api.applyIntervention({ intervention: { vm: 'app1', set: { shares: 'high' } } });
    await api.step({ ticks: 100 });
    const before = await api.getState({});
    const samples = rt.sampleCount;
    const lines = (await api.getLog({ vm: null, offset: 0, limit: 200_000 })).total;
    await api.saveSession({ target: 'traced', saveAs: false });
    const path = join(lab.root, 'data', 'traced.balloonlab');
    const raw = await readFile(path);
    const parts = partsOfFile(raw);

    for (const name of ['samples', 'log', 'checkpoint index', 'checkpoint pack 1']) {
      const part = parts.get(name)!;
      const bytes = Buffer.from(raw);
      const at = part.at + (part.bytes >> 1);
      bytes[at] = bytes[at]! ^ 0x04;
      await writeFile(path, bytes);
      await api.newSession({ presetId: 'basics' });
      const noticesBefore = lab.events.length;
      const opened = await api.openSession({ target: 'traced' });
      expect(opened, name).toMatchObject({ tick: 300, host: before.host, vms: before.vms });
      expect(rt.lastLoadFromCheckpoint, name).toBe(false);
      expect(rt.sampleCount, name).toBe(samples);
      expect((await api.getLog({ vm: null, offset: 0, limit: 200_000 })).total, name).toBe(lines);
      const notices = JSON.stringify(lab.events.slice(noticesBefore).filter((e) => e.event === 'notice'));
      // The samples and log are unpacked by the main process, which says so; checkpoints the engine
      // cannot open are replayed quietly, as before.
      if (name === 'samples' || name === 'log')
        expect(notices).toContain(`The ${name} part of the file is damaged (checksum mismatch).`);
    }

    // The file intact again: it opens from its checkpoint, no notice.
    await writeFile(path, raw);
    await api.newSession({ presetId: 'basics' });
    const noticesBefore = lab.events.length;
    expect(await api.openSession({ target: 'traced' })).toMatchObject({ tick: 300, host: before.host });
    expect(rt.lastLoadFromCheckpoint).toBe(true);
    expect(lab.events.slice(noticesBefore).filter((e) => e.event === 'notice')).toEqual([]);
  }, 180_000);
});
