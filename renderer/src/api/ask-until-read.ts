import { LabApiError } from './lab-api-error';

/** A request refused as 'busy' is asked again after this (times the attempt), ms. */
export const busyRetryMs = 500;
const busyRetries = 4;

/**
 * `ask()`, asked again a few times while it is refused as 'busy': the browser bridge refuses a
 * reply while the client has not yet read earlier ones (the charts of a large host's run are
 * several MiB, and four pinned runs are asked for at once), and they are read within moments.
 */
export async function askUntilRead<T>(ask: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await ask();
    } catch (error) {
      if (!(error instanceof LabApiError && error.code === 'busy') || attempt > busyRetries) throw error;
      await new Promise((resolve) => setTimeout(resolve, busyRetryMs * attempt));
    }
  }
}
