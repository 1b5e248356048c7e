import { XMLParser } from 'fast-xml-parser';

/** A small MigrationWiz SOAP client for the tests: builds Execute envelopes, reads answers and faults. */

export const MERGER_WORKGROUP = '1b7e4c2a-9d3f-4e8b-a6c1-2f5d7e9a0b31';
export const HOSTER_WORKGROUP = '4c9a2e7b-3d1f-4b6a-8e2c-7a5d9f1b3c42';
export const MERGER_ACCOUNT = 'migration@contoso.com';
export const HOSTER_ACCOUNT = 'migration@litware.com';
export const PASSWORD = 'local-simulator';

const API_NS = 'http://www.bittitan.com/migrationwiz/api/2.0/';

// biome-ignore lint/suspicious/noExplicitAny: answers are free-form XML checked field by field
export type Json = any;
export type Fields = Record<string, string | number | boolean | Record<string, string | boolean> | undefined>;

const xmlText = (v: string) => v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function fieldsXml(fields: Fields): string {
  return Object.entries(fields)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) =>
      typeof v === 'object' ? `<${k}>${fieldsXml(v as Fields)}</${k}>` : `<${k}>${xmlText(String(v))}</${k}>`,
    )
    .join('');
}

export function envelope(requestType: string, inner: string): string {
  return (
    '<?xml version="1.0" encoding="utf-8"?>' +
    '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
    `<soap:Body><Execute xmlns="${API_NS}"><request xsi:type="${requestType}">${inner}</request></Execute></soap:Body></soap:Envelope>`
  );
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  parseTagValue: false,
  isArray: (name) => name === 'Entity' || name === 'MailboxStatEntry',
});

export interface SoapAnswer {
  status: number;
  headers: Headers;
  text: string;
  /** The entities of a Create, Retrieve or Update answer. */
  entities: Json[];
  result: Json;
  fault?: { code: string; message: string; errorCode: string };
}

export async function post(url: string, xml: string): Promise<SoapAnswer> {
  const response = await fetch(`${url}/API/2.0/WebService.asmx`, {
    method: 'POST',
    headers: {
      'content-type': 'text/xml; charset=utf-8',
      soapaction: `"${API_NS}Execute"`,
    },
    body: xml,
  });
  const text = await response.text();
  const body = parser.parse(text) as Json;
  const soapBody = body?.Envelope?.Body ?? {};
  const fault = soapBody.Fault
    ? {
        code: String(soapBody.Fault.faultcode),
        message: String(soapBody.Fault.faultstring),
        errorCode: String(soapBody.Fault.detail?.ErrorCode),
      }
    : undefined;
  const result = soapBody.ExecuteResponse?.ExecuteResult;
  const entities: Json[] = result?.Entities?.Entity ?? [];
  return { status: response.status, headers: response.headers, text, entities, result, fault };
}

export class MwzClient {
  ticket = '';

  constructor(
    readonly url: string,
    readonly workgroupId = MERGER_WORKGROUP,
    readonly account = MERGER_ACCOUNT,
  ) {}

  authenticate(password = PASSWORD, workgroupId = this.workgroupId): Promise<SoapAnswer> {
    return post(
      this.url,
      envelope(
        'AuthenticateRequest',
        fieldsXml({
          EmailAddress: this.account,
          Password: password,
          WorkgroupId: workgroupId,
          Environment: 'BT',
        }),
      ),
    ).then((answer) => {
      if (answer.status === 200) this.ticket = String(answer.result.Ticket.Value);
      return answer;
    });
  }

  create(entities: { type: string; fields: Fields }[]): Promise<SoapAnswer> {
    const inner = entities
      .map((e) => `<Entity xsi:type="${e.type}">${fieldsXml(e.fields)}</Entity>`)
      .join('');
    return post(
      this.url,
      envelope('CreateRequest', `<Ticket>${xmlText(this.ticket)}</Ticket><Entities>${inner}</Entities>`),
    );
  }

  update(entities: { type: string; fields: Fields }[]): Promise<SoapAnswer> {
    const inner = entities
      .map((e) => `<Entity xsi:type="${e.type}">${fieldsXml(e.fields)}</Entity>`)
      .join('');
    return post(
      this.url,
      envelope('UpdateRequest', `<Ticket>${xmlText(this.ticket)}</Ticket><Entities>${inner}</Entities>`),
    );
  }

