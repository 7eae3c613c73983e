import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';

/** What came back on a raw TCP connection before the server closed it (or the timeout). */
export interface RawExchange {
  /** Everything the server sent, as latin1 so any byte survives. */
  text: string;
  /** HTTP status of the first response line, or null when there was none. */
  status: number | null;
  /** True when the server closed the connection (false: the timeout ended the wait). */
  closed: boolean;
}

/**
 * Sends raw bytes to 127.0.0.1:`port`, half-closes, and collects the answer. Anything a
 * browser or a hostile local program could send goes through here unmodified.
 */
export function rawExchange(
  port: number,
  bytes: Buffer | string,
  options: { timeoutMs?: number; endAfterWrite?: boolean } = {},
): Promise<RawExchange> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const socket = connect({ host: '127.0.0.1', port });
    let settled = false;
    const finish = (closed: boolean): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      const text = Buffer.concat(chunks).toString('latin1');
      const match = /^HTTP\/1\.[01] (\d{3})/.exec(text);
      resolve({ text, status: match ? Number(match[1]) : null, closed });
    };
    const timer = setTimeout(() => finish(false), options.timeoutMs ?? 2000);
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', () => finish(true));
    socket.on('close', () => finish(true));
    socket.on('connect', () => {
      socket.write(bytes);
      if (options.endAfterWrite ?? true) socket.end();
    });
  });
}

/** One client-to-server WebSocket frame (RFC 6455 §5.2), masked as a client must. */
export function wsFrame(
  payload: Buffer | string,
  options: { opcode?: number; fin?: boolean; mask?: boolean; rsv?: number } = {},
): Buffer {
  const data = typeof payload === 'string' ? Buffer.from(payload) : payload;
  const opcode = options.opcode ?? 0x1;
  const first = ((options.fin ?? true) ? 0x80 : 0) | ((options.rsv ?? 0) << 4) | opcode;
  const masked = options.mask ?? true;
  let header: Buffer;
  if (data.length < 126) header = Buffer.from([first, (masked ? 0x80 : 0) | data.length]);
  else if (data.length < 65536) {
    header = Buffer.alloc(4);
    header[0] = first;
    header[1] = (masked ? 0x80 : 0) | 126;
    header.writeUInt16BE(data.length, 2);
  } else {
    header = Buffer.alloc(10);
    header[0] = first;
    header[1] = (masked ? 0x80 : 0) | 127;
    header.writeBigUInt64BE(BigInt(data.length), 2);
  }
  if (!masked) return Buffer.concat([header, data]);
  const key = randomBytes(4);
  const body = Buffer.alloc(data.length);
  for (let i = 0; i < data.length; i++) body[i] = data[i]! ^ key[i % 4]!;
  return Buffer.concat([header, key, body]);
}

/** The opening handshake of a WebSocket to `path`, with the given extra header lines. */
export function upgradeRequest(port: number, path: string, headers: Record<string, string> = {}): string {
  const lines = [
    `GET ${path} HTTP/1.1`,
    `Host: 127.0.0.1:${port}`,
    'Upgrade: websocket',
    'Connection: Upgrade',
    `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
    'Sec-WebSocket-Version: 13',
    ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
  ];
  return `${lines.join('\r\n')}\r\n\r\n`;
}

/** Text messages of the unmasked server frames in `buffer`, and the bytes of an unfinished one. */
export function parseServerFrames(buffer: Buffer): { messages: string[]; rest: Buffer; closed: boolean } {
  const messages: string[] = [];
  let at = 0;
  let closed = false;
  while (buffer.length - at >= 2) {
    const opcode = buffer[at]! & 0x0f;
    let length = buffer[at + 1]! & 0x7f;
    let header = 2;
    if (length === 126) {
      if (buffer.length - at < 4) break;
      length = buffer.readUInt16BE(at + 2);
      header = 4;
    } else if (length === 127) {
      if (buffer.length - at < 10) break;
      length = Number(buffer.readBigUInt64BE(at + 2));
      header = 10;
    }
    if (buffer.length - at < header + length) break;
    const payload = buffer.subarray(at + header, at + header + length);
    if (opcode === 0x1) messages.push(payload.toString('utf8'));
    if (opcode === 0x8) closed = true;
    at += header + length;
  }
  return { messages, rest: buffer.subarray(at), closed };
}

/** A WebSocket client on a bare TCP socket: sends exactly the bytes it is given. */
export interface RawWebSocket {
  /** Writes raw bytes (frames built with wsFrame) in one write. */
  write(bytes: Buffer): void;
  /** Text messages received so far. */
  readonly messages: string[];
  /** Resolves once `count` messages have arrived (rejects after timeoutMs). */
  waitForMessages(count: number, timeoutMs?: number): Promise<string[]>;
  close(): void;
}

/** Opens a WebSocket to `path` by hand; rejects with the status line when the server refuses. */
export function openRawWebSocket(
  port: number,
  path: string,
  headers: Record<string, string>,
): Promise<RawWebSocket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    const messages: string[] = [];
    const waiters: (() => void)[] = [];
    let pending = Buffer.alloc(0);
    let upgraded = false;
    socket.on('error', (e) => reject(e));
    socket.on('connect', () => socket.write(upgradeRequest(port, path, headers)));
    socket.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      if (!upgraded) {
        const end = pending.indexOf('\r\n\r\n');
        if (end === -1) return;
        const head = pending.subarray(0, end).toString('latin1');
        if (!head.startsWith('HTTP/1.1 101')) {
          socket.destroy();
          reject(new Error(head.split('\r\n')[0]));
          return;
        }
        upgraded = true;
        pending = pending.subarray(end + 4);
        resolve(client);
      }
      const parsed = parseServerFrames(pending);
      pending = Buffer.from(parsed.rest);
      messages.push(...parsed.messages);
      for (const wake of waiters.splice(0)) wake();
    });
    const client: RawWebSocket = {
      write: (bytes) => socket.write(bytes),
      messages,
      waitForMessages(count, timeoutMs = 10_000) {
        return new Promise((done, fail) => {
          const deadline = setTimeout(
            () => fail(new Error(`${messages.length} of ${count} messages`)),
            timeoutMs,
          );
          const check = (): void => {
            if (messages.length >= count) {
              clearTimeout(deadline);
              done(messages);
            } else waiters.push(check);
          };
          check();
        });
      },
      close: () => socket.destroy(),
    };
  });
}
