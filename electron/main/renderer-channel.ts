import type { WebContents } from 'electron';
import { labEvents } from '../../core/lab-api/lab-api-contract';
import type { LabEvent, LabEvents } from '../../core/lab-api/lab-api-contract';
import type { LabHost } from '../services/lab/lab-service-types';
import { eventChannel } from '../ipc/ipc-channels';

type Target = Pick<WebContents, 'send' | 'isDestroyed'>;

const knownEvents: ReadonlySet<string> = new Set(labEvents);
/** Notices raised before the page loaded; more than a handful means something loops. */
const maxQueued = 20;

/**
 * Pushes contract events to the window. Events the main process raises itself (menu commands,
 * notices) before the page has loaded are queued and delivered once it has; pushed LabHost
 * events (frames) are not, because the page asks for fresh state when it starts.
 */
export class RendererChannel {
  private target: Target | null = null;
  private readonly queue: Array<{ channel: string; payload: unknown }> = [];

  /** The page finished loading into `target`: flush what waited. */
  attach(target: Target): void {
    this.target = target;
    for (const item of this.queue.splice(0)) target.send(item.channel, item.payload);
  }

  /** The page is gone (window closed, reloading). */
  detach(): void {
    this.target = null;
  }

  send<E extends LabEvent>(
    event: E,
    payload: LabEvents[E],
    options: { queue: boolean } = { queue: true },
  ): void {
    if (!knownEvents.has(event)) return;
    const channel = eventChannel(event);
    const target = this.target;
    if (target !== null && !target.isDestroyed()) {
      target.send(channel, payload);
      return;
    }
    if (options.queue && this.queue.length < maxQueued) this.queue.push({ channel, payload });
  }

  /** Forwards every LabHost event (as `lab:event:<name>`); returns the unsubscribe function. */
  forwardFrom(host: Pick<LabHost, 'subscribe'>): () => void {
    return host.subscribe((event, payload) => this.send(event, payload, { queue: false }));
  }
}
