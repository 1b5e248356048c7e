import { type Role, rolesOf, type TenantsFile } from './config/tenants';
import type { ServiceContext } from './context';
import type { Actor } from './model/batch';
import { noticeBatchId } from './model/notice';
import { isPreviewNoticeId } from './notices/queries';
import { type Failure, failure } from './model/result';
import { findBatchesByName } from './store/repositories';

/**
 * The one role check: does the actor hold the role in the tenant (global roles, implied roles and the
 * approvers an approval policy names included; see rolesOf). Commands and card verbs are checked with it
 * before their handler runs (bot/authorize.ts); services use it for what the role table cannot express.
 */
export function authorize(
  tenants: TenantsFile,
  actor: Pick<Actor, 'id'>,
  tenantId: string,
  role: Role,
): boolean {
  return rolesOf(tenants, tenantId, actor.id).has(role);
}

/** Whether the actor holds any role in the tenant (someone without one is an outsider there). */
export function hasAnyRole(tenants: TenantsFile, actor: Pick<Actor, 'id'>, tenantId: string): boolean {
  return rolesOf(tenants, tenantId, actor.id).size > 0;
}

/** The tenants in which the actor holds the role (any role when none is given). */
export function tenantsWhere(tenants: TenantsFile, actor: Pick<Actor, 'id'>, role?: Role): string[] {
  return tenants.tenants
    .filter((t) => (role ? authorize(tenants, actor, t.id, role) : hasAnyRole(tenants, actor, t.id)))
    .map((t) => t.id);
}

/** The tenant a batch id belongs to, read from the id itself (`<tenant>~<name>`), without a store read. */
export function tenantOfBatchId(batchId: string): string {
  return batchId.split('~', 1)[0]!;
}

/**
 * The tenant of the batch a command names by name, looked up only among the tenants where the actor has
 * a role: a batch in any other tenant is as unknown as one that does not exist.
 */
export async function tenantOfBatchName(
  ctx: ServiceContext,
  actor: Pick<Actor, 'id'>,
  name: string,
): Promise<{ ok: true; tenantId: string } | Failure> {
  const visible = tenantsWhere(ctx.tenants, actor);
  const found = (await findBatchesByName(ctx.repos, name.trim())).filter((b) => visible.includes(b.tenantId));
  if (found.length === 0) return failure('batch.not_in_your_tenants', { name: name.trim() });
  if (found.length > 1) {
    return failure('batch.ambiguous', { name: name.trim(), tenantIds: found.map((b) => b.tenantId) });
  }
  return { ok: true, tenantId: found[0]!.tenantId };
}

/**
 * Who may answer a notice: the user it went to (the actor's Entra object id is the notice's user). A
 * preview's id names no notice; answering one records nothing, and it is open to a viewer of the
 * batch's tenant (the preview card is shown to operators).
 */
export async function mayAnswerNotice(
  ctx: ServiceContext,
  actor: Pick<Actor, 'id'>,
  noticeId: string,
): Promise<boolean> {
  if (!actor.id) return false;
  const batchId = noticeBatchId(noticeId);
  if (isPreviewNoticeId(noticeId)) return authorize(ctx.tenants, actor, tenantOfBatchId(batchId), 'viewer');
  const notice = await ctx.repos.notices.read(batchId, noticeId);
  return notice?.userId === actor.id;
}
