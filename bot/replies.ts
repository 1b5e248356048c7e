import type { AdaptiveCard } from '../cards';
import { errorCard } from '../cards';
import type { Failure } from '../services';
import { csvProblemLine, csvProblemsHeadline } from '../services/csv/csv-problem-text';
import type { BatchAction } from '../services/model/batch';
import type { FailReason, FailureCode, FailureData } from '../services/model/result';
import { displaySafeText } from '../services/text/display-safe';

/**
 * A failure the chat itself words (a command it cannot parse, an attachment it cannot read); the
 * services' failures come as codes.
 */
export interface ChatFailure {
  ok: false;
  reason: FailReason;
  message: string;
  code?: undefined;
  details?: string[];
}

/** What a handler answers: a card, a text, or both. */
export interface Reply {
  text?: string;
  card?: AdaptiveCard;
}

const TITLES: Record<FailReason, string> = {
  not_found: 'Not found',
  ambiguous: 'Which one?',
  forbidden: 'Not allowed',
  invalid: 'Please check the input',
  exists: 'Already exists',
  state: 'Not possible right now',
  busy: 'Still working on it',
  stale: 'This card was out of date',
  blocked: 'Blocked by preflight',
};

/** An action as a verb ("you cannot <verb> it") and as what is under way ("<doing> W1 is still in progress"). */
const ACTION_WORDS: Record<BatchAction, { verb: string; doing: string }> = {
  create: { verb: 'create', doing: 'Creating' },
  start: { verb: 'start', doing: 'Starting' },
  stop: { verb: 'stop', doing: 'Stopping' },
  retry: { verb: 'retry the failed users of', doing: 'Retrying failed users' },
  complete: { verb: 'cut over', doing: 'Cutting over' },
  remove: { verb: 'remove', doing: 'Removing' },
  verify: { verb: 'verify the credentials of', doing: 'Verifying' },
  prestage: { verb: 'pre-stage', doing: 'Submitting the pre-stage pass of' },
  pass: { verb: 'run the full pass of', doing: 'Submitting the full pass of' },
  'retry-errors': { verb: 'retry the errors of', doing: 'Submitting the retry of' },
};

const ISO_EXAMPLE = '(for example 2026-12-01T18:00:00Z)';

