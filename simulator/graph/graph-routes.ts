import { chatMessagesRoute } from './chat-messages';
import type { GraphRoute } from './graph-route';
import { installAppRoute, installedAppChatRoute, listInstalledAppsRoute } from './installed-apps';
import { licenseDetailsRoute } from './license-details';
import { MIGRATION_JOB_ROUTES } from './migration-jobs/job-routes';
import { sendMailRoute, sentItemsRoute } from './send-mail';
import { transitiveMembersRoute } from './transitive-members';
import { userRoute } from './user';

/** The Microsoft Graph operations the simulator serves under /v1.0 and /beta. Add a route here to serve another. */
export const GRAPH_ROUTES: readonly GraphRoute[] = [
  licenseDetailsRoute,
  transitiveMembersRoute,
  userRoute,
  installAppRoute,
  listInstalledAppsRoute,
  installedAppChatRoute,
  sendMailRoute,
  sentItemsRoute,
  chatMessagesRoute,
  ...MIGRATION_JOB_ROUTES,
];

export interface RouteMatch {
  route: GraphRoute;
  params: string[];
}

/**
 * The route for a method and a path (after `/v1.0`); `methodNotAllowed` when the path is served only
 * for other methods; undefined when no route serves the path.
 */
export function matchGraphRoute(method: string, path: string): RouteMatch | 'methodNotAllowed' | undefined {
  let pathServed = false;
  for (const route of GRAPH_ROUTES) {
    const match = route.pattern.exec(path);
    if (!match) continue;
    if (route.method !== method) {
      pathServed = true;
      continue;
    }
    return { route, params: match.slice(1).map((p) => safeDecode(p ?? '')) };
  }
  return pathServed ? 'methodNotAllowed' : undefined;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment; // a malformed escape is looked up as sent, and names nothing
  }
}
