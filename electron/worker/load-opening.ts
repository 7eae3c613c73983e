import type { CheckpointFiles } from './checkpoint-file';
import { CommandError } from './command-error';
import { collectAboveBytes, fullCollection } from './full-collection';
import type { LoadCommand } from './load-start';
import { inflateIndex } from './checkpoint-file-open';
import { readStoreFile } from './store-file-read';
import type { TimeTravel } from './time-travel';
import type { WorkerReplyResult } from './worker-protocol';

/**
 * The first part of a load: the session file's checkpoints read, the run replaced let go, and
 * the packs of the file's newest checkpoint decompressed, side by side off the engine's thread.
 * Every interrupt (a new load is one) bumps the ticket, so a load still reading or decompressing
 * its file gives up.
 */
export class LoadOpening {
  private ticket = 0;

  constructor(
    private readonly travel: TimeTravel,
    private readonly files: CheckpointFiles,
    /** Lets go of the runner's engine, before the run replaced is collected. */
    private readonly letGo: () => void,
  ) {}

  /** An interrupt: a load still reading or decompressing its file gives up. */
  interrupt(): void {
    this.ticket++;
  }

  /**
   * Opens `given` (the runner interrupted the job in progress just before), lets go of the run
   * replaced and hands the load to `start`. Refused as cancelled when an interrupt came while the
   * file was read or decompressed.
   */
  async open(
    given: LoadCommand,
    start: (command: LoadCommand) => Promise<WorkerReplyResult>,
  ): Promise<WorkerReplyResult> {
    // Read before the run is let go: a file that does not read leaves it as it was. Its index is
    // inflated while its packs are read.
    const reading = this.ticket;
    let index: Promise<Uint8Array> | undefined;
    const at = given.storeAt;
    const command =
      at === undefined
        ? given
        : {
            ...given,
            store: await readStoreFile(at, (bytes) => {
              index = inflateIndex({ index: bytes, ...(at.crc32 === undefined ? {} : { crc32: at.crc32 }) });
              // Awaited by prepare below, or left when the load gives up first.
              index.catch(() => undefined);
            }),
          };
    if (reading !== this.ticket) throw new CommandError('cancelled', 'a new load replaced it');
    // The run replaced goes first: a large one (gigabytes of checkpoints) collected now costs
    // one full collection, where left to the allocations of the new one (its arrays, a file's
    // packs) it set off many, and both were held at once.
    const large = this.travel.checkpoints.totalBytes >= collectAboveBytes;
    this.travel.reset();
    this.files.reset();
    this.letGo();
    if (large) fullCollection();
    if (command.store !== undefined) {
      const ticket = this.ticket;
      await this.files.prepare(command.store, command.scenario, index);
      if (ticket !== this.ticket) throw new CommandError('cancelled', 'a new load replaced it');
    }
    // Started here, not by the caller after awaiting this: no interrupt may fall between the last
    // ticket check and the start, and a load without a file starts in the turn it was asked in.
    return start(command);
  }
}
