import type { SessionMeta } from '../../core/lab-api/lab-api-contract';

/**
 * The part of electron/services/session/recent-session-store.ts the menu needs. The LabHost adds to the list
 * itself when it saves or opens a session; the menu only reads and clears it.
 */
export interface RecentStore {
  list(): Promise<Array<{ path: string }>>;
  clear(): Promise<void>;
}

export interface OpenRecentMenuDeps {
  store: RecentStore;
  /** The OS list (Windows jump list, macOS Dock menu, GTK recent files). */
  addToOs(path: string): void;
  clearOs(): void;
  /** Called with the current list (most recent first) whenever it may have changed. */
  onChange(paths: string[]): void;
}

/** Keeps Open Recent in step with saved and opened sessions. */
export class OpenRecentMenu {
  private last: string | null = null;

  constructor(private readonly deps: OpenRecentMenuDeps) {}

  async refresh(): Promise<string[]> {
    const paths = (await this.deps.store.list()).map((entry) => entry.path);
    this.deps.onChange(paths);
    return paths;
  }

  /** Notes a session that now lives at `session.location`; repeats of the same file are skipped. */
  async note(session: SessionMeta): Promise<void> {
    const location = session.location;
    if (location === null || location === this.last) return;
    this.last = location;
    this.deps.addToOs(location);
    await this.refresh();
  }

  async clear(): Promise<void> {
    this.last = null;
    await this.deps.store.clear();
    this.deps.clearOs();
    await this.refresh();
  }
}
