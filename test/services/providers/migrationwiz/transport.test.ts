import { Writable } from 'node:stream';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EngineError, EngineNotFoundError } from '../../../../services/errors';
import { createSoapTransport, type SoapTransportOptions } from '../../../../services/providers/migrationwiz';
import type { TicketedRequest } from '../../../../services/providers/migrationwiz/soap-shapes';
import { entitiesReply, faultReply, type SoapStub, startSoapStub, ticketReply } from './soap-stub';

const PASSWORD = 'Api-Passw0rd!';
const START = new Date('2025-03-01T10:00:00.000Z');
const HOUR = 3_600_000;
const MINUTE = 60_000;

const RETRIEVE: TicketedRequest = {
  type: 'RetrieveRequest',
  entityName: 'MailboxConnector',
  filters: [{ property: 'Name', operator: 'Equals', value: 'Wave 1' }],
  count: 100,
  offset: 0,
};
const CONNECTOR = '<Entity xsi:type="MailboxConnector"><Id>c1</Id><Name>Wave 1</Name></Entity>';

let stub: SoapStub;
let clock: number;
let sleeps: number[];
let logs: string;

beforeEach(async () => {
  stub = await startSoapStub();
  clock = START.getTime();
  sleeps = [];
  logs = '';
});
afterEach(() => stub.close());

function transport(extra: Partial<SoapTransportOptions> = {}) {
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logs += chunk.toString();
      done();
    },
  });
  return createSoapTransport({
    url: stub.url,
    account: { emailAddress: 'migration@contoso.com', password: PASSWORD },
    workgroupId: '1b7e4c2a-9d3f-4e8b-a6c1-2f5d7e9a0b31',
    now: () => new Date(clock),
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    logger: pino({ level: 'debug' }, sink),
    ...extra,
  });
}

/** Tickets t1, t2, … each valid for an hour from the stub's clock; other requests answered by `other`. */
function withTickets(other: (ticket: string, index: number) => ReturnType<typeof entitiesReply>) {
  let issued = 0;
  stub.respond((request, index) => {
    if (request.type === 'AuthenticateRequest') {
      issued++;
      return ticketReply(`t${issued}`, new Date(clock + HOUR));
    }
    return other(String(request.request['Ticket']), index);
  });
}

const types = () => stub.requests.map((r) => r.type);

async function failure(work: Promise<unknown>): Promise<EngineError> {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof EngineError)) throw new Error(`expected an EngineError, got ${String(error)}`);
  return error;
}

