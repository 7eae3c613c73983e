import { describe, expect, it } from 'vitest';
import { RendererChannel } from '../../../electron/main/renderer-channel';
import { createFakeLabHost } from './fake-lab-host';

function target() {
  const sent: Array<[string, unknown]> = [];
  return {
    sent,
    destroyed: false,
    send: (channel: string, payload: unknown) => void sent.push([channel, payload]),
    isDestroyed: () => false,
  };
}

describe('RendererChannel', () => {
  it('queues main-process events until the page has loaded, then delivers them in order', () => {
    const channel = new RendererChannel();
    channel.send('notice', { level: 'error', message: 'could not open x' });
    channel.send('menuCommand', { command: 'open' });
    const page = target();
    channel.attach(page);
    channel.send('menuCommand', { command: 'save' });
    expect(page.sent).toEqual([
      ['lab:event:notice', { level: 'error', message: 'could not open x' }],
      ['lab:event:menuCommand', { command: 'open' }],
      ['lab:event:menuCommand', { command: 'save' }],
    ]);
  });

  it('does not hoard LabHost events while no page listens, nor more than a few notices', () => {
    const channel = new RendererChannel();
    const host = createFakeLabHost();
    channel.forwardFrom(host);
    host.emit('runProgress', { tick: 1, endTick: 10, done: false, cancelled: false });
    for (let i = 0; i < 100; i += 1) channel.send('notice', { level: 'info', message: `n${i}` });
    const page = target();
    channel.attach(page);
    expect(page.sent).toHaveLength(20);
    host.emit('runProgress', { tick: 2, endTick: 10, done: false, cancelled: false });
    expect(page.sent.at(-1)).toEqual([
      'lab:event:runProgress',
      { tick: 2, endTick: 10, done: false, cancelled: false },
    ]);
    channel.detach();
    host.emit('runProgress', { tick: 3, endTick: 10, done: false, cancelled: false });
    expect(page.sent).toHaveLength(21);
  });

  it('forwards only contract events', () => {
    const channel = new RendererChannel();
    const page = target();
    channel.attach(page);
    channel.send('bogus' as never, {} as never);
    expect(page.sent).toEqual([]);
  });
});
