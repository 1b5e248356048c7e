export { createGraphDirectory, type GraphDirectoryOptions } from './graph-client';
export { type GraphCall, type GraphHttpOptions, type GraphResponse, graphRequest } from './graph-http';
export {
  createGraphNotices,
  type GraphNotices,
  type GraphNoticesOptions,
  type NoticeMail,
} from './graph-notices';
export { graphList } from './graph-pages';
export {
  GraphAuthError,
  GraphError,
  GraphNotFoundError,
  GraphThrottledError,
  GraphTransportError,
} from './graph-error';
