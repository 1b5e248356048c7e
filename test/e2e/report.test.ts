import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportCsvRow, REPORT_CSV_HEADER } from '../../services/workflow/report-csv';
import { toCsv } from '../../services/csv/export-csv';
import { readAll } from '../../services/store/document-store';
import { makeMessage, postActivity, USERS } from '../support/activities';
import { expectValidCard, expectValidChartCard } from '../support/card-schema';
import { cardOf, cardText, eventually } from '../support/cutover';
import { type Stack, startStack } from '../support/stack';
import { northwindUsers } from '../support/simulator-data';

const TENANTS_FILE = path.resolve(__dirname, '../fixtures/tenants.reports.json');

type Json = Record<string, unknown>;
const chartsOf = (card: Json) =>
  (card.body as Json[]).filter((e) => String(e.type).startsWith('Chart.')).map((e) => e.type);

describe('report and daily digest over HTTP', () => {
  let stack: Stack;
  let emails: string[];

  beforeAll(async () => {
    stack = await startStack({ speed: 20_000, env: { TENANTS_FILE } });
    emails = await northwindUsers(stack.simulator.url, 6);
  }, 30_000);
  afterAll(async () => {
    await stack?.close();
  });

  const repos = () => stack.bot.services.ctx.repos;

  async function reply(text: string, from = USERS.alex) {
    const message = makeMessage({ text, from, serviceUrl: stack.connector.url });
    const response = await postActivity(stack.bot.url, message);
    expect(response.status).toBe(200);
    return eventually(
      () => stack.connector.calls.find((c) => c.kind === 'reply' && c.activityId === message.id),
      10_000,
      `a reply to ${text}`,
    );
  }

  it('a synced batch: report card with charts and fallbacks, history kept, CSV matching the stored statistics', async () => {
    await reply(
      `batch create Rep --tenant northwind --scenario cross-tenant\nEmailAddress\n${emails.join('\n')}`,
    );
    await eventually(
      async () => (await repos().batches.read('northwind', 'northwind~rep'))?.state === 'Created',
      15_000,
      'the batch to be created',
    );
    await reply('batch start Rep');
    await eventually(
      async () => (await repos().batches.read('northwind', 'northwind~rep'))?.state === 'Synced',
      30_000,
      'the batch to sync',
    );

    // History: a few samples (each a sync that changed the batch), ending at the synced state.
    const history = await repos().history.read('northwind~rep', 'history');
    expect(history!.samples.length).toBeGreaterThanOrEqual(1);
    expect(history!.samples.at(-1)!.users.ready).toBe(6);
    // A sync with nothing new writes no sample.
    const before = history!._etag;
    await stack.bot.services.jobs.syncAll();
    expect((await repos().history.read('northwind~rep', 'history'))!._etag).toBe(before);

    const answer = await reply('report Rep', USERS.isaiah);
    const card = cardOf(answer.body);
    expectValidChartCard(card);
    expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThan(28 * 1024);
    expect(chartsOf(card)).toEqual(['Chart.Donut', 'Chart.Line', 'Chart.VerticalBar']);
    const text = cardText(card);
    expect(text).toContain('Report: Rep');
    expect(text).toContain('6 mailboxes in the cloud with mail reaching them');
    expect(text).toContain('No errors.');
    expect(text).toContain('Not complete yet: 0 of 6 completed.');

    // The CSV behind the link: one row per stored user, exactly the stored statistics.
    const link = (card.actions as Json[])[0]!.url as string;
    expect(link).toContain('/exports/report?t=');
    const download = await fetch(link);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toContain('report-Rep.csv');
    const csv = (await download.text()).replace(/^\uFEFF/, '');
    const stored = await readAll(repos().batchUsers, { pk: 'northwind~rep', orderBy: { field: 'email' } });
    expect(stored).toHaveLength(6);
    expect(csv).toBe(toCsv(REPORT_CSV_HEADER, stored.map(reportCsvRow)));
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toBe(REPORT_CSV_HEADER.join(','));
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(stored.map((u) => u.email));
    expect(lines.slice(1).every((l) => l.split(',')[2] === 'Synced')).toBe(true);
    // A report link opens nothing else, and a preflight link does not open the report.
    const forged = link.replace('/exports/report', '/exports/preflight');
    expect((await fetch(forged)).status).toBe(404);
  }, 60_000);

  it('report --tenant sums the tenant; someone without a role there is refused', async () => {
    const card = cardOf((await reply('report --tenant northwind')).body);
    expectValidChartCard(card);
    expect(cardText(card)).toContain('Report: Northwind Traders (from Contoso)');
    expect(cardText(card)).toContain('Rep');
    const refused = cardOf((await reply('report --tenant northwind', USERS.patti)).body);
    expectValidCard(refused);
    expect(cardText(refused)).toBe('Not allowed\nYou need the viewer role in northwind to see its reports.');
    const bare = await reply('report');
    expect(String(bare.body.text)).toContain('Name a batch or a tenant');
  });

  it('posts the daily digest once at the configured hour, in the batch conversation', async () => {
    // The jobs' own timer runs on the real clock too: count only the digests of the days driven here.
    const digests = (dayText = '2030-01-03') =>
      stack.connector.calls.filter((c) => {
        const body = JSON.stringify(c.body.attachments ?? '');
        return body.includes('Daily digest') && body.includes(dayText);
      });
    const day = (h: number, m = 0, d = 3) => new Date(Date.UTC(2030, 0, d, h, m));
    await stack.bot.services.jobs.runDigests(day(6, 59));
    expect(digests()).toHaveLength(0);
    await stack.bot.services.jobs.runDigests(day(7, 0));
    await stack.bot.services.jobs.runDigests(day(7, 30));
    await Promise.all([
      stack.bot.services.jobs.runDigests(day(9)),
      stack.bot.services.jobs.runDigests(day(9)),
    ]);
    await eventually(() => digests().length === 1, 5_000, 'the digest');
    const card = cardOf(digests()[0]!.body);
    expectValidCard(card);
    const text = cardText(card);
    expect(text).toContain('Daily digest: Northwind Traders (from Contoso)');
    expect(text).toContain('Needs a person');
    expect(text).toContain('Rep');
    const marker = await repos().digests.read('digest:northwind', 'northwind:2030-01-03');
    expect(marker).toMatchObject({ status: 'posted', postedTo: 1, attempts: 1 });
    // The next day: once more.
    await stack.bot.services.jobs.runDigests(day(7, 5, 4));
    await eventually(() => digests('2030-01-04').length === 1, 5_000, 'the next day digest');
    expect(digests()).toHaveLength(1);
  }, 30_000);
});
