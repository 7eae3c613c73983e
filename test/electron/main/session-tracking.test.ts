import { describe, expect, it } from 'vitest';
import type { SessionMeta } from '../../../core/lab-api/lab-api-contract';
import { withSessionTracking } from '../../../electron/main/session-tracking';
import { createFakeLabHost, fakeState } from './fake-lab-host';

describe('withSessionTracking', () => {
  it('reports sessions saved, opened, recovered or announced, once they have a location', async () => {
    const inner = createFakeLabHost();
    const seen: SessionMeta[] = [];
    const host = withSessionTracking(inner, (meta) => void seen.push(meta));
    inner.answers.saveSession = () => ({ name: 'a', location: '/a.balloonlab', dirty: false });
    await host.invoke('saveSession', { saveAs: false });
    inner.answers.saveSession = () => null;
    await host.invoke('saveSession', { saveAs: true });
    await host.invoke('openSession', { target: '/b.balloonlab' });
    inner.answers.recover = () => fakeState('recovered', null);
    await host.invoke('recover', {});
    await host.invoke('getState', {});
    inner.emit('sessionChanged', { name: 'c', location: '/c.balloonlab', dirty: true });
    expect(seen.map((s) => s.location)).toEqual(['/a.balloonlab', '/b.balloonlab', '/c.balloonlab']);
  });

  it('passes results, failures, events and dispose through unchanged', async () => {
    const inner = createFakeLabHost();
    const host = withSessionTracking(inner, () => undefined);
    inner.answers.pause = () => {
      throw new Error('busy');
    };
    await expect(host.invoke('pause', {})).rejects.toThrow('busy');
    const events: string[] = [];
    const off = host.subscribe((event) => void events.push(event));
    inner.emit('notice', { level: 'info', message: 'hi' });
    off();
    inner.emit('notice', { level: 'info', message: 'again' });
    expect(events).toEqual(['notice']);
    await host.dispose();
    expect(inner.disposed).toBe(1);
  });
});
