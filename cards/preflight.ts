import { executeAction } from './actions';
import { capList, moreText } from './cap-list';
import { formatCount, formatUtc, pluralize, truncateText } from './format';
import type { TextColor } from './state-style';
import { compileTemplate } from './template';
import preflightTemplate from './templates/preflight.json';
import type { AdaptiveCard, CardAction, JsonObject } from './types';

export type PreflightCardStatus = 'pass' | 'warning' | 'fail';

/** Something wrong (fail) or worth a look (warning), with the fix in one sentence. */
export interface PreflightCardFinding {
  title: string;
  status: 'warning' | 'fail';
  message: string;
  fix: string;
}

export interface PreflightCardData {
  batchId: string;
  batchName: string;
  tenantName: string;
  scenario: string;
  state: 'running' | 'done' | 'error';
  /** Display name of who ran the checks. */
  ranBy: string;
  /** ISO-8601. */
  startedAt: string;
  /** ISO-8601. */
  finishedAt?: string;
  /** When `state` is 'error': why the run could not finish. */
  error?: string;
  userCount: number;
  /** Users by their worst status. */
  counts: { pass: number; warning: number; fail: number };
  /** Per check, how many users got a warning or a failure; the card sorts them worst first. */
  checks: { title: string; warning: number; fail: number }[];
  batchFindings: PreflightCardFinding[];
  /** Users with at least one finding, worst first. */
  users: { email: string; status: 'warning' | 'fail'; findings: PreflightCardFinding[] }[];
  /** Mailboxes that share permissions; a member whose `batchName` is this batch's name is in this batch. */
  delegates: { members: { email: string; batchName?: string }[]; links: string[] }[];
  /** A start was asked for and the failures stop it. */
  startBlocked: boolean;
  /** An admin's decision to start despite failures; `at` is ISO-8601. */
  override?: { by: string; at: string; reason: string };
  /** A link to the CSV report. */
  exportUrl?: string;
  /** Whether the viewer may run the checks again. */
  canRun: boolean;
}

/** At most this many batch findings are listed. */
export const PREFLIGHT_CARD_MAX_BATCH_FINDINGS = 6;
/** At most this many rows are shown under "By check". */
export const PREFLIGHT_CARD_MAX_CHECKS = 12;
/** At most this many users are listed; the CSV report has them all. */
export const PREFLIGHT_CARD_MAX_USERS = 15;
/** At most this many findings are shown per user. */
export const PREFLIGHT_CARD_MAX_USER_FINDINGS = 3;
/** At most this many groups of delegates are listed. */
export const PREFLIGHT_CARD_MAX_DELEGATE_GROUPS = 5;
/** At most this many members and links are listed per group. */
export const PREFLIGHT_CARD_MAX_GROUP_MEMBERS = 6;
export const PREFLIGHT_CARD_MAX_GROUP_LINKS = 3;

const MAX_NAME = 200;
const MAX_TENANT = 120;
const MAX_SCENARIO = 60;
const MAX_PERSON = 100;
const MAX_ERROR = 600;
const MAX_REASON = 400;
/** A longer link is left out rather than cut, which would break it. */
const MAX_URL = 2_000;

/**
 * Text lengths in the lists. They fit every usual title, address and sentence; when long texts in every
 * list would take a card past its size budget, it is drawn again with all of them shortened by `scale`.
 */
const LIST_TEXT = {
  checkTitle: 100,
  batchTitle: 100,
  batchMessage: 400,
  batchFix: 300,
  email: 120,
  userMessage: 240,
  userFix: 200,
  link: 200,
  /** Batch names have at most 64 characters (BATCH_NAME_PATTERN). */
  otherBatch: 64,
};
type ListText = typeof LIST_TEXT;
const SCALES = [1, 0.6, 0.4, 0.25, 0.15, 0.1];
/** No list text is cut shorter than this. */
const MIN_TEXT = 24;
/**
 * In UTF-8 bytes, below the 40 KB cards keep to (Teams takes 100 KB per message). Only lists full of
 * long texts in non-Latin scripts can stay above it at the smallest scale, and those still stay under
 * 40,000 characters of JSON.
 */
const SIZE_BUDGET = 38_000;

function scaled(scale: number): ListText {
  const limits = { ...LIST_TEXT };
  for (const key of Object.keys(limits) as (keyof ListText)[])
    limits[key] = Math.max(MIN_TEXT, Math.floor(LIST_TEXT[key] * scale));
  return limits;
}

/** A button that opens a link, here the CSV report. */
interface OpenUrlAction extends JsonObject {
  type: 'Action.OpenUrl';
  title: string;
  url: string;
}

interface FindingView {
  title: string;
  statusText: string;
  statusColor: TextColor;
  message: string;
  fixText: string;
}

interface HeaderView {
  title: string;
  subtitle: string;
  isRunning: boolean;
  runningText: string;
  isError: boolean;
  errorText: string;
  isDone: boolean;
  headline: string;
  headlineColor: TextColor;
  isBlocked: boolean;
  blockedText: string;
  hasOverride: boolean;
  overrideText: string;
}

