import { Writable } from 'node:stream';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ExchangeAuthError,
  ExchangeError,
  ExchangeNotFoundError,
  ExchangeThrottledError,
  ExchangeTransportError,
} from '../../../../services/errors';
import {
  createExchangeOnlineProvider,
  createInvokeCommandClient,
  type InvokeCommandClientOptions,
  ProviderInputError,
  staticTokenCredential,
} from '../../../../services/providers/exchange-online';
import { errorBody, okBody, type StubServer, startStubServer } from './stub-server';

const TOKEN = 'eyJ0eXAiOiJKV1Qi.secret-token-value.sig';
const TENANT = 'northwind.onmicrosoft.com';
const TENANT_GUID = '8f3e7716-2011-43e4-96b1-aba62d229136';
const SYSTEM_MAILBOX = 'SystemMailbox{bb558c35-97f1-4cb9-8ff7-d53741dc928c}';
const NOT_FOUND_DETAIL =
  "Ex6F9304|Microsoft.Exchange.Configuration.Tasks.ManagementObjectNotFoundException|The operation couldn't be performed because object 'Wave9' couldn't be found on 'AM0PR01A011DC01.EURPRD01.PROD.OUTLOOK.COM'.";
const GUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

let stub: StubServer;
let sleeps: number[];

beforeEach(async () => {
  stub = await startStubServer();
  sleeps = [];
});
afterEach(() => stub.close());

function options(extra: Partial<InvokeCommandClientOptions> = {}): InvokeCommandClientOptions {
  return {
    baseUrl: stub.url,
    tenant: TENANT,
    credential: staticTokenCredential(TOKEN),
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...extra,
  };
}

function batchBag(identity: string, status = 'Created'): Record<string, unknown> {
  return {
    Identity: identity,
    Status: status,
    MigrationType: 'ExchangeRemoteMove',
    TotalCount: 2,
    ActiveCount: 0,
    SyncedCount: 0,
    FinalizedCount: 0,
    StoppedCount: 0,
    FailedCount: 0,
    PendingCount: 2,
    'CreationDateTime@odata.type': '#DateTime',
    CreationDateTime: '2025-03-03T09:15:00.1234567Z',
    SourceEndpoint: 'Contoso-CrossTenant',
    TargetDeliveryDomain: 'northwindtraders.onmicrosoft.com',
  };
}

async function caught(work: Promise<unknown>): Promise<Error> {
  const result = await work.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!(result instanceof Error)) throw new Error('expected the call to fail');
  return result;
}

