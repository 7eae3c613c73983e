// Layering of docs/architecture.md#layers is enforced here, not by prose.
import tseslint from 'typescript-eslint';
import pluginVue from 'eslint-plugin-vue';
import vueParser from 'vue-eslint-parser';
import prettier from 'eslint-config-prettier';

const nodeBuiltins = [
  'node:*',
  'fs',
  'fs/*',
  'path',
  'os',
  'child_process',
  'worker_threads',
  'crypto',
  'http',
  'net',
  'url',
  'stream',
  'util',
];

const coreRestrictions = {
  'no-restricted-imports': [
    'error',
    {
      patterns: [
        {
          group: nodeBuiltins,
          message: 'core/ is pure TypeScript: no Node APIs (docs/architecture.md#layers).',
        },
        {
          group: ['electron', 'electron/*', '@electron-toolkit/*'],
          message: 'core/ must not import electron.',
        },
        {
          group: ['vue', 'pinia', 'chart.js', 'vue-chartjs', '@vue/*'],
          message: 'core/ must not import UI libraries.',
        },
        { group: ['**/electron/**', '**/renderer/**'], message: 'core/ must not import from other layers.' },
      ],
    },
  ],
  'no-restricted-properties': [
    'error',
    { object: 'Math', property: 'random', message: 'Use the injected seeded PRNG (core/random).' },
    { object: 'Date', property: 'now', message: 'core/ counts simulated ticks, never wall time.' },
  ],
  'no-restricted-globals': [
    'error',
    'process',
    'window',
    'document',
    'performance',
    'setTimeout',
    'setInterval',
    'require',
  ],
  'no-restricted-syntax': [
    'error',
    { selector: "NewExpression[callee.name='Date']", message: 'core/ never reads the wall clock.' },
  ],
};

/**
 * The inner order of core/ (docs/architecture.md#layers): model <- memory <- guest <- engine <-
 * trace and lab-api (and validation, experiment and import above them); policies see only model
 * and scenario. Each entry lists the core folders a
 * folder must not import. ESLint replaces a rule's options per matching config, so every entry
 * repeats the base core restrictions.
 */
const coreInnerOrder = {
  model: [
    'memory',
    'guest',
    'engine',
    'policy',
    'trace',
    'lab-api',
    'session',
    'presets',
    'workload',
    'host',
    'scenario',
    'random',
    'validation',
    'experiment',
    'import',
  ],
  memory: [
    'guest',
    'engine',
    'policy',
    'trace',
    'lab-api',
    'session',
    'presets',
    'workload',
    'host',
    'scenario',
    'validation',
    'experiment',
    'import',
  ],
  workload: [
    'guest',
    'engine',
    'policy',
    'trace',
    'lab-api',
    'session',
    'presets',
    'validation',
    'experiment',
    'import',
  ],
  guest: [
    'engine',
    'policy',
    'trace',
    'lab-api',
    'session',
    'presets',
    'host',
    'validation',
    'experiment',
    'import',
  ],
  policy: [
    'memory',
    'guest',
    'engine',
    'trace',
    'lab-api',
    'session',
    'presets',
    'workload',
    'host',
    'random',
    'validation',
    'experiment',
    'import',
  ],
  engine: ['trace', 'lab-api', 'session', 'presets', 'validation', 'experiment', 'import'],
};

function coreLayerConfig(folder, forbidden) {
  const [level, base] = coreRestrictions['no-restricted-imports'];
  return {
    files: [`core/${folder}/**/*.ts`],
    rules: {
      'no-restricted-imports': [
        level,
        {
          patterns: [
            ...base.patterns,
            {
              group: forbidden.map((f) => `**/${f}/**`),
              message: `core/${folder} sits below ${forbidden.join(', ')} in core's inner order (docs/architecture.md#layers).`,
            },
          ],
        },
      ],
    },
  };
}

const rendererRestrictions = {
  'no-restricted-imports': [
    'error',
    {
      patterns: [
        { group: nodeBuiltins, message: 'renderer/ talks to Node only through the lab API.' },
        {
          group: ['electron', 'electron/*', '@electron-toolkit/*'],
          message: 'renderer/ must not import electron.',
        },
        {
          group: ['**/electron/**'],
          message: 'renderer/ talks to Node only through the lab API (core/lab-api).',
        },
      ],
    },
  ],
};

const nodeSideRestrictions = {
  'no-restricted-imports': [
    'error',
    {
      paths: [{ name: 'electron', message: "Only electron/main and electron/preload import 'electron'." }],
      patterns: [{ group: ['**/renderer/**'], message: 'The Node side does not import the renderer.' }],
    },
  ],
};

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'out/**',
      'dist/**',
      'test-results/**',
      'playwright-report/**',
      'test/artifacts/**',
      '.bench-out/**',
      '.tmp/**',
    ],
  },
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parser: vueParser, parserOptions: { parser: tseslint.parser, sourceType: 'module' } },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-exports': [
        'error',
        {
          restrictDefaultExports: {
            direct: true,
            named: true,
            defaultFrom: true,
            namedFrom: true,
            namespaceFrom: true,
          },
        },
      ],
      'vue/multi-word-component-names': 'off',
    },
  },
  { files: ['core/**/*.ts'], rules: coreRestrictions },
  ...Object.entries(coreInnerOrder).map(([folder, forbidden]) => coreLayerConfig(folder, forbidden)),
  { files: ['renderer/**/*.ts', 'renderer/**/*.vue'], rules: rendererRestrictions },
  {
    files: ['electron/**/*.ts'],
    ignores: ['electron/main/**', 'electron/preload/**'],
    rules: nodeSideRestrictions,
  },
  {
    // Vue SFCs and tool configs need default exports by convention.
    files: ['**/*.vue', '*.config.ts', '*.config.js', '*.config.mjs'],
    rules: { 'no-restricted-exports': 'off' },
  },
  prettier,
);