/** The words of every coded failure, from its data: typed over the codes, so a new code needs its words. */
export const FAILURE_TEXT: { [C in FailureCode]: (data: FailureData[C]) => string } = {
  'batch.gone': () => 'That batch no longer exists.',
  'batch.not_found': (d) => `No batch named "${d.name}"${d.tenantId ? ` in tenant ${d.tenantId}` : ''}.`,
  'batch.ambiguous': (d) =>
    `Several tenants have a batch named "${d.name}" (${d.tenantIds.join(', ')}). Add --tenant <id>.`,
  'batch.not_in_your_tenants': (d) => `No batch named "${d.name}" in your tenants.`,
  'batch.viewer_needed': (d) => `You need the viewer role in ${d.tenantId} to see this batch.`,
  'batch.missing': (d) => `Batch ${d.name} no longer exists.`,
  'batch.stale': (d) => `Batch ${d.name} changed since this card was shown; here is its current state.`,
  'batch.raced': (d) => `Batch ${d.name} changed at the same moment; here is its current state.`,
  'batch.hidden': (d) => `You have no role in ${d.tenantId}, so you cannot see its batches.`,
  'batch.exists': (d) => `A batch named "${d.name}" already exists in ${d.tenantName}.`,
  'batch.name_invalid': () =>
    'A batch name is 1 to 64 letters, digits, spaces, dots, dashes or underscores, starting with a letter or digit.',
  'tenant.no_role': (d) => `You have no role in tenant ${d.tenantId}.`,
  'tenant.none': () => 'You have no role in any tenant yet. Ask a Cutover admin.',
  'tenant.unknown': (d) => `Unknown tenant "${d.tenantId}". Known tenants: ${d.known.join(', ')}.`,
  'create.forbidden': (d) => `You need the operator role in ${d.tenantName} to create batches.`,
  'scenario.unknown': (d) => `Unknown scenario "${d.scenario}". Use one of: ${d.known.join(', ')}.`,
  'scenario.not_set_up': (d) =>
    `${d.tenantName} is not set up for ${d.scenario} (it runs ${d.runs.join(', ')}).`,
  'domain.invalid': (d) => `"${d.domain}" is not a domain name.`,
  'time.invalid': (d) => `"${d.text}" is not an ISO-8601 time ${ISO_EXAMPLE}.`,
  'complete_after.past': () => 'The complete-after time is in the past.',
  'cutover.past': () => 'That cutover time is in the past.',
  'csv.invalid': (d) => csvProblemsHeadline(d.errors),
  'csv.mapping_needed': () =>
    "This tenant's engine moves mail in passes and needs each user's source and target address: a mapping CSV with SourceEmail and TargetEmail columns.",
  'complete_after.unsupported': (d) =>
    `${d.tenantName} moves mail in passes and has no scheduled cutover: leave out --complete-after and run the full pass when the MX record points at the target.`,
  'pass.runbook_open': (d) =>
    `The full pass of ${d.name} waits for the runbook "${d.runbookTitle}": ${d.steps.join('; ')}. Check ${d.steps.length === 1 ? 'that step' : 'those steps'} off first (an admin can run it anyway with --override "<reason>").`,
  'prestage.days_invalid': (d) =>
    `--older-than takes a whole number of days from 1 to 3650; got "${d.text}".`,
  'action.forbidden': (d) =>
    `You need the operator role in ${d.tenantId} to ${ACTION_WORDS[d.action].verb} a batch.`,
  'action.in_progress': (d) => `${ACTION_WORDS[d.pending].doing} ${d.name} is still in progress.`,
  'action.state': (d) =>
    `Batch ${d.name} is ${d.state}; you cannot ${ACTION_WORDS[d.action].verb} it now${
      d.noFailedUsers ? ' (it has no failed users)' : ''
    }.`,
  'status.unknown': (d) =>
    `"${d.status}" is not a migration user status (for example Syncing, Synced, Failed).`,
  'email.invalid': (d) => `"${d.email}" is not an email address.`,
  'user.not_visible': (d) => `${d.email} is not in any batch you can see.`,
  'user.not_in_exchange': (d) => `Exchange has no migration user ${d.email} any more.`,
  'preflight.forbidden': (d) => `You need the operator role in ${d.tenantId} to run a preflight.`,
  'preflight.nothing_to_check': (d) => `Batch ${d.name} is ${d.state}; there is nothing to check.`,
  'preflight.none': (d) => `Batch ${d.name} has no preflight yet. Run \`batch preflight ${d.name}\`.`,
  'preflight.running': (d) =>
    `A preflight of ${d.name} is already running; its summary will be posted when it ends.`,
  'preflight.raced': (d) => `A preflight of ${d.name} started at the same moment; its summary will follow.`,
  'preflight.changed': (d) => `The preflight of ${d.name} changed at the same moment; try again.`,
  'preflight.blocked': (d) =>
    `Preflight found ${d.users} user${d.users === 1 ? '' : 's'} that would fail${
      d.batchProblems ? ' and problems with the batch itself' : ''
    }. Fix them and run \`batch preflight ${d.name}\` again, or an admin can start anyway with \`batch start ${d.name} --override "<reason>"\`.`,
  'preflight.unfinished': (d) => `The preflight of ${d.name} could not finish: ${d.error ?? 'unknown error'}`,
  'override.admin_only': (d) => `Only an admin of ${d.tenantId} can start a batch whose preflight failed.`,
  'override.reason_short': (d) => `Say why you start despite the failures (at least ${d.min} characters).`,
  'approval.pending': (d) =>
    `Batch ${d.name} is already waiting for approval to ${d.action === 'cutover' ? 'cut it over' : `${d.action} it`}.`,
  'approval.gone': () => 'That approval no longer exists.',
  'approval.crowded': () => 'Too many people are deciding at once; try again.',
  'approval.closed': (d) => `This approval is already ${d.status}.`,
  'approval.expired': () => 'This approval has expired; ask for it again.',
  'approval.not_approver': () => 'You are not an approver for this tenant.',
  'approval.own_request': () => 'You asked for this, so someone else has to approve it.',
  'approval.already_decided': () => 'You have already decided on this approval.',
  'approval.reason_needed': () => 'Give a reason to reject.',
  'approval.batch_moved': (d) =>
    d.name === undefined
      ? 'The batch no longer exists.'
      : `Batch ${d.name} changed after the request (version ${d.from} → ${d.to}); ask again.`,
  'tenant.missing': (d) => `There is no tenant ${d.tenantId}.`,
  'runbook.unknown': (d) => `There is no runbook "${d.runbookId}". Runbooks: ${d.known.join(', ')}.`,
  'runbook.viewer_needed': (d) => `You need the viewer role in ${d.tenantId} to see its runbooks.`,
  'runbook.operator_needed': (d) => `You need the operator role in ${d.tenantId} to change its runbooks.`,
  'runbook.no_step': (d) => `The runbook "${d.title}" has no step "${d.stepId}".`,
  'runbook.busy': () => 'Too many people are changing this runbook at once; try again.',
  'runbook.stale': (d) =>
    `The runbook "${d.title}" changed since this card was shown; here is its current state.`,
  'runbook.manual_step': (d) =>
    `Cutover cannot check "${d.stepId}" for itself; mark it done by hand once it is done.`,
  'notice.preview_answer': () => 'This is a preview of a notice: answers on it are not recorded.',
  'notice.gone': () => 'This notice no longer exists.',
  'notice.not_yours': () => 'This notice was sent to someone else; only they can answer it.',
  'notice.busy': () => 'This notice is being updated; try again in a moment.',
  'notice.preview_forbidden': (d) => `You need the operator role in ${d.tenantId} to preview its notices.`,
};

