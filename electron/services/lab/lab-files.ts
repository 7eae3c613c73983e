import { stat } from 'node:fs/promises';
import type {
  ExportStarted,
  FileEntry,
  LabRequestParsed,
  LabState,
  SessionMeta,
} from '../../../core/lab-api/lab-api-contract';
import { isSessionError } from '../../../core/session/session-error';
import {
  checkSessionPath,
  entriesOfPaths,
  exportPathInDataDir,
  listExportsInDataDir,
  listSessionsInDataDir,
  sessionExtension,
  sessionNameOfPath,
  sessionPathInDataDir,
  toSafeName,
} from './data-folder';
import { containedRealPath } from '../files/contained-path';
import { LabError } from './lab-error';
import type { LabRuntime } from './lab-runtime';
import { RecentSessionStore } from '../session/recent-session-store';
import { readSessionFile, writeSessionFile } from '../session/session-file';

interface Target {
  path: string;
  /** What the UI sees: the absolute path (Electron) or the name in the data folder (bridge). */
  location: string;
}

/**
 * Sessions and exports on disk for both transports. Electron picks paths with native dialogs;
 * the bridge has none and confines every name to its data folder.
 */
export class LabFiles {
  /** Electron: export folders the user chose in a dialog during this run, with what was written. */
  private readonly exportFolders = new Set<string>();
  private readonly exportedFiles: { path: string; name: string }[] = [];
  /** Electron: the sessions saved or opened lately (Open Recent); the bridge lists its folder. */
  private readonly recent: RecentSessionStore | null;

  constructor(private readonly rt: LabRuntime) {
    this.recent =
      rt.options.transport === 'electron' ? new RecentSessionStore({ stateDir: rt.options.stateDir }) : null;
  }

  private get dataDir(): string | null {
    return this.rt.options.dataDir;
  }

  /** The bridge's files stay inside its data folder: no symbolic link there may lead out of it. */
  private confined(): { within?: string } {
    return this.dataDir === null ? {} : { within: this.dataDir };
  }

  async save(request: LabRequestParsed<'saveSession'>): Promise<SessionMeta | null> {
    const session = this.rt.requireSession();
    const target = await this.saveTarget(request.target, request.saveAs);
    if (target === null) return null;
    const newLocation = target.location !== session.location;
    await this.rt.readyToSave();
    return this.rt.exclusive(async () => {
      const doc = await this.rt.currentDocument(new Date().toISOString(), true);
      const name = newLocation ? sessionNameOfPath(target.path) : session.name;
      const uiState = request.uiState ?? session.uiState;
      const saved = { ...doc, name, uiState };
      await writeSessionFile(target.path, saved, { ...this.confined(), shedToFit: true });
      session.markSaved(target.location, name, uiState);
      await this.recent?.add(target.path, name);
      this.rt.announceMeta(true);
      return session.meta();
    }, 'save');
  }

  async open(request: LabRequestParsed<'openSession'>): Promise<LabState | null> {
    const target = await this.openTarget(request.target);
    if (target === null) return null;
    let doc;
    try {
      doc = await readSessionFile(target.path, this.confined());
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT')
        throw new LabError('not-found', `There is no session "${target.location}".`);
      if (isSessionError(error))
        throw new LabError('refused', `"${target.location}" cannot be opened: ${error.message}`);
      throw error;
    }
    const state = await this.rt.openDocument(doc, target.location);
    await this.recent?.add(target.path, doc.name);
    return state;
  }

  async listSessions(): Promise<FileEntry[]> {
    if (this.dataDir !== null) return listSessionsInDataDir(this.dataDir);
    const recent = (await this.recent?.list()) ?? [];
    return entriesOfPaths(recent.map((e) => ({ path: e.path, name: e.name })));
  }

  async listExports(): Promise<FileEntry[]> {
    if (this.dataDir !== null) return listExportsInDataDir(this.dataDir);
    return entriesOfPaths(this.exportedFiles);
  }

  async exportCsv(request: LabRequestParsed<'exportCsv'>): Promise<ExportStarted | null> {
    if (request.fromS !== undefined && request.toS !== undefined && request.fromS > request.toS) {
      throw new LabError('bad-request', `fromS (${request.fromS}) is after toS (${request.toS})`);
    }
    const target = await this.exportTarget(request.target);
    if (target === null) return null;
    const { exportId, done } = this.rt.startExport({
      ...this.confined(),
      folder: target.path,
      files: request.files,
      fromS: request.fromS,
      toS: request.toS,
    });
    if (this.dataDir === null) {
      void done.then((result) => {
        for (const file of result?.files ?? []) this.exportedFiles.push({ path: file.path, name: file.path });
      });
    }
    return { exportId, location: target.location };
  }

  private async saveTarget(target: string | undefined, saveAs: boolean): Promise<Target | null> {
    const session = this.rt.requireSession();
    if (this.dataDir !== null) {
      const name =
        target ?? (!saveAs && session.location !== null ? session.location : toSafeName(session.name));
      const { path, fileName } = sessionPathInDataDir(this.dataDir, name);
      return { path, location: fileName };
    }
    if (target !== undefined) {
      const path = checkSessionPath(target);
      return { path, location: path };
    }
    if (!saveAs && session.location !== null) return { path: session.location, location: session.location };
    const chooser = this.requireChooser();
    const chosen = await chooser.chooseSessionSavePath(`${toSafeName(session.name)}${sessionExtension}`);
    if (chosen === null) return null;
    const path = checkSessionPath(
      chosen.toLowerCase().endsWith(sessionExtension) ? chosen : `${chosen}${sessionExtension}`,
    );
    return { path, location: path };
  }

  private async openTarget(target: string | undefined): Promise<Target | null> {
    if (this.dataDir !== null) {
      if (target === undefined)
        throw new LabError('bad-request', 'name the session to open (listSessions shows them)');
      const { path, fileName } = sessionPathInDataDir(this.dataDir, target);
      return { path, location: fileName };
    }
    const chosen = target ?? (await this.requireChooser().chooseSessionToOpen());
    if (chosen === null) return null;
    const path = checkSessionPath(chosen);
    return { path, location: path };
  }

  private async exportTarget(target: string | undefined): Promise<Target | null> {
    const session = this.rt.requireSession();
    if (this.dataDir !== null) {
      const name = target ?? `${toSafeName(session.name)}-t${session.tick}`;
      const { path, folderName } = exportPathInDataDir(this.dataDir, name);
      // Refused here, before the export starts, when a link would lead it out (checked again as it runs).
      await containedRealPath(this.dataDir, path);
      return { path, location: folderName };
    }
    if (target !== undefined) {
      // A renderer may only re-use a folder the user picked: it cannot write CSV files anywhere it likes.
      if (!this.exportFolders.has(target))
        throw new LabError('refused', 'choose the export folder in the dialog first');
      return { path: target, location: target };
    }
    const chosen = await this.requireChooser().chooseExportFolder();
    if (chosen === null) return null;
    const info = await stat(chosen).catch(() => null);
    if (info !== null && !info.isDirectory()) throw new LabError('refused', `${chosen} is not a folder`);
    this.exportFolders.add(chosen);
    return { path: chosen, location: chosen };
  }

  private requireChooser(): NonNullable<LabRuntime['options']['fileChooser']> {
    const chooser = this.rt.options.fileChooser;
    if (chooser === null)
      throw new LabError('bad-request', 'this transport has no file dialogs: pass a target');
    return chooser;
  }
}
