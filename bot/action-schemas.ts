import { z } from 'zod';
import { type CardVerb, type CardVerbData, parseFormTarget } from '../cards';
import { PORTFOLIO_FILTERS } from '../services/workflow/portfolio';

const ref = { batchId: z.string().min(1).max(200), version: z.coerce.number().int().nonnegative() };
const text = z.string().max(2_000_000).optional();
const runbookRef = { tenantId: z.string().min(1).max(100), runbookId: z.string().min(1).max(100) };
const stepId = z.string().min(1).max(100);

/** Card data is client input: every verb's data is checked before a handler sees it. */
export const ACTION_SCHEMAS: { [V in CardVerb]: z.ZodType<CardVerbData[V], z.ZodTypeDef, unknown> } = {
  'batch.refresh': z.object(ref),
  'batch.users': z.object({
    batchId: ref.batchId,
    page: z.coerce.number().int().min(1).max(10_000).default(1),
    status: z.string().max(40).optional(),
  }),
  'batch.start': z.object(ref),
  'batch.stop': z.object(ref),
  'batch.retry': z.object(ref),
  'batch.cutover': z.object(ref),
  'batch.remove': z.object(ref),
  'batch.verify': z.object(ref),
  'batch.prestage': z.object(ref),
  'batch.pass': z.object(ref),
  'batch.retry-errors': z.object(ref),
  'batch.confirm': z
    .object({
      ...ref,
      action: z.enum(['cutover', 'retry', 'remove']),
      at: z.string().max(64).optional(),
      cutoverAt: z.string().max(64).optional(),
    })
    .transform((d) => d),
  // The form sends `target` ("<tenant>/<scenario>", one choice per pair the tenant is set up for); older
  // forms sent `tenant` and `scenario`. Either way the handler gets both, and creating the batch refuses
  // a scenario the tenant is not set up for, with the form back and the reason on it.
  'batch.create': z
    .object({
      target: z.string().max(200).optional(),
      tenant: z.string().max(100).optional(),
      scenario: z.string().max(40).optional(),
      name: z.string().max(200).optional(),
      csv: text,
      targetDeliveryDomain: z.string().max(255).optional(),
      completeAfter: z.string().max(64).optional(),
    })
    .transform(({ target, ...rest }) => {
      if (target === undefined || target.trim() === '') return rest;
      const chosen = parseFormTarget(target);
      return { ...rest, tenant: chosen.tenant, scenario: chosen.scenario };
    }),
  'approval.refresh': z.object({ approvalId: z.string().min(1).max(300), batchId: ref.batchId }),
  'approval.approve': z.object({
    approvalId: z.string().min(1).max(300),
    batchId: ref.batchId,
    version: ref.version,
  }),
  'approval.reject': z.object({
    approvalId: z.string().min(1).max(300),
    batchId: ref.batchId,
    version: ref.version,
    reason: z.string().max(2000).optional(),
  }),
  'audit.page': z.object({
    batchId: ref.batchId,
    page: z.coerce.number().int().min(1).max(10_000).default(1),
  }),
  'user.status': z.object({ email: z.string().min(1).max(320), batchId: z.string().max(200).optional() }),
  'preflight.run': z.object({ batchId: ref.batchId }),
  'runbook.show': z.object(runbookRef),
  'runbook.check': z.object({ ...runbookRef, stepId, done: z.boolean(), version: ref.version }),
  'runbook.verify': z.object({ ...runbookRef, stepId, version: ref.version }),
  'notice.ack': z.object({ noticeId: z.string().min(1).max(300), answer: z.enum(['done', 'help']) }),
  'portfolio.page': z.object({
    page: z.coerce.number().int().min(1).max(10_000).default(1),
    state: z.enum(PORTFOLIO_FILTERS).optional(),
  }),
  'portfolio.tenant': z.object({ tenantId: runbookRef.tenantId }),
};

export function isCardVerb(verb: unknown): verb is CardVerb {
  return typeof verb === 'string' && Object.hasOwn(ACTION_SCHEMAS, verb);
}
