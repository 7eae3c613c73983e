import { scenarioJsonSchema } from './scenario-json-schema';

/** The subset of JSON Schema that z.toJSONSchema produces for the scenario. */
interface SchemaNode {
  $ref?: string;
  type?: string | string[];
  const?: unknown;
  enum?: unknown[];
  default?: unknown;
  description?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  anyOf?: SchemaNode[];
  oneOf?: SchemaNode[];
  allOf?: SchemaNode[];
  items?: SchemaNode;
  properties?: Record<string, SchemaNode>;
  required?: string[];
  definitions?: Record<string, SchemaNode>;
}

/** The scenario format documentation, relative to the repository root. */
export const scenarioReferencePath = 'docs/scenario.md';

/** Markers around the generated part of docs/scenario.md. */
export const referenceStart = '<!-- generated: scenario field reference (npm run docs:generate) -->';
export const referenceEnd = '<!-- end of generated scenario field reference -->';

const safeInteger = Number.MAX_SAFE_INTEGER;

/** Unit of a numeric field, from the suffix convention of the schema (memoryMiB, durationS, ...). */
export function unitOfField(name: string): string {
  const units: ReadonlyArray<readonly [RegExp, string]> = [
    [/MiB$/, 'MiB'],
    [/Pct$/, '%'],
    [/Us$/, 'µs'],
    [/Ms$/, 'ms'],
    [/Min$/, 'min'],
    [/S$/, 's'],
  ];
  return units.find(([pattern]) => pattern.test(name))?.[1] ?? '';
}

function refName(node: SchemaNode): string | undefined {
  const ref = node.$ref ?? node.allOf?.find((n) => n.$ref !== undefined)?.$ref;
  return ref?.replace('#/definitions/', '');
}

function anchorOf(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^a-z0-9 -]/g, '')
    .replace(/ /g, '-');
}

function typeOf(node: SchemaNode): string {
  const ref = refName(node);
  if (ref !== undefined) return `[${ref}](#${anchorOf(ref)})`;
  if (node.const !== undefined) return `\`${JSON.stringify(node.const)}\``;
  if (node.enum) return node.enum.map((v) => `\`${JSON.stringify(v)}\``).join(' or ');
  const alternatives = node.anyOf ?? node.oneOf;
  if (alternatives) return alternatives.map(typeOf).join(' or ');
  if (node.type === 'array') return node.items ? `array of ${typeOf(node.items)}` : 'array';
  // A nullable primitive may come as a list of types (["boolean", "null"]).
  if (Array.isArray(node.type)) return node.type.join(' or ');
  return node.type ?? 'any';
}

function boundsOf(node: SchemaNode): string {
  const parts: string[] = [];
  const alternatives = node.anyOf ?? node.oneOf;
  if (alternatives)
    return alternatives
      .map(boundsOf)
      .filter((b) => b !== '')
      .join('; ');
  if (node.exclusiveMinimum !== undefined) parts.push(`> ${node.exclusiveMinimum}`);
  if (node.minimum !== undefined && node.minimum > -safeInteger) parts.push(`≥ ${node.minimum}`);
  if (node.maximum !== undefined && node.maximum < safeInteger) parts.push(`≤ ${node.maximum}`);
  if (node.exclusiveMaximum !== undefined) parts.push(`< ${node.exclusiveMaximum}`);
  if (node.maxLength !== undefined) parts.push(`at most ${node.maxLength} characters`);
  if (node.pattern !== undefined) parts.push(`matches \`${node.pattern}\``);
  const { minItems, maxItems } = node;
  if (minItems !== undefined && maxItems !== undefined) parts.push(`${minItems} to ${maxItems} items`);
  else if (minItems !== undefined) parts.push(`at least ${minItems} item${minItems === 1 ? '' : 's'}`);
  else if (maxItems !== undefined) parts.push(`at most ${maxItems} items`);
  return parts.join(', ');
}

function defaultOf(node: SchemaNode, required: boolean): string {
  if (node.default !== undefined) return `\`${JSON.stringify(node.default)}\``;
  return required ? 'required' : 'optional';
}

/** A field's own description, else that of the definition it refers to. */
function meaningOf(node: SchemaNode, definitions: Record<string, SchemaNode>): string {
  if (node.description !== undefined) return node.description;
  const ref = refName(node);
  return (ref === undefined ? undefined : definitions[ref]?.description) ?? '';
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** Object schemas that get their own section: a property object, array items, or a definition. */
function objectOf(node: SchemaNode): SchemaNode | undefined {
  if (node.properties) return node;
  if (node.type === 'array' && node.items?.properties) return node.items;
  return (node.anyOf ?? []).find((n) => n.properties !== undefined);
}

function section(
  heading: string,
  path: string,
  node: SchemaNode,
  definitions: Record<string, SchemaNode>,
  out: string[],
): void {
  out.push(`### ${heading}`, '');
  if (node.description) out.push(node.description, '');
  out.push('| Field | Type | Default | Unit | Bounds | Meaning |', '|---|---|---|---|---|---|');
  const nested: Array<[string, SchemaNode]> = [];
  // Fields of an object named with a unit (thresholdsPct) are in that unit.
  const parentUnit = unitOfField(path.replace(/\[\]$/, '').split('.').at(-1) ?? '');
  for (const [name, child] of Object.entries(node.properties ?? {})) {
    const required = node.required?.includes(name) ?? false;
    const unit = /number|integer/.test(typeOf(child)) ? unitOfField(name) || parentUnit : '';
    out.push(
      `| \`${name}\` | ${cell(typeOf(child))} | ${cell(defaultOf(child, required))} | ${unit} | ${cell(boundsOf(child))} | ${cell(meaningOf(child, definitions))} |`,
    );
    const inner = objectOf(child);
    if (inner)
      nested.push([`${path === '' ? '' : `${path}.`}${name}${child.type === 'array' ? '[]' : ''}`, inner]);
  }
  out.push('');
  for (const [childPath, inner] of nested) section(childPath, childPath, inner, definitions, out);
}

/**
 * The field reference of docs/scenario.md: one table per object of the scenario (type,
 * default, unit, bounds, meaning), rendered from the published JSON Schema so the two agree.
 */
export function scenarioReferenceMarkdown(): string {
  const root = scenarioJsonSchema() as SchemaNode;
  const out: string[] = [referenceStart, ''];
  const definitions = root.definitions ?? {};
  section('Top level', '', root, definitions, out);
  for (const [name, def] of Object.entries(definitions)) {
    if (def.properties) {
      section(name, name, def, definitions, out);
      continue;
    }
    out.push(`### ${name}`, '');
    if (def.description) out.push(def.description, '');
    const variants = (def.oneOf ?? def.anyOf ?? []).map(typeOf);
    out.push(`One of: ${variants.join(', ')}.`, '');
  }
  out.push(referenceEnd);
  return out.join('\n');
}

/** `markdown` with the text between the reference markers replaced by `reference`; throws when a marker is missing. */
export function spliceReference(markdown: string, reference: string): string {
  const start = markdown.indexOf(referenceStart);
  const end = markdown.indexOf(referenceEnd);
  if (start < 0 || end < start)
    throw new Error(`the reference markers are missing:\n${referenceStart}\n${referenceEnd}`);
  return markdown.slice(0, start) + reference + markdown.slice(end + referenceEnd.length);
}
