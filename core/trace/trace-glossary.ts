import { hostStates } from '../model/counters';
import { hostLeadColumns, logColumns, vmLeadColumns, type ColumnDoc } from './column-docs';
import { hostColumns, vmColumns } from './trace-columns';

/** Where the generated glossary lives, relative to the repository root. */
export const glossaryPath = 'docs/glossary.md';

/** The command that rewrites every generated file under docs/ (scripts/generate-docs.ts). */
const docsGenerateCommand = 'npm run docs:generate';

function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

function table(rows: ReadonlyArray<readonly [column: string, doc: ColumnDoc]>, esxtop: boolean): string[] {
  const head = esxtop ? ['Column', 'esxtop', 'Unit', 'Meaning'] : ['Column', 'Unit', 'Meaning'];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`];
  for (const [column, doc] of rows) {
    const cells = [`\`${column}\``];
    if (esxtop) cells.push(doc.esxtop === undefined ? '' : cell(doc.esxtop));
    cells.push(doc.unit, cell(doc.meaning));
    lines.push(`| ${cells.join(' | ')} |`);
  }
  return lines;
}

/**
 * docs/glossary.md: every column of vms.csv, host.csv and log.csv with its esxtop name, unit
 * and meaning, rendered from the column definitions the CSV writers and the esxtop table use.
 */
export function traceGlossaryMarkdown(): string {
  const vmRows = [...vmLeadColumns, ...vmColumns.map(([c, , doc]) => [c, doc] as const)];
  const hostRows = [...hostLeadColumns, ...hostColumns.map(([c, , doc]) => [c, doc] as const)];
  return [
    '# Glossary: trace columns and esxtop counters',
    '',
    `<!-- Generated from core/trace/trace-columns.ts and core/trace/column-docs.ts by \`${docsGenerateCommand}\`. Do not edit by hand. -->`,
    '',
    'A run writes `host.csv`, `vms.csv` and `log.csv` (the CLI adds `summary.json`): in the app with',
    '**Export CSV traces**, headless with `balloon-lab run <scenario> --out <folder>`. The CSV dialect is',
    'RFC 4180, UTF-8 without BOM, `.` decimals, a header row and `\\n` line ends; a text cell that a',
    "spreadsheet would run as a formula is prefixed with `'`. MiB are written to three decimals, ratios",
    'to four, trailing zeros trimmed. Rates (`/s`) are over the last tick. The same scenario and seed',
    'give byte-identical files. How each number comes about is in [the model](model.md).',
    '',
    '## vms.csv',
    '',
    "One row per VM and sample (`sampleEveryS`). The esxtop column is the name in the lab's esxtop",
    "table and, where ESXi has the counter, esxtop's own name. A powered-off VM reports 0 except MEMSZ.",
    '',
    ...table(vmRows, true),
    '',
    '## host.csv',
    '',
    `One row per sample. The host is in one of the free-memory states ${hostStates.join(', ')} ([model](model.md#free-memory-states)).`,
    '',
    ...table(hostRows, true),
    '',
    '## log.csv',
    '',
    'One row per log line, in the order the lines were written.',
    '',
    ...table(logColumns, false),
    '',
    '## summary.json',
    '',
    'Written by `balloon-lab run` next to the CSV files. `host` holds `minFreeMiB`, `pmemMiB`,',
    '`overcommit`, `timeInStateS` (simulated seconds in each state) and the lowest, time-weighted mean,',
    'highest and final value of `freeMiB`, `shrdsvdMiB`, `mctlszMiB`, `swcurMiB` and `zipMiB`. `vms.<id>`',
    'holds `final` and `mean` (time-weighted while powered on) keyed by the vms.csv columns above,',
    '`perfIndexMean`, `perfIndexMin`, `swapInMiB` (read back from hypervisor swap over the run),',
    '`guestSwapInMiB` (read back from guest swap), `poweredOn` and `poweredOnS`.',
    '',
  ].join('\n');
}
