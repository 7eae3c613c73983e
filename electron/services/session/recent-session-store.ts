import { mkdir, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../files/atomic-file';
import { isoAt, systemClock, type ServiceClock } from './autosave-clock';
import { readJsonFileSafely } from '../files/bounded-read';

export const recentSessionsFileName = 'recent-sessions.json';
export const recentSessionsSchemaId = 'balloon-lab/recent@1';
export const defaultRecentMax = 10;

const recentEntrySchema = z.strictObject({
  /** Absolute path of the session file. */
  path: z.string().min(1).max(4096),
  name: z.string().max(200),
  openedIso: z.iso.datetime({ offset: true }),
});
const recentFileSchema = z.strictObject({
  schema: z.literal(recentSessionsSchemaId),
  entries: z.array(recentEntrySchema).max(100),
});
export type RecentEntry = z.infer<typeof recentEntrySchema>;

export interface RecentSessionStoreOptions {
  stateDir: string;
  maxEntries?: number;
  clock?: ServiceClock;
  /** Whether a listed session still exists; injectable for tests. */
  fileExists?: (path: string) => Promise<boolean>;
}

async function isFile(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isFile(),
    () => false,
  );
}

/** Paths compare case-insensitively where the file system usually does. */
function samePath(a: string, b: string): boolean {
  return process.platform === 'win32' || process.platform === 'darwin'
    ? a.toLowerCase() === b.toLowerCase()
    : a === b;
}

/**
 * The recently opened or saved sessions, most recent first, at most 10, kept as JSON in
 * the state folder. Sessions that no longer exist drop out when the list is read. An
 * unreadable list file counts as empty and is replaced on the next change.
 */
export class RecentSessionStore {
  private readonly path: string;
  private readonly maxEntries: number;
  private readonly clock: ServiceClock;
  private readonly fileExists: (path: string) => Promise<boolean>;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(options: RecentSessionStoreOptions) {
    this.path = join(options.stateDir, recentSessionsFileName);
    this.maxEntries = options.maxEntries ?? defaultRecentMax;
    this.clock = options.clock ?? systemClock;
    this.fileExists = options.fileExists ?? isFile;
  }

  /** The list with missing files pruned (the pruned list is saved). */
  list(): Promise<RecentEntry[]> {
    return this.serialized(async () => {
      const entries = await this.read();
      const kept: RecentEntry[] = [];
      for (const entry of entries) if (await this.fileExists(entry.path)) kept.push(entry);
      if (kept.length !== entries.length) await this.write(kept);
      return kept;
    });
  }

  /** Puts `path` first (moving it if listed), dropping the oldest beyond the maximum. */
  add(path: string, name: string): Promise<RecentEntry[]> {
    return this.serialized(async () => {
      const absolute = resolve(path);
      const entry: RecentEntry = { path: absolute, name: name.slice(0, 200), openedIso: isoAt(this.clock) };
      const rest = (await this.read()).filter((e) => !samePath(e.path, absolute));
      const entries = [entry, ...rest].slice(0, this.maxEntries);
      await this.write(entries);
      return entries;
    });
  }

  remove(path: string): Promise<RecentEntry[]> {
    return this.serialized(async () => {
      const absolute = resolve(path);
      const entries = (await this.read()).filter((e) => !samePath(e.path, absolute));
      await this.write(entries);
      return entries;
    });
  }

  clear(): Promise<void> {
    return this.serialized(() => this.write([]));
  }

  private serialized<T>(task: () => Promise<T>): Promise<T> {
    const next = this.queue.catch(() => undefined).then(task);
    this.queue = next;
    return next;
  }

  private async read(): Promise<RecentEntry[]> {
    try {
      const parsed = recentFileSchema.safeParse(
        await readJsonFileSafely(this.path, { maxBytes: 1024 * 1024 }),
      );
      return parsed.success ? parsed.data.entries.slice(0, this.maxEntries) : [];
    } catch {
      return [];
    }
  }

  private async write(entries: RecentEntry[]): Promise<void> {
    const text = `${JSON.stringify({ schema: recentSessionsSchemaId, entries }, null, 2)}\n`;
    await mkdir(dirname(this.path), { recursive: true });
    await writeFileAtomic(this.path, text);
  }
}
