import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import type { TypedEntity } from '../../../../services/providers/migrationwiz/entities';
import {
  buildRequest,
  MIGRATIONWIZ_NS,
  parseAnswer,
  SOAP_HEADERS,
} from '../../../../services/providers/migrationwiz/soap-shapes';
import { faultReply, resultXml } from './soap-stub';

// biome-ignore lint/suspicious/noExplicitAny: parsed XML, walked by the tests
type Xml = any;

const plain = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', parseTagValue: false });

function requestOf(xml: string): Xml {
  const doc = plain.parse(xml) as Xml;
  return doc['soap:Envelope']['soap:Body'].Execute.request;
}

/** The element names directly under `request`, in document order. */
function childOrder(xml: string): string[] {
  const inner = xml.slice(xml.indexOf('<request'), xml.lastIndexOf('</request>'));
  const names: string[] = [];
  let depth = 0;
  for (const match of inner.matchAll(/<(\/?)([A-Za-z]+)[^>]*?(\/?)>/g)) {
    const [, closing, name, selfClosing] = match;
    if (closing) depth--;
    else {
      if (depth === 1) names.push(name as string);
      if (!selfClosing) depth++;
    }
  }
  return names;
}

const CONNECTOR: TypedEntity = {
  entityName: 'MailboxConnector',
  fields: {
    WorkgroupId: '1b7e4c2a-9d3f-4e8b-a6c1-2f5d7e9a0b31',
    Name: 'Wave 1 & friends <east>',
    ProjectType: 'Mailbox',
    ExportType: 'ExchangeServer',
    ImportType: 'Office365',
    ExportConfiguration: {
      Url: 'https://mail.oldhoster.example/EWS/Exchange.asmx',
      UseAdministrativeCredentials: true,
      AdministrativeUsername: 'admin@litware.com',
      AdministrativePassword: 'p&ss<word>',
    },
    ImportConfiguration: { UseAdministrativeCredentials: false },
    MaximumSimultaneousMigrations: 15,
    MaximumItemFailures: 100,
  },
};

describe('building requests', () => {
  it('writes the envelope, the namespace and the request type; the headers carry the SOAP action', () => {
    const xml = buildRequest({
      type: 'AuthenticateRequest',
      emailAddress: 'migration@contoso.com',
      password: 'secret',
      workgroupId: 'wg',
      environment: 'BT',
    });
    expect(xml.startsWith('<?xml version="1.0" encoding="utf-8"?>')).toBe(true);
    expect(xml).toContain('xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"');
    expect(xml).toContain(`<Execute xmlns="${MIGRATIONWIZ_NS}">`);
    expect(xml).toContain('<request xsi:type="AuthenticateRequest">');
    expect(childOrder(xml)).toEqual(['EmailAddress', 'Password', 'WorkgroupId', 'Environment']);
    expect(SOAP_HEADERS.SOAPAction).toBe('"http://www.bittitan.com/migrationwiz/api/2.0/Execute"');
    expect(SOAP_HEADERS['Content-Type']).toBe('text/xml; charset=utf-8');
  });

  it('writes a RetrieveRequest in order: Ticket, EntityName, Condition, SortOrders, Count, Offset', () => {
    const xml = buildRequest(
      {
        type: 'RetrieveRequest',
        entityName: 'MailboxMigration',
        filters: [
          { property: 'ConnectorId', operator: 'Equals', value: 'c1' },
          { property: 'CreateDate', operator: 'GreaterThanOrEqual', value: '2025-03-01T00:00:00.000Z' },
        ],
        sort: [{ property: 'CreateDate', direction: 'Ascending' }],
        count: 100,
        offset: 200,
      },
      'ticket-1',
    );
    expect(childOrder(xml)).toEqual(['Ticket', 'EntityName', 'Condition', 'SortOrders', 'Count', 'Offset']);
    const request = requestOf(xml) as Xml;
    expect(request.Ticket).toBe('ticket-1');
    expect(request.Condition.Filter).toEqual([
      { Property: 'ConnectorId', Operator: 'Equals', Value: 'c1' },
      { Property: 'CreateDate', Operator: 'GreaterThanOrEqual', Value: '2025-03-01T00:00:00.000Z' },
    ]);
    expect(request.SortOrders.Sort).toEqual({ Property: 'CreateDate', Direction: 'Ascending' });
    expect([request.Count, request.Offset]).toEqual(['100', '200']);
  });

  it('writes entities with their xsi:type, fields in the wire order, nested configurations, escaped text', () => {
    const xml = buildRequest({ type: 'CreateRequest', entities: [CONNECTOR] }, 't');
    expect(xml).toContain('<Entity xsi:type="MailboxConnector">');
    expect(xml).toContain('<Name>Wave 1 &amp; friends &lt;east&gt;</Name>');
    const entity = (requestOf(xml) as Xml).Entities.Entity;
    expect(entity.ExportConfiguration).toEqual({
      Url: 'https://mail.oldhoster.example/EWS/Exchange.asmx',
      UseAdministrativeCredentials: 'true',
      AdministrativeUsername: 'admin@litware.com',
      AdministrativePassword: 'p&ss<word>',
    });
    expect(entity.ImportConfiguration).toEqual({ UseAdministrativeCredentials: 'false' });
    const order = Object.keys(entity).filter((k) => !k.startsWith('@_'));
    expect(order).toEqual([
      'WorkgroupId',
      'Name',
      'ProjectType',
      'ExportType',
      'ImportType',
      'ExportConfiguration',
      'ImportConfiguration',
      'MaximumSimultaneousMigrations',
      'MaximumItemFailures',
    ]);
  });

  it('writes a DeleteRequest with its ids and an UpdateRequest with only the fields to change', () => {
    const del = requestOf(
      buildRequest({ type: 'DeleteRequest', entityName: 'MailboxConnector', ids: ['a', 'b'] }, 't'),
    ) as Xml;
    expect(del.EntityName).toBe('MailboxConnector');
    expect(del.Ids.Id).toEqual(['a', 'b']);
    const update = buildRequest(
      {
        type: 'UpdateRequest',
        entities: [{ entityName: 'MailboxMigration', fields: { Id: 'p1', Status: 'Stopping' } }],
      },
      't',
    );
    expect(update).toContain(
      '<Entity xsi:type="MailboxMigration"><Id>p1</Id><Status>Stopping</Status></Entity>',
    );
  });
});

