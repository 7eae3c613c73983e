import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocket as WsWebSocket } from 'ws';
import type { LabEvent, LabEvents } from '../../../core/lab-api/lab-api-contract';
import { startBridgeServer, type BridgeServer } from '../../../electron/bridge/bridge-server';
import { createLabHost } from '../../../electron/services/lab/lab-service';
import type { LabHost } from '../../../electron/services/lab/lab-service-types';
import {
  createBridgeClient,
  type BridgeClient,
  type WebSocketConstructor,
} from '../../../renderer/src/api/bridge-client';

/** The Origin a page served by the bridge at `url` (http: or ws:) sends with its socket. */
export function pageOriginOf(url: string): string {
  return new URL(url).origin.replace(/^ws:/, 'http:');
}

/** The ws client as a browser tab of the bridge's page opens it: with the page's Origin. */
export const PageWebSocket = class extends WsWebSocket {
  constructor(url: string) {
    super(url, { origin: pageOriginOf(url) });
  }
} as unknown as WebSocketConstructor;

/** The TypeScript engine worker, runnable without a build. */
export const devWorkerPath = fileURLToPath(new URL('../worker/engine-worker-tsx.mjs', import.meta.url));

export interface BridgeHarness {
  server: BridgeServer;
  host: LabHost;
  dataDir: string;
  rendererDir: string;
  /** A client that acks every frame, as the renderer does. */
  client: BridgeClient;
  connect(options?: { ackFrames?: boolean }): BridgeClient;
  close(): Promise<void>;
}

/** A LabHost with the real services and worker behind a real bridge server on a random port. */
export async function startBridgeHarness(): Promise<BridgeHarness> {
  const root = await mkdtemp(join(tmpdir(), 'bl-bridge-'));
  const dataDir = join(root, 'data');
  const rendererDir = join(root, 'renderer');
  await mkdir(join(rendererDir, 'assets'), { recursive: true });
  await writeFile(
    join(rendererDir, 'index.html'),
    // As the build writes it: the desktop app's policy as a <meta>, which the bridge must not pass on.
    `<!doctype html><meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; script-src app://balloon-lab">\n<title>Balloon Lab</title><script type="module" src="/assets/app-1234.js"></script>`,
  );
  await writeFile(join(rendererDir, 'assets', 'app-1234.js'), 'console.log("lab")');
  const host = createLabHost({
    transport: 'bridge',
    stateDir: join(dataDir, '.state'),
    dataDir,
    fileChooser: null,
    appVersion: '0.1.0-test',
    workerPath: devWorkerPath,
  });
  const server = await startBridgeServer({ host, rendererDir, dataDir });
  const clients: BridgeClient[] = [];
  const connect = (options: { ackFrames?: boolean } = {}): BridgeClient => {
    const client = createBridgeClient(server.url, { WebSocket: PageWebSocket });
    if (options.ackFrames ?? true)
      client.on('frame', () => void client.ackFrames({ credits: 1 }).catch(() => undefined));
    clients.push(client);
    return client;
  };
  const client = connect();
  return {
    server,
    host,
    dataDir,
    rendererDir,
    client,
    connect,
    async close() {
      for (const c of clients) c.close();
      await server.close();
      await host.dispose();
      await rm(root, { recursive: true, force: true });
    },
  };
}

/** Resolves with the first `event` payload that satisfies `predicate`. */
export function nextEvent<E extends LabEvent>(
  client: BridgeClient,
  event: E,
  predicate: (p: LabEvents[E]) => boolean = () => true,
  timeoutMs = 30_000,
): Promise<LabEvents[E]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no ${event} within ${timeoutMs} ms`));
    }, timeoutMs);
    const off = client.on(event, (payload) => {
      if (!predicate(payload)) return;
      clearTimeout(timer);
      off();
      resolve(payload);
    });
  });
}
