import { describe, expect, it } from 'vitest';
import type { LabEvent } from '../../../core/lab-api/lab-api-contract';
import { SessionError } from '../../../core/session/session-error';
import { SessionOpener } from '../../../electron/main/session-opener';
import { createFakeLabHost, fakeState } from './fake-lab-host';

function setup(dirty: boolean, answer = true) {
  const host = createFakeLabHost();
  host.state = fakeState('unsaved lab', null, dirty);
  const sent: Array<{ event: LabEvent; payload: unknown }> = [];
  const asked: string[] = [];
  const opener = new SessionOpener({
    host,
    channel: { send: (event, payload) => void sent.push({ event, payload }) },
    confirmDiscard: async (name, file) => {
      asked.push(`${name} -> ${file}`);
      return answer;
    },
  });
  return { host, sent, asked, opener };
}

describe('SessionOpener', () => {
  it('opens without asking when nothing is unsaved and tells the page', async () => {
    const s = setup(false);
    await expect(s.opener.open('/data/farm.balloonlab')).resolves.toBe('opened');
    expect(s.asked).toEqual([]);
    expect(s.host.calls.at(-1)).toEqual({
      method: 'openSession',
      request: { target: '/data/farm.balloonlab' },
    });
    expect(s.sent).toEqual([
      { event: 'stateChanged', payload: fakeState('opened', '/data/farm.balloonlab') },
    ]);
  });

  it('asks before discarding unsaved changes, and keeps them when the user says no', async () => {
    const s = setup(true, false);
    await expect(s.opener.open('/data/farm.balloonlab')).resolves.toBe('cancelled');
    expect(s.asked).toEqual(['unsaved lab -> farm.balloonlab']);
    expect(s.host.calls.map((c) => c.method)).toEqual(['getState']);
    expect(s.sent).toEqual([]);
    const yes = setup(true, true);
    await expect(yes.opener.open('/data/farm.balloonlab')).resolves.toBe('opened');
  });

  it('reports a refused file as an error notice', async () => {
    const s = setup(false);
    s.host.answers.openSession = () => {
      throw new SessionError('newer-version', 'the file was written by a newer Balloon Lab');
    };
    await expect(s.opener.open('/data/new.balloonlab')).resolves.toBe('failed');
    expect(s.sent).toEqual([
      {
        event: 'notice',
        payload: {
          level: 'error',
          message: 'Could not open new.balloonlab: the file was written by a newer Balloon Lab',
        },
      },
    ]);
  });

  it('runs opens one after another', async () => {
    const s = setup(false);
    const order: string[] = [];
    let release: () => void = () => undefined;
    s.host.answers.openSession = async (request) => {
      const target = (request as { target: string }).target;
      order.push(`start ${target}`);
      if (target === '/a.balloonlab') await new Promise<void>((resolve) => (release = resolve));
      order.push(`end ${target}`);
      return fakeState('x', target);
    };
    const first = s.opener.open('/a.balloonlab');
    const second = s.opener.open('/b.balloonlab');
    await new Promise((resolve) => setTimeout(resolve, 10));
    release();
    await Promise.all([first, second]);
    expect(order).toEqual([
      'start /a.balloonlab',
      'end /a.balloonlab',
      'start /b.balloonlab',
      'end /b.balloonlab',
    ]);
  });
});
