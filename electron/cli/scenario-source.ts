import { readFile, stat } from 'node:fs/promises';
import { getPreset } from '../../core/presets/presets';
import { scenarioSchemaId } from '../../core/scenario/scenario-schema';
import { CliError, exitCodes } from './cli-errors';

/** Scenario files larger than this are refused before they are read. */
export const maxScenarioBytes = 256 * 1024 * 1024;

const presetPrefix = 'preset:';

/** A preset's scenario as a standalone scenario document (what `balloon-lab preset <id>` prints). */
export function presetDocument(id: string): Record<string, unknown> {
  const preset = getPreset(id);
  if (preset === undefined)
    throw new CliError(`unknown preset "${id}" (list them with: balloon-lab presets)`, exitCodes.badInput);
  return { schema: scenarioSchemaId, ...structuredClone(preset.scenario) };
}

/** `balloon-lab run basics` most likely meant the preset: say how to name it. */
function presetHint(source: string): string {
  const id = source.replace(/\.json$/i, '');
  return getPreset(id) === undefined ? '' : ` (for the preset, use: balloon-lab run ${presetPrefix}${id})`;
}

/** Line and column of a character offset, both from 1. */
function lineColumn(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return `line ${line}, column ${column}`;
}

/** Parses JSON with a message that says where it broke. */
export function parseJsonText(text: string, label: string): unknown {
  try {
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    // V8 quotes the offending text, newlines included; one line reads better on a terminal.
    const reason = (e instanceof Error ? e.message : String(e)).replace(/\s+/g, ' ');
    const at = /position (\d+)/.exec(reason);
    const where = at ? ` (${lineColumn(text, Number(at[1]))})` : '';
    throw new CliError(`${label}: not valid JSON${where}: ${reason}`, exitCodes.badInput);
  }
}

/**
 * Reads the scenario document named on the command line: `preset:<id>` or a JSON file.
 * A file that cannot be read is a failure (exit 1); content that is not JSON is bad input (exit 2).
 */
export async function readScenarioSource(source: string): Promise<{ label: string; document: unknown }> {
  if (source.startsWith(presetPrefix)) {
    const id = source.slice(presetPrefix.length);
    return { label: source, document: presetDocument(id) };
  }
  let text: string;
  try {
    const info = await stat(source);
    if (info.isDirectory())
      throw new CliError(`cannot read scenario file "${source}": it is a directory`, exitCodes.failure);
    if (info.size > maxScenarioBytes) {
      throw new CliError(
        `scenario file "${source}" is ${info.size} bytes, more than the ${maxScenarioBytes} bytes allowed`,
        exitCodes.badInput,
      );
    }
    text = await readFile(source, 'utf8');
  } catch (e) {
    if (e instanceof CliError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? `no such file${presetHint(source)}`
        : code === 'EACCES'
          ? 'permission denied'
          : e instanceof Error
            ? e.message
            : String(e);
    throw new CliError(`cannot read scenario file "${source}": ${why}`, exitCodes.failure);
  }
  return { label: source, document: parseJsonText(text, source) };
}
