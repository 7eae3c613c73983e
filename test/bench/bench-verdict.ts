// Verdicts of `npm run bench`: every figure is compared with its target and printed OK or MISSED,
// and a bench that missed any figure exits non-zero.

/** How a figure must compare with its target. */
export type Comparison = '<' | '<=' | '>=';

export type Verdict = 'OK' | 'MISSED';

/**
 * OK when `value` meets the target. A value that is not a finite number (a figure that could
 * not be measured) is MISSED: a bench must never pass what it did not see.
 */
export function verdictOf(value: number, comparison: Comparison, target: number): Verdict {
  if (!Number.isFinite(value)) return 'MISSED';
  const met = comparison === '<' ? value < target : comparison === '<=' ? value <= target : value >= target;
  return met ? 'OK' : 'MISSED';
}

/** `target < 0.5 s: OK` */
export function verdictText(comparison: Comparison, target: number, unit: string, verdict: Verdict): string {
  return `target ${comparison} ${target}${unit === '' ? '' : ` ${unit}`}: ${verdict}`;
}

/** The verdicts of one bench run: print each figure's verdict, then exit non-zero if any missed. */
export class Scorecard {
  private readonly missedFigures: string[] = [];
  private checked = 0;

  /** Records the verdict of figure `name` and returns its text for the bench's line. */
  check(name: string, value: number, comparison: Comparison, target: number, unit = ''): string {
    const verdict = verdictOf(value, comparison, target);
    this.checked++;
    if (verdict === 'MISSED')
      this.missedFigures.push(
        `${name}: ${String(Number(value.toFixed(3)))} (target ${comparison} ${target}${unit === '' ? '' : ` ${unit}`})`,
      );
    return verdictText(comparison, target, unit, verdict);
  }

  /** A figure that is a yes/no expectation rather than a number (e.g. "a cancelled export leaves no files"). */
  expect(name: string, met: boolean, expectation: string): string {
    this.checked++;
    if (!met) this.missedFigures.push(`${name}: not ${expectation}`);
    return `target ${expectation}: ${met ? 'OK' : 'MISSED'}`;
  }

  get missed(): readonly string[] {
    return this.missedFigures;
  }

  /** One closing line: how many figures met their target, and which did not. */
  summary(bench: string): string {
    if (this.missedFigures.length === 0)
      return `${bench}: ${this.checked === 1 ? 'the one figure' : `all ${this.checked} figures`} OK`;
    return `${bench}: ${this.missedFigures.length} of ${this.checked} figures MISSED\n  ${this.missedFigures.join('\n  ')}`;
  }
}
