import { TEST_EXCHANGE, testServiceContext } from '../../support/service-context';
import { afterEach, describe, expect, it } from 'vitest';
import { parseTenantsFile } from '../../../services/config/tenants';
import type { ServiceContext } from '../../../services/context';
import { syncBatch } from '../../../services/jobs/sync-batch';
import { type Batch, type BatchUser, batchId } from '../../../services/model/batch';
import { type Notice, noticeId } from '../../../services/model/notice';
import type { Scenario, UserStatus } from '../../../services/model/statuses';
import { acknowledgeNotice } from '../../../services/notices/acknowledge';
import {
  displayNameOf,
  enqueueNotices,
  formatCutoverAt,
  listNotices,
  NOTICES_PAGE_SIZE,
  noticeCounts,
} from '../../../services/notices/outbox';
import { noticeSweep } from '../../../services/notices/sweep';
import {
  createExchangeOnlineProvider,
  staticTokenCredential,
} from '../../../services/providers/exchange-online';
import type { MigrationProvider } from '../../../services/providers/migration-provider';
import { readAll, type Stored } from '../../../services/store/document-store';
import { type SimulatorHandle, startSimulator } from '../../../simulator';
import { batchCsv } from '../../../services/csv/parse-batch-csv';

const HOUR = 3_600_000;
const TENANTS = parseTenantsFile({
  tenants: [
    {
      id: 'fabrikam',
      displayName: 'Fabrikam',
      scenarios: ['cross-tenant', 'hybrid', 'staged'],
      ...TEST_EXCHANGE,
      notices: {
        headsUpHours: 24,
        reminderHours: 48,
        helpContact: 'the Fabrikam service desk, ext. 4000',
        owaUrl: 'https://outlook.office.com/mail/',
        templates: { staged: { reset: { title: 'Welcome to {tenantName}, {displayName}' } } },
      },
    },
    {
      id: 'tailspin',
      displayName: 'Tailspin Toys',
      scenarios: ['hybrid'],
      ...TEST_EXCHANGE,
      notices: { hybridNotice: true },
    },
    {
      id: 'quiet',
      displayName: 'Quiet Ltd',
      scenarios: ['cross-tenant'],
      ...TEST_EXCHANGE,
      notices: { enabled: false },
    },
  ],
});

interface Setup {
  ctx: ServiceContext;
  advance(ms: number): void;
  now(): Date;
  helped: Notice[];
}

async function setup(options: { start?: string; provider?: MigrationProvider } = {}): Promise<Setup> {
  let now = new Date(options.start ?? '2026-11-30T09:00:00Z');
  const { ctx, helped } = await testServiceContext({
    tenants: TENANTS,
    now: () => now,
    provider: options.provider,
    dirPrefix: 'cutover-notices-',
  });
  return {
    ctx,
    helped,
    now: () => now,
    advance(ms) {
      now = new Date(now.getTime() + ms);
    },
  };
}

const ADELE = 'adele.vance@fabrikam.com';
const ALEX = 'alex.wilber@fabrikam.com';
const LEE = 'lee_gu@fabrikam.com';

async function storeBatch(
  ctx: ServiceContext,
  input: {
    tenantId?: string;
    name: string;
    scenario?: Scenario;
    completeAfter?: string;
    state?: Batch['state'];
  },
): Promise<Stored<Batch>> {
  const tenantId = input.tenantId ?? 'fabrikam';
  const at = ctx.now().toISOString();
  return ctx.repos.batches.create({
    id: batchId(tenantId, input.name),
    pk: tenantId,
    type: 'batch',
    tenantId,
    name: input.name,
    nameKey: input.name.toLowerCase(),
    scenario: input.scenario ?? 'cross-tenant',
    version: 1,
    state: input.state ?? 'Synced',
    userCount: 0,
    completeAfter: input.completeAfter,
    createdBy: { id: 'op-1' },
    createdAt: at,
    updatedAt: at,
  });
}

async function storeUsers(ctx: ServiceContext, batch: Batch, users: Record<string, UserStatus>) {
  for (const [email, status] of Object.entries(users)) {
    const user: BatchUser = {
      id: `${batch.id}~${email}`,
      pk: batch.id,
      type: 'batchUser',
      tenantId: batch.tenantId,
      batchId: batch.id,
      email,
      status,
      updatedAt: ctx.now().toISOString(),
    };
    await ctx.repos.batchUsers.upsert(user);
  }
  const current = (await ctx.repos.batches.read(batch.tenantId, batch.id))!;
  await ctx.repos.batches.replace({ ...current, userCount: Object.keys(users).length });
}