describe('InvokeCommand request', () => {
  it('posts the cmdlet body with every header of §1.2', async () => {
    stub.sequence({ body: okBody([batchBag('Wave1')]) });
    const client = createInvokeCommandClient(options());
    const value = await client.invoke('Get-MigrationBatch', { Identity: 'Wave1' }, { requestId: 'act-42' });

    expect(value).toEqual([batchBag('Wave1')]);
    const [req] = stub.requests;
    expect(req?.method).toBe('POST');
    expect(req?.path).toBe(`/adminapi/beta/${TENANT}/InvokeCommand`);
    expect(req?.body).toEqual({
      CmdletInput: { CmdletName: 'Get-MigrationBatch', Parameters: { Identity: 'Wave1' } },
    });
    expect(req?.headers).toMatchObject({
      authorization: `Bearer ${TOKEN}`,
      'content-type': 'application/json',
      'x-anchormailbox': `UPN:${SYSTEM_MAILBOX}@${TENANT}`,
      'x-cmdletname': 'Get-MigrationBatch',
      'x-responseformat': 'json',
      prefer: 'odata.maxpagesize=1000',
      'x-clientapplication': 'Cutover',
      'client-request-id': 'act-42',
    });
  });

  it('uses the APP: anchor for a GUID tenant and a fresh GUID request id per request', async () => {
    const client = createInvokeCommandClient(
      options({ tenant: TENANT_GUID, clientApplication: 'Cutover/test' }),
    );
    await client.invoke('Get-MigrationEndpoint', { Identity: 'Contoso-CrossTenant' });
    await client.invoke('Get-MigrationEndpoint', { Identity: 'Contoso-CrossTenant' });

    const [first, second] = stub.requests;
    expect(first?.path).toBe(`/adminapi/beta/${TENANT_GUID}/InvokeCommand`);
    expect(first?.headers['x-anchormailbox']).toBe(`APP:${SYSTEM_MAILBOX}@${TENANT_GUID}`);
    expect(first?.headers['x-clientapplication']).toBe('Cutover/test');
    expect(first?.headers['client-request-id']).toMatch(GUID_RE);
    expect(second?.headers['client-request-id']).toMatch(GUID_RE);
    expect(second?.headers['client-request-id']).not.toBe(first?.headers['client-request-id']);
  });

  it('encodes CSVData as the UTF-8 byte array and sends the other New-MigrationBatch parameters', async () => {
    stub.sequence({ body: okBody([batchBag('Wave1')]) });
    const provider = createExchangeOnlineProvider(options());
    const csv = 'EmailAddress\r\nzoë.martín@northwindtraders.com\r\n';
    const batch = await provider.createBatch(
      {
        name: 'Wave1',
        csv,
        sourceEndpoint: 'Contoso-CrossTenant',
        targetDeliveryDomain: 'northwindtraders.onmicrosoft.com',
        autoStart: true,
        completeAfter: new Date('2025-03-07T18:30:00+02:00'),
        notificationEmails: ['admin@northwindtraders.com'],
      },
      { requestId: 'act-7' },
    );

    const [req] = stub.requests;
    const params = (req!.body as { CmdletInput: { Parameters: Record<string, unknown> } }).CmdletInput
      .Parameters;
    const data = params['CSVData'] as { '@odata.type': string; Data: number[] };
    expect(data['@odata.type']).toBe('#Exchange.ByteArrayType');
    expect(data.Data).toEqual([...Buffer.from(csv, 'utf8')]);
    expect(Buffer.from(data.Data).toString('utf8')).toBe(csv);
    expect(params).toMatchObject({
      Name: 'Wave1',
      SourceEndpoint: 'Contoso-CrossTenant',
      TargetDeliveryDomain: 'northwindtraders.onmicrosoft.com',
      AutoStart: true,
      CompleteAfter: '2025-03-07T16:30:00.000Z',
      NotificationEmails: ['admin@northwindtraders.com'],
    });
    expect(req?.headers['x-cmdletname']).toBe('New-MigrationBatch');
    expect(req?.headers['client-request-id']).toBe('act-7');
    expect(batch).toMatchObject({ identity: 'Wave1', status: 'Created', totalCount: 2, pendingCount: 2 });
    expect(batch.creationDateTime).toBe('2025-03-03T09:15:00.123Z');
  });
});

