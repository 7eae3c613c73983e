// Runs Electronegativity (@doyensec/electronegativity) on a folder, offline, and writes its
// findings as JSON. Its one online check (AVAILABLE_SECURITY_FIXES, which downloads Electron's
// release list) is excluded, and its translation download is refused up front so the scan
// never touches the network.
// Usage: node run-electronegativity.mjs <folder> <result.json>
import { writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';

const originalLoad = Module._load;
Module._load = function load(request, ...rest) {
  if (request === 'got') {
    const refuse = () => Promise.reject(new Error('network access is disabled for this scan'));
    return Object.assign(refuse, { default: refuse });
  }
  return originalLoad.call(this, request, ...rest);
};

const load = createRequire(import.meta.url);
const run = load('@doyensec/electronegativity');
const [input, output] = process.argv.slice(2);
if (!input || !output) {
  console.error('usage: run-electronegativity.mjs <folder> <result.json>');
  process.exit(2);
}

const result = await run(
  {
    input,
    output: undefined,
    isSarif: false,
    customScan: [],
    excludeFromScan: ['AvailableSecurityFixesGlobalCheck'],
    severitySet: undefined,
    confidenceSet: undefined,
    isRelative: true,
    electronUpgrade: undefined,
    parserPlugins: [],
  },
  false,
);
const issues = result.issues.map((issue) => ({
  id: issue.id,
  file: issue.file,
  line: issue.location?.line,
  sample: typeof issue.sample === 'string' ? issue.sample.trim() : undefined,
  severity: issue.severity.name,
  confidence: issue.confidence.name,
  manualReview: Boolean(issue.manualReview),
  description: issue.description,
}));
writeFileSync(
  output,
  JSON.stringify(
    { globalChecks: result.globalChecks, atomicChecks: result.atomicChecks, errors: result.errors, issues },
    null,
    2,
  ),
);