/** Marks a notice as delivered, the way the worker records it. */
async function markSent(ctx: ServiceContext, notice: Notice, userId: string): Promise<Stored<Notice>> {
  const stored = (await ctx.repos.notices.read(notice.pk, notice.id))!;
  const at = ctx.now().toISOString();
  return ctx.repos.notices.replace({ ...stored, status: 'sent', sentAt: at, userId, channel: 'teams' });
}

const noticesOf = (ctx: ServiceContext, batch: string) => readAll(ctx.repos.notices, { pk: batch });

describe('enqueueNotices', () => {
  it('formats the values the text names', () => {
    expect(formatCutoverAt('2026-12-01T18:00:00Z')).toBe('2026-12-01 18:00 UTC');
    expect(formatCutoverAt(new Date('2026-12-01T18:00:59.999Z'))).toBe('2026-12-01 18:00 UTC');
    expect(displayNameOf(ADELE)).toBe('Adele Vance');
    expect(displayNameOf('lee_gu@x.com')).toBe('Lee Gu');
    expect(displayNameOf('jdoe@x.com')).toBe('Jdoe');
    expect(displayNameOf('mary-jane.o+mail@x.com')).toBe('Mary Jane O Mail');
  });

  it('records one notice per user, rendered once; enqueueing again records nothing', async () => {
    const { ctx } = await setup();
    const batch = await storeBatch(ctx, { name: 'Wave 1' });
    const first = await enqueueNotices(
      ctx,
      batch,
      [ADELE, ALEX.toUpperCase()],
      'reset',
      '2026-12-01T18:00:00Z',
    );
    expect(first).toBe(2);
    const again = await enqueueNotices(ctx, batch, [ADELE, ALEX, LEE], 'reset', '2026-12-02T18:00:00Z');
    expect(again).toBe(1);
    const notices = await noticesOf(ctx, batch.id);
    expect(notices.map((n) => n.id).sort()).toEqual(
      [ADELE, ALEX, LEE].map((email) => noticeId(batch.id, 'reset', email)).sort(),
    );
    const adele = notices.find((n) => n.email === ADELE)!;
    expect(adele).toMatchObject({
      pk: batch.id,
      type: 'notice',
      tenantId: 'fabrikam',
      batchId: batch.id,
      batchName: 'Wave 1',
      scenario: 'cross-tenant',
      kind: 'reset',
      status: 'pending',
      attempts: 0,
      cutoverAt: '2026-12-01T18:00:00.000Z',
      createdAt: '2026-11-30T09:00:00.000Z',
    });
    expect(adele.content.helpContact).toBe('the Fabrikam service desk, ext. 4000');
    expect(adele.content.intro).toContain('Hi Adele Vance, your mailbox is now in Fabrikam.');
    expect(adele.content.steps.join(' ')).toContain(`enter ${ADELE}`);
    expect(adele.content.steps.join(' ')).toContain('https://outlook.office.com/mail/');
    expect(adele.content.closing).toContain('the Fabrikam service desk, ext. 4000');
    // The first recording stands: the second call's time did not change it.
    const alex = notices.find((n) => n.email === ALEX)!;
    expect(alex.cutoverAt).toBe('2026-12-01T18:00:00.000Z');
  });

  it('names the cutover time in the heads-up and uses the tenant wording', async () => {
    const { ctx } = await setup();
    const wave = await storeBatch(ctx, { name: 'Wave 2' });
    await enqueueNotices(ctx, wave, [ADELE], 'heads-up', new Date('2026-12-01T18:00:00Z'));
    const [headsUp] = await noticesOf(ctx, wave.id);
    expect(headsUp!.content.subject).toBe('Your mailbox moves on 2026-12-01 18:00 UTC: what to do before');

    const staged = await storeBatch(ctx, { name: 'Staged 1', scenario: 'staged' });
    await enqueueNotices(ctx, staged, [ALEX], 'reset', ctx.now());
    const [reset] = await noticesOf(ctx, staged.id);
    expect(reset!.content.title).toBe('Welcome to Fabrikam, Alex Wilber');
  });

  it('records nothing for hybrid batches unless the tenant sends the optional hybrid notice', async () => {
    const { ctx } = await setup();
    const off = await storeBatch(ctx, { name: 'Hybrid 1', scenario: 'hybrid' });
    expect(await enqueueNotices(ctx, off, [ADELE], 'reset', ctx.now())).toBe(0);
    expect(await noticesOf(ctx, off.id)).toEqual([]);

    const on = await storeBatch(ctx, { tenantId: 'tailspin', name: 'Hybrid 1', scenario: 'hybrid' });
    expect(await enqueueNotices(ctx, on, ['kim@tailspintoys.com'], 'reset', ctx.now())).toBe(1);
    const [notice] = await noticesOf(ctx, on.id);
    expect(notice!.content.title).toBe('Your mailbox has moved');
    expect(notice!.content.intro).toContain('No profile reset is needed');
    expect(notice!.content.helpContact).toBe('your IT helpdesk');
  });

  it('records nothing when the tenant has notices turned off', async () => {
    const { ctx } = await setup();
    const batch = await storeBatch(ctx, { tenantId: 'quiet', name: 'Wave 1' });
    expect(await enqueueNotices(ctx, batch, [ADELE], 'reset', ctx.now())).toBe(0);
    expect(await noticesOf(ctx, batch.id)).toEqual([]);
  });

  it('writes many users with bounded parallelism and still exactly once each', async () => {
    const { ctx } = await setup();
    const batch = await storeBatch(ctx, { name: 'Big' });
    const emails = Array.from({ length: 250 }, (_, i) => `user${i}@fabrikam.com`);
    const [a, b] = await Promise.all([
      enqueueNotices(ctx, batch, emails, 'reset', ctx.now()),
      enqueueNotices(ctx, batch, emails, 'reset', ctx.now()),
    ]);
    expect(a + b).toBe(250);
    expect(await noticesOf(ctx, batch.id)).toHaveLength(250);
  });
});

