import type { Logger } from 'pino';
import type { Next, Request, RequestHandler, Response } from 'restify';
import { withCorrelation } from '../services/correlation';
import { traceTurn } from '../services/telemetry';

/**
 * The door of POST /api/messages: each turn runs under its activity id (the correlation id of its
 * Exchange and Graph calls, services/correlation.ts) inside a `cutover.turn` span, and the turns in
 * flight are counted so that a shutdown can refuse new ones (503) and wait for the rest.
 */
export interface TurnGate {
  /** restify middleware; only POST /api/messages is gated. */
  handler: RequestHandler;
  /** Whether new turns are refused. */
  draining(): boolean;
  inFlight(): number;
  /** Refuses new turns from now on; resolves when the turns in flight are done, or after `graceMs`. */
  drain(graceMs: number): Promise<{ left: number }>;
}

const MESSAGES_PATH = '/api/messages';
/** A retrying sender (the Bot Framework service) comes back after this; another instance answers it. */
const RETRY_AFTER_SECONDS = 5;

export function createTurnGate(log: Logger): TurnGate {
  let closed = false;
  let open = 0;
  const idle = new Set<() => void>();

  const done = () => {
    open--;
    if (open === 0) for (const wake of [...idle]) wake();
  };

  const handler: RequestHandler = (req: Request, res: Response, next: Next) => {
    if (req.method !== 'POST' || req.getPath() !== MESSAGES_PATH) return next();
    if (closed) {
      res.header('Retry-After', String(RETRY_AFTER_SECONDS));
      res.send(503, {
        error: { code: 'shutting_down', message: 'This instance is shutting down; try again shortly.' },
      });
      return next(false);
    }
    open++;
    let counted = true;
    const finished = new Promise<void>((resolve) => {
      const end = () => {
        if (counted) {
          counted = false;
          done();
        }
        resolve();
      };
      res.once('finish', end);
      res.once('close', end);
    });
    const body = (req.body ?? {}) as { id?: unknown; type?: unknown };
    const activityId = typeof body.id === 'string' && body.id ? body.id.slice(0, 200) : undefined;
    const type = typeof body.type === 'string' ? body.type.slice(0, 50) : undefined;
    const run = () =>
      traceTurn({ activityId, type }, () => {
        next();
        return finished;
      });
    (activityId ? withCorrelation(activityId, run) : run()).catch((error: unknown) =>
      log.warn({ err: error }, 'turn span failed'),
    );
  };

  return {
    handler,
    draining: () => closed,
    inFlight: () => open,
    async drain(graceMs) {
      closed = true;
      if (open > 0) {
        let wake: () => void = () => undefined;
        const timer = new Promise<void>((resolve) => {
          const t = setTimeout(resolve, graceMs);
          wake = () => {
            clearTimeout(t);
            resolve();
          };
        });
        idle.add(wake);
        await timer;
        idle.delete(wake);
      }
      return { left: open };
    },
  };
}
