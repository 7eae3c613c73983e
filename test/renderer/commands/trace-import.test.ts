import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setLabApi } from '../../../renderer/src/api/lab-api';
import {
  importTraceFiles,
  importTraceWithDialog,
  openImportedTrace,
} from '../../../renderer/src/commands/trace-import';
import { useLabStore } from '../../../renderer/src/stores/lab-store';
import { useUiStore } from '../../../renderer/src/stores/ui-store';
import { esxtopText } from '../../core/import/esxtop-fixture';
import type { FakeLab } from '../support/fake-lab-api';
import { installFakeLab } from '../support/fake-setup';

/** A browser File's shape, streamed in small chunks so that lines straddle them. */
function traceFile(name: string, text: string, chunkBytes = 64) {
  const bytes = new TextEncoder().encode(text);
  return {
    name,
    size: bytes.length,
    stream: () =>
      new ReadableStream<Uint8Array>({
        start(controller) {
          for (let i = 0; i < bytes.length; i += chunkBytes)
            controller.enqueue(bytes.slice(i, i + chunkBytes));
          controller.close();
        },
      }),
  } as unknown as File;
}

const capture = esxtopText({
  machineMiB: 16_384,
  rows: 12,
  trailingComma: true,
  vms: [{ gid: 7, name: 'web (é)', memszMiB: 4096, touched: (r) => 1000 + r, activePct: () => 10 }],
});

let fake: FakeLab;
beforeEach(async () => {
  ({ fake } = installFakeLab());
  await useLabStore().init();
});
afterEach(() => setLabApi(null));

describe('importing a trace in the browser', () => {
  it('streams the file through the importer, reporting progress, UTF-8 split across chunks', async () => {
    const fractions: number[] = [];
    const outcome = await importTraceFiles([traceFile('cap.csv', capture)], { policy: 'xen' }, (f) =>
      fractions.push(f),
    );
    if (!outcome.ok) throw new Error(outcome.reason);
    expect(outcome.imported.source).toBe('cap.csv');
    expect(outcome.imported.scenario.policy.kind).toBe('xen');
    expect(outcome.imported.scenario.vms.map((v) => v.name)).toEqual(['web (é)']);
    expect(fractions.length).toBeGreaterThan(10);
    expect(fractions.at(-1)).toBe(1);
  });

  it('says in words why a file cannot be imported', async () => {
    const outcome = await importTraceFiles([traceFile('notes.txt', 'hello\n')], {});
    expect(outcome).toEqual({
      ok: false,
      reason: expect.stringMatching(/^notes\.txt, line 1: not a trace the lab can import/),
    });
    // The file's name once, not "notes.txt cannot be imported: notes.txt, line 1: …".
    expect(outcome.ok ? '' : outcome.reason.split('notes.txt').length - 1).toBe(1);
    expect(await importTraceFiles([], {})).toEqual({ ok: false, reason: 'Choose a trace file first.' });
  });

  it('opens the imported scenario as a new lab and shows the editor', async () => {
    const outcome = await importTraceFiles([traceFile('cap.csv', capture)], {});
    if (!outcome.ok) throw new Error(outcome.reason);
    expect(await openImportedTrace(outcome.imported)).toBe(true);
    expect(fake.callsOf('newSession')).toEqual([{ scenario: outcome.imported.scenario }]);
    expect(useUiStore().lowerTab).toBe('scenario');
  });
});

describe('importing a trace in Electron', () => {
  it('asks the lab, which shows the native dialog; a cancel is no outcome', async () => {
    expect(await importTraceWithDialog({ hostMiB: 8192 })).toBeNull();
    expect(fake.callsOf('importTrace')).toEqual([{ hostMiB: 8192 }]);
  });
});
