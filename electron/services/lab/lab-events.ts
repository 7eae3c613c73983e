import type { LabEvent, LabEvents } from '../../../core/lab-api/lab-api-contract';
import type { LabEventListener } from './lab-service-types';

/** Fan-out of pushed events to every transport subscribed to the lab. */
export class LabEventHub {
  private readonly listeners = new Set<LabEventListener>();

  get size(): number {
    return this.listeners.size;
  }

  subscribe(listener: LabEventListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  emit<E extends LabEvent>(event: E, payload: LabEvents[E]): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event, payload);
      } catch (error) {
        // One broken transport must not starve the others of events.
        console.error(`lab event listener failed on ${event}:`, error);
      }
    }
  }
}
