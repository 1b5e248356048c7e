import type { CloudAdapter } from 'botbuilder';
import {
  AuthenticationConstants,
  type AuthenticateRequestResult,
  type BotFrameworkAuthentication,
  type ClaimsIdentity,
  ConnectorFactory,
  type ConnectorClient,
  type UserTokenClient,
} from 'botframework-connector';
import type { ConnectorTransport } from './connector-transport';

/** Clients kept per kind; a bot talks to a handful of service URLs, so this bound is rarely reached. */
export const CLIENTS_KEPT = 32;

/**
 * botbuilder's CloudAdapter builds a new ConnectorClient and a new UserTokenClient (each with its own
 * HTTP pipeline and credentials) for every turn and every proactive call, which costs more than a
 * command's own work. Neither holds anything of a turn: a ConnectorClient is the service URL, the
 * audience and the bot's credentials (which fetch and renew their own tokens), a UserTokenClient the
 * bot's app id and credentials. This keeps them: one ConnectorClient per app id, service URL and
 * audience, one UserTokenClient per app id, and hands the same ones to every turn of the adapter.
 * With a `transport`, each kept client sends its replies and card updates through it
 * (bot/connector-transport.ts).
 */
export function keepConnectorClients(adapter: CloudAdapter, transport?: ConnectorTransport): void {
  const auth = (adapter as unknown as { botFrameworkAuthentication: BotFrameworkAuthentication })
    .botFrameworkAuthentication;
  const connectors = new Kept<ConnectorClient>();
  const tokenClients = new Kept<UserTokenClient>();
  const keeping = (factory: ConnectorFactory | undefined) =>
    factory && isPlainFactory(factory) ? new KeptConnectorFactory(factory, connectors, transport) : factory;

  const authenticateRequest = auth.authenticateRequest.bind(auth);
  auth.authenticateRequest = async (activity, authHeader): Promise<AuthenticateRequestResult> => {
    const result = await authenticateRequest(activity, authHeader);
    return { ...result, connectorFactory: keeping(result.connectorFactory)! };
  };
  const createConnectorFactory = auth.createConnectorFactory.bind(auth);
  auth.createConnectorFactory = (claims) => keeping(createConnectorFactory(claims))!;
  const createUserTokenClient = auth.createUserTokenClient.bind(auth);
  auth.createUserTokenClient = (claims) =>
    tokenClients.get(appIdOf(claims) ?? '', () => createUserTokenClient(claims));
}

/** The app id botframework-connector gives the clients it makes for these claims. */
function appIdOf(claims: ClaimsIdentity): string | undefined {
  return (
    claims.getClaimValue(AuthenticationConstants.AudienceClaim) ??
    claims.getClaimValue(AuthenticationConstants.AppIdClaim) ??
    undefined
  );
}

/** botframework-connector's own factory: what its clients depend on is in its fields. */
interface PlainFactory extends ConnectorFactory {
  appId?: string;
  toChannelFromBotOAuthScope: string;
}

function isPlainFactory(factory: ConnectorFactory): factory is PlainFactory {
  return 'appId' in factory && typeof (factory as PlainFactory).toChannelFromBotOAuthScope === 'string';
}

class KeptConnectorFactory extends ConnectorFactory {
  constructor(
    private readonly inner: PlainFactory,
    private readonly kept: Kept<ConnectorClient>,
    private readonly transport: ConnectorTransport | undefined,
  ) {
    super();
  }

  create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
    const key = [this.inner.appId ?? '', serviceUrl, audience ?? this.inner.toChannelFromBotOAuthScope].join(
      '\n',
    );
    return this.kept.get(key, async () => {
      const client = await this.inner.create(serviceUrl, audience);
      return this.transport ? this.transport.wrap(client, serviceUrl) : client;
    });
  }
}

/** Made once per key, the most recently used kept; a failed making is not kept. */
class Kept<V> {
  private readonly made = new Map<string, Promise<V>>();

  get(key: string, make: () => Promise<V>): Promise<V> {
    const kept = this.made.get(key);
    if (kept) {
      this.made.delete(key);
      this.made.set(key, kept);
      return kept;
    }
    const making = make();
    this.made.set(key, making);
    making.catch(() => {
      if (this.made.get(key) === making) this.made.delete(key);
    });
    if (this.made.size > CLIENTS_KEPT) this.made.delete(this.made.keys().next().value as string);
    return making;
  }
}
