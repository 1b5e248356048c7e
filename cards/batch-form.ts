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
}

interface BatchFormView {
  hasErrors: boolean;
  errorsTitle: string;
  errors: { text: string }[];
  noTenants: boolean;
  noScenarios: boolean;
  canCreate: boolean;
  tenant: string;
  tenantChoices: { title: string; value: string }[];
  scenario: string;
  scenarioChoices: { title: string; value: string }[];
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

const CSV_PLACEHOLDER = 'EmailAddress\nmegan@contoso.com\nalex@contoso.com';

/**
 * The form that creates a batch. Inputs: `tenant`, `scenario` (choice sets), `name` (required, checked
 * against BATCH_NAME_PATTERN), `csv` (required, multi-line), `targetDeliveryDomain` (blank means the
 * chosen tenant's default when left blank, with the defaults listed under it) and `completeAfter`: one text input for an
 * ISO-8601 time with a time zone, rather than separate date and time inputs whose time zone would be the
 * viewer's. Submitting sends `batch.create` with the input values merged into its empty data. Without
 * any tenant or scenario the card says so and has no inputs or button.
 */
export function batchFormCard(data: BatchFormCardData): AdaptiveCard {
  const values = data.values ?? {};
  const errors = data.errors ?? [];
  const shownErrors = capList(errors, BATCH_FORM_MAX_ERRORS);
  const csv = values.csv ?? '';
  const csvTooLong = csv.length > BATCH_FORM_MAX_CSV_PREFILL;
  const canCreate = data.tenants.length > 0 && data.scenarios.length > 0;
  const selected = data.tenants.find((t) => t.id === values.tenant) ?? data.tenants[0];
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
      errors.length <= 1 ? 'Please fix this:' : `Please fix these ${pluralize(errors.length, 'problem')}:`,
    errors: [
      ...shownErrors.shown.map((text) => ({ text: truncateText(text, MAX_ERROR) })),
      ...(shownErrors.more > 0 ? [{ text: moreText(shownErrors.more) }] : []),
      ...(csvTooLong ? [{ text: 'The CSV was too long to show again: please paste it again.' }] : []),
    ],
    noTenants: data.tenants.length === 0,
    noScenarios: data.scenarios.length === 0,
    canCreate,
    tenant: selected?.id ?? '',
    tenantChoices: data.tenants.map((t) => ({ title: t.displayName, value: t.id })),
    scenario: values.scenario ?? data.scenarios[0]?.id ?? '',
    scenarioChoices: data.scenarios.map((s) => ({ title: s.title, value: s.id })),
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