describe('error envelope', () => {
  it('turns a 404 envelope into ExchangeNotFoundError with the ErrorId, class and text', async () => {
    stub.sequence({ status: 404, body: errorBody('NotFound', NOT_FOUND_DETAIL, 'inner text') });
    const client = createInvokeCommandClient(options());
    const err = await caught(client.invoke('Get-MigrationBatch', { Identity: 'Wave9' }));

    expect(err).toBeInstanceOf(ExchangeNotFoundError);
    expect(err).toMatchObject({
      code: 'exchange_not_found',
      httpStatus: 404,
      cmdlet: 'Get-MigrationBatch',
      errorCode: 'NotFound',
      errorId: 'Ex6F9304',
      exceptionClass: 'Microsoft.Exchange.Configuration.Tasks.ManagementObjectNotFoundException',
      exchangeMessage:
        "The operation couldn't be performed because object 'Wave9' couldn't be found on 'AM0PR01A011DC01.EURPRD01.PROD.OUTLOOK.COM'.",
    });
    expect(stub.requests).toHaveLength(1);
  });

  it('falls back to innererror.internalexception.message, then error.message', async () => {
    const client = createInvokeCommandClient(options());
    stub.sequence({
      status: 400,
      body: errorBody('BadRequest', undefined, "Cannot bind parameter 'CompleteAfter'."),
    });
    const inner = await caught(client.invoke('Set-MigrationBatch', { Identity: 'Wave1' }));
    stub.sequence({ status: 400, body: errorBody('BadRequest', undefined) });
    const outer = await caught(client.invoke('Set-MigrationBatch', { Identity: 'Wave1' }));

    expect(inner).toBeInstanceOf(ExchangeError);
    expect(inner).not.toBeInstanceOf(ExchangeNotFoundError);
    expect(inner).toMatchObject({
      httpStatus: 400,
      exchangeMessage: "Cannot bind parameter 'CompleteAfter'.",
    });
    expect(outer).toMatchObject({
      httpStatus: 400,
      exchangeMessage: 'Error executing cmdlet',
      errorCode: 'BadRequest',
    });
    expect(stub.requests).toHaveLength(2);
  });

  it('maps a ManagementObjectNotFoundException on another status to not found, and 403 to auth', async () => {
    const client = createInvokeCommandClient(options());
    stub.sequence({ status: 400, body: errorBody('BadRequest', NOT_FOUND_DETAIL) });
    expect(await caught(client.invoke('Get-MigrationUser', { BatchId: 'Wave9' }))).toBeInstanceOf(
      ExchangeNotFoundError,
    );
    const denied =
      "Ex2A6E06|Microsoft.Exchange.Configuration.Tasks.AccessDeniedException|The user isn't assigned to any management roles.";
    stub.sequence({ status: 403, body: errorBody('Forbidden', denied) });
    const err = await caught(client.invoke('Start-MigrationBatch', { Identity: 'Wave1' }));
    expect(err).toBeInstanceOf(ExchangeAuthError);
    expect(err).toMatchObject({ httpStatus: 403, errorId: 'Ex2A6E06', code: 'exchange_auth' });
    expect(stub.requests).toHaveLength(2);
  });

  it('reports non-JSON and empty bodies as ExchangeTransportError without retrying 4xx or 2xx', async () => {
    const client = createInvokeCommandClient(options());
    stub.sequence({ status: 200, body: '<html>Service Unavailable</html>' });
    const html = await caught(client.invoke('Get-MigrationBatch', { Identity: 'Wave1' }));
    stub.sequence({ status: 400 });
    const empty = await caught(client.invoke('Get-MigrationBatch', { Identity: 'Wave1' }));

    expect(html).toBeInstanceOf(ExchangeTransportError);
    expect(html).toMatchObject({ code: 'exchange_transport', httpStatus: 200, cmdlet: 'Get-MigrationBatch' });
    expect(empty).toBeInstanceOf(ExchangeTransportError);
    expect(empty).toMatchObject({ httpStatus: 400, detail: 'HTTP 400 with an empty body' });
    expect(stub.requests).toHaveLength(2);
    expect(sleeps).toEqual([]);
  });

  it('never puts the token in error text or logs, even when the server echoes it', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const logger = pino({ level: 'debug' }, sink);
    const client = createInvokeCommandClient(options({ logger, maxAttempts: 2 }));
    stub.respond((req) => ({ status: 500, body: `upstream refused ${String(req.headers.authorization)}` }));
    const plain = await caught(client.invoke('Get-MigrationBatch', { Identity: 'Wave1' }));
    stub.respond((req) => ({
      status: 401,
      body: errorBody('Unauthorized', `x|y|bad ${req.headers.authorization}`),
    }));
    const envelope = await caught(client.invoke('Get-MigrationBatch', { Identity: 'Wave1' }));

    expect(plain).toBeInstanceOf(ExchangeTransportError);
    expect(plain.message).toContain('upstream refused Bearer [redacted]');
    expect(envelope).toBeInstanceOf(ExchangeAuthError);
    expect(envelope.message).toContain('bad Bearer [redacted]');
    for (const text of [
      plain.message,
      envelope.message,
      JSON.stringify(plain),
      JSON.stringify(envelope),
      ...lines,
    ]) {
      expect(text).not.toContain('secret-token-value');
    }
    expect(lines.some((line) => line.includes('Retrying InvokeCommand'))).toBe(true);
  });
});

