import { resourceNotFound } from './graph-error';
import { type DirectoryMember, findGraphGroup, transitiveMembers } from './graph-directory';
import { graphPage, topOf } from './graph-paging';
import type { GraphRoute } from './graph-route';

const DEFAULT_TOP = 100;
const MAX_TOP = 999;

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
    const top = topOf(url, DEFAULT_TOP, MAX_TOP);
    const page = graphPage(transitiveMembers(found).map(memberObject), url, serviceRoot, top);
    return {
      tenant: found.tenant,
      body: { '@odata.context': `${serviceRoot}/$metadata#directoryObjects`, ...page },
    };
  },
};
