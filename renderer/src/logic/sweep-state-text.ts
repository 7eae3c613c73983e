import type { SweepStatus } from '../../../core/lab-api/sweep-api-contract';

/** A time left in the unit people read it in: seconds, minutes and seconds, hours and minutes. */
export function formatDuration(s: number): string {
  if (s < 60) return `${Math.max(1, Math.round(s))} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
  return `${Math.floor(s / 3600)} h ${Math.round((s % 3600) / 60)} min`;
}

/** What the sweep is doing, with the time left while it runs and what Run does next when stopped. */
export function sweepStateText(s: SweepStatus): string {
  const eta = s.etaS === null ? '' : `, about ${formatDuration(s.etaS)} left`;
  switch (s.state) {
    case 'running':
      return `Running on ${s.jobs} thread${s.jobs === 1 ? '' : 's'}${eta}`;
    case 'cancelling':
      return 'Cancelling…';
    case 'done':
      return 'Done';
    case 'cancelled':
      return 'Cancelled: Run goes on from the finished runs';
    case 'failed':
      return 'Stopped by a failed run';
    default:
      return s.done > 0 ? 'Partly run: Run goes on from the finished runs' : 'Ready to run';
  }
}

/** Share of the runs done, whole percent rounded down (100 only when all are). */
export function sweepDonePct(s: SweepStatus): number {
  return s.runs === 0 ? 0 : Math.floor((100 * s.done) / s.runs);
}