describe('retries', () => {
  it('honours Retry-After seconds on 429 and then returns the answer', async () => {
    stub.sequence(
      { status: 429, headers: { 'Retry-After': '7' }, body: errorBody('TooManyRequests', undefined) },
      { body: okBody([batchBag('Wave1')]) },
    );
    const client = createInvokeCommandClient(options());
    const value = await client.invoke('Get-MigrationBatch', { Identity: 'Wave1' }, { requestId: 'act-1' });

    expect(value).toHaveLength(1);
    expect(sleeps).toEqual([7000]);
    expect(stub.requests.map((r) => r.headers['client-request-id'])).toEqual(['act-1', 'act-1']);
  });

  it('honours an HTTP-date Retry-After and caps long waits at maxRetryAfterSeconds', async () => {
    const inTenSeconds = new Date(Date.now() + 10_000).toUTCString();
    stub.sequence(
      { status: 429, headers: { 'Retry-After': inTenSeconds } },
      { status: 429, headers: { 'Retry-After': '600' } },
      { body: okBody([]) },
    );
    const client = createInvokeCommandClient(options({ maxRetryAfterSeconds: 30 }));
    await client.invoke('Get-MigrationBatch', { Identity: 'Wave1' });

    expect(sleeps).toHaveLength(2);
    expect(sleeps[0]).toBeGreaterThan(7_000);
    expect(sleeps[0]).toBeLessThanOrEqual(10_000);
    expect(sleeps[1]).toBe(30_000);
  });

  it('waits a real Retry-After: 1 before the retried request', async () => {
    stub.sequence({ status: 429, headers: { 'Retry-After': '1' } }, { body: okBody([batchBag('Wave1')]) });
    const client = createInvokeCommandClient({ ...options(), sleep: undefined });
    const started = Date.now();
    await client.invoke('Get-MigrationBatch', { Identity: 'Wave1' });

    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    const [first, second] = stub.requests;
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(950);
  });

  it('treats the concurrent-requests text as throttling', async () => {
    const text =
      'You have reached the maximum number of concurrent requests per tenant. Please wait and try again';
    stub.sequence({ status: 500, body: text });
    const client = createInvokeCommandClient(options({ maxAttempts: 3 }));
    const err = await caught(client.invoke('Get-MigrationUser', { BatchId: 'Wave1' }));

    expect(err).toBeInstanceOf(ExchangeThrottledError);
    expect(err).toMatchObject({ code: 'exchange_throttled', httpStatus: 500 });
    expect((err as ExchangeThrottledError).exchangeMessage).toContain(
      'maximum number of concurrent requests',
    );
    expect(stub.requests).toHaveLength(3);
  });

  it('retries 500 and 503 with jittered exponential backoff, then succeeds', async () => {
    stub.sequence(
      { status: 500, body: errorBody('InternalServerError', undefined) },
      { status: 503, body: 'Service Unavailable' },
      { status: 504 },
      { body: okBody([batchBag('Wave1', 'Syncing')]) },
    );
    const client = createInvokeCommandClient(options({ baseDelayMs: 200 }));
    const value = await client.invoke('Get-MigrationBatch', { Identity: 'Wave1' });

    expect(value[0]?.['Status']).toBe('Syncing');
    expect(stub.requests).toHaveLength(4);
    expect(sleeps).toHaveLength(3);
    [200, 400, 800].forEach((ceiling, i) => {
      expect(sleeps[i]).toBeGreaterThanOrEqual(0);
      expect(sleeps[i]).toBeLessThanOrEqual(ceiling);
    });
  });

  it('gives up after maxAttempts: 503 as ExchangeThrottledError, 500 as the last error', async () => {
    const client = createInvokeCommandClient(options({ maxAttempts: 3 }));
    stub.sequence({ status: 503, body: errorBody('ServiceUnavailable', undefined, 'Server busy') });
    const busy = await caught(client.invoke('Get-MigrationBatch', { Identity: 'Wave1' }));
    expect(busy).toBeInstanceOf(ExchangeThrottledError);
    expect(busy).toMatchObject({ httpStatus: 503, exchangeMessage: 'Server busy' });
    expect(stub.requests).toHaveLength(3);

    stub.sequence({ status: 500, body: errorBody('InternalServerError', 'ExA|System.Exception|Boom') });
    const broken = await caught(client.invoke('Get-MigrationBatch', { Identity: 'Wave1' }));
    expect(broken).toBeInstanceOf(ExchangeError);
    expect(broken).not.toBeInstanceOf(ExchangeThrottledError);
    expect(broken).toMatchObject({ httpStatus: 500, exchangeMessage: 'Boom', errorId: 'ExA' });
    expect(stub.requests).toHaveLength(6);
    expect(sleeps).toHaveLength(4);
  });

  it('retries network failures and then reports ExchangeTransportError', async () => {
    const closed = await startStubServer();
    const deadUrl = closed.url;
    await closed.close();
    const client = createInvokeCommandClient(options({ baseUrl: deadUrl, maxAttempts: 3 }));
    const err = await caught(client.invoke('Get-MigrationBatch', { Identity: 'Wave1' }));

    expect(err).toBeInstanceOf(ExchangeTransportError);
    expect((err as ExchangeTransportError).detail).toMatch(/^Network error: fetch failed/);
    expect(sleeps).toHaveLength(2);
  });
});

