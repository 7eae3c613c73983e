// Child of autosave-crash.test.ts: a run that autosaves a changing session every 20 ms until killed.
// argv: <state folder> <session.json>
import { readFileSync } from 'node:fs';
import { parseSessionDocument } from '../../../core/session/parse-session';
import { Autosaver } from '../../../electron/services/session/autosave';
import { RecoveryStore } from '../../../electron/services/session/recovery';

const [stateDir, docPath] = process.argv.slice(2) as [string, string];
const doc = parseSessionDocument(JSON.parse(readFileSync(docPath, 'utf8')));
let tick = 0;
await new RecoveryStore({ stateDir }).checkAtStartup();
const saver = new Autosaver({
  stateDir,
  intervalMs: 20,
  snapshot: () => ({ ...doc, tick: (tick = Math.min(tick + 1, 3600)) }),
  onError: (error) => {
    process.stderr.write(`${String(error)}\n`);
    process.exit(4);
  },
});
await saver.start();
await saver.saveNow();
process.stdout.write('ready\n');
setTimeout(() => process.exit(3), 30_000);
