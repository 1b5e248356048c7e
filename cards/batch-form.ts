import { executeAction } from './actions';
import { capList, moreText } from './cap-list';
import { pluralize, truncateText } from './format';
import { BATCH_NAME_PATTERN, ISO_DATETIME_PATTERN } from './patterns';
import { compileTemplate } from './template';
import batchFormTemplate from './templates/batch-form.json';
import type { AdaptiveCard, ExecuteAction } from './types';

export interface BatchFormTenant {
  id: string;
  displayName: string;
  targetDeliveryDomain: string;
  /** The scenarios the tenant is set up for (ids from `scenarios`); absent means all of them. */
  scenarios?: readonly string[];
}

export interface BatchFormValues {
  tenant?: string;
  scenario?: string;
  name?: string;
  csv?: string;
  targetDeliveryDomain?: string;
  completeAfter?: string;
}

export interface BatchFormCardData {
  tenants: BatchFormTenant[];
  scenarios: { id: string; title: string }[];
  /** Values to show again, e.g. when the form comes back with errors. */
  values?: BatchFormValues;
  /** Problems with the last submit, shown at the top. */
  errors?: string[];
  /** A title for those problems that says what they add up to (e.g. "The CSV has 61 problems"). */
  errorsHeadline?: string;
}

interface BatchFormView {
  hasErrors: boolean;
  errorsTitle: string;
  errors: { text: string }[];
  noTenants: boolean;
  noScenarios: boolean;
  canCreate: boolean;
  target: string;
  targetChoices: { title: string; value: string }[];
  hasMoreTargets: boolean;
  moreTargetsText: string;
  name: string;
  namePattern: string;
  csv: string;
  csvPlaceholder: string;
  targetDeliveryDomain: string;
  hasDomainHint: boolean;
  domainHint: string;
  completeAfter: string;
  isoPattern: string;
  actions: ExecuteAction[];
}

const render = compileTemplate<BatchFormView>(batchFormTemplate);

/** At most this many errors are listed at the top of the form. */
export const BATCH_FORM_MAX_ERRORS = 20;
/**
 * A CSV longer than this is not filled in again (a 2,000-row CSV alone is larger than the card budget);
 * the form asks for it to be pasted again instead.
 */
export const BATCH_FORM_MAX_CSV_PREFILL = 20_000;
const MAX_ERROR = 300;

/** How many other tenants' default domains the hint under the domain input names. */
const MAX_LISTED_DOMAINS = 5;
/** At most this many (tenant, scenario) choices are offered; the rest are named by command. */
export const BATCH_FORM_MAX_TARGETS = 100;
const MAX_TENANT_TITLE = 100;

/**
 * The form offers one choice per (tenant, scenario) pair the tenant is set up for, because a card cannot
 * change its scenario list when another input changes. The choice's value is `<tenant>/<scenario>`
 * (tenant ids have no slash).
 */
export const BATCH_FORM_TARGET_SEPARATOR = '/';

export function formTarget(tenant: string, scenario: string): string {
  return `${tenant}${BATCH_FORM_TARGET_SEPARATOR}${scenario}`;
}

/** The tenant and scenario of a submitted `target`; either is undefined when the value has none. */
export function parseFormTarget(value: string): { tenant?: string; scenario?: string } {
  const at = value.indexOf(BATCH_FORM_TARGET_SEPARATOR);
  const tenant = (at < 0 ? value : value.slice(0, at)).trim();
  const scenario = at < 0 ? '' : value.slice(at + 1).trim();
  return { tenant: tenant || undefined, scenario: scenario || undefined };
}

function targetChoices(data: BatchFormCardData): { title: string; value: string }[] {
  return data.tenants.flatMap((tenant) =>
    data.scenarios
      .filter((scenario) => tenant.scenarios === undefined || tenant.scenarios.includes(scenario.id))
      .map((scenario) => ({
        title: `${truncateText(tenant.displayName, MAX_TENANT_TITLE)} · ${scenario.title}`,
        value: formTarget(tenant.id, scenario.id),
      })),
  );
}

