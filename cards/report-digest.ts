import { capList, moreText } from './cap-list';
import { formatCount, formatPercent, formatUtc, pluralize, truncateText } from './format';
import { compileTemplate } from './template';
import digestTemplate from './templates/report-digest.json';
import type { AdaptiveCard } from './types';

export interface DigestCardData {
  tenantName: string;
  tenantId: string;
  day: string;
  since: string;
  until: string;
  moved: { mailboxes: number; completed: number; activeBatches: number };
  failed: { users: number; batches: number };
  needsPerson: {
    approvals: { batchName: string; action: string; requestedAt: string }[];
    help: number;
    failedUsers: number;
  };
  batches: {
    name: string;
    state: string;
    percent: number;
    total: number;
    moved: number;
    failed: number;
    help: number;
  }[];
}

export const DIGEST_CARD_MAX_BATCHES = 10;
export const DIGEST_CARD_MAX_APPROVALS = 5;
const MAX_NAME = 120;

const render = compileTemplate<object>(digestTemplate);

const round1 = (n: number) => Math.round(n * 10) / 10;

/** A tenant's daily digest: what moved, what failed, what needs a person; the batches behind it. */
export function digestCard(data: DigestCardData): AdaptiveCard {
  const batches = capList(data.batches, DIGEST_CARD_MAX_BATCHES);
  const approvals = capList(data.needsPerson.approvals, DIGEST_CARD_MAX_APPROVALS);
  const view = {
    title: `Daily digest: ${truncateText(data.tenantName, MAX_NAME)}`,
    subtitle: `${data.day} · the last 24 hours, to ${formatUtc(data.until)}`,
    movedText:
      data.moved.mailboxes > 0 || data.moved.completed > 0
        ? `${pluralize(round1(data.moved.mailboxes), 'mailbox', 'mailboxes')} worth of data moved; ${pluralize(data.moved.completed, 'user')} completed. ${pluralize(data.moved.activeBatches, 'batch', 'batches')} running.`
        : `Nothing moved. ${pluralize(data.moved.activeBatches, 'batch', 'batches')} running.`,
    failedText:
      data.failed.users > 0
        ? `${pluralize(data.failed.users, 'user')} failed, in ${pluralize(data.failed.batches, 'batch', 'batches')}.`
        : 'No failures.',
    needs: [
      { title: 'Pending approvals', value: formatCount(data.needsPerson.approvals.length) },
      { title: 'Users asking for help', value: formatCount(data.needsPerson.help) },
      { title: 'Failed users', value: formatCount(data.needsPerson.failedUsers) },
    ],
    approvals: [
      ...approvals.shown.map((a) => ({
        text: `${a.action} of ${truncateText(a.batchName, MAX_NAME)}, asked ${formatUtc(a.requestedAt)}`,
      })),
      ...(approvals.more > 0 ? [{ text: moreText(approvals.more, ' (approvals)') }] : []),
    ],
    hasBatches: batches.shown.length > 0,
    batches: batches.shown.map((b) => ({
      name: truncateText(b.name, MAX_NAME),
      detail: [
        `${b.state} · ${formatPercent(b.percent)} of ${formatCount(b.total)}`,
        b.moved > 0 ? `+${round1(b.moved)} moved` : '',
        b.failed > 0 ? `${formatCount(b.failed)} failed` : '',
        b.help > 0 ? `${formatCount(b.help)} asking for help` : '',
      ]
        .filter(Boolean)
        .join(' · '),
    })),
    hasMore: batches.more > 0,
    more: moreText(batches.more, ' (report --tenant)'),
    hint: `More: report --tenant ${data.tenantId}`,
  };
  return render(view);
}