/** The words of a failure: from its code and data, or as the chat wrote them. */
export function failureText(failure: Failure | ChatFailure): string {
  if (failure.code === undefined) return failure.message;
  return (FAILURE_TEXT[failure.code] as (data: unknown) => string)(failure.data);
}

/** The words of a code and its data, as an audit entry keeps them. */
export function codeText(refusal: { code: FailureCode; data: unknown }): string {
  return (FAILURE_TEXT[refusal.code] as (data: unknown) => string)(refusal.data);
}

/** The lines under a failure's words (the rows of a refused CSV), if any. */
export function failureDetails(failure: Failure | ChatFailure): string[] {
  if (failure.code === undefined) return failure.details ?? [];
  if (failure.code === 'csv.invalid') return failure.data.errors.map(csvProblemLine);
  if (failure.code === 'preflight.blocked') {
    const { batch, users, more } = failure.data.worst;
    return [
      ...batch.map((f) => `Batch: ${f.message} Fix: ${f.fix}`),
      ...users.map((u) => `${u.email}: ${u.message}`),
      ...(more > 0 ? [`…and ${more} more failing users.`] : []),
    ];
  }
  return [];
}

/** The title a failure's card gets, by its kind. */
export function failureTitle(failure: Failure | ChatFailure): string {
  return TITLES[failure.reason];
}

/**
 * The one place that turns an expected failure into what the user sees. Messages quote user text
 * (names, CSV values, reasons): control characters and bidirectional overrides in it are shown
 * escaped, never raw.
 */
export function failureReply(failure: Failure | ChatFailure, hint?: string): Reply {
  const lines = failureDetails(failure);
  const details = lines.length ? `\n\n${lines.join('\n')}` : '';
  return {
    card: errorCard({
      title: failureTitle(failure),
      message: displaySafeText(failureText(failure) + details),
      hint: hint === undefined ? undefined : displaySafeText(hint),
    }),
  };
}

/** A reply whose text is display-safe (cards are made safe where they are expanded). */
export function displaySafeReply<R extends Reply>(reply: R): R {
  return reply.text === undefined ? reply : { ...reply, text: displaySafeText(reply.text) };
}

/** For the unexpected: a reference the operator can quote, never the internals. */
export function unexpectedReply(reference: string): Reply {
  return {
    card: errorCard({
      title: 'Something went wrong',
      message:
        'The request could not be completed. Try again; if it keeps failing, give this reference to your Cutover admin.',
      reference,
    }),
  };
}
