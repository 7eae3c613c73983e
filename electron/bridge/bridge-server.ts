import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { realpath } from 'node:fs/promises';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { encodeWire } from '../../core/lab-api/wire-codec';
import { maxSessionFileBytes } from '../../core/session/safe-json';
import { exportsFolderName } from '../services/lab/data-folder';
import type { LabHost } from '../services/lab/lab-service-types';
import { BridgeConnection, defaultClientLimits, type ClientLimits } from './bridge-connection';
import { createBridgeRoutes } from './bridge-dispatch';
import { createToken, tokenMatches } from './bridge-token';
import { parseRequestTarget } from './request-target';
import { baseHeaders, sendText, serveFile, withoutPolicyMeta } from './static-files';
import { validationReportPath } from '../../core/lab-api/validation-report-url';
import { serveValidationReport } from './validation-route';

export interface BridgeServerOptions {
  host: LabHost;
  /** Built renderer (out/renderer). */
  rendererDir: string;
  /** Data folder; its exports are downloadable under /exports/. */
  dataDir: string;
  /** 0 = a random free port. */
  port?: number;
  token?: string;
  /** Per-client limits (defaults: {@link defaultClientLimits}). */
  clientLimits?: Readonly<ClientLimits>;
  /** The validation report's HTML (Help > Validation Report); without it the report is not served. */
  validationReport?: () => Promise<string>;
}

export interface BridgeServer {
  readonly port: number;
  readonly token: string;
  /** The page to open: http://127.0.0.1:<port>/?token=<hex>. */
  readonly url: string;
  readonly clientCount: number;
  /** Per connected client: requests waiting for a reply and bytes waiting to be read by it. */
  readonly clientLoad: readonly { pendingRequests: number; bufferedBytes: number }[];
  /** Closes every socket and the server (the LabHost is the caller's to dispose). */
  close(): Promise<void>;
}

/** Any valid scenario or session fits: the session file limit bounds them all. */
const maxMessageBytes = maxSessionFileBytes;
/** Browser tabs of one teacher's machine; more sockets are refused (503). */
export const maxBridgeClients = 16;
const loopback = '127.0.0.1';
const pageName = 'index.html';

function refuseUpgrade(socket: Duplex, status: 400 | 403 | 404 | 503, text: string): void {
  socket.end(
    `HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`,
  );
}

/**
 * The browser bridge: the built renderer over HTTP and the lab contract over a WebSocket, both
 * on 127.0.0.1 only and both behind a random token. Every client gets every event.
 *
 * Every request is checked before anything of it is parsed further: the Host header first
 * (DNS rebinding), then the request target is decoded and normalised without throwing, and
 * only the normalised path is routed on, so no spelling of a path (`/index%2ehtml`,
 * `//index.html`) reaches the page or an export without the token. The socket also needs the
 * page's own Origin, so another site open in the same browser cannot use the token-less
 * parts or guess its way in.
 */
