// Builds esxtop batch output (`esxtop -b`, perfmon CSV) from the format's rules, so the tests
// never ship a third-party capture: a quoted header whose first cell is the PDH-CSV marker,
// `\\host\Object(instance)\Counter` columns, one quoted row per sample with MM/DD/YYYY HH:MM:SS
// UTC times, optionally a trailing comma on every line and unquoted padded power columns.

export interface FixtureVm {
  gid: number;
  name: string;
  memszMiB: number;
  /** Touched MBytes per row. */
  touched: (row: number) => number | string;
  /** % Active Estimate per row (percent of memsz). */
  activePct?: (row: number) => number | string;
  /** Recorded reclamation counters per row, when the capture has them. */
  memctl?: (row: number) => number | string;
  swapped?: (row: number) => number | string;
}

export interface EsxtopFixture {
  host?: string;
  machineMiB?: number;
  freeMiB?: (row: number) => number | string;
  state?: (row: number) => number | string;
  vms: FixtureVm[];
  /** Non-VM groups with memory columns (system pools, user worlds). */
  systemGroups?: string[];
  rows: number;
  /** Seconds between rows; a function to add jitter. */
  intervalS?: number | ((row: number) => number);
  startIso?: string;
  trailingComma?: boolean;
  /** CPU/disk/network columns added per VM, like `-a`. */
  extraColumnsPerVm?: number;
  /** Physical CPU power-state columns written unquoted and space-padded. */
  powerColumns?: number;
}

function quote(text: string | number): string {
  return `"${String(text).replaceAll('"', '""')}"`;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** esxtop's time stamp for seconds since 1970 (UTC). */
export function esxtopTime(seconds: number): string {
  const d = new Date(Math.round(seconds) * 1000);
  return `${pad2(d.getUTCMonth() + 1)}/${pad2(d.getUTCDate())}/${d.getUTCFullYear()} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`;
}

interface Column {
  name: string;
  value: (row: number) => string | number;
  quoted: boolean;
}

function columnsOf(f: EsxtopFixture): Column[] {
  const h = `\\\\${f.host ?? 'esx01.lab.local'}`;
  const cols: Column[] = [];
  const add = (name: string, value: (row: number) => string | number, quoted = true): void => {
    cols.push({ name, value, quoted });
  };
  add(`${h}\\Memory\\Memory Overcommit (1 Minute Avg)`, () => '0.12');
  add(`${h}\\Memory\\Machine MBytes`, () => f.machineMiB ?? 65_536);
  add(`${h}\\Memory\\Kernel MBytes`, () => 1200);
  if (f.freeMiB) add(`${h}\\Memory\\Free MBytes`, f.freeMiB);
  if (f.state) add(`${h}\\Memory\\Memory State`, f.state);
  for (let p = 0; p < (f.powerColumns ?? 0); p++)
    add(`${h}\\Power Cpu(${p})\\%P-State Residency`, (r) => `   ${(r * 7 + p) % 100}`.padEnd(8), false);
  for (const g of f.systemGroups ?? []) {
    add(`${h}\\Group Memory(${g.length}:${g})\\Memory Size MBytes`, () => 0);
    add(`${h}\\Group Memory(${g.length}:${g})\\Touched MBytes`, () => 12);
  }
  for (const vm of f.vms) {
    const g = `${h}\\Group Memory(${vm.gid}:${vm.name})`;
    for (let x = 0; x < (f.extraColumnsPerVm ?? 0); x++)
      add(`${h}\\Group Cpu(${vm.gid}:${vm.name})\\% Counter ${x}`, (r) => ((r + x) % 100) / 3);
    add(`${g}\\Members`, () => 5);
    add(`${g}\\Memory Size MBytes`, () => vm.memszMiB);
    add(`${g}\\Touched MBytes`, vm.touched);
    if (vm.activePct) add(`${g}\\% Active Estimate`, vm.activePct);
    if (vm.memctl) add(`${g}\\Memctl MBytes`, vm.memctl);
    if (vm.swapped) add(`${g}\\Swapped MBytes`, vm.swapped);
  }
  return cols;
}

/** The header line and a function giving row `r`'s line. */
export function esxtopLines(f: EsxtopFixture): { header: string; row: (r: number) => string } {
  const cols = columnsOf(f);
  const end = f.trailingComma === true ? ',' : '';
  const header = `${quote('(PDH-CSV 4.0) (UTC)(0)')},${cols.map((c) => quote(c.name)).join(',')}${end}`;
  const startS = Date.parse(f.startIso ?? '2026-03-01T10:00:00Z') / 1000;
  const interval = f.intervalS ?? 5;
  const times: number[] = [];
  const timeOf = (r: number): number => {
    while (times.length <= r) {
      const i = times.length;
      const step = typeof interval === 'number' ? interval : interval(i);
      times.push(i === 0 ? startS : times[i - 1]! + step);
    }
    return times[r]!;
  };
  const row = (r: number): string =>
    `${quote(esxtopTime(timeOf(r)))},${cols.map((c) => (c.quoted ? quote(c.value(r)) : String(c.value(r)))).join(',')}${end}`;
  return { header, row };
}

/** The whole file as text (small fixtures). */
export function esxtopText(f: EsxtopFixture): string {
  const { header, row } = esxtopLines(f);
  const lines = [header];
  for (let r = 0; r < f.rows; r++) lines.push(row(r));
  return `${lines.join('\r\n')}\r\n`;
}
