import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import type { LabMethod } from '../../core/lab-api/lab-api-contract';
import { encodeWire } from '../../core/lab-api/wire-codec';
import {
  answerBridgeRequest,
  decodeBridgeRequest,
  type BridgeReply,
  type BridgeRoute,
} from './bridge-dispatch';

/** What one WebSocket client may hold on the server at once. */
export interface ClientLimits {
  /** Requests being answered at once; one more is refused at once with a 'busy' reply. */
  maxInFlight: number;
  /**
   * Reply bytes waiting for the client to read them. Above it the server stops reading the
   * client's requests until it has read half, and replies are replaced by a short 'busy' error.
   */
  maxReplyBufferBytes: number;
  /** Frames are skipped while more than this is waiting (the client can reload history). */
  maxFrameBufferBytes: number;
  /** A client with more than this waiting has stopped reading altogether: it is disconnected. */
  maxBufferBytes: number;
}

export const defaultClientLimits: Readonly<ClientLimits> = {
  maxInFlight: 32,
  maxReplyBufferBytes: 16 * 1024 * 1024,
  maxFrameBufferBytes: 8 * 1024 * 1024,
  maxBufferBytes: 64 * 1024 * 1024,
};

/** How often a paused client is checked for having read its replies. */
const resumePollMs = 50;

function mib(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

function busy(id: BridgeReply['id'], message: string): BridgeReply {
  return { id, ok: false, error: { code: 'busy', message } };
}

/**
 * One authenticated WebSocket client: answers its requests within its limits and forwards
 * events, so that a client that floods requests or stops reading cannot grow the server.
 */
export class BridgeConnection {
  private inFlight = 0;
  private resumeTimer: ReturnType<typeof setInterval> | null = null;

  /**
   * @param socket The upgraded socket under `ws`: its 'drain' resumes a paused client at once
   * (a timer checks too, for sockets that never drain).
   */
  constructor(
    private readonly ws: WebSocket,
    private readonly routes: ReadonlyMap<LabMethod, BridgeRoute>,
    private readonly limits: Readonly<ClientLimits> = defaultClientLimits,
    private readonly socket: Duplex | null = null,
  ) {
    ws.on('message', (data, isBinary) => this.onMessage(isBinary ? '' : String(data)));
    ws.on('close', () => this.stopResumeTimer());
  }

  /** Requests of this client still being answered. */
  get pending(): number {
    return this.inFlight;
  }

  /** Sends a pushed event (already encoded); frames are the first thing a slow client loses. */
  sendEvent(text: string, isFrame: boolean): void {
    if (this.ws.readyState !== this.ws.OPEN) return;
    if (isFrame && this.ws.bufferedAmount > this.limits.maxFrameBufferBytes) return;
    this.sendText(text);
  }

  private onMessage(text: string): void {
    const decoded = decodeBridgeRequest(this.routes, text);
    if (!decoded.ok) return this.sendReply(decoded.reply);
    const { request } = decoded;
    if (this.inFlight >= this.limits.maxInFlight) {
      return this.sendReply(
        busy(
          request.id,
          `too many requests at once: at most ${this.limits.maxInFlight} per client may wait for a reply; wait for the earlier replies`,
        ),
      );
    }
    // No reply is worked out that could not be sent anyway.
    const waiting = this.ws.bufferedAmount;
    if (waiting > this.limits.maxReplyBufferBytes)
      return this.sendReply(this.unreadReply(request.id, waiting));
    this.inFlight++;
    void answerBridgeRequest(this.routes, request).then((reply) => {
      this.inFlight--;
      this.sendReply(reply);
    });
  }

  private sendReply(reply: BridgeReply): void {
    if (this.ws.readyState !== this.ws.OPEN) return;
    const waiting = this.ws.bufferedAmount;
    let text: string;
    try {
      text =
        waiting > this.limits.maxReplyBufferBytes
          ? encodeWire(this.unreadReply(reply.id, waiting))
          : encodeWire(reply);
    } catch (error) {
      text = encodeWire({
        id: reply.id,
        ok: false,
        error: { code: 'internal', message: `reply could not be encoded: ${String(error).slice(0, 200)}` },
      });
    }
    const bytes = Buffer.byteLength(text);
    if (waiting + bytes > this.limits.maxBufferBytes && waiting <= this.limits.maxReplyBufferBytes) {
      text = encodeWire(
        busy(
          reply.id,
          `reply of ${mib(bytes)} not sent: it is more than a client may have waiting (${mib(this.limits.maxBufferBytes)}); ask for less`,
        ),
      );
    }
    this.sendText(text);
    this.pauseWhileBehind();
  }

  private unreadReply(id: BridgeReply['id'], waiting: number): BridgeReply {
    return busy(
      id,
      `reply not sent: ${mib(waiting)} of earlier replies are still waiting for this client to read them (limit ${mib(this.limits.maxReplyBufferBytes)})`,
    );
  }

  private sendText(text: string): void {
    if (this.ws.bufferedAmount + Buffer.byteLength(text) > this.limits.maxBufferBytes) {
      // Not even reading its error replies: the connection is all it still costs us.
      this.ws.terminate();
      return;
    }
    this.ws.send(text);
  }

  /** Stops reading the client's requests while its replies pile up, so no new ones are made. */
  private pauseWhileBehind(): void {
    if (this.resumeTimer !== null || this.ws.bufferedAmount <= this.limits.maxReplyBufferBytes) return;
    this.ws.pause();
    this.resumeTimer = setInterval(this.resumeWhenRead, resumePollMs);
    this.resumeTimer.unref();
    this.socket?.on('drain', this.resumeWhenRead);
  }

  private readonly resumeWhenRead = (): void => {
    if (this.ws.readyState !== this.ws.OPEN) return this.stopResumeTimer();
    if (this.ws.bufferedAmount > this.limits.maxReplyBufferBytes / 2) return;
    this.stopResumeTimer();
    this.ws.resume();
  };

  private stopResumeTimer(): void {
    if (this.resumeTimer !== null) clearInterval(this.resumeTimer);
    this.resumeTimer = null;
    this.socket?.off('drain', this.resumeWhenRead);
  }
}
