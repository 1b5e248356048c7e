import type { Approval, ApprovalAction } from '../../services/model/approval';
import type { Batch } from '../../services/model/batch';
import type { Stored } from '../../services/store/document-store';
import { readAll } from '../../services/store/document-store';
import { type DemoUser, USERS } from '../support/activities';
import { cardText, eventually } from '../support/cutover';
import type { Cluster } from './cluster';
import type { BotProcess } from './start-bot-process';

export const SYNCED_STATES = ['Synced', 'SyncedWithErrors'];

export function batchIdOf(tenant: string, name: string): string {
  return `${tenant}~${name.toLowerCase()}`;
}

export function readBatch(cluster: Cluster, id: string): Promise<Stored<Batch> | null> {
  return cluster.repos.batches.read(id.split('~', 1)[0]!, id);
}

/** Waits until the stored batch satisfies the check; returns it. */
export function batchWhen(
  cluster: Cluster,
  id: string,
  check: (batch: Stored<Batch>) => boolean,
  timeoutMs: number,
  what: string,
): Promise<Stored<Batch>> {
  return eventually(
    async () => {
      const batch = await readBatch(cluster, id);
      return batch && check(batch) ? batch : undefined;
    },
    timeoutMs,
    what,
  );
}

/** `batch create` by command on one instance; resolves with the batch id once it is Created. */
export async function createBatch(
  cluster: Cluster,
  bot: BotProcess,
  options: { tenant?: string; name: string; emails: string[] },
): Promise<string> {
  const tenant = options.tenant ?? 'northwind';
  const answer = await cluster.say(
    bot,
    `batch create ${options.name} --tenant ${tenant} --scenario cross-tenant\nEmailAddress\n${options.emails.join('\n')}`,
  );
  if (answer.status !== 200) throw new Error(`batch create answered ${answer.status}`);
  const id = batchIdOf(tenant, options.name);
  await batchWhen(cluster, id, (b) => b.state === 'Created', 15_000, `${options.name} created`);
  return id;
}

/** The batch's approval for an action, once it exists in the store (the newest when there are several). */
export async function approvalOf(
  cluster: Cluster,
  batchId: string,
  action: ApprovalAction,
  timeoutMs = 10_000,
): Promise<Stored<Approval>> {
  return eventually(
    async () => {
      const all = await readAll(cluster.repos.approvals, { pk: batchId, where: { action } });
      return all.sort((a, b) => b.batchVersion - a.batchVersion)[0];
    },
    timeoutMs,
    `the ${action} approval of ${batchId}`,
  );
}

/**
 * `batch start <name>` on one instance; resolves with the pending start approval and its Approve data.
 * A request that met a concurrent write of the batch is refused as "changed at the same moment" (the
 * status sync rewrites active batches); like a user, this asks again.
 */
export async function requestStart(
  cluster: Cluster,
  bot: BotProcess,
  name: string,
  batchId: string,
  from: DemoUser = USERS.alex,
) {
  const replies: string[] = [];
  for (let attempt = 1; attempt <= 4; attempt++) {
    const mark = cluster.connector.calls.length;
    await cluster.say(bot, `batch start ${name}`, from);
    try {
      const approval = await approvalOf(cluster, batchId, 'start', 3000);
      return { approval, data: approveData(approval), refusals: replies };
    } catch {
      const answers = cluster.connector.calls.slice(mark).filter((c) => c.body.type === 'message');
      replies.push(
        ...answers.map((c) => `${c.body.text ?? ''} ${cardText(c.body.attachments ?? [])}`.trim()),
      );
    }
  }
  throw new Error(`no start approval for ${name}; the bot answered: ${replies.join('\n')}`);
}

/** Cut over now, confirmed on the card (batch.confirm) on one instance; resolves with the cutover approval. */
export async function requestCutover(cluster: Cluster, bot: BotProcess, batchId: string) {
  const batch = await readBatch(cluster, batchId);
  if (!batch) throw new Error(`${batchId} is not stored`);
  const answer = await cluster.invoke(bot, 'batch.confirm', {
    batchId,
    version: batch.version,
    action: 'cutover',
  });
  if (answer.statusCode !== 200) throw new Error(`batch.confirm answered ${JSON.stringify(answer)}`);
  const approval = await approvalOf(cluster, batchId, 'cutover');
  return { approval, data: approveData(approval), answer };
}

export function approveData(approval: Approval) {
  return { approvalId: approval.id, batchId: approval.batchId, version: approval.batchVersion };
}

/** The simulator's calls of one cmdlet for one batch (by its Exchange name). */
export function providerCalls(cluster: Cluster, cmdlet: string, name: string) {
  return cluster.simulator
    .calls({ cmdlet })
    .filter((c) => c.parameters.Identity === name || c.parameters.Name === name);
}

/**
 * The batch's start intents once none is waiting or running: Start-MigrationBatch is called only
 * for a start intent, so from then on no other Start can come.
 */
export function settledStartIntents(cluster: Cluster, id: string, timeoutMs = 20_000) {
  return eventually(
    async () => {
      const intents = await readAll(cluster.repos.intents, { pk: id, where: { action: 'start' } });
      const settled = intents.every((intent) => intent.status === 'done' || intent.status === 'failed');
      return intents.length > 0 && settled && intents;
    },
    timeoutMs,
    `the start intents of ${id} to finish`,
  );
}
