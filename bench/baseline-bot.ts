import type { AddressInfo } from 'node:net';
import { ActivityTypes, CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import * as restify from 'restify';

/**
 * The baseline for bot benchmarks: a bare botbuilder bot on restify (auth off) that answers a
 * message with an echo and an adaptiveCard/action invoke with a small card. No teams-ai, no store.
 */
export async function startBaselineBot(): Promise<{ url: string; close(): Promise<void> }> {
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
  const server = restify.createServer();
  server.use(restify.plugins.bodyParser());
  server.post('/api/messages', async (req, res) => {
    await adapter.process(req, res, async (context) => {
      if (context.activity.type === ActivityTypes.Invoke) {
        await context.sendActivity({
          type: ActivityTypes.InvokeResponse,
          value: {
            status: 200,
            body: {
              statusCode: 200,
              type: 'application/vnd.microsoft.card.adaptive',
              value: {
                type: 'AdaptiveCard',
                version: '1.5',
                body: [{ type: 'TextBlock', text: 'Approved' }],
              },
            },
          },
        });
      } else {
        await context.sendActivity(`echo: ${context.activity.text}`);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)]!;
}
