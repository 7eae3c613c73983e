import { describe, expect, it } from 'vitest';
import { menuCommands } from '../../../core/lab-api/lab-api-contract';
import type { MenuCommand } from '../../../core/lab-api/lab-api-contract';
import { appMenuTemplate } from '../../../electron/main/app-menu';
import type { AppMenuOptions, ThemeSource } from '../../../electron/main/app-menu';
import { findMenuItem } from './fake-electron';
import type { FakeMenuItem } from './fake-electron';

function build(overrides: Partial<AppMenuOptions> = {}) {
  const sent: MenuCommand[] = [];
  const opened: string[] = [];
  const themes: ThemeSource[] = [];
  let cleared = 0;
  let reports = 0;
  const template = appMenuTemplate({
    platform: 'linux',
    isPackaged: true,
    appName: 'Balloon Lab',
    theme: 'system',
    recentFiles: [],
    sendCommand: (c) => void sent.push(c),
    openRecent: (p) => void opened.push(p),
    clearRecent: () => void (cleared += 1),
    setTheme: (t) => void themes.push(t),
    openValidationReport: () => void (reports += 1),
    ...overrides,
  }) as FakeMenuItem[];
  return { template, sent, opened, themes, cleared: () => cleared, reports: () => reports };
}

function allItems(items: readonly FakeMenuItem[]): FakeMenuItem[] {
  return items.flatMap((item) => [item, ...allItems(item.submenu ?? [])]);
}

describe('appMenuTemplate', () => {
  it('has the File, Simulation, View and Help items with the usual shortcuts', () => {
    const { template } = build();
    const expected: Array<[string[], string | undefined]> = [
      [['File', 'New from Preset…'], 'CmdOrCtrl+N'],
      [['File', 'Open…'], 'CmdOrCtrl+O'],
      [['File', 'Open Recent'], undefined],
      [['File', 'Save'], 'CmdOrCtrl+S'],
      [['File', 'Save As…'], 'CmdOrCtrl+Shift+S'],
      [['File', 'Export CSV…'], 'CmdOrCtrl+E'],
      [['File', 'quit'], 'CmdOrCtrl+Q'],
      [['Simulation', 'Run / Pause'], 'Space'],
      [['Simulation', 'Step'], '.'],
      [['Simulation', 'Reset'], 'CmdOrCtrl+R'],
      [['Simulation', 'Run to End'], 'CmdOrCtrl+Shift+Enter'],
      [['View', 'Theme', 'Light'], undefined],
      [['View', 'resetZoom'], undefined],
      [['View', 'zoomIn'], undefined],
      [['View', 'zoomOut'], undefined],
      [['help', 'Scenario Format'], 'F1'],
      [['help', 'About Balloon Lab'], undefined],
    ];
    for (const [path, accelerator] of expected) {
      const item = findMenuItem(template, path);
      expect(item, path.join(' > ')).toBeDefined();
      expect(item?.accelerator, path.join(' > ')).toBe(accelerator);
    }
    expect(template.map((m) => m.label ?? m.role)).toEqual([
      'File',
      'editMenu',
      'Simulation',
      'View',
      'help',
    ]);
  });

  it('leaves bare-key shortcuts to the page so they never steal typing', () => {
    const { template } = build();
    const bare = allItems(template).filter(
      (i) => i.accelerator !== undefined && !/CmdOrCtrl|^F\d+$/.test(i.accelerator),
    );
    expect(bare.map((i) => i.label)).toEqual(['Run / Pause', 'Step']);
    expect(bare.every((i) => i.registerAccelerator === false)).toBe(true);
    const mac = build({ platform: 'darwin' }).template;
    expect(findMenuItem(mac, ['Simulation', 'Run / Pause'])?.accelerator).toBeUndefined();
  });

  it('can send every menu command of the contract, and each item sends its own', () => {
    const { template, sent } = build();
    for (const item of allItems(template)) item.click?.();
    expect([...new Set(sent)].sort()).toEqual([...menuCommands].sort());
    const single = build();
    findMenuItem(single.template, ['Simulation', 'Step'])?.click?.();
    expect(single.sent).toEqual(['step']);
  });

  it('offers devtools only when not packaged', () => {
    const hasDevTools = (t: FakeMenuItem[]) => allItems(t).some((i) => i.role === 'toggleDevTools');
    expect(hasDevTools(build({ isPackaged: true }).template)).toBe(false);
    expect(hasDevTools(build({ isPackaged: false }).template)).toBe(true);
  });

  it('lists recent sessions and clears them', () => {
    const menu = build({ recentFiles: ['/data/a.balloonlab', '/data/b.balloonlab'] });
    findMenuItem(menu.template, ['File', 'Open Recent', 'b.balloonlab'])?.click?.();
    findMenuItem(menu.template, ['File', 'Open Recent', 'Clear Recent'])?.click?.();
    expect(menu.opened).toEqual(['/data/b.balloonlab']);
    expect(menu.cleared()).toBe(1);
    const empty = build();
    expect(findMenuItem(empty.template, ['File', 'Open Recent', 'No Recent Sessions'])?.enabled).toBe(false);
    expect(findMenuItem(empty.template, ['File', 'Open Recent', 'Clear Recent'])?.enabled).toBe(false);
  });

  it('opens the validation report from Help, in main (the page has no part in it)', () => {
    const menu = build();
    findMenuItem(menu.template, ['help', 'Validation Report'])?.click?.();
    expect(menu.reports()).toBe(1);
    expect(menu.sent).toEqual([]);
  });

  it('marks the current theme and tells main and page about a change', () => {
    const menu = build({ theme: 'dark' });
    expect(findMenuItem(menu.template, ['View', 'Theme', 'Dark'])?.checked).toBe(true);
    expect(findMenuItem(menu.template, ['View', 'Theme', 'Light'])?.checked).toBe(false);
    findMenuItem(menu.template, ['View', 'Theme', 'Light'])?.click?.();
    expect(menu.themes).toEqual(['light']);
    expect(menu.sent).toEqual(['theme-light']);
  });

  it('follows macOS conventions: app menu with About and Quit, Close in File, a Window menu', () => {
    const { template } = build({ platform: 'darwin' });
    expect(template.map((m) => m.label ?? m.role)).toEqual([
      'Balloon Lab',
      'File',
      'editMenu',
      'Simulation',
      'View',
      'windowMenu',
      'help',
    ]);
    expect(findMenuItem(template, ['Balloon Lab', 'About Balloon Lab'])).toBeDefined();
    expect(findMenuItem(template, ['Balloon Lab', 'quit'])).toBeDefined();
    expect(findMenuItem(template, ['File', 'close'])).toBeDefined();
    expect(findMenuItem(template, ['help', 'About Balloon Lab'])).toBeUndefined();
  });
});
