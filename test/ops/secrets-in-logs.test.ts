import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SimulatorHandle, startSimulator } from '../../simulator';
import { type BotProcess, startBotProcess, stopAllBotProcesses } from '../multi/start-bot-process';
import { selfSignedPem } from '../services/secrets/key-vault-stand-in';
import { makeInvoke, makeMessage, postActivity, USERS } from '../support/activities';
import { startConnectorCapture } from '../support/connector';
import { eventually } from '../support/cutover';
import { adatumDirectory } from '../simulator/staged/staged-support';
import { northwindUsers } from '../support/simulator-data';

const SCENARIOS = path.resolve(__dirname, '../fixtures/tenants.scenarios.json');
const random = (prefix: string) => `${prefix}${randomBytes(18).toString('base64url')}`;

/** Every form a secret could take in a JSON log line: as is, JSON-escaped, base64, and as a byte list. */
function forms(secret: string): string[] {
  return [
    secret,
    JSON.stringify(secret).slice(1, -1),
    Buffer.from(secret).toString('base64'),
    Buffer.from(secret).join(','),
  ];
}

/** The secrets (by name) any of whose forms appear in the lines, with the first line number. */
function scan(lines: string[], secrets: Record<string, string[]>): { name: string; line: number }[] {
  const found: { name: string; line: number }[] = [];
  for (const [name, values] of Object.entries(secrets)) {
    const needles = values.flatMap(forms);
    const line = lines.findIndex((l) => needles.some((needle) => l.includes(needle)));
    if (line >= 0) found.push({ name, line });
  }
  return found;
}

