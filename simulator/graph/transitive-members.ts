import { decodeSkipToken, encodeSkipToken } from '../protocol/paging';
import { badRequest, resourceNotFound } from './graph-error';
import { type DirectoryMember, findGraphGroup, transitiveMembers } from './graph-directory';
import type { GraphRoute } from './graph-route';

const DEFAULT_TOP = 100;
const MAX_TOP = 999;

function pageSize(url: URL): number {
  const raw = url.searchParams.get('$top');
  if (raw === null) return DEFAULT_TOP;
  const top = Number(raw);
  if (!Number.isInteger(top) || top < 1 || top > MAX_TOP) {
    throw badRequest(`Invalid page size specified: '${raw}'. Must be between 1 and ${MAX_TOP} inclusive.`);
  }
  return top;
}

function offset(url: URL): number {
  const token = url.searchParams.get('$skiptoken');
  if (token === null) return 0;
  const skip = decodeSkipToken(token);
  if (skip === null) throw badRequest('The $skiptoken is not valid.', 'Directory_InvalidPagingToken');
  return skip;
}

/** The same request from `skip` on: the query as sent, with a new $skiptoken. */
function nextPageLink(serviceRoot: string, url: URL, skip: number): string {
  const query = [...url.searchParams]
    .filter(([name]) => name !== '$skiptoken')
    .map(([name, value]) => `${name}=${encodeURIComponent(value)}`);
  query.push(`$skiptoken=${encodeSkipToken(skip)}`);
  return `${serviceRoot}${url.pathname.replace(/^\/v1\.0/i, '')}?${query.join('&')}`;
}

function memberObject(member: DirectoryMember) {
  if (member.kind === 'group') {
    const { group } = member;
    return {
      '@odata.type': '#microsoft.graph.group',
      id: group.objectId,
      displayName: group.name,
      mail: group.mail,
      mailEnabled: true,
      securityEnabled: true,
    };
  }
  const { user } = member;
  return {
    '@odata.type': '#microsoft.graph.user',
    id: user.objectId,
    displayName: user.displayName,
    userPrincipalName: user.userPrincipalName,
    mail: user.email,
  };
}

/** GET /groups/{id}/transitiveMembers[?$top=N]: members with nested groups expanded, paged by $top. */
export const transitiveMembersRoute: GraphRoute = {
  method: 'GET',
  pattern: /^\/groups\/([^/]+)\/transitiveMembers\/?$/i,
  params: ['group'],
  name: 'GET transitiveMembers',
  handle({ tenants, params, url, serviceRoot }) {
    const id = params[0] ?? '';
    const found = findGraphGroup(tenants, id);
    if (!found) throw resourceNotFound(id);
    const top = pageSize(url);
    const start = offset(url);
    const members = transitiveMembers(found);
    const end = Math.min(start + top, members.length);
    const nextLink = end < members.length ? nextPageLink(serviceRoot, url, end) : undefined;
    return {
      tenant: found.tenant,
      body: {
        '@odata.context': `${serviceRoot}/$metadata#directoryObjects`,
        ...(nextLink ? { '@odata.nextLink': nextLink } : {}),
        value: members.slice(start, end).map(memberObject),
      },
    };
  },
};
