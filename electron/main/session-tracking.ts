import type { LabMethod, LabResponses, SessionMeta } from '../../core/lab-api/lab-api-contract';
import type { LabHost } from '../services/lab/lab-service-types';

function sessionOf(method: LabMethod, result: unknown): SessionMeta | null {
  if (result === null || typeof result !== 'object') return null;
  if (method === 'saveSession') return result as LabResponses['saveSession'];
  if (method === 'openSession' || method === 'recover')
    return (result as LabResponses['openSession'] & object).session;
  return null;
}

/**
 * A LabHost that reports every session saved or opened (through any method or a pushed
 * `sessionChanged`), so the main process can keep Open Recent and the OS recent documents
 * current without the renderer's help.
 */
export function withSessionTracking(host: LabHost, onSession: (session: SessionMeta) => void): LabHost {
  const report = (session: SessionMeta | null): void => {
    if (session !== null && session.location !== null) onSession(session);
  };
  host.subscribe((event, payload) => {
    if (event === 'sessionChanged') report(payload as SessionMeta);
  });
  return {
    async invoke(method, request) {
      const result = await host.invoke(method, request);
      report(sessionOf(method, result));
      return result;
    },
    subscribe: (listener) => host.subscribe(listener),
    dispose: () => host.dispose(),
  };
}
