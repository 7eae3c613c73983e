/** Wall time the reached speed is averaged over: long enough to be steady, short enough to follow a change. */
export const speedWindowMs = 3000;
/** Shortest span that gives a speed at all (the first frames of a run say little). */
const minSpanMs = 500;

/**
 * The speed the run actually reaches, in simulated seconds per wall second, from the
 * simulated time of the frames and the wall time they arrived at, averaged over the last few
 * seconds.
 */
export class SpeedMeter {
  private points: { wallMs: number; timeS: number }[] = [];

  /** A frame showed simulated time `timeS` at wall time `wallMs`. A jump back starts over. */
  add(wallMs: number, timeS: number): void {
    const last = this.points.at(-1);
    if (last !== undefined && (timeS < last.timeS || wallMs < last.wallMs)) this.points = [];
    this.points.push({ wallMs, timeS });
    while (this.points.length > 2 && wallMs - (this.points[1]?.wallMs ?? wallMs) >= speedWindowMs)
      this.points.shift();
  }

  /** The run stopped: the next run is measured afresh. */
  clear(): void {
    this.points = [];
  }

  /** Simulated seconds per wall second, or null while there is too little to tell. */
  reached(): number | null {
    const first = this.points[0];
    const last = this.points.at(-1);
    if (first === undefined || last === undefined) return null;
    const spanMs = last.wallMs - first.wallMs;
    if (spanMs < minSpanMs) return null;
    return ((last.timeS - first.timeS) * 1000) / spanMs;
  }
}

/** "9.6x", "150x": what the meter shows next to the requested speed. */
export function formatSpeed(speed: number): string {
  if (speed >= 100) return `${Math.round(speed)}x`;
  if (speed >= 10) return `${speed.toFixed(0)}x`;
  return `${speed.toFixed(1)}x`;
}

/** Whether the reached speed falls clearly short of the requested one (null = flat out). */
export function fallsShort(reached: number, requested: number | null): boolean {
  return requested !== null && reached < requested * 0.8;
}
