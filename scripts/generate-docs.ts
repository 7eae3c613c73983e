// `npm run docs:generate`: rewrites the generated documentation from the code it describes.
//   docs/scenario.schema.json  JSON Schema of scenario files (from the zod scenario schema)
//   docs/scenario.md           the field reference between its generated-section markers
//   docs/glossary.md           every trace column with its esxtop name, unit and meaning
//   README.md                  the validation table between its markers (runs the published experiments)
// Tests under test/core/scenario and test/core/trace fail when a file is out of date.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scenarioJsonSchemaPath, scenarioJsonSchemaText } from '../core/scenario/scenario-json-schema';
import {
  scenarioReferenceMarkdown,
  scenarioReferencePath,
  spliceReference,
} from '../core/scenario/scenario-reference';
import { glossaryPath, traceGlossaryMarkdown } from '../core/trace/trace-glossary';
import { runValidation } from '../core/validation/run-validation';
import { validationExperiments } from '../core/validation/validation-experiments';
import { spliceValidationTable, validationTableMarkdown } from '../core/validation/validation-table';

const root = join(import.meta.dirname, '..');

function write(path: string, text: string): void {
  const full = join(root, path);
  let before: string | null = null;
  try {
    before = readFileSync(full, 'utf8');
  } catch {
    // A missing file is written from scratch.
  }
  if (before === text) {
    console.log(`unchanged ${path}`);
    return;
  }
  writeFileSync(full, text, 'utf8');
  console.log(`wrote     ${path}`);
}

write(scenarioJsonSchemaPath, scenarioJsonSchemaText());
const scenarioDoc = readFileSync(join(root, scenarioReferencePath), 'utf8');
write(scenarioReferencePath, spliceReference(scenarioDoc, scenarioReferenceMarkdown()));
write(glossaryPath, traceGlossaryMarkdown());

const validation = runValidation(validationExperiments, (done, total, last) => {
  console.log(`validate  ${done}/${total} ${last.passed ? 'pass' : 'FAIL'} ${last.id}`);
});
const readme = readFileSync(join(root, 'README.md'), 'utf8');
write('README.md', spliceValidationTable(readme, validationTableMarkdown(validation)));
