#!/usr/bin/env node
// The one test command (README, .ci/run): type-check, lint, build, unit + integration tests
// (vitest), end-to-end tests in Chromium (Playwright). Prints one closing line
// "N passed, M failed" so CI can read the count whatever the runners print.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const reportDir = join(root, 'test-results');
rmSync(reportDir, { recursive: true, force: true });
mkdirSync(reportDir, { recursive: true });

const skipE2e = process.argv.includes('--no-e2e');
let passed = 0;
let failed = 0;
let skipped = 0;
const failures = [];
/** Why tests were skipped (reason -> count), printed with the closing line: a skip is never silent. */
const skipReasons = new Map();

function run(label, cmd, args, env = {}) {
  const started = Date.now();
  process.stdout.write(`\n=== ${label}: ${cmd} ${args.join(' ')}\n`);
  // npm and npx are .cmd scripts on Windows, which Node only runs through a shell.
  const r = spawnSync(cmd, args, {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ...env },
    shell: process.platform === 'win32',
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const ok = r.status === 0;
  process.stdout.write(
    `=== ${label}: ${ok ? 'ok' : `FAILED (exit ${r.status ?? r.signal})`} in ${seconds} s\n`,
  );
  return ok;
}

function step(label, cmd, args) {
  if (run(label, cmd, args)) passed += 1;
  else {
    failed += 1;
    failures.push(label);
  }
}

step('type-check', 'npm', ['run', '--silent', 'typecheck']);
step('lint', 'npm', ['run', '--silent', 'lint']);
const built = run('build', 'npm', ['run', '--silent', 'build']);
if (built) passed += 1;
else {
  failed += 1;
  failures.push('build');
}

function vitestStep(label, extraArgs) {
  const json = join(reportDir, `${label}.json`);
  const ok = run(label, 'npx', [
    'vitest',
    'run',
    ...extraArgs,
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${json}`,
  ]);
  if (!existsSync(json)) {
    failed += 1;
    failures.push(`${label} (no report)`);
    return;
  }
  const v = JSON.parse(readFileSync(json, 'utf8'));
  passed += v.numPassedTests;
  failed += v.numFailedTests;
  skipped += (v.numPendingTests ?? 0) + (v.numTodoTests ?? 0);
  if (v.numFailedTests > 0) failures.push(label);
  if (!ok && v.numFailedTests === 0) {
    failed += Math.max(1, v.numFailedTestSuites);
    failures.push(`${label} (suite errors)`);
  }
}

/** Skipped Playwright tests by the reason given to test.skip(condition, reason). */
function collectSkips(suite, project = '') {
  for (const child of suite.suites ?? []) collectSkips(child, project);
  for (const spec of suite.specs ?? []) {
    for (const t of spec.tests ?? []) {
      if (t.status !== 'skipped') continue;
      const reason = (t.annotations ?? []).find((a) => a.type === 'skip')?.description || 'no reason given';
      const key = `${t.projectName || project}: ${reason}`;
      skipReasons.set(key, (skipReasons.get(key) ?? 0) + 1);
    }
  }
}

vitestStep('vitest', []);
// Packaging and the security scan read the built output, so they need the build.
if (built) vitestStep('packaging', ['--config', 'test/packaging/vitest.config.ts']);

if (skipE2e) {
  process.stdout.write('\n=== e2e: skipped (--no-e2e)\n');
} else if (!built) {
  failed += 1;
  failures.push('e2e (no build)');
} else {
  const pwJson = join(reportDir, 'playwright.json');
  const pwOk = run('e2e', 'npx', ['playwright', 'test', '--reporter=list,json'], {
    PLAYWRIGHT_JSON_OUTPUT_NAME: pwJson,
  });
  if (existsSync(pwJson)) {
    const report = JSON.parse(readFileSync(pwJson, 'utf8'));
    const s = report.stats;
    for (const suite of report.suites ?? []) collectSkips(suite);
    passed += s.expected + s.flaky;
    failed += s.unexpected;
    skipped += s.skipped;
    if (s.unexpected > 0 || !pwOk) failures.push('e2e');
    if (!pwOk && s.unexpected === 0) failed += 1;
  } else {
    failed += 1;
    failures.push('e2e (no report)');
  }
}

process.stdout.write(`\n${failures.length > 0 ? `Failed: ${failures.join(', ')}\n` : ''}`);
for (const [reason, count] of skipReasons) process.stdout.write(`Skipped ${count} e2e (${reason})\n`);
process.stdout.write(`${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}\n`);
process.exit(failed > 0 ? 1 : 0);
