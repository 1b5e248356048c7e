export { type ExchangeConnection, createCredential, staticTokenCredential } from './credentials';
export { type ExchangeByteArray, encodeCsvData } from './csv-data';
export { createExchangeDirectory, type ExchangeDirectoryOptions } from './directory';
export {
  toDirectoryAcceptedDomain,
  toDirectoryMailbox,
  toDirectoryMailboxPermission,
  toDirectoryMailUser,
  toDirectoryOrganizationRelationship,
  toDirectoryUser,
  toEndpointTestResult,
} from './directory-parse';
export {
  type ErrorEnvelope,
  exchangeErrorFor,
  parseErrorEnvelope,
} from './error-envelope';
export { type ExchangeOnlineProviderOptions, createExchangeOnlineProvider } from './exchange-online-provider';
export {
  anchorMailbox,
  type CmdletParameters,
  createInvokeCommandClient,
  type ExchangeObject,
  type InvokeCommandClient,
  type InvokeCommandClientOptions,
  type InvokeCommandPage,
  type InvokeCommandResult,
  type InvokePageOptions,
} from './invoke-command';
export {
  parseByteSize,
  parseCount,
  parseExchangeDate,
  toProviderBatch,
  toProviderEndpoint,
  toProviderUser,
  toProviderUserStatistics,
} from './parse';
export { ProviderInputError } from '../provider-input-error';
export { parseSkippedUsers, skippedUserOf, warningTexts } from './skipped-users';
