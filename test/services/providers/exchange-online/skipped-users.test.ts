import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ExchangeError } from '../../../../services/errors';
import {
  createExchangeOnlineProvider,
  parseSkippedUsers,
  skippedUserOf,
  staticTokenCredential,
  warningTexts,
} from '../../../../services/providers/exchange-online';
import { type SimulatorHandle, startSimulator } from '../../../../simulator';
import { northwindUsers } from '../../../support/simulator-data';
import { okBody, type StubServer, startStubServer } from './stub-server';

const ENDPOINT = 'Contoso-CrossTenant';
const DELIVERY_DOMAIN = 'northwindtraders.onmicrosoft.com';
const csvOf = (emails: string[]) => ['EmailAddress', ...emails].join('\r\n');

describe("reading Exchange's warnings about left-out rows", () => {
  it('reads a user already in another batch, and an invalid row, keeping the raw text as the reason', () => {
    const taken = "The user 'ada@northwindtraders.com' already exists in migration batch 'Wave 1'.";
    const invalid = "Row 4: 'not-an-address' isn't a valid email address. The row was skipped.";
    expect(skippedUserOf(taken)).toEqual({ email: 'ada@northwindtraders.com', reason: taken });
    expect(skippedUserOf(invalid)).toEqual({ email: 'not-an-address', reason: invalid });
    expect(skippedUserOf("Row 5: '' isn't a valid email address. The row was skipped.")?.email).toBe('');
  });

  it('does not count a repeated row (Exchange keeps the first) nor warnings about something else', () => {
    expect(
      skippedUserOf(
        "Row 3: the user 'ada@northwindtraders.com' appears more than once in the CSV file. The row was skipped.",
      ),
    ).toBeUndefined();
    expect(skippedUserOf('The batch will start after 2026-01-01T00:00:00Z.')).toBeUndefined();
  });

  it('reads other wordings that say a quoted address was not taken', () => {
    const text = "User 'bo@northwindtraders.com' was skipped because it's already being migrated.";
    expect(skippedUserOf(text)).toEqual({ email: 'bo@northwindtraders.com', reason: text });
  });

  it('keeps each address once, the first reason winning, and bounds a long reason', () => {
    const long = `The user 'cy@northwindtraders.com' already exists in migration batch '${'x'.repeat(400)}'.`;
    const users = parseSkippedUsers(
      [long],
      ["The user 'CY@northwindtraders.com' already exists in migration batch 'Other'."],
    );
    expect(users).toHaveLength(1);
    expect(users[0]?.reason).toHaveLength(300);
    expect(users[0]?.reason.endsWith('…')).toBe(true);
  });

  it('takes warnings as strings or as objects with a message', () => {
    expect(warningTexts(['a', { Message: 'b' }, { message: 'c' }, 7, null, '  '])).toEqual(['a', 'b', 'c']);
    expect(warningTexts('single')).toEqual(['single']);
    expect(warningTexts(undefined)).toEqual([]);
  });
});

describe('createBatch reports the users Exchange left out (simulator over HTTP)', () => {
  let sim: SimulatorHandle;
  let users: string[];
  const provider = () =>
    createExchangeOnlineProvider({
      baseUrl: sim.url,
      tenant: 'northwindtraders.onmicrosoft.com',
      credential: staticTokenCredential('simulator-token'),
    });

  beforeAll(async () => {
    sim = await startSimulator({});
    users = await northwindUsers(sim.url, 4);
  });
  afterAll(() => sim.close());

  it('returns who was left out and why, and getBatch reads the same from ValidationWarnings', async () => {
    const [taken, a, b] = users;
    await provider().createBatch({
      name: 'Held',
      csv: csvOf([taken!]),
      sourceEndpoint: ENDPOINT,
      targetDeliveryDomain: DELIVERY_DOMAIN,
    });
    const created = await provider().createBatch({
      name: 'Mixed Wave',
      csv: csvOf([a!, taken!, b!]),
      sourceEndpoint: ENDPOINT,
      targetDeliveryDomain: DELIVERY_DOMAIN,
    });
    const reason = `The user '${taken}' already exists in migration batch 'Held'.`;
    expect(created).toMatchObject({ identity: 'Mixed Wave', totalCount: 2 });
    expect(created.skipped).toEqual([{ email: taken, reason }]);
    expect((await provider().getBatch('Mixed Wave'))?.skipped).toEqual([{ email: taken, reason }]);
    expect((await provider().getBatch('Held'))?.skipped).toBeUndefined();
    const listed = await provider().listUsers('Mixed Wave');
    expect(listed.users.map((u) => u.emailAddress).sort()).toEqual([a, b].sort());
  });

  it('gets a refusal naming the user and the reason when every row is left out', async () => {
    const [taken] = users;
    const error = await provider()
      .createBatch({
        name: 'Only Taken',
        csv: csvOf([taken!]),
        sourceEndpoint: ENDPOINT,
        targetDeliveryDomain: DELIVERY_DOMAIN,
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExchangeError);
    expect((error as ExchangeError).httpStatus).toBe(400);
    expect((error as ExchangeError).exchangeMessage).toBe(
      `The migration batch 'Only Taken' can't be created because the CSV file has no valid users. The user '${taken}' already exists in migration batch 'Held'.`,
    );
    expect(await provider().getBatch('Only Taken')).toBeNull();
  });
});

describe('createBatch reads left-out users from the call warnings (InvokeCommand stub)', () => {
  let stub: StubServer;
  beforeEach(async () => {
    stub = await startStubServer();
  });
  afterEach(() => stub.close());

  it('merges @adminapi.warnings (strings or objects) with the batch ValidationWarnings, once per address', async () => {
    const taken = "The user 'ada@northwindtraders.com' already exists in migration batch 'Wave 1'.";
    const invalid = "Row 3: 'nobody' isn't a valid email address. The row was skipped.";
    stub.sequence({
      body: {
        ...okBody([
          {
            Identity: 'Wave2',
            Status: 'Created',
            TotalCount: 1,
            ValidationWarnings: [taken],
          },
        ]),
        '@adminapi.warnings': [{ Message: taken }, invalid, 'Something unrelated.'],
      },
    });
    const provider = createExchangeOnlineProvider({
      baseUrl: stub.url,
      tenant: 'northwindtraders.onmicrosoft.com',
      credential: staticTokenCredential('t'),
    });
    const created = await provider.createBatch({ name: 'Wave2', csv: csvOf(['x@y.com']) });
    expect(created.skipped).toEqual([
      { email: 'ada@northwindtraders.com', reason: taken },
      { email: 'nobody', reason: invalid },
    ]);
    expect(created.totalCount).toBe(1);
  });

  it('leaves skipped out when Exchange gave no warnings', async () => {
    stub.sequence({ body: okBody([{ Identity: 'Wave3', Status: 'Created', TotalCount: 2 }]) });
    const provider = createExchangeOnlineProvider({
      baseUrl: stub.url,
      tenant: 'northwindtraders.onmicrosoft.com',
      credential: staticTokenCredential('t'),
    });
    const created = await provider.createBatch({ name: 'Wave3', csv: csvOf(['x@y.com']) });
    expect(created).not.toHaveProperty('skipped');
  });
});