interface FindingsView {
  hasBatchFindings: boolean;
  batchFindings: FindingView[];
  hasMoreBatchFindings: boolean;
  moreBatchFindingsText: string;
  hasChecks: boolean;
  checks: {
    title: string;
    failText: string;
    failColor: TextColor;
    warningText: string;
    warningColor: TextColor;
  }[];
  hasMoreChecks: boolean;
  moreChecksText: string;
  hasUsers: boolean;
  usersTitle: string;
  users: {
    email: string;
    statusText: string;
    statusColor: TextColor;
    findings: { message: string; fixText: string }[];
    hasMoreFindings: boolean;
    moreFindingsText: string;
  }[];
  hasMoreUsers: boolean;
  moreUsersText: string;
}

interface DelegatesView {
  hasDelegates: boolean;
  delegatesNote: string;
  delegates: {
    members: { text: string }[];
    hasMoreMembers: boolean;
    moreMembersText: string;
    links: { text: string }[];
    hasMoreLinks: boolean;
    moreLinksText: string;
  }[];
  hasMoreDelegates: boolean;
  moreDelegatesText: string;
}

type PreflightView = HeaderView & FindingsView & DelegatesView & { actions: (CardAction | OpenUrlAction)[] };

const render = compileTemplate<PreflightView>(preflightTemplate);

const STATUS_TEXT: Record<'warning' | 'fail', string> = { fail: 'Failing', warning: 'Warning' };
const STATUS_COLOR: Record<'warning' | 'fail', TextColor> = { fail: 'attention', warning: 'warning' };

/** Failures before warnings, keeping the given order within each. */
function failuresFirst<T extends { status: 'warning' | 'fail' }>(items: readonly T[]): T[] {
  return [...items.filter((i) => i.status === 'fail'), ...items.filter((i) => i.status !== 'fail')];
}

function headlineColor(data: PreflightCardData): TextColor {
  if (data.counts.fail > 0 || data.batchFindings.some((f) => f.status === 'fail')) return 'attention';
  if (data.counts.warning > 0 || data.batchFindings.length > 0) return 'warning';
  return 'good';
}

/** Checks with any finding, most failures first, then most warnings. */
function checkRows(checks: PreflightCardData['checks']): PreflightCardData['checks'] {
  return checks
    .filter((c) => c.fail > 0 || c.warning > 0)
    .sort((a, b) => b.fail - a.fail || b.warning - a.warning);
}

/** Where a member of a delegate group is: this batch, another batch, or none. */
function placeOf(batchName: string | undefined, thisBatch: string, max: ListText): string {
  if (batchName === undefined || batchName === '') return 'in no batch';
  if (batchName === thisBatch) return 'this batch';
  return `batch ${truncateText(batchName, max.otherBatch)}`;
}

function buttons(data: PreflightCardData): (CardAction | OpenUrlAction)[] {
  const actions: (CardAction | OpenUrlAction)[] = [];
  if (data.canRun && data.state !== 'running')
    actions.push(executeAction('Run again', 'preflight.run', { batchId: data.batchId }));
  if (data.state === 'done' && data.exportUrl && data.exportUrl.length <= MAX_URL)
    actions.push({ type: 'Action.OpenUrl', title: 'Download report (CSV)', url: data.exportUrl });
  return actions;
}

function header(data: PreflightCardData, name: string): HeaderView {
  const override = data.override;
  const done = data.state === 'done';
  return {
    title: `Preflight: ${name}`,
    subtitle: [
      truncateText(data.tenantName, MAX_TENANT),
      truncateText(data.scenario, MAX_SCENARIO),
      `run by ${truncateText(data.ranBy, MAX_PERSON)}, ${formatUtc(data.startedAt)}`,
    ].join(' · '),
    isRunning: data.state === 'running',
    runningText: `Checking ${pluralize(data.userCount, 'user')}…`,
    isError: data.state === 'error',
    errorText: data.error
      ? `The checks could not finish: ${truncateText(data.error, MAX_ERROR)}`
      : 'The checks could not finish.',
    isDone: done,
    headline: [
      `${formatCount(data.counts.pass)} passed`,
      `${formatCount(data.counts.warning)} with warnings`,
      `${formatCount(data.counts.fail)} failing`,
    ].join(' · '),
    headlineColor: headlineColor(data),
    isBlocked: done && data.startBlocked,
    blockedText:
      `Start blocked: fix the failing users and run \`batch preflight ${name}\` again, or an admin can ` +
      `start anyway with \`batch start ${name} --override "<reason>"\`.`,
    hasOverride: done && override !== undefined,
    overrideText: override
      ? `Started anyway by ${truncateText(override.by, MAX_PERSON)} on ${formatUtc(override.at)}: ` +
        truncateText(override.reason, MAX_REASON)
      : '',
  };
}

