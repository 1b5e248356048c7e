import { executeAction } from './actions';
import { formatCount, formatUtc, truncateText } from './format';
import { type ProgressBarView, progressBar } from './progress-bar';
import type { TextColor } from './state-style';
import { compileTemplate } from './template';
import runbookTemplate from './templates/runbook.json';
import type { AdaptiveCard, CardAction, ExecuteAction, JsonObject } from './types';

export interface RunbookCardActor {
  id: string;
  name?: string;
}

export interface RunbookCardStepState {
  done: boolean;
  /** Who last checked or reopened the step. */
  by?: RunbookCardActor;
  /** ISO-8601. */
  at?: string;
  /** e.g. "verified by Cutover". */
  note?: string;
  /** Cutover's last check of the step. */
  verified?: { ok: boolean; detail: string; at: string };
}

export interface RunbookCardStep {
  id: string;
  phase: string;
  text: string;
  /** Present when Cutover can check the step itself. */
  verify?: string;
}

/** A runbook with its check-offs in one tenant (the shape `viewRunbook` returns). */
export interface RunbookCardData {
  tenantId: string;
  tenantName: string;
  definition: {
    id: string;
    title: string;
    scenario: string;
    phases: readonly string[];
    steps: readonly RunbookCardStep[];
    notes: readonly string[];
  };
  /** `steps` may leave out steps that were never touched: they are open. */
  state: { version: number; steps: Readonly<Record<string, RunbookCardStepState>> };
  /** Shows Done / Reopen / Verify buttons (the operator role). */
  canOperate: boolean;
  /** A line above the steps, e.g. why a click changed nothing. */
  notice?: string;
  /** Files operators need for steps, by step id: a download button under the steps, named for its step. */
  downloads?: Readonly<Record<string, { title: string; url: string }>>;
}

/** A button that opens a link: a step's download. */
interface OpenUrlAction extends JsonObject {
  type: 'Action.OpenUrl';
  title: string;
  url: string;
}

const MAX_TITLE = 200;
const MAX_STEP_TEXT = 500;
const MAX_NAME = 100;
const MAX_DETAIL = 300;
const MAX_NOTICE = 500;

interface StepView {
  mark: string;
  markColor: TextColor;
  text: string;
  hasChecked: boolean;
  checkedText: string;
  hasVerified: boolean;
  verifiedText: string;
  verifiedColor: TextColor;
  hasButtons: boolean;
  buttons: ExecuteAction[];
}

interface RunbookView {
  title: string;
  facts: { title: string; value: string }[];
  hasNotice: boolean;
  notice: string;
  bar: ProgressBarView;
  progressText: string;
  hasNotes: boolean;
  notes: { text: string }[];
  phases: { heading: string; steps: StepView[] }[];
  actions: (CardAction | OpenUrlAction)[];
}

const render = compileTemplate<RunbookView>(runbookTemplate);

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function actorName(actor: RunbookCardActor | undefined): string {
  return truncateText(actor?.name || actor?.id || 'someone', MAX_NAME);
}

function checkedText(state: RunbookCardStepState): string {
  if (state.by === undefined && state.at === undefined) return '';
  const when = state.at ? ` · ${formatUtc(state.at)}` : '';
  if (!state.done) return `Reopened by ${actorName(state.by)}${when}`;
  const note = state.note ? ` (${truncateText(state.note, MAX_NAME)})` : '';
  return `Done by ${actorName(state.by)}${note}${when}`;
}

function stepButtons(data: RunbookCardData, step: RunbookCardStep, state: RunbookCardStepState) {
  const ref = {
    tenantId: data.tenantId,
    runbookId: data.definition.id,
    stepId: step.id,
    version: data.state.version,
  };
  const buttons: ExecuteAction[] = [
    state.done
      ? executeAction('Reopen', 'runbook.check', { ...ref, done: false })
      : executeAction('Done', 'runbook.check', { ...ref, done: true }, 'positive'),
  ];
  if (step.verify !== undefined) buttons.push(executeAction('Verify', 'runbook.verify', ref));
  return buttons;
}

/** The download buttons of the runbook's steps, in step order (operators only). */
function downloads(data: RunbookCardData): OpenUrlAction[] {
  if (!data.canOperate) return [];
  return data.definition.steps.flatMap((step): OpenUrlAction[] => {
    const download = data.downloads?.[step.id];
    return download
      ? [{ type: 'Action.OpenUrl', title: truncateText(download.title, MAX_NAME), url: download.url }]
      : [];
  });
}

function stepView(data: RunbookCardData, step: RunbookCardStep): StepView {
  const state = data.state.steps[step.id] ?? { done: false };
  const verified = state.verified;
  const checked = checkedText(state);
  return {
    mark: state.done ? '✓ Done' : '○ Open',
    markColor: state.done ? 'good' : 'default',
    text: truncateText(step.text, MAX_STEP_TEXT),
    hasChecked: checked !== '',
    checkedText: checked,
    hasVerified: verified !== undefined,
    verifiedText: verified
      ? `Checked by Cutover: ${truncateText(verified.detail, MAX_DETAIL)} · ${formatUtc(verified.at)}`
      : '',
    verifiedColor: verified?.ok === true ? 'good' : 'attention',
    hasButtons: data.canOperate,
    buttons: data.canOperate ? stepButtons(data, step, state) : [],
  };
}

/** The phases in order: the definition's, then any a step names that the definition does not list. */
function phaseOrder(data: RunbookCardData): string[] {
  const order = [...data.definition.phases];
  for (const step of data.definition.steps) if (!order.includes(step.phase)) order.push(step.phase);
  return order;
}

/**
 * A runbook checklist for one tenant: title, tenant, scenario, "N of M done" with a bar, the runbook's
 * notes, then one section per phase with each step's state, text, who checked or reopened it and when,
 * and Cutover's last check. Operators get Done / Reopen per step (and Verify where Cutover can check the
 * step); every button carries the runbook version the card shows. Refresh is there for everyone.
 */
export function runbookCard(data: RunbookCardData): AdaptiveCard {
  const steps = data.definition.steps;
  const done = steps.filter((step) => data.state.steps[step.id]?.done === true).length;
  const percent = steps.length === 0 ? 100 : (done / steps.length) * 100;
  const complete = done === steps.length;
  const phases = phaseOrder(data)
    .map((phase) => {
      const inPhase = steps.filter((step) => step.phase === phase);
      const phaseDone = inPhase.filter((step) => data.state.steps[step.id]?.done === true).length;
      return {
        heading: `${capitalize(phase)} · ${formatCount(phaseDone)} of ${formatCount(inPhase.length)} done`,
        steps: inPhase.map((step) => stepView(data, step)),
      };
    })
    .filter((phase) => phase.steps.length > 0);
  const notice = data.notice?.trim() ?? '';
  return render({
    title: `Runbook: ${truncateText(data.definition.title, MAX_TITLE)}`,
    facts: [
      { title: 'Tenant', value: truncateText(data.tenantName, MAX_TITLE) },
      { title: 'Scenario', value: data.definition.scenario },
    ],
    hasNotice: notice !== '',
    notice: truncateText(notice, MAX_NOTICE),
    bar: progressBar(percent, complete ? 'good' : 'accent'),
    progressText: `${formatCount(done)} of ${formatCount(steps.length)} done`,
    hasNotes: data.definition.notes.length > 0,
    notes: data.definition.notes.map((text) => ({ text })),
    phases,
    actions: [
      executeAction('Refresh', 'runbook.show', { tenantId: data.tenantId, runbookId: data.definition.id }),
      ...downloads(data),
    ],
  });
}