describe('secrets never reach the log, even at LOG_LEVEL=trace', () => {
  let simulator: SimulatorHandle;
  let connector: Awaited<ReturnType<typeof startConnectorCapture>>;
  let bot: BotProcess;
  const pem = selfSignedPem('/CN=Cutover Exchange');
  const secrets = {
    MicrosoftAppPassword: random('app-password-'),
    exchangeClientSecret: random('exo-client-secret-'),
    simulatorBearer: random('bearer-'),
    EXPORT_LINK_SECRET: random('export-link-secret-'),
    STAGED_PASSWORD_KEY: randomBytes(32).toString('base64'),
    stagedPasswords: [random('Pw1-'), random('Pw2-'), random('Pw3-')],
  };
  /** The private key's body lines (the certificate's own lines are public). */
  const keyLines = pem.key.split('\n').filter((l) => l.length > 40 && !l.startsWith('-----'));

  beforeAll(async () => {
    simulator = await startSimulator({ speed: 20_000 });
    connector = await startConnectorCapture();
    const dir = await mkdtemp(path.join(tmpdir(), 'cutover-secrets-'));
    await writeFile(path.join(dir, 'exo.pem'), `${pem.key}${pem.cert}`);
    // The scenarios tenants, signed in with a bearer token only this test knows, and two tenants whose
    // Exchange credentials (a client secret, a certificate) are tried by /readyz and fail (no Entra here).
    const file = JSON.parse(
      (await readFile(SCENARIOS, 'utf8')).replaceAll(
        '"local-simulator"',
        JSON.stringify(secrets.simulatorBearer),
      ),
    );
    const unreachable = (id: string, credential: Record<string, unknown>) => ({
      id,
      displayName: id,
      scenarios: ['hybrid'],
      connection: { endpointUrl: 'http://127.0.0.1:9', tenant: `${id}.onmicrosoft.com`, credential },
      migrationEndpoint: 'Hybrid',
      targetDeliveryDomain: `${id}.mail.onmicrosoft.com`,
      approval: { actions: [] },
    });
    file.tenants.push(
      unreachable('contoso', {
        kind: 'secret',
        tenantId: '00000000-0000-0000-0000-0000000000c1',
        clientId: '00000000-0000-0000-0000-0000000000c2',
        clientSecretEnv: 'CONTOSO_EXO_SECRET',
      }),
      unreachable('litware', {
        kind: 'certificate',
        tenantId: '00000000-0000-0000-0000-0000000000d1',
        clientId: '00000000-0000-0000-0000-0000000000d2',
        certificatePath: path.join(dir, 'exo.pem'),
      }),
    );
    await writeFile(path.join(dir, 'tenants.json'), JSON.stringify(file));
    bot = await startBotProcess({
      EXCHANGE_SIMULATOR_URL: simulator.url,
      TENANTS_FILE: path.join(dir, 'tenants.json'),
      DATA_DIR: dir,
      LOG_LEVEL: 'trace',
      SYNC_INTERVAL_SECONDS: '0.25',
      INTENT_INTERVAL_SECONDS: '0.2',
      LEASE_SECONDS: '5',
      MicrosoftAppPassword: secrets.MicrosoftAppPassword,
      CONTOSO_EXO_SECRET: secrets.exchangeClientSecret,
      EXPORT_LINK_SECRET: secrets.EXPORT_LINK_SECRET,
      STAGED_PASSWORD_KEY: secrets.STAGED_PASSWORD_KEY,
    });
  }, 60_000);
  afterAll(async () => {
    await stopAllBotProcesses();
    await connector?.close();
    await simulator?.close();
  });

  async function say(text: string) {
    const before = connector.calls.length;
    const answer = await postActivity(
      bot.url,
      makeMessage({ text, from: USERS.alex, serviceUrl: connector.url }),
    );
    expect(answer.status).toBe(200);
    return eventually(() => connector.calls.slice(before).find((c) => c.kind === 'reply'), 10_000, text);
  }

  it('a whole migration and a staged batch leave no secret in any log line; a planted one is found', async () => {
    const users = await northwindUsers(simulator.url, 6);
    // A staged batch with passwords: they reach Exchange (sealed until then).
    const csv = [
      'EmailAddress,Password,ForceChangePassword',
      ...(await adatumDirectory(simulator.url)).withMeu
        .slice(0, 3)
        .map((u, i) => `${u},${secrets.stagedPasswords[i]},True`),
    ].join('\n');
    await say(`batch create Legacy --tenant adatum --scenario staged\n${csv}`);
    await eventually(
      () =>
        simulator.calls({ cmdlet: 'New-MigrationBatch' }).some((c) => c.parameters.Name === 'Legacy') ||
        undefined,
      15_000,
      'the staged batch created in Exchange',
    );
    // A cross-tenant batch from create to Completed.
    await say(
      `batch create Moves --tenant northwind --scenario cross-tenant\nEmailAddress\n${users.slice(3).join('\n')}`,
    );
    const exchangeSaw = (cmdlet: string, name: string) =>
      simulator.calls({ cmdlet }).some((c) => c.parameters.Name === name || c.parameters.Identity === name);
    // Each step once the one before has reached Exchange (a command meanwhile says "still in progress").
    const step = (command: string, cmdlet: string, name: string) =>
      eventually(
        async () => {
          if (!exchangeSaw(cmdlet, name)) await say(command);
          return exchangeSaw(cmdlet, name) || undefined;
        },
        30_000,
        `${command} to reach Exchange`,
      );
    await eventually(() => exchangeSaw('New-MigrationBatch', 'Moves') || undefined, 15_000, 'Moves created');
    await say('batch preflight Moves');
    await step('batch start Moves', 'Start-MigrationBatch', 'Moves');
    await step('batch start Legacy', 'Start-MigrationBatch', 'Legacy');
    // Cut over once synced: confirmed on the card (its button carries the batch's version).
    await eventually(
      async () => {
        if (exchangeSaw('Complete-MigrationBatch', 'Moves')) return true;
        const status = JSON.stringify((await say('batch status Moves')).body);
        const version = /"version":(\d+)/.exec(status)?.[1];
        if (!/Synced|ready for cutover/i.test(status) || !version) return undefined;
        const confirm = await postActivity(
          bot.url,
          makeInvoke({
            verb: 'batch.confirm',
            data: { batchId: 'northwind~moves', version: Number(version), action: 'cutover' },
            serviceUrl: connector.url,
          }),
        );
        expect(confirm.status).toBe(200);
        return undefined;
      },
      60_000,
      'the cutover to reach Exchange',
    );
    await eventually(
      async () => /Completed/.test(JSON.stringify((await say('batch status Moves')).body)) || undefined,
      60_000,
      'Moves Completed',
    );
    await say('batch readiness Moves');
    await say('audit Moves');
    // Readiness signs in to every tenant, the two with real credentials too (and fails there).
    const ready = await fetch(`${bot.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(JSON.stringify(await ready.json())).toMatch(/exchange:contoso/);

    await bot.kill('SIGTERM');
    expect((await bot.exited).code).toBe(0);
    const lines = bot
      .output()
      .split('\n')
      .filter((l) => l.trim() !== '');
    // The log is really there, at trace level, with the work this test did.
    expect(lines.length).toBeGreaterThan(100);
    // Debug lines too (hidden at the default level): every Exchange and Graph request is there.
    expect(lines.some((l) => l.includes('"level":20') && l.includes('"msg":"Graph"'))).toBe(true);
    // Every line of a turn names its activity: the command's own line and the Exchange calls it made.
    const parsed = lines
      .filter((l) => l.startsWith('{"level"'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const commands = parsed.filter((l) => l.msg === 'command');
    expect(commands.length).toBeGreaterThan(5);
    expect(commands.every((l) => l.correlationId === l.activityId)).toBe(true);
    // `batch preflight` called Exchange during its turn: those lines carry the turn's id too.
    expect(
      commands.some((c) => parsed.some((l) => l.msg === 'InvokeCommand' && l.correlationId === c.activityId)),
    ).toBe(true);
    expect(parsed.some((l) => l.msg === 'InvokeCommand' && /^job:/.test(String(l.correlationId)))).toBe(true);
    expect(lines.some((l) => l.includes('InvokeCommand') && l.includes('New-MigrationBatch'))).toBe(true);

    const configured = {
      MicrosoftAppPassword: [secrets.MicrosoftAppPassword],
      'Exchange client secret': [secrets.exchangeClientSecret],
      'Exchange certificate private key': keyLines,
      'simulator bearer token': [secrets.simulatorBearer],
      EXPORT_LINK_SECRET: [secrets.EXPORT_LINK_SECRET],
      STAGED_PASSWORD_KEY: [secrets.STAGED_PASSWORD_KEY],
      'staged passwords': secrets.stagedPasswords,
    };
    expect(scan(lines, configured)).toEqual([]);
    // The scan finds what it looks for: a line with a planted secret (here JSON-escaped in a message).
    const planted = [...lines];
    planted.splice(
      7,
      0,
      JSON.stringify({ level: 10, msg: `csv row ${users[0]},${secrets.stagedPasswords[1]}` }),
    );
    planted.push(`{"level":20,"key":${JSON.stringify(keyLines[3])}}`);
    expect(scan(planted, configured)).toEqual([
      { name: 'Exchange certificate private key', line: planted.length - 1 },
      { name: 'staged passwords', line: 7 },
    ]);
    console.log(
      `[ops] secret scan: ${lines.length} log lines at trace, ${Object.keys(configured).length} kinds of secret, none found`,
    );
  }, 180_000);
});
