import type { LabEvent, LabEvents, LabMethod, LabState } from '../../../core/lab-api/lab-api-contract';
import type { LabEventListener, LabHost } from '../../../electron/services/lab/lab-service-types';

/** A LabHost that records calls; tests script answers per method. */
export interface FakeLabHost extends LabHost {
  calls: Array<{ method: LabMethod; request: unknown }>;
  disposed: number;
  state: LabState;
  answers: Partial<Record<LabMethod, (request: unknown) => unknown>>;
  emit<E extends LabEvent>(event: E, payload: LabEvents[E]): void;
}

export function fakeState(name = 'basics', location: string | null = null, dirty = false): LabState {
  // Only the parts the main process reads; the rest of LabState is the LabService's business.
  return { session: { name, location, dirty }, tick: 0 } as unknown as LabState;
}

export function createFakeLabHost(): FakeLabHost {
  const listeners = new Set<LabEventListener>();
  const host: FakeLabHost = {
    calls: [],
    disposed: 0,
    state: fakeState(),
    answers: {},
    async invoke(method, request) {
      host.calls.push({ method, request });
      const answer = host.answers[method];
      if (answer) return (await answer(request)) as never;
      if (method === 'getState') return host.state as never;
      if (method === 'openSession') {
        const target = (request as { target?: string }).target ?? null;
        host.state = fakeState('opened', target);
        return host.state as never;
      }
      return { ok: true } as never;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async dispose() {
      host.disposed += 1;
    },
    emit(event, payload) {
      for (const listener of listeners) listener(event, payload);
    },
  };
  return host;
}
