import type { AppInfo } from '../../../core/lab-api/lab-api-contract';

/** The folder the bridge keeps exports in, inside its data folder (see the bridge server). */
const exportsFolderName = 'exports';

/**
 * The full path of the folder an export went to. The desktop app reports the chosen folder
 * itself; the bridge reports only the export's name inside `<data folder>/exports`, and a
 * user looking for the files on disk needs the whole path.
 */
export function exportFolderPath(info: AppInfo | null, location: string): string {
  if (info === null || info.transport !== 'bridge' || info.dataDir === null) return location;
  const separator = info.platform === 'win32' ? '\\' : '/';
  const root = info.dataDir.replace(/[\\/]+$/, '');
  return [root, exportsFolderName, location].join(separator);
}

/**
 * The bridge URL that downloads one exported file (`location` is "folder/file.csv", as the
 * export listing gives it). Each part is encoded on its own, so a name can never add a folder;
 * the bridge itself still checks the token and that the file stays inside the exports folder.
 */
export function exportDownloadUrl(location: string, token: string): string {
  const parts = location.split('/').map((part) => encodeURIComponent(part));
  return `/${exportsFolderName}/${parts.join('/')}?token=${encodeURIComponent(token)}`;
}