describe('noticeSweep', () => {
  it('records heads-ups once the scheduled cutover is within headsUpHours, once', async () => {
    const { ctx, advance } = await setup({ start: '2026-11-29T12:00:00Z' });
    const cutover = '2026-12-01T18:00:00.000Z';
    const batch = await storeBatch(ctx, { name: 'Wave 1', completeAfter: cutover });
    await storeUsers(ctx, batch, {
      [ADELE]: 'Synced',
      [ALEX]: 'Syncing',
      [LEE]: 'Failed',
      'done@fabrikam.com': 'Completed',
    });
    const unscheduled = await storeBatch(ctx, { name: 'Wave 2' });
    await storeUsers(ctx, unscheduled, { 'someone@fabrikam.com': 'Synced' });

    expect(await noticeSweep(ctx)).toEqual({ headsUps: 0, reminders: 0 }); // 54 hours ahead
    advance(30 * HOUR - 1); // 24 h + 1 ms ahead
    expect((await noticeSweep(ctx)).headsUps).toBe(0);
    advance(1); // exactly 24 h ahead
    expect((await noticeSweep(ctx)).headsUps).toBe(2);
    const notices = await noticesOf(ctx, batch.id);
    expect(notices.map((n) => n.email).sort()).toEqual([ADELE, ALEX]);
    expect(notices.every((n) => n.kind === 'heads-up' && n.cutoverAt === cutover)).toBe(true);
    expect(notices[0]!.content.title).toBe('Your mailbox moves on 2026-12-01 18:00 UTC');
    expect(await noticesOf(ctx, unscheduled.id)).toEqual([]);

    advance(HOUR);
    expect((await noticeSweep(ctx)).headsUps).toBe(0);
    // A user who joins the batch later still gets one.
    await storeUsers(ctx, batch, { [ADELE]: 'Synced', [ALEX]: 'Syncing', 'new@fabrikam.com': 'Synced' });
    expect((await noticeSweep(ctx)).headsUps).toBe(1);
    expect(await noticesOf(ctx, batch.id)).toHaveLength(3);
  });

  it('sends no heads-up once the cutover time has passed, nor for hybrid batches without the notice', async () => {
    const { ctx, advance } = await setup({ start: '2026-12-01T18:00:00Z' });
    const past = await storeBatch(ctx, { name: 'Wave 1', completeAfter: '2026-12-01T18:00:00Z' });
    await storeUsers(ctx, past, { [ADELE]: 'Synced' });
    const hybrid = await storeBatch(ctx, {
      name: 'Hybrid 1',
      scenario: 'hybrid',
      completeAfter: '2026-12-02T09:00:00Z',
    });
    await storeUsers(ctx, hybrid, { [ALEX]: 'Synced' });
    const quiet = await storeBatch(ctx, {
      tenantId: 'quiet',
      name: 'Wave 1',
      completeAfter: '2026-12-02T09:00:00Z',
    });
    await storeUsers(ctx, quiet, { [LEE]: 'Synced' });
    const hosted = await storeBatch(ctx, {
      tenantId: 'tailspin',
      name: 'Hybrid 2',
      scenario: 'hybrid',
      completeAfter: '2026-12-02T09:00:00Z',
    });
    await storeUsers(ctx, hosted, { 'kim@tailspintoys.com': 'Synced' });
    advance(1);
    expect(await noticeSweep(ctx)).toEqual({ headsUps: 1, reminders: 0 });
    expect(await noticesOf(ctx, hosted.id)).toHaveLength(1);
    expect(await noticesOf(ctx, past.id)).toEqual([]);
    expect(await noticesOf(ctx, hybrid.id)).toEqual([]);
    expect(await noticesOf(ctx, quiet.id)).toEqual([]);
  });

  it('records one reminder reminderHours after an unanswered reset was sent', async () => {
    const { ctx, advance, now } = await setup();
    const batch = await storeBatch(ctx, { name: 'Wave 1', state: 'Completed' });
    await enqueueNotices(ctx, batch, [ADELE, ALEX, LEE], 'reset', '2026-11-30T08:00:00Z');
    const resets = await noticesOf(ctx, batch.id);
    const byEmail = new Map(resets.map((n) => [n.email, n]));
    await markSent(ctx, byEmail.get(ADELE)!, 'aad-adele');
    await markSent(ctx, byEmail.get(ALEX)!, 'aad-alex');
    const answered = await acknowledgeNotice(
      ctx,
      { id: 'aad-alex', name: 'Alex' },
      {
        noticeId: byEmail.get(ALEX)!.id,
        answer: 'done',
      },
    );
    expect(answered.ok).toBe(true);
    // Lee's reset is still pending (not sent): no reminder for it.

    advance(48 * HOUR - 1);
    expect((await noticeSweep(ctx)).reminders).toBe(0);
    advance(1);
    expect((await noticeSweep(ctx)).reminders).toBe(1);
    const reminder = (await ctx.repos.notices.read(batch.id, noticeId(batch.id, 'reminder', ADELE)))!;
    expect(reminder).toMatchObject({
      kind: 'reminder',
      status: 'pending',
      userId: 'aad-adele',
      cutoverAt: '2026-11-30T08:00:00.000Z',
    });
    expect(reminder.content.intro).toContain('on 2026-11-30 08:00 UTC');
    const reset = (await ctx.repos.notices.read(batch.id, noticeId(batch.id, 'reset', ADELE)))!;
    expect(reset.remindedAt).toBe(now().toISOString());

    advance(100 * HOUR);
    expect((await noticeSweep(ctx)).reminders).toBe(0);
    expect((await noticesOf(ctx, batch.id)).filter((n) => n.kind === 'reminder')).toHaveLength(1);
  });

  it('walks many due resets in small pages', async () => {
    const { ctx, advance } = await setup();
    const batch = await storeBatch(ctx, { name: 'Wave 1', state: 'Completed' });
    const emails = Array.from({ length: 120 }, (_, i) => `user${String(i).padStart(3, '0')}@fabrikam.com`);
    await enqueueNotices(ctx, batch, emails, 'reset', ctx.now());
    for (const notice of await noticesOf(ctx, batch.id)) {
      await markSent(ctx, notice, `aad-${notice.email}`);
      advance(1_000);
    }
    advance(48 * HOUR - 60_000); // the last 60 were sent less than 48 h ago
    expect((await noticeSweep(ctx)).reminders).toBe(61);
    advance(60_000);
    expect((await noticeSweep(ctx)).reminders).toBe(59);
    expect((await noticesOf(ctx, batch.id)).filter((n) => n.kind === 'reminder')).toHaveLength(120);
  });
});