export async function startBridgeServer(options: BridgeServerOptions): Promise<BridgeServer> {
  const token = options.token ?? createToken();
  const routes = createBridgeRoutes(options.host);
  const limits = options.clientLimits ?? defaultClientLimits;
  const wss = new WebSocketServer({ noServer: true, maxPayload: maxMessageBytes });
  const clients = new Map<WebSocket, BridgeConnection>();
  let port = 0;

  // A DNS-rebinding page reaches 127.0.0.1 under a foreign Host name: only ours are accepted.
  const hostAllowed = (req: IncomingMessage): boolean =>
    req.headers.host === `${loopback}:${port}` || req.headers.host === `localhost:${port}`;
  // The page is only ever served from the origin the Host names, so that is the one origin.
  const originAllowed = (req: IncomingMessage): boolean =>
    typeof req.headers.origin === 'string' && req.headers.origin === `http://${req.headers.host ?? ''}`;

  const pageRealPath = (): Promise<string | null> =>
    realpath(join(options.rendererDir, pageName)).catch(() => null);

  const handleHttp = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { ...baseHeaders(), Allow: 'GET, HEAD' });
      res.end();
      return;
    }
    if (!hostAllowed(req)) return sendText(res, 403, 'forbidden');
    const target = parseRequestTarget(req.url);
    if (target === null) return sendText(res, 400, 'bad request');
    const withToken = tokenMatches(token, target.token);
    const path = target.path;
    if (path === '/' || path.toLowerCase() === `/${pageName}`) {
      if (!withToken) return sendText(res, 403, 'forbidden: open the URL printed by npm run serve');
      return serveFile(req, res, options.rendererDir, `/${pageName}`, {
        headers: { 'Cache-Control': 'no-store' },
        rewrite: withoutPolicyMeta,
      });
    }
    if (path.toLowerCase() === validationReportPath && options.validationReport !== undefined) {
      if (!withToken) return sendText(res, 403, 'forbidden');
      return serveValidationReport(req, res, options.validationReport);
    }
    if (path.startsWith(`/${exportsFolderName}/`)) {
      if (!withToken) return sendText(res, 403, 'forbidden');
      const rel = path.slice(exportsFolderName.length + 2);
      return serveFile(req, res, join(options.dataDir, exportsFolderName), rel, {
        headers: { 'Cache-Control': 'no-store', 'Content-Disposition': 'attachment' },
      });
    }
    // The app's code and styles hold no data; only the page and the socket need the token,
    // and the page needs it under any other name a link or a case-blind disk gives it.
    const page = await pageRealPath();
    return serveFile(req, res, options.rendererDir, path, {
      allow: (real) => withToken || real !== page,
    });
  };

  const server: Server = createServer((req, res) => {
    handleHttp(req, res).catch(() => {
      if (!res.headersSent) sendText(res, 500, 'internal error');
      else res.destroy();
    });
  });
  // Slow or idle connections give up their socket instead of holding it open.
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;

  const upgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    if (!hostAllowed(req)) return refuseUpgrade(socket, 403, 'Forbidden');
    const target = parseRequestTarget(req.url);
    if (target === null) return refuseUpgrade(socket, 400, 'Bad Request');
    if (!tokenMatches(token, target.token)) return refuseUpgrade(socket, 403, 'Forbidden');
    if (target.path !== '/lab') return refuseUpgrade(socket, 404, 'Not Found');
    if (!originAllowed(req)) return refuseUpgrade(socket, 403, 'Forbidden');
    if (clients.size >= maxBridgeClients) return refuseUpgrade(socket, 503, 'Service Unavailable');
    wss.handleUpgrade(req, socket, head, (ws) => {
      clients.set(ws, new BridgeConnection(ws, routes, limits, socket));
      ws.on('close', () => clients.delete(ws));
      ws.on('error', () => ws.terminate());
    });
  };

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Node takes its own error listener off an upgraded socket: without ours, a client that
    // resets the connection while it is refused would throw from the server.
    socket.on('error', () => socket.destroy());
    try {
      upgrade(req, socket, head);
    } catch {
      socket.destroy();
    }
  });

  const unsubscribe = options.host.subscribe((event, payload) => {
    if (clients.size === 0) return;
    const text = encodeWire({ event, payload });
    for (const connection of clients.values()) connection.sendEvent(text, event === 'frame');
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, loopback, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  port = typeof address === 'object' && address !== null ? address.port : 0;

  return {
    port,
    token,
    url: `http://${loopback}:${port}/?token=${token}`,
    get clientCount() {
      return clients.size;
    },
    get clientLoad() {
      return [...clients].map(([ws, connection]) => ({
        pendingRequests: connection.pending,
        bufferedBytes: ws.bufferedAmount,
      }));
    },
    async close() {
      unsubscribe();
      for (const ws of clients.keys()) ws.close(1001, 'server shutting down');
      await new Promise<void>((resolve) => {
        wss.close(() => resolve());
      });
      for (const ws of clients.keys()) ws.terminate();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
