import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  labRequestSchemas,
  type LabMethod,
  type LabRequestParsed,
  type LabResponses,
} from '../../../../core/lab-api/lab-api-contract';
import { createLabHost } from '../../../../electron/services/lab/lab-service';
import type { LabHost } from '../../../../electron/services/lab/lab-service-types';
import { devWorkerPath } from '../../bridge/bridge-harness';

const GiB = 2 ** 30;
const deadPid = 2 ** 22 + 12_345;
const staleName = (name: string) => `.${name}.${deadPid}.0123456789ab.tmp`;

let root: string;
let dataDir: string;
let stateDir: string;
let outside: string;
let host: LabHost;

function call<M extends LabMethod>(method: M, request: unknown): Promise<LabResponses[M]> {
  return host.invoke(method, labRequestSchemas[method].parse(request) as LabRequestParsed<M>);
}

async function failure(
  promise: Promise<unknown>,
): Promise<{ code: string; message: string; issues?: { path: string }[] }> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).not.toBeNull();
  return error as { code: string; message: string; issues?: { path: string }[] };
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'bl-hardening-'));
  dataDir = join(root, 'data');
  stateDir = join(dataDir, '.state');
  outside = join(root, 'outside');
  await mkdir(stateDir, { recursive: true });
  await mkdir(outside);
  await writeFile(join(outside, 'victim.balloonlab'), 'ORIGINAL');
  // What saves killed mid-write (kill -9) left behind in both folders the app writes.
  for (const [dir, name] of [
    [dataDir, 'lab.balloonlab'],
    [dataDir, 'lab.balloonlab.bak'],
    [stateDir, 'autosave.balloonlab'],
    [stateDir, 'recent.json'],
  ] as const)
    await writeFile(join(dir, staleName(name)), 'partial');
  host = createLabHost({
    transport: 'bridge',
    stateDir,
    dataDir,
    fileChooser: null,
    appVersion: '0.1.0-test',
    workerPath: devWorkerPath,
    runBudget: { memoryBytes: 1 * GiB, memoryNote: 'the test budget', keepsHistory: true },
  });
  await call('getAppInfo', {});
});
afterAll(async () => {
  await host?.dispose();
  await rm(root, { recursive: true, force: true });
});

describe('lab service: hardening of issue 9', () => {
  it('removed the temp files of killed saves at start-up, in the data and the state folder', async () => {
    expect((await readdir(dataDir)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    expect((await readdir(stateDir)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('refuses a valid scenario over the run budget before anything changes', async () => {
    const before = await call('getState', {});
    const big = {
      host: { memoryMiB: 262_144 },
      vms: Array.from({ length: 8 }, (_, i) => ({ id: `v${i}`, memoryMiB: 65_536 })),
    };
    const error = await failure(call('newSession', { scenario: big }));
    expect(error.code).toBe('invalid-scenario');
    expect(error.message).toMatch(
      /too big to run here:\nvms: this run needs about 1\.5 GiB of memory \(1\.5 GiB for the pages of the host and the VMs, 0\.0 GiB for 3601 trace samples\), more than the 1\.0 GiB it may use \(the test budget\)/,
    );
    expect((await call('getState', {})).scenario).toEqual(before.scenario);
  });

  it('refuses a live change to a workload the engine could not step, and keeps running', async () => {
    const vm = (await call('getState', {})).scenario.vms[0]!.id;
    const error = await failure(
      call('applyIntervention', {
        intervention: { vm, set: { workload: { kind: 'bursty', burstS: 1e-12 } } },
      }),
    );
    expect(error.code).toBe('invalid-scenario');
    expect(error.issues?.map((i) => i.path)).toEqual(['intervention.set.workload.burstS']);
    expect((await call('step', { ticks: 2 })).tick).toBeGreaterThanOrEqual(2);
  });

  it('never saves, opens or exports through a link out of the data folder', async () => {
    await symlink(join(outside, 'victim.balloonlab'), join(dataDir, 'evil.balloonlab'));
    await symlink(join(outside, 'nothing.balloonlab'), join(dataDir, 'dangling.balloonlab'));
    await mkdir(join(dataDir, 'exports'), { recursive: true });
    await symlink(outside, join(dataDir, 'exports', 'linked'));
    for (const target of ['evil', 'dangling']) {
      const saved = await failure(call('saveSession', { target }));
      expect(saved.code, target).toBe('refused');
      expect(saved.message).toMatch(/leads outside the folder/);
    }
    expect((await failure(call('openSession', { target: 'evil' }))).code).toBe('refused');
    expect((await failure(call('exportCsv', { target: 'linked', files: ['host'] }))).code).toBe('refused');
    expect(await readdir(outside)).toEqual(['victim.balloonlab']);
    expect(await readFile(join(outside, 'victim.balloonlab'), 'utf8')).toBe('ORIGINAL');
    // An ordinary save still works.
    expect((await call('saveSession', { target: 'fine' }))?.location).toBe('fine.balloonlab');
  });
});