describe('tickets', () => {
  it('authenticates only when the first call needs it, with the account and the workgroup, and sends SOAP headers', async () => {
    withTickets(() => entitiesReply('RetrieveResponse', [CONNECTOR]));
    const soap = transport();
    expect(stub.requests).toHaveLength(0);
    const entities = await soap.execute(RETRIEVE);
    expect(entities).toEqual([{ entityName: 'MailboxConnector', fields: { Id: 'c1', Name: 'Wave 1' } }]);
    expect(types()).toEqual(['AuthenticateRequest', 'RetrieveRequest']);
    const [auth, retrieve] = stub.requests;
    expect(auth?.request).toMatchObject({
      EmailAddress: 'migration@contoso.com',
      Password: PASSWORD,
      WorkgroupId: '1b7e4c2a-9d3f-4e8b-a6c1-2f5d7e9a0b31',
      Environment: 'BT',
    });
    expect(retrieve?.request['Ticket']).toBe('t1');
    expect(retrieve?.path).toBe('/API/2.0/WebService.asmx');
    expect(retrieve?.headers['content-type']).toBe('text/xml; charset=utf-8');
    expect(retrieve?.headers['soapaction']).toBe('"http://www.bittitan.com/migrationwiz/api/2.0/Execute"');
    expect(retrieve?.headers['client-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('keeps the ticket until 5 minutes before it expires, then authenticates again before the call', async () => {
    withTickets(() => entitiesReply('RetrieveResponse', []));
    const soap = transport();
    await soap.execute(RETRIEVE);
    clock += 54 * MINUTE;
    await soap.execute(RETRIEVE);
    expect(types()).toEqual(['AuthenticateRequest', 'RetrieveRequest', 'RetrieveRequest']);
    clock += 2 * MINUTE; // 56 minutes in: within 5 minutes of expiry
    await soap.execute(RETRIEVE);
    expect(types()).toEqual([
      'AuthenticateRequest',
      'RetrieveRequest',
      'RetrieveRequest',
      'AuthenticateRequest',
      'RetrieveRequest',
    ]);
    expect(stub.requests.at(-1)?.request['Ticket']).toBe('t2');
  });

  it('shares one authentication between concurrent calls', async () => {
    withTickets(() => entitiesReply('RetrieveResponse', []));
    const soap = transport();
    await Promise.all([soap.execute(RETRIEVE), soap.execute(RETRIEVE), soap.execute(RETRIEVE)]);
    expect(types().filter((t) => t === 'AuthenticateRequest')).toHaveLength(1);
  });

  it('on TicketExpired authenticates again and retries the call once with the new ticket', async () => {
    withTickets((ticket) =>
      ticket === 't1'
        ? faultReply('TicketExpired', 'The ticket has expired.')
        : entitiesReply('RetrieveResponse', [CONNECTOR]),
    );
    const entities = await transport().execute(RETRIEVE);
    expect(entities).toHaveLength(1);
    expect(types()).toEqual([
      'AuthenticateRequest',
      'RetrieveRequest',
      'AuthenticateRequest',
      'RetrieveRequest',
    ]);
    expect(stub.requests.map((r) => r.request['Ticket'] ?? '-')).toEqual(['-', 't1', '-', 't2']);
    expect(sleeps).toEqual([]);
  });

  it('gives up after one renewal when the new ticket is refused too (InvalidTicket)', async () => {
    withTickets(() => faultReply('InvalidTicket', 'The ticket is not valid.'));
    const error = await failure(transport().execute(RETRIEVE));
    expect(error.faultCode).toBe('InvalidTicket');
    expect(error.engineMessage).toBe('The ticket is not valid.');
    expect(types()).toEqual([
      'AuthenticateRequest',
      'RetrieveRequest',
      'AuthenticateRequest',
      'RetrieveRequest',
    ]);
  });
});

describe('retries', () => {
  it('waits the Retry-After of a Throttled fault, then succeeds', async () => {
    withTickets((_t, index) =>
      index === 1
        ? faultReply('Throttled', 'Too many requests; try again in 7 seconds.', { retryAfter: '7' })
        : entitiesReply('RetrieveResponse', [CONNECTOR]),
    );
    const entities = await transport().execute(RETRIEVE);
    expect(entities).toHaveLength(1);
    expect(sleeps).toEqual([7000]);
    expect(types()).toEqual(['AuthenticateRequest', 'RetrieveRequest', 'RetrieveRequest']);
  });

  it('retries ServerBusy and a 502 page that is not SOAP with backoff, then gives up after 5 tries as transient', async () => {
    withTickets((_t, index) =>
      index % 2 === 1
        ? faultReply('ServerBusy', 'The server is busy.')
        : { status: 502, body: '<html>Bad gateway</html>' },
    );
    const error = await failure(transport().execute(RETRIEVE));
    expect(error.transient).toBe(true);
    expect(types().filter((t) => t === 'RetrieveRequest')).toHaveLength(5);
    expect(sleeps).toHaveLength(4);
    // engineCall policy, full jitter at 0.5: half of 500, 1000, 2000, 4000
    expect(sleeps).toEqual([250, 500, 1000, 2000]);
  });

  it('retries a network failure', async () => {
    const soap = transport({ url: 'http://127.0.0.1:1/API/2.0/WebService.asmx' });
    const error = await failure(soap.execute(RETRIEVE));
    expect(error.transient).toBe(true);
    expect(error.engineMessage).toMatch(/^Network error/);
    expect(sleeps).toHaveLength(4);
  });

  it('does not retry a fault that is not transient, and keeps MigrationWiz message', async () => {
    withTickets(() =>
      faultReply(
        'InvalidOperation',
        'Repair can only be submitted for an item whose last pass completed with errors.',
      ),
    );
    const error = await failure(transport().execute(RETRIEVE));
    expect(error).not.toBeInstanceOf(EngineNotFoundError);
    expect(error.transient).toBe(false);
    expect(error.faultCode).toBe('InvalidOperation');
    expect(error.engineMessage).toBe(
      'Repair can only be submitted for an item whose last pass completed with errors.',
    );
    expect(types()).toEqual(['AuthenticateRequest', 'RetrieveRequest']);
    expect(sleeps).toEqual([]);
  });

  it('throws EngineNotFoundError for NotFound', async () => {
    withTickets(() => faultReply('NotFound', "The project 'c9' could not be found."));
    const error = await failure(transport().execute(RETRIEVE));
    expect(error).toBeInstanceOf(EngineNotFoundError);
    expect(error.code).toBe('engine_not_found');
    expect(error.engineMessage).toBe("The project 'c9' could not be found.");
  });
});

describe('secrets', () => {
  it('keeps the password out of the error when MigrationWiz refuses the credentials (even if it echoes it)', async () => {
    stub.respond(() =>
      faultReply('InvalidCredentials', `The password '${PASSWORD}' is not valid for this account.`),
    );
    const error = await failure(transport().execute(RETRIEVE));
    expect(error.faultCode).toBe('InvalidCredentials');
    expect(error.transient).toBe(false);
    expect(error.message).not.toContain(PASSWORD);
    expect(error.engineMessage).toBe("The password '[redacted]' is not valid for this account.");
    expect(types()).toEqual(['AuthenticateRequest']);
  });

  it('keeps tickets and administrative passwords out of errors and logs', async () => {
    withTickets((ticket) => faultReply('InvalidRequest', `Ticket ${ticket} cannot use AdminSecret-9 here.`));
    const error = await failure(transport({ secrets: ['AdminSecret-9'] }).execute(RETRIEVE));
    expect(error.engineMessage).toBe('Ticket [redacted] cannot use [redacted] here.');
    expect(logs).toContain('MigrationWiz call');
    for (const secret of [PASSWORD, 't1', 'AdminSecret-9']) {
      expect(logs).not.toContain(`"${secret}"`);
      expect(logs).not.toContain(secret === 't1' ? 'Ticket t1' : secret);
    }
  });
});
