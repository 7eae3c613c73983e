import { describe, expect, it } from 'vitest';
import {
  focusKind,
  shortcutCommand,
  type KeyInput,
  spaceWouldPress,
} from '../../../renderer/src/logic/shortcuts';

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

const space = { key: ' ', ctrlKey: false, metaKey: false, shiftKey: false, altKey: false };

function element(html: string): Element {
  const box = document.createElement('div');
  box.innerHTML = html;
  return box.firstElementChild!;
}

describe('Space never presses the focused button', () => {
  it('is swallowed on buttons and tabs, where it would click', () => {
    for (const html of [
      '<button>New</button>',
      '<input type="button">',
      '<div role="tab"></div>',
      '<span role="button"></span>',
    ])
      expect(spaceWouldPress(space, element(html)), html).toBe(true);
  });

  it('keeps toggling checkboxes and typing in fields, and is Run/Pause elsewhere', () => {
    for (const html of [
      '<input type="checkbox">',
      '<input type="text">',
      '<textarea></textarea>',
      '<li role="option"></li>',
    ])
      expect(spaceWouldPress(space, element(html)), html).toBe(false);
    expect(spaceWouldPress(space, document.body)).toBe(false);
    expect(shortcutCommand(space, focusKind(document.body))).toBe('run-pause');
    expect(shortcutCommand(space, focusKind(element('<li role="option"></li>')))).toBe('run-pause');
    expect(shortcutCommand(space, focusKind(element('<button>New</button>')))).toBeNull();
    expect(spaceWouldPress({ ...space, key: 'Enter' }, element('<button>New</button>'))).toBe(false);
  });
});
