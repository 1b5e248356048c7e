import { capList, moreText } from './cap-list';
import { formatBytes, formatCount, formatPercent, formatUtc, pluralize, truncateText } from './format';
import { compileTemplate } from './template';
import reportTemplate from './templates/report.json';
import type { AdaptiveCard, JsonObject } from './types';

/** The report's user groups, in the donut's order. */
export const REPORT_GROUPS = ['waiting', 'syncing', 'ready', 'completed', 'failed'] as const;
export type ReportGroup = (typeof REPORT_GROUPS)[number];

export interface ReportCardData {
  /** A batch's name, or a tenant's display name. */
  subject: string;
  kind: 'batch' | 'tenant';
  /** e.g. "Northwind Traders · cross-tenant · Syncing". */
  context: string;
  asOf?: string;
  total: number;
  percent: number;
  users: Record<ReportGroup, number>;
  /** Progress lines (one per batch), oldest point first. */
  lines: { legend: string; points: { at: string; percent: number }[] }[];
  /** What moved per UTC hour, in bytes or in mailboxes. */
  hourly: { unit: 'bytes' | 'mailboxes'; hours: { hour: string; amount: number }[] };
  ready: { count: number; emails: string[] };
  errors: {
    count: number;
    items: { email: string; status: string; error: string; fix: string; batchName?: string }[];
  };
  complete: { done: boolean; completed: number; failed: number };
  /** A tenant's batches (tenant reports only). */
  batches: { name: string; state: string; total: number; percent: number; failed: number }[];
  /** The per-user statistics CSV (batch reports). */
  csvUrl?: string;
}

/** Rows drawn on the card; the CSV and `batch users` have the rest. */
export const REPORT_CARD_MAX_ERRORS = 5;
export const REPORT_CARD_MAX_READY = 8;
export const REPORT_CARD_MAX_BATCHES = 10;
const MAX_TEXT = 300;
const MAX_NAME = 120;

const GROUP_TEXT: Record<ReportGroup, { legend: string; color: string }> = {
  waiting: { legend: 'Not started', color: 'neutral' },
  syncing: { legend: 'Copying data', color: 'categoricalBlue' },
  ready: { legend: 'Ready (synced)', color: 'categoricalTeal' },
  completed: { legend: 'Completed', color: 'good' },
  failed: { legend: 'Failed', color: 'attention' },
};

const render = compileTemplate<object>(reportTemplate);

