import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { encodeWire } from '../../core/lab-api/wire-codec';
import { exportsFolderName } from '../services/data-folder';
import type { LabHost } from '../services/lab-service-types';
import { createBridgeRoutes, dispatchBridgeMessage } from './bridge-dispatch';
import { createToken, tokenMatches, tokenOfUrl } from './bridge-token';
import { baseHeaders, sendText, serveFile } from './static-files';

export interface BridgeServerOptions {
  host: LabHost;
  /** Built renderer (out/renderer). */
  rendererDir: string;
  /** Data folder; its exports are downloadable under /exports/. */
  dataDir: string;
  /** 0 = a random free port. */
  port?: number;
  token?: string;
}

export interface BridgeServer {
  readonly port: number;
  readonly token: string;
  /** The page to open: http://127.0.0.1:<port>/?token=<hex>. */
  readonly url: string;
  readonly clientCount: number;
  /** Closes every socket and the server (the LabHost is the caller's to dispose). */
  close(): Promise<void>;
}

/** Larger than any scenario document (trace workloads of 100,000 samples). */
const maxMessageBytes = 32 * 1024 * 1024;
/** A client this far behind gets no frames until it catches up (it can reload history). */
const maxBufferedBytes = 8 * 1024 * 1024;
const loopback = '127.0.0.1';

function refuseUpgrade(socket: Duplex, status: 400 | 403 | 404, text: string): void {
  socket.end(
    `HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`,
  );
}

/**
 * The browser bridge: the built renderer over HTTP and the lab contract over a WebSocket, both
 * on 127.0.0.1 only and both behind a random token. Every client gets every event.
 */
export async function startBridgeServer(options: BridgeServerOptions): Promise<BridgeServer> {
  const token = options.token ?? createToken();
  const routes = createBridgeRoutes(options.host);
  const wss = new WebSocketServer({ noServer: true, maxPayload: maxMessageBytes });
  const clients = new Set<WebSocket>();
  let port = 0;

  // A DNS-rebinding page reaches 127.0.0.1 under a foreign Host name: only ours are accepted.
  const hostAllowed = (req: IncomingMessage): boolean =>
    req.headers.host === `${loopback}:${port}` || req.headers.host === `localhost:${port}`;

  const handleHttp = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { ...baseHeaders(), Allow: 'GET, HEAD' });
      res.end();
      return;
    }
    if (!hostAllowed(req)) return sendText(res, 403, 'forbidden');
    const url = new URL(req.url ?? '/', `http://${loopback}`);
    const path = url.pathname;
    if (path === '/' || path === '/index.html') {
      if (!tokenMatches(token, url.searchParams.get('token')))
        return sendText(res, 403, 'forbidden: open the URL printed by npm run serve');
      return serveFile(req, res, options.rendererDir, '/index.html', { 'Cache-Control': 'no-store' });
    }
    if (path.startsWith(`/${exportsFolderName}/`)) {
      if (!tokenMatches(token, url.searchParams.get('token'))) return sendText(res, 403, 'forbidden');
      const rel = path.slice(exportsFolderName.length + 2);
      return serveFile(req, res, join(options.dataDir, exportsFolderName), rel, {
        'Cache-Control': 'no-store',
        'Content-Disposition': 'attachment',
      });
    }
    // The app's code and styles hold no data; only the page and the socket need the token.
    return serveFile(req, res, options.rendererDir, path);
  };

  const server: Server = createServer((req, res) => {
    handleHttp(req, res).catch(() => {
      if (!res.headersSent) sendText(res, 500, 'internal error');
      else res.destroy();
    });
  });

  server.on('upgrade', (req, socket, head) => {
    const path = new URL(req.url ?? '/', `http://${loopback}`).pathname;
    if (path !== '/lab') return refuseUpgrade(socket, 404, 'Not Found');
    if (!hostAllowed(req) || !tokenMatches(token, tokenOfUrl(req.url)))
      return refuseUpgrade(socket, 403, 'Forbidden');
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  wss.on('connection', (ws: WebSocket) => {
    clients.add(ws);
    ws.on('close', () => clients.delete(ws));
    ws.on('error', () => ws.terminate());
    ws.on('message', (data, isBinary) => {
      const text = isBinary ? '' : data.toString();
      void dispatchBridgeMessage(routes, text).then((reply) => {
        if (ws.readyState === ws.OPEN) ws.send(encodeWire(reply));
      });
    });
  });

  const unsubscribe = options.host.subscribe((event, payload) => {
    if (clients.size === 0) return;
    const text = encodeWire({ event, payload });
    for (const ws of clients) {
      if (ws.readyState !== ws.OPEN) continue;
      if (event === 'frame' && ws.bufferedAmount > maxBufferedBytes) continue;
      ws.send(text);
    }
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
    async close() {
      unsubscribe();
      for (const ws of clients) ws.close(1001, 'server shutting down');
      await new Promise<void>((resolve) => {
        wss.close(() => resolve());
      });
      for (const ws of clients) ws.terminate();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