describe('noticeCounts and listNotices', () => {
  it('counts a batch by state and answer, and lists it by filter and page', async () => {
    const { ctx, helped } = await setup();
    const batch = await storeBatch(ctx, { name: 'Wave 1', state: 'Completed' });
    const emails = Array.from({ length: 30 }, (_, i) => `user${String(i).padStart(2, '0')}@fabrikam.com`);
    await enqueueNotices(ctx, batch, emails, 'reset', ctx.now());
    const all = new Map((await noticesOf(ctx, batch.id)).map((n) => [n.email, n]));
    for (let i = 0; i < 20; i++) await markSent(ctx, all.get(emails[i]!)!, `aad-${i}`);
    for (let i = 20; i < 23; i++) {
      const stored = (await ctx.repos.notices.read(batch.id, all.get(emails[i]!)!.id))!;
      await ctx.repos.notices.replace({ ...stored, status: 'failed', error: 'No channel reached the user.' });
    }
    for (let i = 0; i < 5; i++) {
      await acknowledgeNotice(ctx, { id: `aad-${i}` }, { noticeId: all.get(emails[i]!)!.id, answer: 'done' });
    }
    for (let i = 5; i < 7; i++) {
      await acknowledgeNotice(ctx, { id: `aad-${i}` }, { noticeId: all.get(emails[i]!)!.id, answer: 'help' });
    }
    expect(helped.map((n) => n.email)).toEqual([emails[5], emails[6]]);

    expect(await noticeCounts(ctx, batch.id)).toEqual({
      sent: 20,
      acknowledged: 5,
      help: 2,
      failed: 3,
      pending: 7,
    });
    expect(await noticeCounts(ctx, batch.id, 'heads-up')).toEqual({
      sent: 0,
      acknowledged: 0,
      help: 0,
      failed: 0,
      pending: 0,
    });

    const pending = await listNotices(ctx, batch.id, 'pending');
    expect(pending).toMatchObject({ page: 1, pageCount: 1, total: 7 });
    expect(pending.notices.map((n) => n.email)).toEqual(emails.slice(23));
    const help = await listNotices(ctx, batch.id, 'help');
    expect(help.notices.map((n) => n.email)).toEqual([emails[5], emails[6]]);
    const failed = await listNotices(ctx, batch.id, 'failed');
    expect(failed.notices.map((n) => n.error)).toEqual(Array(3).fill('No channel reached the user.'));

    const first = await listNotices(ctx, batch.id, 'all');
    expect(first).toMatchObject({ page: 1, pageCount: 2, total: 30 });
    expect(first.notices).toHaveLength(NOTICES_PAGE_SIZE);
    expect(first.notices[0]!.email).toBe(emails[0]);
    const second = await listNotices(ctx, batch.id, 'all', 2);
    expect(second.notices.map((n) => n.email)).toEqual(emails.slice(NOTICES_PAGE_SIZE));
    expect((await listNotices(ctx, batch.id, 'all', 99)).page).toBe(2);
    expect(await listNotices(ctx, 'fabrikam~nothing', 'all')).toMatchObject({
      notices: [],
      page: 1,
      pageCount: 1,
      total: 0,
    });
  });
});

