import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { parentChannel, type ChildProcessSide } from '../../../electron/worker/parent-channel';

/** A process as the channel sees it, with a parent port or an IPC channel (or neither). */
function fakeProcess(kind: 'utility' | 'forked' | 'alone') {
  const events = new EventEmitter();
  const port = Object.assign(new EventEmitter(), { posted: [] as unknown[] });
  const sent: unknown[] = [];
  const exits: number[] = [];
  const proc = {
    connected: kind === 'forked',
    on: (event: string, listener: (m: unknown) => void) => events.on(event, listener),
    once: (event: string, listener: () => void) => events.once(event, listener),
    exit: (code = 0) => {
      exits.push(code);
      return undefined as never;
    },
    ...(kind === 'utility'
      ? { parentPort: Object.assign(port, { postMessage: (m: unknown) => void port.posted.push(m) }) }
      : {}),
    ...(kind === 'forked' ? { send: (m: unknown) => (sent.push(m), true) } : {}),
  } satisfies ChildProcessSide;
  return { proc, events, port, sent, exits };
}

describe('parentChannel', () => {
  it('in an Electron utility process talks through process.parentPort, unwrapping message events', () => {
    const f = fakeProcess('utility');
    const channel = parentChannel(f.proc);
    const received: unknown[] = [];
    channel.onMessage((m) => received.push(m));
    f.port.emit('message', { data: { kind: 'wantFrame' } });
    channel.send({ kind: 'ready' });
    expect(received).toEqual([{ kind: 'wantFrame' }]);
    expect(f.port.posted).toEqual([{ kind: 'ready' }]);
  });

  it('forked by Node talks through the IPC channel and ends when the parent goes away', () => {
    const f = fakeProcess('forked');
    const channel = parentChannel(f.proc);
    const received: unknown[] = [];
    channel.onMessage((m) => received.push(m));
    f.events.emit('message', { kind: 'wantFrame' });
    channel.send({ kind: 'ready' });
    expect(received).toEqual([{ kind: 'wantFrame' }]);
    expect(f.sent).toEqual([{ kind: 'ready' }]);
    f.proc.connected = false;
    channel.send({ kind: 'ready' });
    expect(f.sent).toHaveLength(1);
    f.events.emit('disconnect');
    expect(f.exits).toEqual([0]);
  });

  it('refuses to run without a parent to talk to', () => {
    expect(() => parentChannel(fakeProcess('alone').proc)).toThrow(/must be started as a child process/);
  });
});
