import { chatIdFor } from '../messaging/messaging-store';
import type { AppInstallation } from '../state/state-schema';
import { badRequest, GraphError, resourceNotFound } from './graph-error';
import { findGraphUser, type GraphUser } from './graph-directory';
import type { GraphRoute, GraphRouteRequest } from './graph-route';

/** How the organisation's app catalog lists every app installed here (the simulated org has one bot). */
export const CATALOG_APP_DISPLAY_NAME = 'Cutover';

const BIND = /\/appCatalogs\/teamsApps(?:\/([^/()'"]+)|\('([^/()'"]+)'\))\/?$/i;
const FILTER = /^\s*teamsApp\/id\s+eq\s+'([^']*)'\s*$/i;
const EXPANDABLE = new Set(['teamsapp', 'teamsappdefinition']);

function userOf({ tenants, params }: GraphRouteRequest): GraphUser {
  const id = params[0] ?? '';
  const found = findGraphUser(tenants, id);
  if (!found) throw resourceNotFound(id);
  return found;
}

/** The catalog app id in `{"teamsApp@odata.bind": ".../appCatalogs/teamsApps/{id}"}`. */
function catalogAppIdOf(body: unknown): string {
  const bind = (body as Record<string, unknown> | undefined)?.['teamsApp@odata.bind'];
  if (typeof bind !== 'string') {
    throw badRequest("The request must bind the app: 'teamsApp@odata.bind' is missing.");
  }
  const match = BIND.exec(bind.trim());
  const id = match?.[1] ?? match?.[2];
  if (!id) throw badRequest(`'teamsApp@odata.bind' does not name a catalog app: '${bind}'.`);
  try {
    return decodeURIComponent(id);
  } catch {
    return id;
  }
}

function installFailure(status: number): GraphError {
  switch (status) {
    case 403:
      return new GraphError(
        403,
        'Forbidden',
        "The app could not be installed for the user: the tenant's app permission policy does not allow it.",
      );
    case 404:
      return new GraphError(404, 'NotFound', 'The app was not found in the tenant app catalog.');
    default:
      return new GraphError(
        status,
        status >= 500 ? 'generalException' : 'BadRequest',
        'The app could not be installed.',
      );
  }
}

function installedAppObject(installation: AppInstallation, expand: ReadonlySet<string>) {
  const { id, teamsAppId } = installation;
  return {
    id,
    ...(expand.has('teamsapp')
      ? {
          teamsApp: {
            id: teamsAppId,
            externalId: null,
            displayName: CATALOG_APP_DISPLAY_NAME,
            distributionMethod: 'organization',
          },
        }
      : {}),
    ...(expand.has('teamsappdefinition')
      ? {
          teamsAppDefinition: {
            id: Buffer.from(`${teamsAppId}##1.0.0`, 'utf8').toString('base64'),
            teamsAppId,
            displayName: CATALOG_APP_DISPLAY_NAME,
            version: '1.0.0',
          },
        }
      : {}),
  };
}

function expandOf(url: URL): Set<string> {
  const raw = url.searchParams.get('$expand');
  const names = (raw ?? '')
    .split(',')
    .map((n) => n.trim().toLowerCase())
    .filter((n) => n !== '');
  for (const name of names) {
    if (!EXPANDABLE.has(name)) throw badRequest(`Could not find a property named '${name}' to expand.`);
  }
  return new Set(names);
}

/** POST /users/{id | upn}/teamwork/installedApps: installs a catalog app for the user (201, no body). */
export const installAppRoute: GraphRoute = {
  method: 'POST',
  pattern: /^\/users\/([^/]+)\/teamwork\/installedApps\/?$/i,
  params: ['user'],
  name: 'POST installedApps',
  handle(request) {
    const { tenant, user } = userOf(request);
    const teamsAppId = catalogAppIdOf(request.body);
    const failure = request.faults.installFailureFor([user.email, user.userPrincipalName]);
    if (failure !== null) throw installFailure(failure);
    if (!request.messaging.install(user.objectId, tenant.id, teamsAppId, request.now)) {
      throw new GraphError(409, 'Conflict', 'App is already installed for this user.');
    }
    return { status: 201, body: undefined, tenant };
  },
};

/** GET /users/{id | upn}/teamwork/installedApps[?$expand=teamsApp&$filter=teamsApp/id eq '{id}']. */
export const listInstalledAppsRoute: GraphRoute = {
  method: 'GET',
  pattern: /^\/users\/([^/]+)\/teamwork\/installedApps\/?$/i,
  params: ['user'],
  name: 'GET installedApps',
  handle(request) {
    const { tenant, user } = userOf(request);
    const expand = expandOf(request.url);
    const filter = request.url.searchParams.get('$filter');
    let wanted: string | undefined;
    if (filter !== null) {
      const match = FILTER.exec(filter);
      if (!match) throw badRequest(`Invalid filter clause: '${filter}'. Filter on teamsApp/id eq '<id>'.`);
      wanted = match[1];
    }
    const installations = request.messaging
      .installationsOf(user.objectId)
      .filter((i) => wanted === undefined || i.teamsAppId === wanted);
    return {
      tenant,
      body: {
        '@odata.context': `${request.serviceRoot}/$metadata#users('${user.objectId}')/teamwork/installedApps`,
        value: installations.map((i) => installedAppObject(i, expand)),
      },
    };
  },
};

/** GET /users/{id | upn}/teamwork/installedApps/{installationId}/chat: the user's 1:1 chat with the bot. */
export const installedAppChatRoute: GraphRoute = {
  method: 'GET',
  pattern: /^\/users\/([^/]+)\/teamwork\/installedApps\/([^/]+)\/chat\/?$/i,
  params: ['user', 'installation'],
  name: 'GET installedApps chat',
  handle(request) {
    const { tenant, user } = userOf(request);
    const installationId = request.params[1] ?? '';
    const installation = request.messaging
      .installationsOf(user.objectId)
      .find((i) => i.id === installationId);
    if (!installation) {
      throw new GraphError(
        404,
        'NotFound',
        `The app installation '${installationId}' was not found for the user.`,
      );
    }
    const chatId = chatIdFor(user.objectId);
    const created = new Date(request.messaging.conversation(chatId)?.createdAt ?? installation.installedAt);
    return {
      tenant,
      body: {
        '@odata.context': `${request.serviceRoot}/$metadata#chats/$entity`,
        id: chatId,
        topic: null,
        createdDateTime: created.toISOString(),
        lastUpdatedDateTime: created.toISOString(),
        chatType: 'oneOnOne',
        webUrl: `https://teams.microsoft.com/l/chat/${encodeURIComponent(chatId)}/0?tenantId=${tenant.id}`,
        tenantId: tenant.id,
      },
    };
  },
};
