import type { Batch } from '../services/model/batch';
import { displaySafeText } from '../services/text/display-safe';

/** How many left-out users a post lists before it says "and N more". */
export const LEFT_OUT_SHOWN = 10;

/**
 * Teams markdown would read these in an address or in Exchange's text as formatting; control and
 * direction characters are shown escaped.
 */
function plain(text: string): string {
  return displaySafeText(text).replace(/[\\`*_[\]<>#|~]/g, (c) => `\\${c}`);
}

/**
 * The post that says at once who Exchange left out of a new batch and why, in Exchange's words:
 * the first LEFT_OUT_SHOWN users, then how many more (the create's audit lists more of them).
 */
export function leftOutText(batch: Batch): string {
  const skipped = batch.skipped;
  const count = skipped?.count ?? 0;
  const users = `${batch.userCount} user${batch.userCount === 1 ? '' : 's'}`;
  const head = `Exchange created **${plain(batch.name)}** with ${users} and left ${count} out:`;
  const shown = (skipped?.users ?? []).slice(0, LEFT_OUT_SHOWN);
  const lines = shown.map((u) => `- ${plain(u.email || '(empty address)')}: ${plain(u.reason)}`);
  const more = count - shown.length;
  if (more > 0) lines.push(`- and ${more} more (see \`audit ${batch.name}\`)`);
  return [head, lines.join('\n')].join('\n\n');
}
