export { ADAPTIVE_CARD_CONTENT_TYPE, type AdaptiveCardAttachment, cardAttachment } from './attachment';
export { actionRow, executeAction, MAX_ACTIONS_PER_ROW } from './actions';
export {
  BATCH_FORM_MAX_CSV_PREFILL,
  BATCH_FORM_MAX_ERRORS,
  BATCH_FORM_MAX_TARGETS,
  type BatchFormCardData,
  type BatchFormTenant,
  type BatchFormValues,
  batchFormCard,
  formTarget,
  parseFormTarget,
} from './batch-form';
export { type BatchProgress, batchProgress } from './batch-progress';
export { BATCH_LIST_MAX_ROWS, type BatchListCardData, type BatchListItem, batchListCard } from './batch-list';
export { BATCH_CARD_MAX_FAILURES, type BatchStatusView, batchStatusCard } from './batch-status';
export { type BatchActionFlags, batchStatusActions } from './batch-status-actions';
export { CONFIRM_CARD_MAX_NAMES, type ConfirmAction, type ConfirmCardData, confirmCard } from './confirm';
export { type ErrorCardData, errorCard } from './error';
export {
  clampPercent,
  formatBytes,
  formatCount,
  formatPercent,
  formatUtc,
  pluralize,
  truncateText,
} from './format';
export { type HelpCardData, type HelpCommand, helpCard } from './help';
export { BATCH_NAME_PATTERN, ISO_DATETIME_PATTERN } from './patterns';
export { type ProgressBarView, progressBar } from './progress-bar';
export { type ContainerStyle, isFailureStatus, stateColor, stateStyle, type TextColor } from './state-style';
export { compileTemplate } from './template';
export { type PortfolioCardData, type PortfolioCardLine, portfolioCard } from './portfolio';
export { type TenantsCardData, type TenantsCardTenant, TENANTS_CARD_MAX, tenantsCard } from './tenants';
export type {
  ActionStyle,
  AdaptiveCard,
  CardAction,
  ExecuteAction,
  JsonObject,
  JsonPrimitive,
  JsonValue,
  ShowCardAction,
} from './types';
export { type UserStatusCardData, userStatusCard } from './user-status';
export { WELCOME_CARD_MAX_TENANTS, type WelcomeCardData, welcomeCard } from './welcome';
export { USERS_PAGE_MAX_ROWS, type UsersPageCardData, type UsersPageUser, usersPageCard } from './users-page';
export { CARD_VERBS, type CardVerb, type CardVerbData } from './verbs';
export {
  APPROVAL_CARD_MAX_DECISIONS,
  APPROVAL_REASON_MAX_LENGTH,
  APPROVAL_REFRESH_MAX_USERS,
  type ApprovalCardAction,
  type ApprovalCardData,
  type ApprovalCardDecision,
  type ApprovalCardStatus,
  type ApprovalCardView,
  approvalCard,
} from './approval';
export {
  APPROVALS_LIST_MAX_ROWS,
  type ApprovalsListCardData,
  type ApprovalsListItem,
  approvalsListCard,
} from './approvals-list';
export {
  AUDIT_CARD_MAX_ROWS,
  type AuditCardData,
  type AuditCardEvent,
  type AuditCardOutcome,
  auditCard,
} from './audit';
export {
  type NoticeAnswer,
  type NoticeCardData,
  NOTICE_CARD_MAX_STEPS,
  noticeCard,
} from './notice';
export {
  type PreflightCardData,
  type PreflightCardFinding,
  type PreflightCardStatus,
  preflightCard,
} from './preflight';
export { type RunbookCardData, runbookCard } from './runbook';
export {
  NOTICES_LIST_MAX_ROWS,
  type NoticesListCardData,
  type NoticesListRow,
  noticesListCard,
} from './notices-list';
