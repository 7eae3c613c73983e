import type { ValidationCheck } from './validation-types';

/** `x` with `digits` decimals and a unit (`655.4 MiB`); a non-finite value reads `n/a`. */
export function fmt(x: number, digits: number, unit = ''): string {
  if (!Number.isFinite(x)) return 'n/a';
  const text = x.toFixed(digits);
  if (unit === '') return text;
  return unit === '%' ? `${text} %` : `${text} ${unit}`;
}

/** A check of `simulated` against `published` within an absolute tolerance. */
export function absCheck(
  label: string,
  published: number,
  simulated: number,
  tolerance: number,
  digits: number,
  unit = '',
): ValidationCheck {
  return {
    label,
    published: fmt(published, digits, unit),
    simulated: fmt(simulated, digits, unit),
    // The tolerance as given (0.05, not rounded to the value's digits).
    tolerance:
      tolerance === 0
        ? 'exact'
        : `within ${String(Number(tolerance.toPrecision(3)))}${unit === '' ? '' : unit === '%' ? ' %' : ` ${unit}`}`,
    pass: Math.abs(simulated - published) <= tolerance,
  };
}

/** A check of `simulated` against `published` within a relative tolerance (`pct` percent). */
export function relCheck(
  label: string,
  published: number,
  simulated: number,
  pct: number,
  digits: number,
  unit = '',
): ValidationCheck {
  return {
    label,
    published: fmt(published, digits, unit),
    simulated: fmt(simulated, digits, unit),
    tolerance: `within ${pct} %`,
    pass: published !== 0 && Math.abs(simulated / published - 1) <= pct / 100,
  };
}

/** A check whose published value is a statement (`balloon faster than swap`) rather than a number. */
export function claimCheck(
  label: string,
  published: string,
  simulated: string,
  tolerance: string,
  pass: boolean,
): ValidationCheck {
  return { label, published, simulated, tolerance, pass };
}

/** Sample mean and standard deviation (n - 1). */
export function meanStd(xs: readonly number[]): { mean: number; std: number } {
  const mean = xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, xs.length - 1);
  return { mean, std: Math.sqrt(variance) };
}
