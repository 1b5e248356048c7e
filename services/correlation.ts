import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The correlation id of the work in progress: the activity id during a turn (and whatever the turn
 * starts), a job id in the background jobs. Exchange and Graph calls send it as client-request-id, so
 * one id leads from a Teams message through the log to the engine's own records.
 */
const current = new AsyncLocalStorage<string>();

/** Runs `work` (and everything it starts) under the correlation id. */
export function withCorrelation<T>(id: string, work: () => T): T {
  return current.run(id, work);
}

/** The correlation id of the work in progress, if any. */
export function correlationId(): string | undefined {
  return current.getStore();
}
