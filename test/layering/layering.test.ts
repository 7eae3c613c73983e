import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The layering of docs/architecture.md#layers lives in eslint.config.js; these cases prove the rules bite.
const eslint = new ESLint({ cwd: process.cwd() });

async function ruleIds(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

describe('layering rules', () => {
  it.each([
    ["import { readFileSync } from 'node:fs';\nexport const x = readFileSync;", 'no-restricted-imports'],
    ["import { app } from 'electron';\nexport const x = app;", 'no-restricted-imports'],
    ["import { ref } from 'vue';\nexport const x = ref;", 'no-restricted-imports'],
    ['export const x = Math.random();', 'no-restricted-properties'],
    ['export const x = Date.now();', 'no-restricted-properties'],
    ['export const x = new Date();', 'no-restricted-syntax'],
    [
      "import { x as y } from '../electron/services/lab-service-types';\nexport const x = y;",
      'no-restricted-imports',
    ],
  ])('core/ rejects %s', async (code, rule) => {
    expect(await ruleIds(code, 'core/engine/probe.ts')).toContain(rule);
  });

  it('core/ accepts pure code', async () => {
    const ids = await ruleIds(
      "import { z } from 'zod';\nexport const s = z.number();",
      'core/engine/probe.ts',
    );
    expect(ids).toEqual([]);
  });

  it.each([
    ['model', '../memory/page-codes'],
    ['model', '../engine/engine-types'],
    ['memory', '../guest/guest-host'],
    ['memory', '../workload/content-mix'],
    ['guest', '../engine/hypervisor'],
    ['guest', '../policy/policy-types'],
    ['workload', '../guest/guest-defaults'],
    ['policy', '../engine/vm-runtime'],
    ['policy', '../memory/guest-pages'],
    ['engine', '../trace/summary'],
    ['engine', '../lab-api/lab-api-contract'],
  ])("core's inner order: core/%s may not import %s", async (folder, target) => {
    const code = `import { x as y } from '${target}';\nexport const x = y;`;
    expect(await ruleIds(code, `core/${folder}/probe.ts`)).toContain('no-restricted-imports');
  });

  it.each([
    ['memory', '../model/units'],
    ['guest', '../memory/guest-pages'],
    ['guest', '../model/vm-stats'],
    ['engine', '../guest/guest-tick'],
    ['policy', '../model/counters'],
    ['policy', '../scenario/policy-schema'],
    ['trace', '../engine/engine-types'],
  ])("core's inner order: core/%s may import %s", async (folder, target) => {
    const code = `import { x as y } from '${target}';\nexport const x = y;`;
    expect(await ruleIds(code, `core/${folder}/probe.ts`)).not.toContain('no-restricted-imports');
  });

  it.each([
    ["import { ipcRenderer } from 'electron';\nexport const x = ipcRenderer;"],
    ["import { readFile } from 'node:fs/promises';\nexport const x = readFile;"],
    ["import type { LabHost } from '../../electron/services/lab-service-types';\nexport type X = LabHost;"],
  ])('renderer/ rejects %s', async (code) => {
    expect(await ruleIds(code, 'renderer/src/probe.ts')).toContain('no-restricted-imports');
  });

  it("only electron/main and electron/preload import 'electron'", async () => {
    const code = "import { app } from 'electron';\nexport const x = app;";
    expect(await ruleIds(code, 'electron/services/probe.ts')).toContain('no-restricted-imports');
    expect(await ruleIds(code, 'electron/worker/probe.ts')).toContain('no-restricted-imports');
    expect(await ruleIds(code, 'electron/main/probe.ts')).not.toContain('no-restricted-imports');
    expect(await ruleIds(code, 'electron/preload/probe.ts')).not.toContain('no-restricted-imports');
  });

  it('named exports only outside Vue components and configs', async () => {
    expect(await ruleIds('const x = 1;\nexport default x;', 'core/engine/probe.ts')).toContain(
      'no-restricted-exports',
    );
  });
});
