import type { ExportLinks } from './export-links';

/** The runbook step whose operators get the MEU conversion file (staged migrations, seed 003 step 5). */
export const MEU_STEP = { runbookId: 'staged', stepId: 'convert-to-meu' } as const;

/**
 * The downloads a runbook card offers on its steps: on the staged runbook's "convert to mail-enabled
 * users" step, the tenant's MEU conversion file (a signed link, shown to operators only).
 */
export function stepDownloads(
  view: { tenantId: string; definition: { id: string }; canOperate: boolean },
  links: ExportLinks,
): Record<string, { title: string; url: string }> | undefined {
  if (view.definition.id !== MEU_STEP.runbookId || !view.canOperate) return undefined;
  return { [MEU_STEP.stepId]: { title: 'MEU conversion addresses (CSV)', url: links.meu(view.tenantId) } };
}
