import type { z } from 'zod';

/** zod's own messages start like this; a schema's custom message ("must be 1-32 letters...") does not. */
const defaultMessage = /^(Invalid|Too (small|big)|Unrecognized)/;
const maxShownChars = 40;

/** The unit a field's name declares (memoryMiB, durationS, tickMs, activePct, ...), with its leading space. */
export function unitOfField(path: readonly PropertyKey[]): string {
  const last = [...path].reverse().find((k) => typeof k === 'string');
  if (typeof last !== 'string') return '';
  if (last.endsWith('MiBps')) return ' MiB/s';
  if (last.endsWith('MiB')) return ' MiB';
  if (last.endsWith('Ms')) return ' ms';
  if (last.endsWith('Us')) return ' µs';
  if (last.endsWith('Pct')) return ' %';
  if (last.endsWith('Min')) return ' min';
  if (/[a-z]S$/.test(last)) return ' s';
  return '';
}

function shown(value: unknown): string {
  const text = typeof value === 'string' ? `"${value}"` : (JSON.stringify(value) ?? String(value));
  return text.length > maxShownChars ? `${text.slice(0, maxShownChars - 1)}…` : text;
}

function bound(value: unknown): string {
  return typeof value === 'bigint' ? value.toString() : String(value);
}

const typeNames: Record<string, string> = {
  number: 'a number',
  int: 'a whole number',
  string: 'text',
  boolean: 'true or false',
  object: 'an object ({...})',
  array: 'a list ([...])',
};

/**
 * One zod issue as the end of a sentence whose subject is the field ("must be at least
 * 64 MiB", "must be a whole number"), in people's words rather than zod's ("Too small:
 * expected number to be >=64"). A schema's own message is kept as it is.
 */
export function issueSentence(issue: z.core.$ZodIssue): string {
  if (!defaultMessage.test(issue.message)) return issue.message;
  const unit = unitOfField(issue.path);
  switch (issue.code) {
    case 'too_small': {
      const min = bound(issue.minimum);
      if (issue.origin === 'string')
        return issue.minimum === 1 ? 'must not be empty' : `must be at least ${min} characters long`;
      if (issue.origin === 'array' || issue.origin === 'set')
        return `must have at least ${min} entr${issue.minimum === 1 ? 'y' : 'ies'}`;
      return issue.inclusive === false ? `must be more than ${min}${unit}` : `must be at least ${min}${unit}`;
    }
    case 'too_big': {
      const max = bound(issue.maximum);
      if (issue.origin === 'string') return `must be at most ${max} characters long`;
      if (issue.origin === 'array' || issue.origin === 'set') return `must have at most ${max} entries`;
      return issue.inclusive === false ? `must be less than ${max}${unit}` : `must be at most ${max}${unit}`;
    }
    case 'invalid_type': {
      const expected = typeNames[issue.expected] ?? `a ${issue.expected}`;
      // zod leaves the input out of its issues; its message names the type it got.
      const received = /received (\w+)/.exec(issue.message)?.[1];
      if (received === 'undefined') return `is missing (it must be ${expected})`;
      if (issue.expected === 'int' || received === undefined) return `must be ${expected}`;
      return `must be ${expected}, not ${received === 'null' ? 'null' : (typeNames[received] ?? received)}`;
    }
    case 'invalid_value':
      return issue.values.length === 1
        ? `must be ${shown(issue.values[0])}`
        : `must be one of ${issue.values.map((v) => shown(v)).join(', ')}`;
    case 'invalid_union': {
      const options = (issue as { options?: unknown[] }).options;
      return Array.isArray(options) && options.length > 0
        ? `must be one of ${options.map((v) => shown(v)).join(', ')}`
        : 'does not match any of the forms this field may take';
    }
    case 'invalid_format':
      return issue.format === 'regex'
        ? 'has characters or a form that is not allowed'
        : `is not a valid ${issue.format}`;
    case 'not_multiple_of':
      return `must be a multiple of ${bound(issue.divisor)}${unit}`;
    case 'invalid_key':
      return 'has a key that is not allowed';
    case 'invalid_element':
      return 'has an entry that is not allowed';
    default:
      return issue.message;
  }
}
