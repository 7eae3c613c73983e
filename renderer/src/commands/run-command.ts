import type { MenuCommand } from '../../../core/lab-api/lab-api-contract';
import { useLabStore } from '../stores/lab-store';
import { useUiStore } from '../stores/ui-store';

export type CommandOrigin = 'key' | 'menu' | 'ui';

/**
 * In Electron a key press may reach both the page and the menu accelerator; whichever
 * arrives second within this window is the same press and is dropped.
 */
const duplicateWindowMs = 400;
let lastKeyed: { command: MenuCommand; atMs: number; origin: CommandOrigin } | null = null;

function isEcho(command: MenuCommand, origin: CommandOrigin, nowMs: number): boolean {
  if (origin === 'ui') return false;
  const prev = lastKeyed;
  lastKeyed = { command, atMs: nowMs, origin };
  return (
    prev !== null &&
    prev.command === command &&
    prev.origin !== origin &&
    nowMs - prev.atMs < duplicateWindowMs
  );
}

/** Carries out a command from the menu, a shortcut or a toolbar button. */
export function runCommand(
  command: MenuCommand,
  origin: CommandOrigin = 'ui',
  nowMs = performance.now(),
): void {
  if (isEcho(command, origin, nowMs)) return;
  const lab = useLabStore();
  const ui = useUiStore();
  const electron = lab.transport === 'electron';
  switch (command) {
    case 'new':
      ui.openDialog('new');
      return;
    case 'open':
      // Electron opens a native file dialog on the Node side; the bridge lists its data folder.
      if (electron) void lab.openSession();
      else ui.openDialog('open');
      return;
    case 'import-trace':
      ui.openDialog('import-trace');
      return;
    case 'save':
      if (lab.session.location !== null || electron) void lab.save();
      else ui.openDialog('save-as');
      return;
    case 'save-as':
      if (electron) void lab.save({ saveAs: true });
      else ui.openDialog('save-as');
      return;
    case 'export':
      ui.openDialog('export');
      return;
    case 'run-pause':
      if (lab.runToEndProgress === null) void lab.togglePlay();
      return;
    case 'step':
      if (!lab.running && !lab.finished) void lab.step();
      return;
    case 'reset':
      void lab.reset();
      return;
    case 'run-to-end':
      if (lab.runToEndProgress === null) void lab.runToEnd();
      return;
    case 'theme-light':
      ui.setTheme('light');
      return;
    case 'theme-dark':
      ui.setTheme('dark');
      return;
    case 'theme-system':
      ui.setTheme('system');
      return;
    case 'about':
      ui.openDialog('about');
      return;
    case 'scenario-help':
      ui.openDialog('scenario-help');
      return;
  }
}

/** Test hook: forget the last command so echo suppression does not leak between tests. */
export function resetCommandEchoes(): void {
  lastKeyed = null;
}
