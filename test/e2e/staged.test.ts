import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MEU_CSV_HEADER } from '../../services/staged/meu-conversion-csv';
import { readAll } from '../../services/store/document-store';
import { CHECKS } from '../../services/preflight/checks';
import { type DemoUser, makeInvoke, makeMessage, postActivity, USERS } from '../support/activities';
import { expectValidCard } from '../support/card-schema';
import { cardOf, eventually } from '../support/cutover';
import { type Stack, startStack } from '../support/stack';
import { adatumDirectory, passwordFor } from '../simulator/staged/staged-support';

const TENANT = 'adatum';

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)])),
  );
  return nested.flat();
}

describe('a staged migration (seed 003) over HTTP: CSV with passwords to the MEU conversion file', () => {
  let stack: Stack;
  let ready: string[];
  let withoutMeu: string[];
  let rows: { email: string; password: string }[];

  beforeAll(async () => {
    stack = await startStack({ speed: 20_000 });
    const directory = await adatumDirectory(stack.simulator.url);
    ready = directory.withMeu.slice(0, 5);
    withoutMeu = directory.withoutMeu;
    rows = [...ready, ...withoutMeu].map((email) => ({ email, password: passwordFor(email) }));
  });
  afterAll(async () => {
    await stack?.close();
  });

  const repos = () => stack.bot.services.ctx.repos;
  const read = () => repos().batches.read(TENANT, `${TENANT}~staged1`);
  async function say(text: string, from: DemoUser = USERS.alex) {
    const before = stack.connector.calls.length;
    await postActivity(stack.bot.url, makeMessage({ text, from, serviceUrl: stack.connector.url }));
    return (
      await eventually(
        () => stack.connector.calls.slice(before).find((c) => c.kind === 'reply'),
        10_000,
        'a reply',
      )
    ).body;
  }
  const invoke = async (verb: string, data: unknown, from: DemoUser = USERS.alex) =>
    (await postActivity(stack.bot.url, makeInvoke({ verb, data, from, serviceUrl: stack.connector.url })))
      .body as { statusCode: number; value: Record<string, unknown> };
  async function approvePending(action: string) {
    const approval = await eventually(
      async () =>
        (await repos().approvals.query({ pk: `${TENANT}~staged1` })).items.find(
          (a) => a.action === action && a.status === 'pending',
        ),
      10_000,
      `the ${action} approval`,
    );
    const answer = await invoke(
      'approval.approve',
      { approvalId: approval.id, batchId: approval.batchId, version: approval.batchVersion },
      USERS.megan,
    );
    expectValidCard(answer.value);
  }

  it('creates the batch from a CSV with passwords; Exchange gets them, nothing else keeps them', async () => {
    const csv = [
      'EmailAddress,Password,ForceChangePassword',
      ...rows.map((r) => `${r.email},${r.password},True`),
    ];
    await say(`batch create Staged1 --tenant ${TENANT} --scenario staged\n${csv.join('\n')}`);
    await eventually(async () => (await read())?.state === 'Created', 15_000, 'the batch created');
    const [call] = stack.simulator.calls({ cmdlet: 'New-MigrationBatch', tenant: TENANT });
    expect(call?.parameters.SourceEndpoint).toBe('Adatum-Staged');
    for (const row of rows.slice(0, ready.length)) {
      expect(stack.simulator.stagedPasswordMatches(TENANT, row.email, row.password)).toBe(true);
    }
  });

  it('preflight names the rows without a mail-enabled user, with the fix, and nothing else', async () => {
    const reply = await say('batch preflight Staged1');
    expect(JSON.stringify(reply)).toMatch(/Checking the readiness/);
    const report = await eventually(
      async () => {
        const r = await repos().preflight.read(`${TENANT}~staged1`, `${TENANT}~staged1`);
        return r?.state === 'done' ? r : undefined;
      },
      20_000,
      'the preflight',
    );
    expect(report.batchFindings).toEqual([]);
    const flagged = report.users.filter((u) => u.findings.length > 0);
    expect(flagged.map((u) => u.email).sort()).toEqual([...withoutMeu].sort());
    for (const user of flagged) {
      expect(user.findings).toEqual([
        expect.objectContaining({ check: 'cloud-meu', status: 'fail', fix: CHECKS['cloud-meu'].fix }),
      ]);
      expect(user.findings[0]!.message).toContain(`No mail-enabled user ${user.email}`);
    }
    // Each check read Exchange: directory sync once, the endpoint tested, every row's MEU looked up.
    expect(stack.simulator.calls({ cmdlet: 'Get-OrganizationConfig', tenant: TENANT })).toHaveLength(1);
    expect(
      stack.simulator.calls({ cmdlet: 'Test-MigrationServerAvailability', tenant: TENANT }),
    ).toHaveLength(1);

    // With directory synchronization stopped, the batch itself fails the preflight, with the fix.
    stack.simulator.faults.stopDirSync(TENANT);
    try {
      const before = stack.simulator.calls({ cmdlet: 'Get-OrganizationConfig', tenant: TENANT }).length;
      await say('batch preflight Staged1');
      const stopped = await eventually(
        async () => {
          const r = await repos().preflight.read(`${TENANT}~staged1`, `${TENANT}~staged1`);
          const asked = stack.simulator.calls({ cmdlet: 'Get-OrganizationConfig', tenant: TENANT }).length;
          return r?.state === 'done' && asked > before ? r : undefined;
        },
        20_000,
        'the second preflight',
      );
      expect(stopped.batchFindings).toEqual([
        expect.objectContaining({
          check: 'directory-sync',
          status: 'fail',
          fix: CHECKS['directory-sync'].fix,
        }),
      ]);
    } finally {
      stack.simulator.faults.reset();
    }
    await say('batch preflight Staged1');
    await eventually(
      async () => {
        const r = await repos().preflight.read(`${TENANT}~staged1`, `${TENANT}~staged1`);
        return r?.state === 'done' && r.batchFindings.length === 0 ? r : undefined;
      },
      20_000,
      'a passing preflight again',
    );
  });

  it('runs: each user gets their notice when their cloud mailbox is ready, before the batch completes', async () => {
    await say(
      'batch start Staged1 --tenant adatum --override "The two rows without an MEU move in the next batch"',
    );
    await approvePending('start');
    const synced = await eventually(
      async () => {
        const b = await read();
        return b && ['Synced', 'SyncedWithErrors'].includes(b.state) ? b : undefined;
      },
      30_000,
      'the batch synced',
    );
    expect(synced.state).toBe('SyncedWithErrors');
    const notices = await eventually(
      async () => {
        const all = (await readAll(repos().notices, { pk: synced.id })).filter((n) => n.kind === 'reset');
        return all.length >= ready.length ? all : undefined;
      },
      15_000,
      'a notice per ready user',
    );
    expect(notices.map((n) => n.email).sort()).toEqual([...ready].sort());
    expect(notices.every((n) => n.content.title === 'Your mailbox in Exchange Online is ready')).toBe(true);
    // Not completed yet: the notices went out at "ready", not at the end.
    expect(stack.simulator.calls({ cmdlet: 'Complete-MigrationBatch', tenant: TENANT })).toHaveLength(0);

    await invoke('batch.confirm', { batchId: synced.id, version: synced.version, action: 'cutover' });
    await approvePending('cutover');
    await eventually(async () => (await read())?.state === 'CompletedWithErrors', 30_000, 'completed');
    const after = (await readAll(repos().notices, { pk: synced.id })).filter((n) => n.kind === 'reset');
    expect(after).toHaveLength(ready.length);
  });

  it('offers the MEU conversion file on the runbook step, and audits the check-off', async () => {
    const before = stack.connector.calls.length;
    await say('runbook staged --tenant adatum');
    const reply = await eventually(
      () =>
        stack.connector.calls
          .slice(before)
          .find((c) => c.kind === 'reply' && JSON.stringify(c.body).includes('Runbook: Staged')),
      10_000,
      'the runbook card',
    );
    const card = cardOf(reply.body);
    expectValidCard(card);
    const download = JSON.stringify(card).match(/"url":"([^"]+\/exports\/meu\?t=[^"]+)"/)?.[1];
    expect(download).toBeDefined();
    const response = await fetch(download!);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/csv');
    const text = (await response.text()).replace(/^\uFEFF/, '');
    const lines = text.trim().split('\r\n');
    expect(lines[0]).toBe(MEU_CSV_HEADER.join(','));
    expect(
      lines
        .slice(1)
        .map((l) => l.split(',')[0])
        .sort(),
    ).toEqual([...ready].sort());
    for (const line of lines.slice(1)) {
      const [email, identity, legacyDN, target, proxies, batch] = line.split(',');
      expect(identity).toBe(email!.split('@')[0]);
      expect(legacyDN).toMatch(/^\/o=ExchangeLabs\/ou=Exchange Administrative Group/);
      expect(target).toBe(`${identity}@adatum.mail.onmicrosoft.com`);
      expect(proxies).toContain(`SMTP:${email}`);
      expect(proxies).toMatch(/x500:\/o=Adatum\//);
      expect(batch).toBe('Staged1');
    }
    // A forged or changed token opens nothing.
    expect((await fetch(`${download!.slice(0, -3)}xyz`)).status).toBe(404);

    const runbook = await repos().runbooks.query({ pk: TENANT });
    const version = runbook.items[0]?.version ?? 0;
    const checked = await invoke('runbook.check', {
      tenantId: TENANT,
      runbookId: 'staged',
      stepId: 'convert-to-meu',
      done: true,
      version,
    });
    expectValidCard(checked.value);
    const audit = await readAll(repos().audit, { pk: `tenant:${TENANT}` });
    expect(audit.some((e) => e.action === 'runbook.check' && e.detail?.includes('convert-to-meu'))).toBe(
      true,
    );
  });

  it('never keeps a password in the store, a card, the call log or a delivery', async () => {
    const stored = await Promise.all(
      (await filesUnder(stack.bot.dataDir)).map((f) => readFile(f, 'utf8').catch(() => '')),
    );
    const haystacks = [
      ...stored,
      JSON.stringify(stack.connector.calls),
      JSON.stringify(stack.simulator.calls()),
      JSON.stringify(stack.simulator.deliveries()),
    ];
    for (const { password } of rows) {
      for (const h of haystacks) expect(h.includes(password)).toBe(false);
    }
  });
});
