/**
 * The engine's scenario messages name JSON fields (`memoryMiB`, `tickMs`), which suits a scenario
 * file and the CLI; the editor shows the same checks beside labelled fields, in the labels' words.
 */
const replacements: readonly [RegExp, string][] = [
  [/\bthe host's memoryMiB\b/g, "the host's memory"],
  [/\bhost\.memoryMiB\b/g, "the host's memory"],
  [/\bthe VM's memoryMiB\b/g, "the VM's memory"],
  [/\bmemoryMiB\b/g, 'memory'],
  [/\btickMs (\d+(?:\.\d+)?)\b/g, 'tick length $1 ms'],
  [/\btickMs\b/g, 'tick length'],
];

/** `message` with the scenario's field names replaced by what the editor calls them. */
export function issueInWords(message: string): string {
  let out = message;
  for (const [pattern, words] of replacements) out = out.replace(pattern, words);
  return out;
}
