/** The isolated-world side of one contract method: resolves with the IPC envelope. */
export type EnvelopeInvoker = (request: unknown) => Promise<unknown>;
export type EventSubscriber = (event: unknown, listener: unknown) => () => void;

/**
 * Builds `window.balloonLab` inside the page's own world. It runs through
 * `contextBridge.executeInMainWorld`, which serializes this function: it must use nothing
 * from outside its body. Doing the unwrapping here is the point: an Error crossing the
 * context bridge keeps only its message (electron/electron#25596), so a rejection built in
 * the preload would lose `code` and `issues`; built in the page's world, it keeps them.
 */
export function installBalloonLab(
  invokers: Record<string, EnvelopeInvoker>,
  subscribe: EventSubscriber,
  methods: readonly string[],
): void {
  const labError = (code: unknown, message: unknown, issues?: unknown): Error => {
    const error = new Error(
      typeof message === 'string' && message !== '' ? message : 'The lab reported an error.',
    ) as Error & {
      code: string;
      issues?: unknown;
    };
    error.name = 'LabError';
    error.code = typeof code === 'string' ? code : 'internal';
    if (Array.isArray(issues)) error.issues = issues;
    return error;
  };
  const api: Record<string, unknown> = {};
  for (const method of methods) {
    const invoke = invokers[method];
    if (typeof invoke !== 'function') continue;
    api[method] = (request: unknown) =>
      invoke(request).then(
        (envelope) => {
          const reply = (typeof envelope === 'object' && envelope !== null ? envelope : {}) as {
            ok?: unknown;
            result?: unknown;
            error?: { code?: unknown; message?: unknown; issues?: unknown };
          };
          if (reply.ok === true) return reply.result;
          const payload = typeof reply.error === 'object' && reply.error !== null ? reply.error : {};
          throw labError(payload.code, payload.message, payload.issues);
        },
        (failure: unknown) => {
          const message =
            typeof failure === 'object' && failure !== null
              ? (failure as { message?: unknown }).message
              : failure;
          throw labError('internal', typeof message === 'string' ? message : String(message));
        },
      );
  }
  api.on = (event: unknown, listener: unknown) => subscribe(event, listener);
  Object.defineProperty(globalThis, 'balloonLab', {
    value: Object.freeze(api),
    enumerable: true,
    configurable: false,
    writable: false,
  });
}
