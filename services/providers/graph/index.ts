export { createGraphDirectory, type GraphDirectoryOptions } from './graph-client';
export { type GraphCall, type GraphHttpOptions, type GraphResponse, graphRequest } from './graph-http';
export { graphList } from './graph-pages';
