import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type SimulatorHandle, startSimulator } from '../../../simulator/index';
import { envelope, HOSTER_WORKGROUP, MERGER_WORKGROUP, MwzClient, post } from './mwz-client';

const START = Date.parse('2025-03-03T08:00:00Z');

describe('MigrationWiz endpoint: tickets, faults and the call log', () => {
  let sim: SimulatorHandle;
  let clock = START;

  beforeAll(async () => {
    sim = await startSimulator({ now: () => clock, ticketLifetimeSeconds: 3600 });
  });
  afterAll(() => sim.close());
  beforeEach(() => {
    clock = START;
    sim.faults.reset();
    sim.clearCalls();
  });

  it('issues a ticket scoped to the workgroup, valid for the ticket lifetime', async () => {
    const client = new MwzClient(sim.url);
    const answer = await client.authenticate();
    expect(answer.status).toBe(200);
    expect(answer.result['@_type']).toBe('AuthenticateResponse');
    expect(answer.result.Ticket.WorkgroupId).toBe(MERGER_WORKGROUP);
    expect(answer.result.Ticket.ExpirationDate).toBe(new Date(START + 3600_000).toISOString());
    expect(client.ticket.length).toBeGreaterThan(20);
    expect((await client.retrieve('MailboxConnector')).status).toBe(200);
  });

  it('refuses a wrong password, another account\u2019s workgroup and a missing ticket', async () => {
    const wrong = await new MwzClient(sim.url).authenticate('not-the-password');
    expect([wrong.status, wrong.fault?.errorCode, wrong.fault?.code]).toEqual([
      500,
      'InvalidCredentials',
      'soap:Client',
    ]);
    const otherWorkgroup = await new MwzClient(sim.url).authenticate(undefined, HOSTER_WORKGROUP);
    expect(otherWorkgroup.fault?.errorCode).toBe('InvalidCredentials');
    const anonymous = await new MwzClient(sim.url).retrieve('MailboxConnector');
    expect([anonymous.status, anonymous.fault?.errorCode]).toEqual([500, 'InvalidTicket']);
  });

  it('expires a ticket after its lifetime, and at once through the control call', async () => {
    const client = new MwzClient(sim.url);
    await client.authenticate();
    clock = START + 3600_000;
    const expired = await client.retrieve('MailboxConnector');
    expect([expired.status, expired.fault?.errorCode]).toEqual([500, 'TicketExpired']);
    await client.authenticate();
    expect((await client.retrieve('MailboxConnector')).status).toBe(200);
    const control = await fetch(`${sim.url}/_simulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ migrationWiz: { expireTickets: true } }),
    });
    expect(control.status).toBe(200);
    expect((await client.retrieve('MailboxConnector')).fault?.errorCode).toBe('TicketExpired');
  });

  it('answers Throttled and ServerBusy with 503 and Retry-After, then serves again; reset clears them', async () => {
    const client = new MwzClient(sim.url);
    await client.authenticate();
    sim.faults.mwzThrottle(1, 7);
    sim.faults.mwzServerErrors(1);
    const throttled = await client.retrieve('Mailbox');
    expect([throttled.status, throttled.headers.get('retry-after'), throttled.fault?.errorCode]).toEqual([
      503,
      '7',
      'Throttled',
    ]);
    expect(throttled.fault?.code).toBe('soap:Server');
    const busy = await client.retrieve('Mailbox');
    expect([busy.status, busy.headers.get('retry-after'), busy.fault?.errorCode]).toEqual([
      503,
      '1',
      'ServerBusy',
    ]);
    expect((await client.retrieve('Mailbox')).status).toBe(200);

    const control = await fetch(`${sim.url}/_simulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        migrationWiz: { throttle: { count: 5, retryAfterSeconds: 2 }, serverErrors: { count: 3 } },
      }),
    });
    expect((await control.json()).migrationWiz).toEqual({
      serverErrors: { remaining: 3 },
      throttle: { remaining: 5, retryAfterSeconds: 2 },
    });
    expect((await client.retrieve('Mailbox')).headers.get('retry-after')).toBe('2');
    sim.faults.reset();
    expect((await client.retrieve('Mailbox')).status).toBe(200);
  });

  it('refuses what is not a POSTed Execute envelope', async () => {
    const get = await fetch(`${sim.url}/API/2.0/WebService.asmx`);
    expect([get.status, get.headers.get('allow')]).toEqual([405, 'POST']);
    const garbage = await post(sim.url, '<not-soap');
    expect([garbage.status, garbage.fault?.errorCode]).toEqual([500, 'InvalidRequest']);
    const unknown = await post(sim.url, envelope('FrobnicateRequest', ''));
    expect(unknown.fault?.message).toMatch(/Unknown request type 'FrobnicateRequest'/);
  });

  it('logs every call by request and entity under its workgroup, without passwords or tickets', async () => {
    const client = new MwzClient(sim.url);
    await client.authenticate();
    await new MwzClient(sim.url).authenticate('wrong-password-here');
    const project = await client.createProject('Logged project');
    const [item] = await client.addItems(project, [
      { source: 'someone@fabrikam.com', target: 'someone@contoso.onmicrosoft.com' },
    ]);
    await client.create([
      {
        type: 'Mailbox',
        fields: {
          ConnectorId: project,
          ExportEmailAddress: 'other@fabrikam.com',
          ImportEmailAddress: 'other@contoso.onmicrosoft.com',
          ExportPassword: 'user-secret-password',
        },
      },
    ]);
    await client.submit(item ?? '', 'Full', { ItemTypes: 'Mail', ItemEndDate: '2024-12-01T00:00:00Z' });
    await client.retrieve('MailboxMigration', [['MailboxId', 'Equals', item ?? '']], {
      count: 10,
      offset: 0,
    });

    const calls = sim.calls({ tenant: MERGER_WORKGROUP });
    expect(calls.map((c) => [c.cmdlet, c.status])).toEqual([
      ['MigrationWiz:Authenticate:', 200],
      ['MigrationWiz:Authenticate:', 500],
      ['MigrationWiz:Create:MailboxConnector', 200],
      ['MigrationWiz:Create:Mailbox', 200],
      ['MigrationWiz:Create:Mailbox', 200],
      ['MigrationWiz:Create:MailboxMigration', 200],
      ['MigrationWiz:Retrieve:MailboxMigration', 200],
    ]);
    expect(calls[5]?.parameters).toEqual({
      entities: [
        {
          Entity: 'MailboxMigration',
          MailboxId: item,
          Type: 'Full',
          ItemTypes: 'Mail',
          ItemEndDate: '2024-12-01T00:00:00Z',
        },
      ],
    });
    expect(calls[4]?.parameters.entities).toEqual([
      {
        Entity: 'Mailbox',
        ConnectorId: project,
        ExportEmailAddress: 'other@fabrikam.com',
        ImportEmailAddress: 'other@contoso.onmicrosoft.com',
      },
    ]);
    expect(calls[6]?.parameters).toEqual({
      condition: [{ Property: 'MailboxId', Operator: 'Equals', Value: item }],
      count: 10,
      offset: 0,
    });
    const logged = JSON.stringify(sim.calls());
    expect(logged).not.toMatch(/password|local-simulator|admin-secret|user-secret/i);
    expect(logged).not.toContain(client.ticket);
  });
});
