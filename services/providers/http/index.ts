export { odataErrorOf, parseJson, redact } from './error-body';
export type { ProviderFailures } from './failures';
export {
  networkError,
  type ProviderAnswer,
  type ProviderRequest,
  requestIdOf,
  sameOriginUrl,
  sendRequest,
} from './request';
export { backoffDelay, parseRetryAfter } from './retry-after';
export { acquireToken } from './token';
