import { z } from 'zod';
import type { FaultController } from '../faults/fault-controller';

/** Body of POST /_simulator/faults. Every part is optional; `reset` is applied first. */
export const faultsRequestSchema = z
  .object({
    reset: z.literal(true).optional(),
    failUser: z
      .object({ email: z.string().email(), error: z.string().min(1).optional() })
      .strict()
      .optional(),
    endpointDown: z
      .object({ name: z.string().trim().min(1) })
      .strict()
      .optional(),
    throttle: z
      .object({
        count: z.number().int().min(0),
        /** null: the 429s carry no Retry-After header. */
        retryAfterSeconds: z.number().int().min(0).max(3600).nullable().optional(),
      })
      .strict()
      .optional(),
    serverErrors: z
      .object({ count: z.number().int().min(0), status: z.number().int().min(500).max(599).optional() })
      .strict()
      .optional(),
    latencyMs: z.number().int().min(0).max(600_000).optional(),
    failInstall: z
      .object({ email: z.string().email(), status: z.number().int().min(400).max(599).optional() })
      .strict()
      .optional(),
    connectorThrottle: z
      .object({
        count: z.number().int().min(0).optional(),
        seconds: z.number().int().min(0).max(3600).optional(),
        retryAfterSeconds: z.number().int().min(1).max(3600).optional(),
      })
      .strict()
      .refine((t) => (t.count === undefined) !== (t.seconds === undefined), {
        message:
          'give either count (a burst of that many 429s) or seconds (every post refused for that long)',
      })
      .optional(),
    connectorErrors: z
      .object({ count: z.number().int().min(0), status: z.number().int().min(500).max(599).optional() })
      .strict()
      .optional(),
    /** Throttles one tenant's InvokeCommand calls only: a burst of `count`, or every call for `seconds`. */
    tenantThrottle: z
      .object({
        tenant: z.string().trim().min(1),
        count: z.number().int().min(0).optional(),
        seconds: z.number().int().min(0).max(3600).optional(),
        retryAfterSeconds: z.number().int().min(0).max(3600).optional(),
      })
      .strict()
      .refine((t) => (t.count === undefined) !== (t.seconds === undefined), {
        message:
          'give either count (a burst of that many 429s) or seconds (every call refused for that long)',
      })
      .optional(),
    migrationWiz: z
      .object({
        serverErrors: z
          .object({ count: z.number().int().min(0) })
          .strict()
          .optional(),
        throttle: z
          .object({
            count: z.number().int().min(0),
            retryAfterSeconds: z.number().int().min(0).max(3600).optional(),
          })
          .strict()
          .optional(),
        expireTickets: z.literal(true).optional(),
        userSuppliesCredentials: z.object({ email: z.string().email() }).strict().optional(),
      })
      .strict()
      .optional(),
  })
  .strict();
export type FaultsRequest = z.infer<typeof faultsRequestSchema>;

export function applyFaultsRequest(faults: FaultController, request: FaultsRequest): void {
  if (request.reset) faults.reset();
  if (request.failUser) faults.failUser(request.failUser.email, request.failUser.error);
  if (request.endpointDown) faults.endpointDown(request.endpointDown.name);
  if (request.throttle) faults.throttle(request.throttle.count, request.throttle.retryAfterSeconds);
  if (request.serverErrors) faults.serverErrors(request.serverErrors.count, request.serverErrors.status);
  if (request.latencyMs !== undefined) faults.latency(request.latencyMs);
  if (request.failInstall) faults.failInstall(request.failInstall.email, request.failInstall.status);
  const throttle = request.connectorThrottle;
  if (throttle?.seconds !== undefined) faults.connectorThrottleFor(throttle.seconds);
  else if (throttle?.count !== undefined)
    faults.connectorThrottle(throttle.count, throttle.retryAfterSeconds);
  if (request.connectorErrors) {
    faults.connectorErrors(request.connectorErrors.count, request.connectorErrors.status);
  }
  const tenantThrottle = request.tenantThrottle;
  if (tenantThrottle) {
    const { tenant, ...options } = tenantThrottle;
    faults.throttleTenant(tenant, options);
  }
  const mwz = request.migrationWiz;
  if (mwz?.serverErrors) faults.mwzServerErrors(mwz.serverErrors.count);
  if (mwz?.throttle) faults.mwzThrottle(mwz.throttle.count, mwz.throttle.retryAfterSeconds);
  if (mwz?.expireTickets) faults.mwzExpireTickets();
  if (mwz?.userSuppliesCredentials) faults.mwzUserSuppliesCredentials(mwz.userSuppliesCredentials.email);
}
