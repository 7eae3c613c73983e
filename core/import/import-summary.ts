import type { PolicyKind } from '../scenario/policy-schema';

/** Trace formats the import reads. */
export const traceFormats = ['esxtop', 'bitbrains', 'csv'] as const;
export type TraceFormat = (typeof traceFormats)[number];

/** What an import made of a trace and what it left out, for the CLI, the lab and the docs. */
export interface ImportSummary {
  format: TraceFormat;
  files: number;
  /** Lines read, headers included. */
  lines: number;
  vms: { id: string; name: string; memoryMiB: number; samples: number; powerOnAtS: number }[];
  hostMiB: number;
  /** Where the host size came from: the trace (esxtop Machine MBytes), --host-mib, or the VMs' total. */
  hostSource: 'trace' | 'option' | 'estimate';
  policy: PolicyKind;
  /** Median gap between the trace's rows, seconds. */
  intervalS: number;
  /** Gap between the scenario's trace samples, seconds (the interval, or coarser to fit the limits). */
  resolutionS: number;
  durationS: number;
  ignored: {
    columns: number;
    groups: { kind: string; names: string[] }[];
    rows: { reason: string; count: number }[];
    sentinels: number;
    missing: number;
    clamped: number;
  };
  /** Recorded reclamation counters kept for the replay report (vms.csv / host.csv column names). */
  recorded: { vm: string[]; host: string[] };
  notes: string[];
}

const shownNames = 8;

function list(names: readonly string[]): string {
  const shown = names.slice(0, shownNames).map((n) => `"${n}"`);
  return names.length > shownNames
    ? `${shown.join(', ')} and ${names.length - shownNames} more`
    : shown.join(', ');
}

/** The summary in a few lines of plain text (the CLI prints them; the lab shows them). */
export function summaryLines(s: ImportSummary): string[] {
  const lines = [
    `${s.format} trace, ${s.files} file${s.files === 1 ? '' : 's'}, ${s.lines} lines: ${s.vms.length} VM${s.vms.length === 1 ? '' : 's'} on a ${s.hostMiB} MiB host (${s.hostSource === 'trace' ? 'from the trace' : s.hostSource === 'option' ? 'as asked' : "the VMs' total configured memory; set it with --host-mib"}), policy ${s.policy}`,
    `interval ${s.intervalS} s (median), one scenario sample every ${s.resolutionS} s, ${s.durationS} s long`,
  ];
  for (const vm of s.vms.slice(0, shownNames))
    lines.push(
      `  ${vm.id}${vm.name !== vm.id ? ` ("${vm.name}")` : ''}: ${vm.memoryMiB} MiB, ${vm.samples} sample${vm.samples === 1 ? '' : 's'}${vm.powerOnAtS > 0 ? `, powers on at ${vm.powerOnAtS} s` : ''}`,
    );
  if (s.vms.length > shownNames) lines.push(`  and ${s.vms.length - shownNames} more VMs`);
  const i = s.ignored;
  const ignored: string[] = [];
  if (i.columns > 0) ignored.push(`${i.columns} columns`);
  for (const g of i.groups) ignored.push(`${g.names.length} ${g.kind}: ${list(g.names)}`);
  for (const r of i.rows) ignored.push(`${r.count} ${r.reason}`);
  if (i.sentinels > 0) ignored.push(`${i.sentinels} sentinel values (negative, e.g. -1: not available)`);
  if (i.missing > 0) ignored.push(`${i.missing} empty values`);
  if (i.clamped > 0) ignored.push(`${i.clamped} demand values above the VM's memory, cut to it`);
  lines.push(ignored.length === 0 ? 'nothing ignored' : `ignored: ${ignored.join('; ')}`);
  if (s.recorded.vm.length + s.recorded.host.length > 0)
    lines.push(
      `recorded reclamation counters kept for the replay report: ${[...s.recorded.vm, ...s.recorded.host].join(', ')}`,
    );
  for (const note of s.notes) lines.push(`note: ${note}`);
  return lines;
}
