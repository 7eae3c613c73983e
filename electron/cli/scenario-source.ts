import { constants, type Stats } from 'node:fs';
import { open, stat } from 'node:fs/promises';
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

function kindOf(info: Stats): string {
  if (info.isDirectory()) return 'a directory';
  if (info.isFIFO()) return 'a FIFO (named pipe)';
  if (info.isCharacterDevice()) return 'a character device';
  if (info.isBlockDevice()) return 'a block device';
  if (info.isSocket()) return 'a socket';
  return 'not a regular file';
}

/** How a JSON input file is named in messages. */
export interface JsonFileWords {
  /** `scenario "x" is a directory, ...` */
  what: string;
  /** `cannot read scenario file "x"` */
  file: string;
  /** What to give instead of something that is not a file. */
  instead: string;
  /** Added to "no such file". */
  missingHint?: (source: string) => string;
}

const scenarioWords: JsonFileWords = {
  what: 'scenario',
  file: 'scenario file',
  instead: 'give a scenario JSON file or preset:<id>',
  missingHint: presetHint,
};

function notAFile(source: string, info: Stats, words: JsonFileWords): CliError {
  return new CliError(
    `${words.what} "${source}" is ${kindOf(info)}, not a regular file: ${words.instead}`,
    exitCodes.badInput,
  );
}

/**
 * Reads the scenario document named on the command line: `preset:<id>` or a JSON file.
 * Anything but a regular file (a directory, a FIFO, a device) is refused at once as bad
 * input (exit 2), before it is opened for reading, so the CLI never waits on a pipe. A file
 * that cannot be read is a failure (exit 1); content that is not JSON is bad input (exit 2).
 */
export async function readScenarioSource(source: string): Promise<{ label: string; document: unknown }> {
  if (source.startsWith(presetPrefix)) {
    const id = source.slice(presetPrefix.length);
    return { label: source, document: presetDocument(id) };
  }
  return { label: source, document: await readJsonFile(source, scenarioWords) };
}

/**
 * Reads and parses a JSON input file (a scenario, a sweep) with the refusals of
 * readScenarioSource, its messages naming the file as `words` say.
 */
export async function readJsonFile(source: string, words: JsonFileWords): Promise<unknown> {
  let text: string;
  try {
    const info = await stat(source);
    if (!info.isFile()) throw notAFile(source, info, words);
    if (info.size > maxScenarioBytes) {
      throw new CliError(
        `${words.file} "${source}" is ${info.size} bytes, more than the ${maxScenarioBytes} bytes allowed`,
        exitCodes.badInput,
      );
    }
    // Non-blocking, and checked again on the handle: a FIFO swapped in meanwhile cannot hang the open.
    const handle = await open(source, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    try {
      const opened = await handle.stat();
      if (!opened.isFile()) throw notAFile(source, opened, words);
      if (opened.size > maxScenarioBytes)
        throw new CliError(
          `${words.file} "${source}" grew past ${maxScenarioBytes} bytes`,
          exitCodes.badInput,
        );
      text = await handle.readFile('utf8');
    } finally {
      await handle.close();
    }
  } catch (e) {
    if (e instanceof CliError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? `no such file${words.missingHint?.(source) ?? ''}`
        : code === 'EACCES'
          ? 'permission denied'
          : e instanceof Error
            ? e.message
            : String(e);
    throw new CliError(`cannot read ${words.file} "${source}": ${why}`, exitCodes.failure);
  }
  return parseJsonText(text, source);
}
