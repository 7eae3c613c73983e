/** Simulated seconds as hh:mm:ss (hours keep counting past 24 so long runs stay readable). */
export function formatClock(timeS: number): string {
  const total = Math.max(0, Math.floor(timeS));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
}

/**
 * An integer with commas between thousands ("-1,234,567"), as toLocaleString('en-US') writes
 * it but without Intl, which costs microseconds a call: the sidebar and the esxtop table
 * format hundreds of numbers every frame.
 */
export function groupThousands(n: number): string {
  if (!Number.isSafeInteger(n)) return n.toLocaleString('en-US');
  const digits = String(Math.abs(n));
  if (digits.length <= 3) return String(n);
  let out = digits.slice(0, ((digits.length - 1) % 3) + 1);
  for (let i = out.length; i < digits.length; i += 3) out += `,${digits.slice(i, i + 3)}`;
  return n < 0 ? `-${out}` : out;
}

/** MiB for tables: integers when large, one decimal when small, '0' for exact zero. */
export function formatMiB(valueMiB: number): string {
  if (!Number.isFinite(valueMiB)) return '–';
  if (valueMiB === 0) return '0';
  const abs = Math.abs(valueMiB);
  if (abs >= 100) return groupThousands(Math.round(valueMiB));
  if (abs >= 1) return valueMiB.toFixed(1);
  return valueMiB.toFixed(2);
}

/** GiB with one decimal for summaries (host sizes). */
export function formatGiB(valueMiB: number): string {
  return `${(valueMiB / 1024).toFixed(valueMiB >= 10 * 1024 ? 0 : 1)} GiB`;
}

export function formatPercent(fraction: number): string {
  return `${(fraction * 100).toFixed(fraction >= 0.995 || fraction === 0 ? 0 : 1)}%`;
}

/** Bytes as B/KiB/MiB for file lists. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}