  retrieve(
    entityName: string,
    filters: [string, string, string][] = [],
    options: { count?: number; offset?: number; sort?: [string, 'Ascending' | 'Descending'][] } = {},
  ): Promise<SoapAnswer> {
    const condition = filters
      .map(
        ([p, o, v]) =>
          `<Filter><Property>${p}</Property><Operator>${o}</Operator><Value>${xmlText(v)}</Value></Filter>`,
      )
      .join('');
    const sorts = (options.sort ?? [])
      .map(([p, d]) => `<Sort><Property>${p}</Property><Direction>${d}</Direction></Sort>`)
      .join('');
    return post(
      this.url,
      envelope(
        'RetrieveRequest',
        `<Ticket>${xmlText(this.ticket)}</Ticket><EntityName>${entityName}</EntityName><Condition>${condition}</Condition>` +
          `<SortOrders>${sorts}</SortOrders><Count>${options.count ?? 100}</Count><Offset>${options.offset ?? 0}</Offset>`,
      ),
    );
  }

  delete(entityName: string, ids: string[]): Promise<SoapAnswer> {
    const inner = ids.map((id) => `<Id>${id}</Id>`).join('');
    return post(
      this.url,
      envelope(
        'DeleteRequest',
        `<Ticket>${xmlText(this.ticket)}</Ticket><EntityName>${entityName}</EntityName><Ids>${inner}</Ids>`,
      ),
    );
  }

  /** A project with administrative credentials on both sides; returns its id. */
  async createProject(name: string, extra: Fields = {}): Promise<string> {
    const hosted = this.workgroupId !== MERGER_WORKGROUP;
    const side = (url: string) => ({
      ...(hosted ? { Url: url } : {}),
      UseAdministrativeCredentials: true,
      AdministrativeUsername: 'admin@example.com',
      AdministrativePassword: 'admin-secret-password',
    });
    const answer = await this.create([
      {
        type: 'MailboxConnector',
        fields: {
          WorkgroupId: this.workgroupId,
          Name: name,
          ProjectType: 'Mailbox',
          ExportType: hosted ? 'ExchangeServer' : 'Office365',
          ImportType: hosted ? 'ExchangeServer' : 'Office365',
          ExportConfiguration: side('https://mail.oldhoster.example/EWS/Exchange.asmx'),
          ImportConfiguration: side('https://mail.newhoster.example/EWS/Exchange.asmx'),
          MaximumSimultaneousMigrations: 100,
          ...extra,
        },
      },
    ]);
    if (answer.status !== 200) throw new Error(`project not created: ${answer.text}`);
    return String(answer.entities[0].Id);
  }

  /** Items for these source -> target pairs; returns their ids in order. */
  async addItems(connectorId: string, pairs: { source: string; target: string }[]): Promise<string[]> {
    const answer = await this.create(
      pairs.map((p) => ({
        type: 'Mailbox',
        fields: { ConnectorId: connectorId, ExportEmailAddress: p.source, ImportEmailAddress: p.target },
      })),
    );
    if (answer.status !== 200) throw new Error(`items not created: ${answer.text}`);
    return answer.entities.map((e: Json) => String(e.Id));
  }

  async submit(mailboxId: string, type: string, fields: Fields = {}): Promise<SoapAnswer> {
    return this.create([
      { type: 'MailboxMigration', fields: { MailboxId: mailboxId, Type: type, ...fields } },
    ]);
  }

  async pass(id: string): Promise<Json> {
    const answer = await this.retrieve('MailboxMigration', [['Id', 'Equals', id]]);
    return answer.entities[0];
  }
}

export interface SeededMailbox {
  source: string;
  target: string;
  defect?: string;
  items: { Mail: number; Calendar: number; Contact: number; Task: number } & Record<string, number>;
}

export async function seededMailboxes(url: string, workgroupId = MERGER_WORKGROUP): Promise<SeededMailbox[]> {
  const listing = await (await fetch(`${url}/_simulator/migrationwiz`)).json();
  return listing.workgroups.find((w: Json) => w.id === workgroupId).mailboxes;
}

/** Simulated minutes in real ms at this speed. */
export const minutes = (n: number, speed = 1) => (n * 60_000) / speed;
export const hours = (n: number, speed = 1) => minutes(60 * n, speed);
