import { reportCard } from '../cards/report';
import { batchReport, tenantReport } from '../services/workflow/report';
import type { CommandReply } from './commands/common';
import type { BotEvent } from './event';
import { failureReply } from './replies';
import { reportView } from './report-views';

/**
 * `report <batch>` (a batch's report with its CSV link) or `report --tenant <id>` (the tenant's
 * batches together). The role was checked before (viewer where the object is); the services check it
 * again.
 */
export async function reportCommand(
  ev: BotEvent,
  args: { name?: string },
  options: { tenant?: string },
  syntax: string,
): Promise<CommandReply> {
  if (args.name) {
    const result = await batchReport(ev.services.ctx, ev.actor, {
      name: args.name,
      tenantId: options.tenant,
    });
    if (!result.ok) return failureReply(result, syntax);
    return { card: reportCard(reportView(result.report, ev)) };
  }
  if (options.tenant) {
    const result = await tenantReport(ev.services.ctx, ev.actor, options.tenant);
    if (!result.ok) return failureReply(result, syntax);
    return { card: reportCard(reportView(result.report, ev)) };
  }
  return { text: `Name a batch or a tenant: ${syntax}` };
}
