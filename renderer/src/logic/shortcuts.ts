import type { MenuCommand } from '../../../core/lab-api/lab-api-contract';

export interface KeyInput {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

/** What the focused element is, for keys that would otherwise type or click. */
export type FocusKind = 'text' | 'button' | 'other';

/**
 * The command a key press stands for, matching the Electron menu accelerators
 * (CmdOrCtrl+N/O/S/Shift+S/E/R, CmdOrCtrl+Shift+Enter, Space, '.').
 */
export function shortcutCommand(e: KeyInput, focus: FocusKind): MenuCommand | null {
  if (e.altKey) return null;
  const mod = e.ctrlKey || e.metaKey;
  const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
  if (mod) {
    if (key === 'Enter' && e.shiftKey) return 'run-to-end';
    if (key === 's') return e.shiftKey ? 'save-as' : 'save';
    if (e.shiftKey) return null;
    switch (key) {
      case 'n':
        return 'new';
      case 'o':
        return 'open';
      case 'e':
        return 'export';
      case 'r':
        return 'reset';
      default:
        return null;
    }
  }
  // Bare keys must keep typing into fields, and Space must keep clicking a focused button.
  if (e.ctrlKey || e.metaKey || e.shiftKey || focus === 'text') return null;
  if (key === ' ' && focus !== 'button') return 'run-pause';
  if (key === '.') return 'step';
  return null;
}

export function focusKind(target: EventTarget | null): FocusKind {
  if (target === null || typeof (target as Element).tagName !== 'string') return 'other';
  const el = target as HTMLElement;
  const tag = el.tagName.toLowerCase();
  if (tag === 'textarea' || tag === 'select' || el.isContentEditable) return 'text';
  if (tag === 'input') {
    const type = (el as HTMLInputElement).type;
    return type === 'checkbox' || type === 'radio' || type === 'button' || type === 'range'
      ? 'button'
      : 'text';
  }
  if (tag === 'button' || el.getAttribute('role') === 'button' || el.getAttribute('role') === 'tab')
    return 'button';
  return 'other';
}

/**
 * Whether a Space press would press (click) the focused button, tab or option instead of
 * being the Run/Pause shortcut. Checkboxes and radios keep Space: it is how they toggle.
 */
export function spaceWouldPress(e: KeyInput, target: EventTarget | null): boolean {
  if (e.key !== ' ' || e.ctrlKey || e.metaKey || e.altKey) return false;
  if (target === null || typeof (target as Element).tagName !== 'string') return false;
  const el = target as HTMLElement;
  if (el.tagName.toLowerCase() === 'button') return true;
  if (el.tagName.toLowerCase() === 'input') {
    const type = (el as HTMLInputElement).type;
    return type === 'button' || type === 'submit' || type === 'reset';
  }
  const role = el.getAttribute('role');
  return role === 'button' || role === 'tab';
}
