/**
 * One process of the throughput benchmark: BENCH_BOT=cutover starts Cutover as `npm start` would
 * (local store, logging at its default level to stdout), BENCH_BOT=baseline the bare botbuilder echo
 * bot, and BENCH_BOT=connector the Bot Connector stand-in both reply to (it accepts every activity
 * with an id and counts them; `count` over IPC answers the count). Reports its URL to the parent over
 * IPC, and its CPU time so far when asked with `cpu`; closes on SIGTERM, or when the parent asks with
 * `close` (then a CPU profile, when one was asked for with --cpu-prof, is written on exit).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startCutover } from '../bot/runtime';
import { startBaselineBot } from './baseline-bot';

async function startConnector(): Promise<{ url: string; count: () => number; close(): Promise<void> }> {
  let replies = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      replies++;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: `activity-${replies}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    count: () => replies,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function main(): Promise<void> {
  let close: () => Promise<void>;
  let count = () => 0;
  if (process.env.BENCH_BOT === 'connector') {
    const connector = await startConnector();
    close = () => connector.close();
    count = connector.count;
    process.send!({ url: connector.url });
  } else if (process.env.BENCH_BOT === 'cutover') {
    const cutover = await startCutover({ env: process.env });
    close = () => cutover.close();
    process.send!({ url: cutover.url, simulatorUrl: cutover.simulatorUrl });
  } else {
    const bot = await startBaselineBot();
    close = () => bot.close();
    process.send!({ url: bot.url });
  }
  const stop = () => {
    close().finally(() => process.exit(0));
  };
  process.on('message', (message) => {
    if (message === 'close') stop();
    if (message === 'count') process.send!({ count: count() });
    if (message === 'cpu') process.send!({ cpu: process.cpuUsage() });
  });
  process.on('SIGTERM', stop);
  process.on('disconnect', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench bot failed to start: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
