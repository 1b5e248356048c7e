import { GraphNotFoundError, GraphTransportError } from './graph-error';
import type { GraphDirectory } from '../directory-provider';
import { requireIdentity } from '../provider-input-error';
import type { GraphHttpOptions } from './graph-http';
import { graphList } from './graph-pages';

export type GraphDirectoryOptions = GraphHttpOptions;

const LICENSE_DETAILS = 'GET /users/{id}/licenseDetails';
const TRANSITIVE_MEMBERS = 'GET /groups/{id}/transitiveMembers';
/** Graph's largest page for directory objects: fewest round trips for a big scope group. */
const MAX_PAGE = 999;

function text(operation: string, item: Record<string, unknown>, name: string): string {
  const value = item[name];
  if (typeof value !== 'string' || value === '') {
    throw new GraphTransportError(operation, `an item has no ${name}`);
  }
  return value;
}

/** The Graph reads preflight needs, over graphRequest. */
export function createGraphDirectory(options: GraphDirectoryOptions): GraphDirectory {
  return {
    async licenseSkus(user, call) {
      const id = encodeURIComponent(requireIdentity(LICENSE_DETAILS, user, 'id'));
      try {
        const licences = await graphList(options, LICENSE_DETAILS, `/v1.0/users/${id}/licenseDetails`, call);
        return licences.map((l) => text(LICENSE_DETAILS, l, 'skuPartNumber'));
      } catch (err) {
        if (err instanceof GraphNotFoundError) return null;
        throw err;
      }
    },
    async groupMembers(groupId, call) {
      const id = encodeURIComponent(requireIdentity(TRANSITIVE_MEMBERS, groupId, 'id'));
      const path = `/v1.0/groups/${id}/transitiveMembers?$top=${MAX_PAGE}`;
      const members = await graphList(options, TRANSITIVE_MEMBERS, path, call);
      // Nested groups are listed too (their members follow them); only users can move.
      return members
        .filter((m) => m['@odata.type'] === '#microsoft.graph.user')
        .map((m) => text(TRANSITIVE_MEMBERS, m, 'userPrincipalName').toLowerCase());
    },
  };
}
