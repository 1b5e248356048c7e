import { type AdaptiveCard, type CardVerb, type CardVerbData, errorCard } from '../cards';
import {
  authorize,
  hasAnyRole,
  mayAnswerNotice,
  tenantOfBatchId,
  tenantOfBatchName,
  tenantsWhere,
} from '../services/authorize';
import type { Role } from '../services/config/tenants';
import { noticeBatchId } from '../services/model/notice';
import { VERB_ACCESS, type VerbAccess } from './authorize-table';
import { type ParsedCommand, tenantOption } from './commands/parse';
import type { BotEvent } from './event';
import { failureReply, type Reply } from './replies';

/**
 * The check that runs before every command and card verb, from the role tables (COMMANDS in
 * bot/commands/specs.ts, VERB_ACCESS in bot/authorize-table.ts): the tenant of the object named is found
 * from the id or the name alone, the caller's role is checked there, and only then does the handler read
 * anything into a reply. A refusal is one card, the same whether or not the object exists; it is logged,
 * never written to the tenant's audit trail (an outsider cannot fill a customer's audit).
 */

const TENANT_SHOWN = 60;

/** The one refusal. */
export function refusalCard(message: string): AdaptiveCard {
  return errorCard({ title: 'Not allowed', message });
}

interface Refusal {
  message: string;
  tenant?: string;
}

function refusalFor(
  ev: BotEvent,
  role: Role,
  tenant: string | undefined,
  doing: string,
  fixed?: string,
): Refusal | undefined {
  if (tenant === undefined) {
    if (tenantsWhere(ev.tenants, ev.actor, role).length > 0) return undefined;
    return { message: fixed ?? `You need the ${role} role in a tenant to ${doing}.` };
  }
  if (authorize(ev.tenants, ev.actor, tenant, role)) return undefined;
  const shown = tenant.length > TENANT_SHOWN ? `${tenant.slice(0, TENANT_SHOWN)}…` : tenant;
  return { message: fixed ?? `You need the ${role} role in ${shown} to ${doing}.`, tenant };
}

function logRefusal(ev: BotEvent, verb: string, refusal: Refusal, role: string): void {
  const tenant = refusal.tenant?.slice(0, TENANT_SHOWN);
  const outsider = tenant
    ? !hasAnyRole(ev.tenants, ev.actor, tenant)
    : tenantsWhere(ev.tenants, ev.actor).length === 0;
  ev.log.warn({ verb, tenant, role, outsider }, 'refused');
}

/** A card verb's check: undefined when the caller may go on, else the refusal card to answer with. */
export async function authorizeVerb<V extends CardVerb>(
  verb: V,
  data: CardVerbData[V],
  ev: BotEvent,
): Promise<AdaptiveCard | undefined> {
  const access = VERB_ACCESS[verb] as VerbAccess<CardVerbData[V]>;
  if (access.role === 'recipient') {
    const noticeId = access.notice(data);
    if (await mayAnswerNotice(ev.services.ctx, ev.actor, noticeId)) return undefined;
    const refusal = { message: access.refusal, tenant: tenantOfBatchId(noticeBatchId(noticeId)) };
    logRefusal(ev, verb, refusal, 'recipient');
    return refusalCard(refusal.message);
  }
  const object = access.object(data);
  const tenant =
    'batchId' in object
      ? tenantOfBatchId(object.batchId)
      : 'tenantId' in object
        ? object.tenantId
        : undefined;
  const refusal = refusalFor(ev, access.role, tenant, access.doing, access.refusal);
  if (!refusal) return undefined;
  logRefusal(ev, verb, refusal, access.role);
  return refusalCard(refusal.message);
}

/**
 * A command's check. A command naming a batch by name without --tenant is looked up only in the tenants
 * where the caller has a role; the command goes on bound to the batch's tenant, so the handler finds
 * that batch and no other.
 */
export async function authorizeCommand(
  command: ParsedCommand,
  ev: BotEvent,
): Promise<{ ok: true; command: ParsedCommand } | { ok: false; reply: Reply }> {
  const spec = command.spec;
  if (spec.role === 'none') return { ok: true, command };
  let tenant = spec.object === 'anywhere' ? undefined : tenantOption(command);
  // A batch command whose batch is optional (report) and not given is checked in its --tenant, if any.
  const named = command.args.name !== undefined || !spec.args.includes('name?');
  if (
    spec.object === 'batch' &&
    named &&
    tenant === undefined &&
    tenantsWhere(ev.tenants, ev.actor).length > 0
  ) {
    const found = await tenantOfBatchName(ev.services.ctx, ev.actor, command.args.name ?? '');
    if (!found.ok) return { ok: false, reply: failureReply(found, spec.syntax) };
    tenant = found.tenantId;
    command = { ...command, options: { ...command.options, tenant } };
  }
  const refusal = refusalFor(ev, spec.role, tenant, spec.doing);
  if (!refusal) return { ok: true, command };
  logRefusal(ev, spec.key, refusal, spec.role);
  return { ok: false, reply: { card: refusalCard(refusal.message) } };
}
