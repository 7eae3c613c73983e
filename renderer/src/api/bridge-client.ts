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
  /**
   * Asks the server whether it still accepts this page's token (default: a HEAD request for
   * the page with it). Used when reconnecting fails, to tell a restarted server (new token)
   * from one that is down.
   */
  checkToken?: () => Promise<TokenCheck>;
  /**
   * Failed reconnects after which a server that does not answer at all is reported as gone
   * (default 6: about 13 s with the default delays).
   */
  goneAfterAttempts?: number;
}

/** What the server said about the page's token: a restarted `npm run serve` refuses the old one. */
export type TokenCheck = 'accepted' | 'refused' | 'unreachable';

/**
 * Shown once per outage when nothing answers any more: `npm run serve` picks a new port at
 * each start, so a restarted server is usually not where this page looks for it.
 */
export const serverGoneMessage =
  'The lab server is not answering. If `npm run serve` was stopped or restarted, open the new URL ' +
  'it printed in its terminal (each start has a new address); this page keeps trying meanwhile.';

/** Shown once when the server is back but no longer knows this page's token. */
export const serverRestartedMessage =
  'The lab server was restarted, so this page can no longer reach it: its address has changed. ' +
  'Open the new URL that `npm run serve` printed in its terminal.';

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

/**
 * The access token of this page (its `?token=` or, after a reload without it, the one this
 * tab remembered), or null outside a bridge page. Downloads of exported files carry it.
 */
export function pageToken(): string | null {
  const loc = (globalThis as { location?: { href: string } }).location;
  if (loc === undefined) return null;
  let token: string | null = null;
  try {
    token = new URL(loc.href).searchParams.get('token');
  } catch {
    token = null;
  }
  const storage = (globalThis as { sessionStorage?: Storage }).sessionStorage;
  return token ?? storage?.getItem(tokenStorageKey) ?? null;
}

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

/** The page address of a socket URL, with its token: the bridge answers 403 for a wrong token. */
function pageUrlOf(socketUrl: string): string {
  const url = new URL(socketUrl);
  url.protocol = url.protocol === 'wss:' ? 'https:' : 'http:';
  url.pathname = '/';
  return url.toString();
}

/** The default token check: HEAD of the page with the token, never following a redirect. */
function fetchTokenCheck(socketUrl: string): () => Promise<TokenCheck> {
  return async () => {
    try {
      const res = await fetch(pageUrlOf(socketUrl), { method: 'HEAD', cache: 'no-store', redirect: 'error' });
      return res.status === 403 ? 'refused' : 'accepted';
    } catch {
      return 'unreachable';
    }
  };
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
  const checkToken = options.checkToken ?? fetchTokenCheck(socketUrl);
  let checking = false;
  let toldRestarted = false;
  const goneAfterAttempts = options.goneAfterAttempts ?? 6;
  /** Reconnects that failed since the connection was lost. */
  let lostAttempts = 0;

  // A reconnect that keeps failing while the server answers HTTP: if it refuses our token,
  // it is a new server (each start makes a new token), and only its new URL helps.
  const checkForRestart = (): void => {
    if (checking || toldRestarted) return;
    checking = true;
    void checkToken()
      .catch((): TokenCheck => 'unreachable')
      .then((verdict) => {
        checking = false;
        if (verdict !== 'refused' || toldRestarted || closed || socket?.readyState === openState) return;
        toldRestarted = true;
        emitLocal('notice', { level: 'error', message: serverRestartedMessage });
      });
  };

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
    let opened = false;
    ws.onopen = () => {
      opened = true;
      toldRestarted = false;
      lostAttempts = 0;
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
      if (everOpened && !opened) {
        checkForRestart();
        if (++lostAttempts === goneAfterAttempts && !toldRestarted)
          emitLocal('notice', { level: 'error', message: serverGoneMessage });
      }
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
