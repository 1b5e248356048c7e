import type { IncomingMessage } from 'node:http';
import type { FaultController } from '../faults/fault-controller';
import { delay, header } from './http-io';

/** Why a request was turned away before it reached a cmdlet or a Graph route. */
export type GateRefusal =
  | { kind: 'unauthorized' }
  /** `retryAfterSeconds` null: answered without a Retry-After header. */
  | { kind: 'throttled'; retryAfterSeconds: number | null }
  | { kind: 'serverError'; status: number };

/**
 * The checks every simulated service request passes first, in this order: injected latency, the
 * bearer token (any non-empty one), injected throttling, injected 5xx. Each protocol renders a
 * refusal in its own error format.
 */
export async function passGate(req: IncomingMessage, faults: FaultController): Promise<GateRefusal | null> {
  if (faults.delayMs > 0) await delay(faults.delayMs);
  if (!/^Bearer\s+\S+/i.test(header(req, 'authorization') ?? '')) return { kind: 'unauthorized' };
  const retryAfterSeconds = faults.takeThrottle();
  if (retryAfterSeconds !== undefined) return { kind: 'throttled', retryAfterSeconds };
  const status = faults.takeServerError();
  if (status !== null) return { kind: 'serverError', status };
  return null;
}
