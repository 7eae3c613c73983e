import { describe, expect, it } from 'vitest';
import { focusKind, shortcutCommand, type KeyInput } from '../../../renderer/src/logic/shortcuts';

const key = (k: string, mods: Partial<KeyInput> = {}): KeyInput => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  altKey: false,
  ...mods,
});

describe('keyboard shortcuts', () => {
  it.each([
    [key('n', { ctrlKey: true }), 'new'],
    [key('o', { metaKey: true }), 'open'],
    [key('s', { ctrlKey: true }), 'save'],
    [key('S', { ctrlKey: true, shiftKey: true }), 'save-as'],
    [key('e', { ctrlKey: true }), 'export'],
    [key('r', { ctrlKey: true }), 'reset'],
    [key('Enter', { ctrlKey: true, shiftKey: true }), 'run-to-end'],
    [key(' '), 'run-pause'],
    [key('.'), 'step'],
  ] as const)('%o -> %s', (input, command) => {
    expect(shortcutCommand(input, 'other')).toBe(command);
  });

  it('leaves typing and browser keys alone', () => {
    expect(shortcutCommand(key(' '), 'text')).toBeNull();
    expect(shortcutCommand(key('.'), 'text')).toBeNull();
    expect(shortcutCommand(key(' '), 'button')).toBeNull();
    expect(shortcutCommand(key('n'), 'other')).toBeNull();
    expect(shortcutCommand(key('Enter', { ctrlKey: true }), 'other')).toBeNull();
    expect(shortcutCommand(key('n', { ctrlKey: true, altKey: true }), 'other')).toBeNull();
    // Editing shortcuts keep working inside fields.
    expect(shortcutCommand(key('c', { ctrlKey: true }), 'text')).toBeNull();
    // File shortcuts work from a field too, as the menu accelerators would.
    expect(shortcutCommand(key('s', { ctrlKey: true }), 'text')).toBe('save');
  });

  it('classifies the focused element', () => {
    const input = document.createElement('input');
    const checkbox = document.createElement('input');
    checkbox.type = 'checkbox';
    expect(focusKind(input)).toBe('text');
    expect(focusKind(checkbox)).toBe('button');
    expect(focusKind(document.createElement('textarea'))).toBe('text');
    expect(focusKind(document.createElement('button'))).toBe('button');
    expect(focusKind(document.body)).toBe('other');
    expect(focusKind(null)).toBe('other');
  });
});