const pad2 = (n: number) => String(n).padStart(2, '0');
/** "01-05 14:05": short, sortable, UTC. */
function shortTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}`;
}

const GIB = 1024 ** 3;

/**
 * The report card (seed 003's reports in chat): users by state (Chart.Donut), progress over time
 * (Chart.Line), what moved per hour (Chart.VerticalBar), each with a FactSet fallback for clients
 * that do not draw charts; then the mailboxes ready, the errors with their fixes and whether the
 * migration is complete, and a link to the per-user statistics as CSV.
 */
export function reportCard(data: ReportCardData): AdaptiveCard {
  const groups = REPORT_GROUPS.filter((g) => data.users[g] > 0);
  const donut = groups.map((g) => ({
    legend: GROUP_TEXT[g].legend,
    value: data.users[g],
    color: GROUP_TEXT[g].color,
  }));
  const lines = data.lines
    .filter((line) => line.points.length > 0)
    .map((line) => ({
      legend: truncateText(line.legend, MAX_NAME),
      values: line.points.map((p) => ({ x: shortTime(p.at), y: Math.floor(p.percent) })),
    }));
  const bytes = data.hourly.unit === 'bytes';
  const bars = data.hourly.hours.map((h) => ({
    x: `${shortTime(h.hour)}`,
    y: bytes ? Math.round((h.amount / GIB) * 100) / 100 : h.amount,
  }));
  const moved = data.hourly.hours.some((h) => h.amount > 0);
  const errors = capList(data.errors.items, REPORT_CARD_MAX_ERRORS).shown;
  const ready = capList(data.ready.emails, REPORT_CARD_MAX_READY).shown;
  const batches = capList(data.batches, REPORT_CARD_MAX_BATCHES);
  const title = `Report: ${truncateText(data.subject, MAX_NAME)}`;
  const facts: { title: string; value: string }[] = [
    { title: 'Users', value: formatCount(data.total) },
    { title: 'Progress', value: formatPercent(data.percent) },
    { title: 'Mailboxes ready', value: formatCount(data.ready.count) },
    { title: 'Failed', value: formatCount(data.errors.count) },
  ];
  if (data.kind === 'tenant') facts.unshift({ title: 'Batches', value: formatCount(data.batches.length) });
  const lineFacts = lines.flatMap((line) => {
    const first = line.values[0]!;
    const last = line.values[line.values.length - 1]!;
    const prefix = lines.length > 1 ? `${line.legend}: ` : '';
    return [
      { title: `${prefix}${first.x}`, value: `${first.y}%` },
      ...(line.values.length > 1 ? [{ title: `${prefix}${last.x}`, value: `${last.y}%` }] : []),
    ];
  });
  const view = {
    title,
    subtitle: [data.context, data.asOf ? `as of ${formatUtc(data.asOf)}` : 'not synced yet'].join(' · '),
    facts,
    hasUsers: donut.length > 0,
    noUsers: donut.length === 0,
    donut,
    donutFacts: donut.map((d) => ({ title: d.legend, value: formatCount(d.value) })),
    hasLine: lines.length > 0,
    noLine: lines.length === 0,
    noLineText: 'No progress recorded yet: the history starts with the first sync that changes something.',
    lines,
    lineFacts: lineFacts.slice(0, 12),
    barsTitle: bytes ? 'Data moved per hour' : 'Mailboxes moved per hour',
    barsUnit: bytes ? 'GB' : 'mailboxes',
    hasBars: moved,
    noBars: !moved,
    bars,
    barFacts: data.hourly.hours
      .filter((h) => h.amount > 0)
      .slice(-12)
      .map((h) => ({
        title: `${shortTime(h.hour)} UTC`,
        value: bytes ? formatBytes(h.amount) : String(Math.round(h.amount * 10) / 10),
      })),
    readyText:
      data.ready.count > 0
        ? `${pluralize(data.ready.count, 'mailbox', 'mailboxes')} in the cloud with mail reaching them: their users can start using them.`
        : 'No mailbox is ready yet.',
    hasReadyList: ready.length > 0,
    readyList: `${ready.join(', ')}${data.ready.count > ready.length ? `, ${moreText(data.ready.count - ready.length)}` : ''}`,
    errorsText:
      data.errors.count > 0
        ? `${pluralize(data.errors.count, 'user')} failed${data.errors.count > errors.length ? ` (the first ${errors.length} below; all in the CSV)` : ''}.`
        : 'No errors.',
    errors: errors.map((e) => ({
      heading: `${e.email}${e.batchName ? ` (${truncateText(e.batchName, MAX_NAME)})` : ''} · ${e.status}`,
      error: truncateText(e.error, MAX_TEXT),
      fix: `Fix: ${truncateText(e.fix, MAX_TEXT)}`,
    })),
    completeText: data.complete.done
      ? `Complete: ${pluralize(data.complete.completed, 'mailbox', 'mailboxes')} moved${data.complete.failed > 0 ? `, ${formatCount(data.complete.failed)} failed` : ''}.`
      : `Not complete yet: ${formatCount(data.complete.completed)} of ${formatCount(data.total)} completed.`,
    completeColor: data.complete.done ? (data.complete.failed > 0 ? 'warning' : 'good') : 'default',
    hasBatches: batches.shown.length > 0,
    batches: batches.shown.map((b) => ({
      name: truncateText(b.name, MAX_NAME),
      detail: `${b.state} · ${formatPercent(b.percent)} of ${formatCount(b.total)}${b.failed > 0 ? ` · ${formatCount(b.failed)} failed` : ''}`,
    })),
    hasMoreBatches: batches.more > 0,
    moreBatches: moreText(batches.more, ' (batch list)'),
    actions: data.csvUrl
      ? [
          {
            type: 'Action.OpenUrl',
            title: 'Per-user statistics (CSV)',
            url: data.csvUrl,
          } satisfies JsonObject,
        ]
      : [],
  };
  return render(view);
}
