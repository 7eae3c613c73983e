import { basename } from 'node:path';
import type { LabHost } from '../services/lab/lab-service-types';
import { toLabErrorPayload } from '../services/lab/lab-error';
import type { RendererChannel } from './renderer-channel';

export type OpenOutcome = 'opened' | 'cancelled' | 'failed';

export interface SessionOpenerDeps {
  host: Pick<LabHost, 'invoke'>;
  channel: Pick<RendererChannel, 'send'>;
  /** Asks whether unsaved changes may be thrown away; true = go ahead. */
  confirmDiscard(sessionName: string, fileName: string): Promise<boolean>;
}

/**
 * Opens session files the renderer did not ask for: from the OS (double click, second
 * instance), a drop on the window, or the Open Recent menu. The page learns the new state
 * through `stateChanged`, failures through a `notice`. Opens run one at a time.
 */
export class SessionOpener {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: SessionOpenerDeps) {}

  open(path: string): Promise<OpenOutcome> {
    const next = this.queue.then(() => this.openNow(path));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async openNow(path: string): Promise<OpenOutcome> {
    const { host, channel } = this.deps;
    const fileName = basename(path);
    try {
      const current = await host.invoke('getState', {});
      if (current.session.dirty && !(await this.deps.confirmDiscard(current.session.name, fileName)))
        return 'cancelled';
      const opened = await host.invoke('openSession', { target: path });
      if (opened === null) return 'cancelled';
      channel.send('stateChanged', opened);
      return 'opened';
    } catch (error) {
      channel.send('notice', {
        level: 'error',
        message: `Could not open ${fileName}: ${toLabErrorPayload(error).message}`,
      });
      return 'failed';
    }
  }
}