describe('paging', () => {
  it('follows @odata.nextLink to the end, posting the same body each time', async () => {
    stub.respond((req) => {
      const page = Number(new URL(req.path, stub.url).searchParams.get('page') ?? '0');
      const users = [0, 1].map((n) => ({ Identity: `u${page * 2 + n}@northwindtraders.com` }));
      const next =
        page < 2 ? `${stub.url}/adminapi/beta/${TENANT}/InvokeCommand?page=${page + 1}` : undefined;
      return { body: okBody(users, next) };
    });
    const client = createInvokeCommandClient(options());
    const value = await client.invoke('Get-MigrationUser', { BatchId: 'Wave1', ResultSize: 'Unlimited' });

    expect(value.map((v) => v['Identity'])).toEqual(
      [0, 1, 2, 3, 4, 5].map((n) => `u${n}@northwindtraders.com`),
    );
    expect(stub.requests.map((r) => r.path)).toEqual([
      `/adminapi/beta/${TENANT}/InvokeCommand`,
      `/adminapi/beta/${TENANT}/InvokeCommand?page=1`,
      `/adminapi/beta/${TENANT}/InvokeCommand?page=2`,
    ]);
    const bodies = stub.requests.map((r) => JSON.stringify(r.body));
    expect(new Set(bodies).size).toBe(1);
  });

  it('returns one page with its nextLink and asks for the page size', async () => {
    stub.sequence({
      body: okBody([{ Identity: 'a' }], `${stub.url}/adminapi/beta/${TENANT}/InvokeCommand?skip=1`),
    });
    const client = createInvokeCommandClient(options());
    const page = await client.invokePage('Get-MigrationUser', { BatchId: 'Wave1' }, { pageSize: 50 });

    expect(page).toEqual({
      value: [{ Identity: 'a' }],
      nextLink: `${stub.url}/adminapi/beta/${TENANT}/InvokeCommand?skip=1`,
    });
    expect(stub.requests[0]?.headers.prefer).toBe('odata.maxpagesize=50');
  });

  it('refuses a nextLink on another origin so the token never leaves Exchange', async () => {
    const client = createInvokeCommandClient(options());
    const err = await caught(
      client.invokePage(
        'Get-MigrationUser',
        { BatchId: 'Wave1' },
        { nextLink: 'https://attacker.example/x' },
      ),
    );
    expect(err).toBeInstanceOf(ExchangeTransportError);
    expect(stub.requests).toHaveLength(0);
  });
});

