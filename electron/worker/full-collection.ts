import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** Checkpoints holding more than this are worth a full collection when the engine goes idle, bytes. */
export const collectAboveBytes = 256 * 1024 * 1024;

let collector: (() => void) | null = null;

/**
 * A full garbage collection, on demand: V8's own, exposed to a new context of this process once
 * (the flag set at run time, so that neither Node's fork nor Electron's utility process needs a
 * command-line flag). Marking an hour of a large host's checkpoints (hundreds of thousands of
 * blocks) takes 150-250 ms: set off by the allocations of a jump back in time, it would double
 * that jump; run when the engine goes idle (the run stops, the gaps are filled), it costs nobody
 * a wait.
 */
export function fullCollection(): void {
  if (collector === null) {
    setFlagsFromString('--expose-gc');
    collector = runInNewContext('gc') as () => void;
  }
  collector();
}
