import {
  labMethods,
  type LabApi,
  type LabErrorPayload,
  type LabEvent,
  type LabEvents,
  type LabMethod,
  type LabRequest,
  type LabResponses,
} from '../../../core/lab-api/lab-api-contract';
import { decodeWire, encodeWire } from '../../../core/lab-api/wire-codec';
import { LabApiError } from './lab-api-error';

/** The part of the WHATWG WebSocket the client uses (the browser's, or `ws` in Node tests). */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: unknown) => void) | null;
  onerror: ((event: unknown) => void) | null;
}
export type WebSocketConstructor = new (url: string) => WebSocketLike;

export interface BridgeClientOptions {
  /** Defaults to the global WebSocket (browsers); Node tests pass `ws`'s. */
  WebSocket?: WebSocketConstructor;
  /** First reconnect delay, doubled after each failure up to maxReconnectDelayMs. */
  reconnectDelayMs?: number;
  maxReconnectDelayMs?: number;
}

export { LabApiError };

export type BridgeClient = LabApi & {
  /** Closes the socket for good (no reconnect); pending requests fail with code 'io'. */
  close(): void;
  readonly connected: boolean;
};

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

const tokenStorageKey = 'balloon-lab-token';
const openState = 1;

/** ws://host/lab?token=... from a page URL, a ws URL, or (no argument) the page we are on. */
export function bridgeSocketUrl(url?: string): string {
  const loc = (globalThis as { location?: { href: string } }).location;
  const base = url ?? loc?.href;
  if (base === undefined) throw new Error('createBridgeClient needs a URL outside a browser page');
  const parsed = new URL(base);
  if (parsed.protocol === 'ws:' || parsed.protocol === 'wss:') return parsed.toString();
  const storage = (globalThis as { sessionStorage?: Storage }).sessionStorage;
  let token = parsed.searchParams.get('token');
  // A page reloaded without its query string still finds the token of this tab.
  if (token === null && url === undefined) token = storage?.getItem(tokenStorageKey) ?? null;
  if (token !== null && url === undefined) storage?.setItem(tokenStorageKey, token);
  const scheme = parsed.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${parsed.host}/lab?token=${encodeURIComponent(token ?? '')}`;
}

/**
 * The lab API over the bridge's WebSocket: one request id per call, typed errors
 * (LabApiError), events to `on` listeners, and reconnection with backoff. Calls made while
 * disconnected wait for the connection; calls in flight when it drops fail with code 'io'.
 */
export function createBridgeClient(url?: string, options: BridgeClientOptions = {}): BridgeClient {
  const socketUrl = bridgeSocketUrl(url);
  const Ctor = options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
  if (Ctor === undefined) throw new Error('no WebSocket implementation: pass options.WebSocket');
  const firstDelay = options.reconnectDelayMs ?? 250;
  const maxDelay = options.maxReconnectDelayMs ?? 5000;
  const listeners = new Map<LabEvent, Set<(payload: never) => void>>();
  const pending = new Map<number, Pending>();
  const queue: { id: number; text: string }[] = [];
  let nextId = 1;
  let socket: WebSocketLike | null = null;
  let closed = false;
  let everOpened = false;
  let delay = firstDelay;
  let retry: ReturnType<typeof setTimeout> | null = null;
  let failedAttempts = 0;

  const emitLocal = <E extends LabEvent>(event: E, payload: LabEvents[E]): void => {
    for (const listener of [...(listeners.get(event) ?? [])])
      (listener as (p: LabEvents[E]) => void)(payload);
  };

  const receive = (data: unknown): void => {
    const text = typeof data === 'string' ? data : new TextDecoder().decode(data as ArrayBuffer);
    const message = decodeWire(text) as {
      event?: LabEvent;
      payload?: unknown;
      id?: number | null;
      ok?: boolean;
      result?: unknown;
      error?: LabErrorPayload;
    };
    if (typeof message.event === 'string') {
      emitLocal(message.event, message.payload as never);
      return;
    }
    if (typeof message.id !== 'number') return;
    const call = pending.get(message.id);
    if (call === undefined) return;
    pending.delete(message.id);
    if (message.ok === true) call.resolve(message.result);
    else call.reject(new LabApiError(message.error ?? { code: 'internal', message: 'malformed reply' }));
  };

  const connect = (): void => {
    retry = null;
    const ws = new Ctor(socketUrl);
    socket = ws;
    ws.onopen = () => {
      delay = firstDelay;
      failedAttempts = 0;
      const reconnected = everOpened;
      everOpened = true;
      for (const item of queue.splice(0)) ws.send(item.text);
      if (reconnected) {
        emitLocal('notice', { level: 'info', message: 'Reconnected to the lab.' });
        void call('getState', {}).then(
          (state) => emitLocal('stateChanged', state),
          () => undefined,
        );
      }
    };
    ws.onmessage = (event) => receive(event.data);
    ws.onerror = () => undefined;
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = null;
      // Requests still queued were never sent: they wait for the next connection.
      const queued = new Set(queue.map((q) => q.id));
      for (const [id, p] of pending) {
        if (queued.has(id)) continue;
        pending.delete(id);
        p.reject(new LabApiError({ code: 'io', message: 'the connection to the lab was lost' }));
      }
      if (closed) return;
      if (everOpened && delay === firstDelay)
        emitLocal('notice', { level: 'warn', message: 'Lost the connection to the lab; reconnecting...' });
      // A page that never got in most likely has a wrong or missing token: say so once.
      if (!everOpened && ++failedAttempts === 3) {
        emitLocal('notice', {
          level: 'error',
          message:
            'Cannot reach the lab. Open the exact URL that `npm run serve` printed (it carries the access token).',
        });
      }
      retry = setTimeout(connect, delay);
      delay = Math.min(maxDelay, delay * 2);
    };
  };

  const call = <M extends LabMethod>(method: M, request: LabRequest<M>): Promise<LabResponses[M]> => {
    if (closed) return Promise.reject(new LabApiError({ code: 'io', message: 'the lab client is closed' }));
    const id = nextId++;
    const text = encodeWire({ id, method, params: request ?? {} });
    return new Promise<LabResponses[M]>((resolve, reject) => {
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      if (socket !== null && socket.readyState === openState) socket.send(text);
      else queue.push({ id, text });
    });
  };

  const api = {} as Record<LabMethod, (request: never) => Promise<unknown>>;
  for (const method of labMethods) api[method] = (request: never) => call(method, request);

  connect();

  const client = Object.assign(api as unknown as LabApi, {
    on<E extends LabEvent>(event: E, listener: (payload: LabEvents[E]) => void): () => void {
      let set = listeners.get(event);
      if (set === undefined) listeners.set(event, (set = new Set()));
      set.add(listener as (payload: never) => void);
      return () => {
        set.delete(listener as (payload: never) => void);
      };
    },
    close(): void {
      closed = true;
      if (retry !== null) clearTimeout(retry);
      for (const p of pending.values())
        p.reject(new LabApiError({ code: 'io', message: 'the lab client is closed' }));
      pending.clear();
      queue.length = 0;
      const ws = socket;
      socket = null;
      ws?.close(1000, 'client closed');
    },
  });
  return Object.defineProperty(client, 'connected', {
    get: () => socket !== null && socket.readyState === openState,
    enumerable: true,
  }) as BridgeClient;
}