describe('reading answers', () => {
  it('round-trips every entity: what a request writes, an answer reads back with its types', () => {
    const entities: TypedEntity[] = [
      { ...CONNECTOR, fields: { ...CONNECTOR.fields, Id: 'c1', CreateDate: '2025-03-01T10:00:00.000Z' } },
      {
        entityName: 'Mailbox',
        fields: {
          Id: 'm1',
          ConnectorId: 'c1',
          ExportEmailAddress: 'a@fabrikam.com',
          ImportEmailAddress: 'a@contoso.com',
        },
      },
      {
        entityName: 'MailboxMigration',
        fields: {
          Id: 'p1',
          MailboxId: 'm1',
          ConnectorId: 'c1',
          Type: 'Full',
          ItemTypes: 'Mail',
          ItemEndDate: '2024-12-01T00:00:00.000Z',
          Priority: 50,
          Status: 'Completed',
          FailureMessage: 'a <b> & c',
        },
      },
      {
        entityName: 'MailboxStat',
        fields: {
          Id: 's1',
          MailboxId: 'm1',
          Entries: [
            {
              ItemType: 'Mail',
              TaskType: 'Export',
              SuccessCount: 10,
              SuccessSize: 2048,
              ErrorCount: 1,
              ErrorSize: 12,
            },
            {
              ItemType: 'Calendar',
              TaskType: 'Import',
              SuccessCount: 3,
              SuccessSize: 300,
              ErrorCount: 0,
              ErrorSize: 0,
            },
          ],
          ExportDuration: 1500,
        },
      },
      {
        entityName: 'MailboxError',
        fields: { Id: 'e1', MailboxMigrationId: 'p1', Type: 'Mail', ItemSize: 12, Message: 'Item too large' },
      },
    ];
    const request = buildRequest({ type: 'CreateRequest', entities }, 't');
    const entitiesXml = request.slice(request.indexOf('<Entities>'), request.indexOf('</Entities>') + 11);
    const answer = parseAnswer(resultXml('CreateResponse', entitiesXml));
    expect(answer).toEqual({ kind: 'result', resultType: 'CreateResponse', entities, ticket: undefined });
  });

  it('reads an empty page, a ticket, and leaves out entities of unknown types', () => {
    expect(parseAnswer(resultXml('RetrieveResponse', '<Entities/>'))).toMatchObject({ entities: [] });
    expect(
      parseAnswer(
        resultXml('RetrieveResponse', '<Entities><Entity xsi:type="Other"><Id>x</Id></Entity></Entities>'),
      ),
    ).toMatchObject({ entities: [] });
    expect(
      parseAnswer(
        resultXml(
          'AuthenticateResponse',
          '<Ticket><Value>opaque==</Value><ExpirationDate>2025-03-01T11:00:00Z</ExpirationDate><WorkgroupId>wg</WorkgroupId></Ticket>',
        ),
      ),
    ).toEqual({
      kind: 'result',
      resultType: 'AuthenticateResponse',
      entities: [],
      ticket: { value: 'opaque==', expirationDate: '2025-03-01T11:00:00Z', workgroupId: 'wg' },
    });
  });

  it('reads a fault: its code, MigrationWiz message and ErrorCode', () => {
    expect(
      parseAnswer(faultReply('DuplicateName', 'A project named &apos;Wave 1&apos; already exists.').body),
    ).toEqual({
      kind: 'fault',
      faultCode: 'Client',
      message: "A project named 'Wave 1' already exists.",
      errorCode: 'DuplicateName',
    });
    expect(parseAnswer(faultReply('Throttled', 'Too many requests.').body)).toMatchObject({
      faultCode: 'Server',
      errorCode: 'Throttled',
    });
  });

  it('gives undefined for what is not a SOAP answer', () => {
    expect(parseAnswer('<html><body>Bad gateway</body></html>')).toBeUndefined();
    expect(parseAnswer('not xml at all <')).toBeUndefined();
    expect(parseAnswer('')).toBeUndefined();
  });
});
