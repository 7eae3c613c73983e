// Child of session-crash.test.ts: saves two sessions alternately, forever, until killed.
// argv: <session path> <documents.json holding [docA, docB]>
import { readFileSync } from 'node:fs';
import type { SessionDocument } from '../../../core/session/session-schema';
import { writeSessionFile } from '../../../electron/services/session/session-file';

const [path, docsPath] = process.argv.slice(2) as [string, string];
// Not validated here: writeSessionFile validates every document it writes.
const docs = JSON.parse(readFileSync(docsPath, 'utf8')) as SessionDocument[];
// Never outlive a parent that died without killing us.
const deadline = Date.now() + 30_000;

let saves = 0;
while (Date.now() < deadline) {
  await writeSessionFile(path, docs[saves % 2]!);
  if (saves === 0) process.stdout.write('ready\n');
  saves++;
}
process.exit(3);