/** The pair to show as chosen: the one entered before, else the entered tenant's first, else the first. */
function chosenTarget(choices: { value: string }[], values: BatchFormValues): string {
  const offered = choices.map((c) => c.value);
  if (values.tenant && values.scenario) {
    const entered = formTarget(values.tenant, values.scenario);
    if (offered.includes(entered)) return entered;
  }
  const ofTenant = values.tenant
    ? offered.find((v) => parseFormTarget(v).tenant === values.tenant)
    : undefined;
  return ofTenant ?? offered[0] ?? '';
}

const CSV_PLACEHOLDER = 'EmailAddress\nmegan@contoso.com\nalex@contoso.com';

/**
 * The form that creates a batch. Inputs: `target` (one choice per tenant and scenario the tenant is set
 * up for, valued `<tenant>/<scenario>`), `name` (required, checked
 * against BATCH_NAME_PATTERN), `csv` (required, multi-line), `targetDeliveryDomain` (blank means the
 * chosen tenant's default when left blank, with the defaults listed under it) and `completeAfter`: one text input for an
 * ISO-8601 time with a time zone, rather than separate date and time inputs whose time zone would be the
 * viewer's. Submitting sends `batch.create` with the input values merged into its empty data. Without
 * any tenant or scenario the card says so and has no inputs or button.
 * At most BATCH_FORM_MAX_TARGETS pairs are offered, with a line naming the command for the rest.
 */
export function batchFormCard(data: BatchFormCardData): AdaptiveCard {
  const values = data.values ?? {};
  const errors = data.errors ?? [];
  const shownErrors = capList(errors, BATCH_FORM_MAX_ERRORS);
  const csv = values.csv ?? '';
  const csvTooLong = csv.length > BATCH_FORM_MAX_CSV_PREFILL;
  const targets = capList(targetChoices(data), BATCH_FORM_MAX_TARGETS);
  const canCreate = targets.shown.length > 0;
  // A card cannot change one input when another changes, so the domain is left blank by default:
  // blank means the chosen tenant's default, listed here.
  const defaults = capList(data.tenants, MAX_LISTED_DOMAINS);
  const domainHint =
    defaults.shown.length > 0
      ? "Leave blank for the tenant's default: " +
        defaults.shown.map((t) => `${t.displayName}: ${t.targetDeliveryDomain}`).join('; ') +
        (defaults.more > 0 ? ` ${moreText(defaults.more)}` : '')
      : '';
  return render({
    hasErrors: errors.length > 0 || csvTooLong,
    errorsTitle:
      data.errorsHeadline ??
      (errors.length <= 1 ? 'Please fix this:' : `Please fix these ${pluralize(errors.length, 'problem')}:`),
    errors: [
      ...shownErrors.shown.map((text) => ({ text: truncateText(text, MAX_ERROR) })),
      ...(shownErrors.more > 0 ? [{ text: moreText(shownErrors.more) }] : []),
      ...(csvTooLong ? [{ text: 'The CSV was too long to show again: please paste it again.' }] : []),
    ],
    noTenants: data.tenants.length === 0,
    noScenarios: data.scenarios.length === 0 || (data.tenants.length > 0 && !canCreate),
    canCreate,
    target: chosenTarget(targets.shown, values),
    targetChoices: targets.shown,
    hasMoreTargets: targets.more > 0,
    moreTargetsText: moreText(
      targets.more,
      ' tenant and scenario pairs are not listed: use "batch create <name> --tenant <id> --scenario <scenario>" for those.',
    ),
    name: values.name ?? '',
    namePattern: BATCH_NAME_PATTERN,
    csv: csvTooLong ? '' : csv,
    csvPlaceholder: CSV_PLACEHOLDER,
    targetDeliveryDomain: values.targetDeliveryDomain ?? '',
    hasDomainHint: domainHint.length > 0,
    domainHint,
    completeAfter: values.completeAfter ?? '',
    isoPattern: ISO_DATETIME_PATTERN,
    actions: canCreate ? [executeAction('Create batch', 'batch.create', {}, 'positive')] : [],
  });
}