describe('status sync records reset notices', () => {
  let sim: SimulatorHandle | undefined;
  afterEach(async () => {
    await sim?.close();
    sim = undefined;
  });

  it('records a reset for each user whose move completed, once, against the simulator', async () => {
    let clock = Date.parse('2025-03-03T09:00:00.000Z');
    sim = await startSimulator({ now: () => clock, speed: 60 });
    const provider = createExchangeOnlineProvider({
      baseUrl: sim.url,
      tenant: 'northwindtraders.onmicrosoft.com',
      credential: staticTokenCredential('test-token'),
    });
    const { ctx } = await setup({ provider, start: '2025-03-03T09:00:00Z' });
    const [northwind] = (await (
      await fetch(`${sim.url}/_simulator/tenants?tenant=northwindtraders.onmicrosoft.com`)
    ).json()) as {
      recipients: { email: string; recipientType: string }[];
    }[];
    const emails = northwind!.recipients
      .filter((r) => r.recipientType === 'MailUser')
      .map((r) => r.email)
      .slice(0, 3);
    await provider.createBatch({
      name: 'Wave 1',
      csv: batchCsv(emails),
      sourceEndpoint: 'Contoso-CrossTenant',
      targetDeliveryDomain: 'northwindtraders.onmicrosoft.com',
    });
    await provider.startBatch('Wave 1');
    const batch = await storeBatch(ctx, { name: 'Wave 1', state: 'Starting' });

    clock += 2 * 60_000; // two simulated hours: synced
    const synced = await syncBatch(ctx, batch.id);
    expect(synced?.state).toBe('Synced');
    expect(await noticesOf(ctx, batch.id)).toEqual([]);

    await provider.completeBatch('Wave 1');
    clock += 2 * 60_000;
    const completed = await syncBatch(ctx, batch.id);
    expect(completed?.state).toBe('Completed');
    const notices = await noticesOf(ctx, batch.id);
    expect(notices.map((n) => n.email).sort()).toEqual(emails.map((e) => e.toLowerCase()).sort());
    expect(notices.every((n) => n.kind === 'reset' && n.status === 'pending')).toBe(true);
    expect(notices[0]!.content.steps.join(' ')).toContain(notices[0]!.email);

    // Syncing again (a second instance, a retry) records nothing new.
    await syncBatch(ctx, batch.id);
    expect(await noticesOf(ctx, batch.id)).toHaveLength(3);
  });
});
