import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CliError } from '../../../electron/cli/cli-errors';
import { loadScenario } from '../../../electron/cli/load-scenario';
import { parseJsonText, presetDocument, readScenarioSource } from '../../../electron/cli/scenario-source';
import { parseScenario } from '../../../core/scenario/parse-scenario';
import { presets } from '../../../core/presets/presets';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'balloon-src-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function rejection(p: Promise<unknown>): Promise<CliError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(CliError);
  return e as CliError;
}

describe('scenario sources', () => {
  it('turn every preset into a standalone scenario document that validates', () => {
    for (const p of presets) {
      const doc = presetDocument(p.id);
      expect(doc['schema']).toBe('balloon-lab/scenario@2');
      expect(parseScenario(doc).ok).toBe(true);
    }
    expect(() => presetDocument('nope')).toThrow(/unknown preset "nope"/);
  });

  it('read preset:<id> and files', async () => {
    expect((await readScenarioSource('preset:basics')).document).toEqual(presetDocument('basics'));
    const file = join(dir, 's.json');
    await writeFile(file, '\uFEFF{"name": "x"}');
    expect(await readScenarioSource(file)).toEqual({ label: file, document: { name: 'x' } });
  });

  it('say where JSON breaks', () => {
    expect(() => parseJsonText('{\n  "a": 1\n  "b": 2\n}', 'f.json')).toThrow(
      /^f\.json: not valid JSON \(line 3, column 3\)/,
    );
    expect(() => parseJsonText('', 'e.json')).toThrow(/e\.json: not valid JSON/);
  });

  it('fail with exit 1 for a file that cannot be read and exit 2 for what is not a scenario', async () => {
    const missing = await rejection(readScenarioSource(join(dir, 'none.json')));
    expect([missing.exitCode, missing.message]).toEqual([
      1,
      `cannot read scenario file "${join(dir, 'none.json')}": no such file`,
    ]);
    // A directory is not a scenario at all: bad input, like a FIFO or a device (cli-hostile.test.ts).
    expect((await rejection(readScenarioSource(dir))).exitCode).toBe(2);
    const garbage = join(dir, 'g.json');
    await writeFile(garbage, 'not json');
    expect((await rejection(readScenarioSource(garbage))).exitCode).toBe(2);
    if (process.getuid?.() !== 0) {
      const locked = join(dir, 'locked.json');
      await writeFile(locked, '{}');
      await chmod(locked, 0);
      expect((await rejection(readScenarioSource(locked))).message).toMatch(/permission denied/);
    }
  });
});

describe('loadScenario', () => {
  it('names every offending field path with its reason', async () => {
    const file = join(dir, 'bad.json');
    await writeFile(
      file,
      JSON.stringify({ vms: [{ id: 'a', reservationMiB: 9000, memoryMiB: 4096 }], colour: 'red' }),
    );
    const e = await rejection(loadScenario(file, {}));
    expect(e.exitCode).toBe(2);
    expect(e.message).toContain(`${file}: invalid scenario`);
    expect(e.message).toContain('colour: unknown field');
  });

  it('accepts a file that names its JSON Schema in $schema', async () => {
    const file = join(dir, 'named.json');
    await writeFile(file, JSON.stringify({ $schema: './scenario.schema.json', vms: [{ id: 'web1' }] }));
    const loaded = await loadScenario(file, {});
    expect(loaded.scenario.vms.map((vm) => vm.id)).toEqual(['web1']);
    await writeFile(file, JSON.stringify({ $schema: 7 }));
    expect((await rejection(loadScenario(file, {}))).message).toContain('$schema: ');
  });

  it('reports cross-field problems with their path', async () => {
    const file = join(dir, 'cross.json');
    await writeFile(file, JSON.stringify({ vms: [{ id: 'a', reservationMiB: 9000, memoryMiB: 4096 }] }));
    expect((await rejection(loadScenario(file, {}))).message).toContain(
      'vms[0].reservationMiB: 9000 MiB is above',
    );
  });

  it('applies overrides, validates them and notes events that will not happen', async () => {
    const loaded = await loadScenario('preset:basics', { seed: 5, durationS: 700, sampleEveryS: 10 });
    expect([loaded.scenario.seed, loaded.scenario.durationS, loaded.scenario.sampleEveryS]).toEqual([
      5, 700, 10,
    ]);
    expect(loaded.notes).toEqual(['2 scheduled events after 700 s will not happen']);
    const e = await rejection(loadScenario('preset:basics', { sampleEveryS: 99_999 }));
    expect(e.message).toMatch(/with the command-line options: invalid scenario\n {2}sampleEveryS: /);
  });
});
