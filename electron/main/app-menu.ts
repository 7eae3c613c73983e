import type { MenuItemConstructorOptions } from 'electron';
import { basename } from 'node:path';
import type { MenuCommand } from '../../core/lab-api/lab-api-contract';

export type ThemeSource = 'light' | 'dark' | 'system';

export interface AppMenuOptions {
  platform: NodeJS.Platform;
  isPackaged: boolean;
  appName: string;
  theme: ThemeSource;
  /** Most recent first. */
  recentFiles: readonly string[];
  sendCommand(command: MenuCommand): void;
  openRecent(path: string): void;
  clearRecent(): void;
  setTheme(theme: ThemeSource): void;
  /** Help > Validation Report: opens the report (made first when this engine has none yet). */
  openValidationReport(): void;
}

type Item = MenuItemConstructorOptions;

const maxRecentItems = 10;

/**
 * Bare keys would be stolen from text fields if registered: on Windows and Linux the menu sees
 * accelerators before the page. The renderer handles them (renderer/src/logic/shortcuts.ts) and
 * the menu only shows them; macOS cannot show an unregistered key, so it shows none.
 */
function bareKey(platform: NodeJS.Platform, key: string): Partial<Item> {
  return platform === 'darwin' ? {} : { accelerator: key, registerAccelerator: false };
}

function commandItem(
  options: AppMenuOptions,
  label: string,
  command: MenuCommand,
  extra: Partial<Item> = {},
): Item {
  return { label, click: () => options.sendCommand(command), ...extra };
}

function recentMenu(options: AppMenuOptions): Item {
  const files = options.recentFiles.slice(0, maxRecentItems);
  const items: Item[] =
    files.length === 0
      ? [{ label: 'No Recent Sessions', enabled: false }]
      : files.map((path) => ({
          label: basename(path),
          toolTip: path,
          click: () => options.openRecent(path),
        }));
  return {
    label: 'Open Recent',
    submenu: [
      ...items,
      { type: 'separator' },
      { label: 'Clear Recent', enabled: files.length > 0, click: () => options.clearRecent() },
    ],
  };
}

function fileMenu(options: AppMenuOptions): Item {
  const mac = options.platform === 'darwin';
  return {
    label: 'File',
    submenu: [
      commandItem(options, 'New from Preset…', 'new', { accelerator: 'CmdOrCtrl+N' }),
      commandItem(options, 'Open…', 'open', { accelerator: 'CmdOrCtrl+O' }),
      recentMenu(options),
      commandItem(options, 'Import Trace…', 'import-trace'),
      { type: 'separator' },
      commandItem(options, 'Save', 'save', { accelerator: 'CmdOrCtrl+S' }),
      commandItem(options, 'Save As…', 'save-as', { accelerator: 'CmdOrCtrl+Shift+S' }),
      { type: 'separator' },
      commandItem(options, 'Export CSV…', 'export', { accelerator: 'CmdOrCtrl+E' }),
      { type: 'separator' },
      mac ? { role: 'close' } : { role: 'quit', label: 'Quit', accelerator: 'CmdOrCtrl+Q' },
    ],
  };
}

function simulationMenu(options: AppMenuOptions): Item {
  return {
    label: 'Simulation',
    submenu: [
      commandItem(options, 'Run / Pause', 'run-pause', bareKey(options.platform, 'Space')),
      commandItem(options, 'Step', 'step', bareKey(options.platform, '.')),
      commandItem(options, 'Run to End', 'run-to-end', { accelerator: 'CmdOrCtrl+Shift+Enter' }),
      { type: 'separator' },
      commandItem(options, 'Reset', 'reset', { accelerator: 'CmdOrCtrl+R' }),
    ],
  };
}

function themeItem(options: AppMenuOptions, label: string, theme: ThemeSource): Item {
  return {
    label,
    type: 'radio',
    checked: options.theme === theme,
    click: () => {
      options.setTheme(theme);
      options.sendCommand(`theme-${theme}`);
    },
  };
}

function viewMenu(options: AppMenuOptions): Item {
  const development: Item[] = options.isPackaged ? [] : [{ type: 'separator' }, { role: 'toggleDevTools' }];
  return {
    label: 'View',
    submenu: [
      {
        label: 'Theme',
        submenu: [
          themeItem(options, 'Light', 'light'),
          themeItem(options, 'Dark', 'dark'),
          themeItem(options, 'System', 'system'),
        ],
      },
      { type: 'separator' },
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
      ...development,
    ],
  };
}

function helpMenu(options: AppMenuOptions): Item {
  const about: Item[] =
    options.platform === 'darwin'
      ? []
      : [{ type: 'separator' }, commandItem(options, `About ${options.appName}`, 'about')];
  return {
    role: 'help',
    submenu: [
      commandItem(options, 'Scenario Format', 'scenario-help', { accelerator: 'F1' }),
      { label: 'Validation Report', click: () => options.openValidationReport() },
      ...about,
    ],
  };
}

function macAppMenu(options: AppMenuOptions): Item {
  return {
    label: options.appName,
    submenu: [
      commandItem(options, `About ${options.appName}`, 'about'),
      { type: 'separator' },
      { role: 'services' },
      { type: 'separator' },
      { role: 'hide' },
      { role: 'hideOthers' },
      { role: 'unhide' },
      { type: 'separator' },
      { role: 'quit' },
    ],
  };
}

/** The native menu. Items the renderer carries out become `menuCommand` events. */
export function appMenuTemplate(options: AppMenuOptions): Item[] {
  const mac = options.platform === 'darwin';
  return [
    ...(mac ? [macAppMenu(options)] : []),
    fileMenu(options),
    // Text fields need the standard editing shortcuts (on macOS they only work through this menu).
    { role: 'editMenu' },
    simulationMenu(options),
    viewMenu(options),
    ...(mac ? [{ role: 'windowMenu' } satisfies Item] : []),
    helpMenu(options),
  ];
}
