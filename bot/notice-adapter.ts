import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationBotFrameworkAuthenticationOptions,
} from 'botbuilder';
import type {
  BotFrameworkAuthentication,
  ClaimsIdentity,
  ConnectorClient,
  ConnectorFactory,
  ServiceClientCredentialsFactory,
} from 'botframework-connector';

/** The name of the retry policy @azure/core-client puts in every client's pipeline. */
const BUILT_IN_RETRY_POLICY = 'defaultRetryPolicy';

interface PipelineLike {
  getOrderedPolicies(): { name: string }[];
  removePolicy(options: { name: string }): unknown;
}

/**
 * Takes the built-in retries out of a Bot Framework connector client. The client would otherwise wait
 * out a 429's Retry-After and send again on its own (and retry 5xx three times), outside Cutover's
 * rate limiter: a burst of 429s then comes back as a burst of sends that keeps the tenant over its
 * limit. Without them every answer reaches the notice worker, which holds back the whole tenant for a
 * 429 and backs off with jitter otherwise.
 */
export function withoutBuiltInRetries(connector: ConnectorClient): ConnectorClient {
  // The core-client ServiceClient is a private field of the connector's compatibility layer.
  const pipeline = (connector as unknown as { client?: { pipeline?: PipelineLike } }).client?.pipeline;
  if (!pipeline?.getOrderedPolicies().some((policy) => policy.name === BUILT_IN_RETRY_POLICY)) {
    throw new Error('The Bot Framework connector client has no retry policy to take out; check its version.');
  }
  pipeline.removePolicy({ name: BUILT_IN_RETRY_POLICY });
  return connector;
}

/**
 * Bot Framework authentication whose connector clients leave retrying to the caller. A client is made
 * once per bot, service URL and audience and then reused (its credentials renew their own token), so
 * that sends keep their connections open instead of connecting anew each time.
 */
class NoRetryAuthentication extends ConfigurationBotFrameworkAuthentication {
  private readonly clients = new Map<string, Promise<ConnectorClient>>();

  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    const inner = super.createConnectorFactory(claimsIdentity);
    const bot = claimsIdentity.claims.find((claim) => claim.type === 'aud' || claim.type === 'appid')?.value;
    return {
      create: (serviceUrl: string, audience?: string) => {
        const key = JSON.stringify([bot ?? '', serviceUrl, audience ?? '']);
        let client = this.clients.get(key);
        if (!client) {
          client = inner.create(serviceUrl, audience).then(withoutBuiltInRetries);
          // A failed creation (e.g. no token) is not kept: the next send tries again.
          client.catch(() => this.clients.delete(key));
          this.clients.set(key, client);
        }
        return client;
      },
    };
  }
}

/**
 * The adapter the notice worker sends with: the bot's own credentials, and connector clients that
 * report a 429 or a 5xx at once instead of retrying it (see `withoutBuiltInRetries`). Replies in
 * conversations keep the regular adapter and its retries.
 */
export function createNoticeAdapter(
  config: ConfigurationBotFrameworkAuthenticationOptions,
  credentials: ServiceClientCredentialsFactory,
): CloudAdapter {
  const auth: BotFrameworkAuthentication = new NoRetryAuthentication(config, credentials);
  return new CloudAdapter(auth);
}
