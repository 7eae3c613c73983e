import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionDocument } from '../../../core/session/session-schema';
import { serializeSessionDocument } from '../../../core/session/serialize-session';
import { removeStaleTempFiles } from '../../../electron/services/files/atomic-file';
import { backupPathOf, readSessionFile } from '../../../electron/services/session/session-file';
import { sampleSession } from '../../fixtures/sessions/session-fixtures';
import { bundleChild } from './bundle-child';

const kills = 200;
// Child start-up is mostly waiting, not CPU: four in flight roughly halve the wall time on two cores.
const workers = 4;
const seed = 20260211;

let childScript: string;
let dir: string;
let docA: SessionDocument;
let docB: SessionDocument;
beforeAll(async () => {
  childScript = await bundleChild('save-loop-child.ts');
  dir = await mkdtemp(join(tmpdir(), 'balloon-crash-'));
  const base = sampleSession();
  // Large enough (hundreds of KiB) that a kill often lands inside a write; sizes differ so a mix would show.
  docA = {
    ...base,
    name: 'version A',
    tick: 1300,
    uiState: { notes: Array.from({ length: 4000 }, (_, i) => ({ i, text: 'alpha '.repeat(8) })) },
  };
  docB = {
    ...base,
    name: 'version B',
    tick: 1400,
    uiState: { notes: Array.from({ length: 7000 }, (_, i) => ({ i, text: 'bravo '.repeat(9) })) },
  };
  await writeFile(join(dir, 'docs.json'), JSON.stringify([docA, docB]));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await rm(join(childScript, '..'), { recursive: true, force: true });
});

async function killDuringSaves(path: string, delayMs: number): Promise<void> {
  const child = spawn(process.execPath, [childScript, path, join(dir, 'docs.json')], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = once(child, 'exit');
  await new Promise<void>((resolve, reject) => {
    child.stdout.once('data', () => resolve());
    void exited.then(() => reject(new Error('saver exited before its first save')));
  });
  await new Promise((r) => setTimeout(r, delayMs));
  child.kill('SIGKILL');
  const [code, signal] = await exited;
  expect([code, signal]).toEqual([null, 'SIGKILL']);
}

describe('crash safety of session saves', () => {
  it(`a saver SIGKILLed ${kills} times always leaves the old or the new version, never a corrupt file`, async () => {
    const texts = [serializeSessionDocument(docA), serializeSessionDocument(docB)];
    const rng = xoroshiro128plus(seed);
    const delays = Array.from({ length: kills }, () => uniformInt(rng, 0, 80));
    const seen = { A: 0, B: 0, killedMidWrite: 0 };
    const worker = async (w: number) => {
      const path = join(dir, `lab-${w}.balloonlab`);
      for (let k = w; k < kills; k += workers) {
        await killDuringSaves(path, delays[k]!);
        const onDisk = await readFile(path, 'utf8');
        const which = texts.indexOf(onDisk);
        expect(
          which,
          `kill ${k} (delay ${delays[k]} ms, seed ${seed}) left neither version`,
        ).toBeGreaterThanOrEqual(0);
        seen[which === 0 ? 'A' : 'B']++;
        expect((await readSessionFile(path)).name).toBe(which === 0 ? 'version A' : 'version B');
        // The backup is a whole version too (after the first save there always is one).
        const backup = await readFile(backupPathOf(path), 'utf8').catch(() => null);
        if (backup !== null) expect(texts).toContain(backup);
        if ((await removeStaleTempFiles(path)) > 0) seen.killedMidWrite++;
      }
    };
    await Promise.all(Array.from({ length: workers }, (_, w) => worker(w)));
    console.log(
      `crash test: ${kills} kills, file held A ${seen.A}x, B ${seen.B}x; ${seen.killedMidWrite} kills left a temp file (killed mid-write)`,
    );
    expect(seen.A + seen.B).toBe(kills);
    expect(seen.A).toBeGreaterThan(0);
    expect(seen.B).toBeGreaterThan(0);
    expect(seen.killedMidWrite).toBeGreaterThan(0); // the kills did land inside writes
    expect((await readdir(dir)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  }, 180_000); // about 20-40 s on an idle two-core machine; the margin is for a loaded one
});