describe('provider over the stub', () => {
  it('converts statistics: byte sizes, dates and statuses', async () => {
    stub.sequence({
      body: okBody([
        {
          Identity: 'ana.lopez@northwindtraders.com',
          EmailAddress: 'ana.lopez@northwindtraders.com',
          BatchId: 'Wave1',
          Status: 'Syncing',
          StatusSummary: 'Active',
          PercentageComplete: 42,
          BytesTransferred: '1.234 GB (1,325,000,000 bytes)',
          EstimatedTotalTransferSize: '3.1 GB (3,328,599,654 bytes)',
          AverageBytesTransferredPerHour: '512 MB (536,870,912 bytes)',
          SyncedItemCount: 10500,
          TotalItemsInSourceMailboxCount: '25000',
          SkippedItemCount: 0,
          LastSuccessfulSyncTime: '2025-03-03T10:00:00',
          DataConsistencyScore: 'Perfect',
        },
      ]),
    });
    const provider = createExchangeOnlineProvider(options());
    const stats = await provider.getUserStatistics('ana.lopez@northwindtraders.com');

    expect(stats).toEqual({
      identity: 'ana.lopez@northwindtraders.com',
      emailAddress: 'ana.lopez@northwindtraders.com',
      batchId: 'Wave1',
      status: 'Syncing',
      statusSummary: 'Active',
      percentageComplete: 42,
      bytesTransferred: 1_325_000_000,
      estimatedTotalTransferSize: 3_328_599_654,
      averageBytesTransferredPerHour: 536_870_912,
      syncedItemCount: 10500,
      totalItemsInSourceMailboxCount: 25000,
      skippedItemCount: 0,
      lastSuccessfulSyncTime: '2025-03-03T10:00:00.000Z',
      dataConsistencyScore: 'Perfect',
    });
    expect(stub.requests[0]?.body).toMatchObject({
      CmdletInput: { Parameters: { Identity: stats?.identity } },
    });
  });

  it('rejects an unknown status instead of casting it', async () => {
    stub.sequence({ body: okBody([batchBag('Wave1', 'Exploded')]) });
    const provider = createExchangeOnlineProvider(options());
    const err = await caught(provider.getBatch('Wave1'));
    expect(err).toBeInstanceOf(ExchangeTransportError);
    expect(err.message).toContain('Status should be a migration batch status but was "Exploded"');
  });

  it('returns null on not found and never sends an empty Identity', async () => {
    stub.sequence({ status: 404, body: errorBody('NotFound', NOT_FOUND_DETAIL) });
    const provider = createExchangeOnlineProvider(options());
    expect(await provider.getBatch('Wave9')).toBeNull();
    expect(await provider.getEndpoint('Wave9')).toBeNull();
    expect(await caught(provider.getBatch('  '))).toBeInstanceOf(ProviderInputError);
    expect(await caught(provider.listUsers(''))).toBeInstanceOf(ProviderInputError);
    expect(await caught(provider.removeBatch(''))).toBeInstanceOf(ProviderInputError);
    expect(stub.requests).toHaveLength(2);
  });

  it('maps complete, remove and listUsers to their cmdlets and parameters', async () => {
    const provider = createExchangeOnlineProvider(options());
    await provider.completeBatch('Wave1');
    await provider.completeBatch('Wave1', new Date('2025-03-08T01:00:00Z'));
    await provider.removeBatch('Wave1');
    await provider.listUsers('Wave1', { status: 'Failed', pageSize: 25 }, { requestId: 'act-9' });

    expect(stub.requests.map((r) => r.body)).toEqual([
      {
        CmdletInput: {
          CmdletName: 'Complete-MigrationBatch',
          Parameters: { Identity: 'Wave1', Confirm: false },
        },
      },
      {
        CmdletInput: {
          CmdletName: 'Set-MigrationBatch',
          Parameters: { Identity: 'Wave1', CompleteAfter: '2025-03-08T01:00:00.000Z' },
        },
      },
      {
        CmdletInput: {
          CmdletName: 'Remove-MigrationBatch',
          Parameters: { Identity: 'Wave1', Confirm: false },
        },
      },
      {
        CmdletInput: {
          CmdletName: 'Get-MigrationUser',
          Parameters: { BatchId: 'Wave1', ResultSize: 'Unlimited', Status: 'Failed' },
        },
      },
    ]);
    expect(stub.requests[3]?.headers).toMatchObject({
      prefer: 'odata.maxpagesize=25',
      'client-request-id': 'act-9',
    });
  });
});