function findingLists(data: PreflightCardData, max: ListText): FindingsView {
  // Most users fail the same few checks, whose fixes are the same sentence: it is written out once.
  const fixesShown = new Set<string>();
  const userFix = (f: PreflightCardFinding): string => {
    if (fixesShown.has(f.fix)) return ` Fix: as above (${truncateText(f.title, max.checkTitle)}).`;
    fixesShown.add(f.fix);
    return ` Fix: ${truncateText(f.fix, max.userFix)}`;
  };
  const done = data.state === 'done';
  const batchFindings = capList(
    done ? failuresFirst(data.batchFindings) : [],
    PREFLIGHT_CARD_MAX_BATCH_FINDINGS,
  );
  const checks = capList(done ? checkRows(data.checks) : [], PREFLIGHT_CARD_MAX_CHECKS);
  const users = capList(done ? failuresFirst(data.users) : [], PREFLIGHT_CARD_MAX_USERS);
  return {
    hasBatchFindings: batchFindings.shown.length > 0,
    batchFindings: batchFindings.shown.map((f) => ({
      title: truncateText(f.title, max.batchTitle),
      statusText: ` · ${STATUS_TEXT[f.status]}`,
      statusColor: STATUS_COLOR[f.status],
      message: truncateText(f.message, max.batchMessage),
      fixText: `Fix: ${truncateText(f.fix, max.batchFix)}`,
    })),
    hasMoreBatchFindings: batchFindings.more > 0,
    moreBatchFindingsText: moreText(batchFindings.more, '.'),
    hasChecks: checks.shown.length > 0,
    checks: checks.shown.map((c) => ({
      title: truncateText(c.title, max.checkTitle),
      failText: ` — ${formatCount(c.fail)} failing`,
      failColor: c.fail > 0 ? 'attention' : 'default',
      warningText: ` — ${pluralize(c.warning, 'warning')}`,
      warningColor: c.warning > 0 ? 'warning' : 'default',
    })),
    hasMoreChecks: checks.more > 0,
    moreChecksText: moreText(checks.more, '.'),
    hasUsers: users.shown.length > 0,
    usersTitle: `Users with findings (${formatCount(data.users.length)})`,
    users: users.shown.map((u) => {
      const findings = capList(failuresFirst(u.findings), PREFLIGHT_CARD_MAX_USER_FINDINGS);
      return {
        email: truncateText(u.email, max.email),
        statusText: ` · ${STATUS_TEXT[u.status]}`,
        statusColor: STATUS_COLOR[u.status],
        findings: findings.shown.map((f) => ({
          message: truncateText(f.message, max.userMessage),
          fixText: userFix(f),
        })),
        hasMoreFindings: findings.more > 0,
        moreFindingsText: `+${formatCount(findings.more)} more`,
      };
    }),
    hasMoreUsers: users.more > 0,
    moreUsersText: moreText(users.more, ' (download the report for all).'),
  };
}

function delegateGroups(data: PreflightCardData, max: ListText): DelegatesView {
  const groups = capList(data.state === 'done' ? data.delegates : [], PREFLIGHT_CARD_MAX_DELEGATE_GROUPS);
  return {
    hasDelegates: groups.shown.length > 0,
    delegatesNote:
      'These mailboxes share permissions, so move each group in one batch. Cross-tenant moves do not ' +
      'keep mailbox permissions: grant them again in the target tenant.',
    delegates: groups.shown.map((g) => {
      const members = capList(g.members, PREFLIGHT_CARD_MAX_GROUP_MEMBERS);
      const links = capList(g.links, PREFLIGHT_CARD_MAX_GROUP_LINKS);
      return {
        members: members.shown.map((m) => ({
          text: `${truncateText(m.email, max.email)} · ${placeOf(m.batchName, data.batchName, max)}`,
        })),
        hasMoreMembers: members.more > 0,
        moreMembersText: moreText(members.more, '.'),
        links: links.shown.map((l) => ({ text: truncateText(l, max.link) })),
        hasMoreLinks: links.more > 0,
        moreLinksText: moreText(links.more, '.'),
      };
    }),
    hasMoreDelegates: groups.more > 0,
    moreDelegatesText: moreText(groups.more, ' (download the report for all).'),
  };
}

function utf8Bytes(card: AdaptiveCard): number {
  return new TextEncoder().encode(JSON.stringify(card)).length;
}

/**
 * The summary of a batch's readiness checks (preflight). While they run it says so; when the run could
 * not finish it shows why. When done: users by worst status, whether a start is blocked or was forced
 * anyway, the batch findings, each check with its failures and warnings (worst first), the users with
 * findings (worst first) and how to fix them, and groups of mailboxes that share permissions and so
 * should move together. Buttons: run the checks again, and download the full report.
 */
export function preflightCard(data: PreflightCardData): AdaptiveCard {
  const fixed = { ...header(data, truncateText(data.batchName, MAX_NAME)), actions: buttons(data) };
  let card: AdaptiveCard | undefined;
  for (const scale of SCALES) {
    const max = scaled(scale);
    card = render({ ...fixed, ...findingLists(data, max), ...delegateGroups(data, max) });
    if (utf8Bytes(card) <= SIZE_BUDGET) break;
  }
  return card as AdaptiveCard;
}
