import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CONTOSO_SCOPE_GROUP_ID, type SimulatorHandle, startSimulator } from '../../simulator/index';
import { getTenants, type Json, UNLICENSED } from './sim-client';

const NESTED_GROUP_ID = '1e5c9a3b-7d2f-4b4e-8a6c-9f3d5b7c9e11';

interface GraphResult {
  status: number;
  headers: Headers;
  body: Json;
}

async function graph(base: string, path: string, token: string | null = 'test-token'): Promise<GraphResult> {
  const url = path.startsWith('http') ? path : `${base}/v1.0${path}`;
  const response = await fetch(url, { headers: token === null ? {} : { authorization: `Bearer ${token}` } });
  return { status: response.status, headers: response.headers, body: await response.json() };
}

describe('Microsoft Graph reads', () => {
  let sim: SimulatorHandle;
  let contoso: Json;

  beforeAll(async () => {
    sim = await startSimulator({ extraMailUsers: 1100 });
    [contoso] = await getTenants(sim.url, 'contoso');
  });
  afterEach(() => sim.faults.reset());
  afterAll(() => sim.close());

  it('lists a user’s licences by UPN or object id', async () => {
    const source = contoso.recipients[0];
    const target = source.email.replace('@contoso.com', '@northwindtraders.com');
    const byUpn = await graph(sim.url, `/users/${encodeURIComponent(target)}/licenseDetails`);
    expect(byUpn.status).toBe(200);
    expect(byUpn.headers.get('content-type')).toMatch(/^application\/json/);
    expect(byUpn.body.value).toEqual([
      {
        id: expect.any(String),
        skuId: expect.stringMatching(/^[0-9a-f-]{36}$/),
        skuPartNumber: 'CROSS_TENANT_USER_DATA_MIGRATION',
        servicePlans: [],
      },
    ]);
    const byId = await graph(sim.url, `/users/${source.objectId}/licenseDetails`);
    expect(byId.body.value.map((l: Json) => [l.skuId, l.skuPartNumber])).toEqual([
      ['6fd2c87f-b296-42f0-b197-1e91e994b900', 'ENTERPRISEPACK'],
    ]);
    const unlicensed = await graph(sim.url, `/users/${UNLICENSED[0]}/licenseDetails`);
    expect(unlicensed.body.value).toEqual([]);
  });

  it('answers an unknown user or group with Request_ResourceNotFound', async () => {
    const user = await graph(sim.url, '/users/nobody@contoso.com/licenseDetails');
    expect(user.status).toBe(404);
    expect(user.body.error).toMatchObject({
      code: 'Request_ResourceNotFound',
      message:
        "Resource 'nobody@contoso.com' does not exist or one of its queried reference-property objects are not present.",
    });
    const group = await graph(sim.url, '/groups/00000000-0000-0000-0000-000000000001/transitiveMembers');
    expect([group.status, group.body.error.code]).toEqual([404, 'Request_ResourceNotFound']);
  });

  it('pages transitive members 100 at a time by default, $top up to 999, with nested groups expanded', async () => {
    const users = contoso.recipients.filter((r: Json) => r.recipientTypeDetails === 'UserMailbox');
    const first = await graph(sim.url, `/groups/${CONTOSO_SCOPE_GROUP_ID}/transitiveMembers`);
    expect(first.body.value).toHaveLength(100);
    expect(first.body['@odata.nextLink']).toMatch(
      new RegExp(`^${sim.url}/v1.0/groups/${CONTOSO_SCOPE_GROUP_ID}/transitiveMembers\\?\\$skiptoken=`),
    );
    expect(first.body.value[0]).toEqual({
      '@odata.type': '#microsoft.graph.user',
      id: users[0].objectId,
      displayName: users[0].displayName,
      userPrincipalName: users[0].userPrincipalName,
      mail: users[0].email,
    });

    const members: Json[] = [];
    let page = await graph(sim.url, `/groups/${CONTOSO_SCOPE_GROUP_ID}/transitiveMembers?$top=999`);
    let pages = 0;
    for (;;) {
      pages++;
      expect(page.body.value.length).toBeLessThanOrEqual(999);
      members.push(...page.body.value);
      if (!page.body['@odata.nextLink']) break;
      expect(page.body['@odata.nextLink']).toContain('$top=999');
      page = await graph(sim.url, page.body['@odata.nextLink']);
    }
    expect(pages).toBe(2);
    const groups = members.filter((m) => m['@odata.type'] === '#microsoft.graph.group');
    expect(groups.map((g) => g.id)).toEqual([NESTED_GROUP_ID]);
    const upns = members
      .filter((m) => m['@odata.type'] === '#microsoft.graph.user')
      .map((m) => m.userPrincipalName);
    expect(upns.sort()).toEqual(users.map((u: Json) => u.userPrincipalName).sort());
  });

  it('refuses a $top over 999 and a skip token it did not issue', async () => {
    const big = await graph(sim.url, `/groups/${CONTOSO_SCOPE_GROUP_ID}/transitiveMembers?$top=1000`);
    expect(big.status).toBe(400);
    expect(big.body.error.message).toBe(
      "Invalid page size specified: '1000'. Must be between 1 and 999 inclusive.",
    );
    const token = await graph(
      sim.url,
      `/groups/${CONTOSO_SCOPE_GROUP_ID}/transitiveMembers?$skiptoken=nonsense`,
    );
    expect(token.status).toBe(400);
  });

  it('requires a bearer token, and answers unknown paths and methods like Graph', async () => {
    const none = await graph(sim.url, `/users/${UNLICENSED[0]}/licenseDetails`, null);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    expect(none.body.error.code).toBe('InvalidAuthenticationToken');
    const unknown = await graph(sim.url, '/me/drive');
    expect([unknown.status, unknown.body.error.code]).toEqual([400, 'BadRequest']);
    const post = await fetch(`${sim.url}/v1.0/users/${UNLICENSED[0]}/licenseDetails`, {
      method: 'POST',
      headers: { authorization: 'Bearer t' },
    });
    expect(post.status).toBe(405);
  });

  it('records Graph calls in the call log under the operation name and the user’s tenant', async () => {
    sim.clearCalls();
    await graph(sim.url, `/users/${UNLICENSED[1]}/licenseDetails`);
    await graph(sim.url, '/users/nobody@contoso.com/licenseDetails');
    await graph(sim.url, `/groups/${CONTOSO_SCOPE_GROUP_ID}/transitiveMembers?$top=5`);
    expect(sim.calls().map((c) => [c.cmdlet, c.tenant, c.status, c.parameters])).toEqual([
      ['GET licenseDetails', 'northwindtraders.onmicrosoft.com', 200, { user: UNLICENSED[1] }],
      ['GET licenseDetails', '', 404, { user: 'nobody@contoso.com' }],
      ['GET transitiveMembers', 'contoso.onmicrosoft.com', 200, { $top: '5', group: CONTOSO_SCOPE_GROUP_ID }],
    ]);
    expect(sim.calls({ cmdlet: 'get licensedetails', tenant: 'northwindtraders.com' })).toHaveLength(1);
    const logged = await (await fetch(`${sim.url}/_simulator/calls?cmdlet=GET%20transitiveMembers`)).json();
    expect(logged).toHaveLength(1);
  });

  it('takes the injected throttling and server errors like InvokeCommand', async () => {
    sim.faults.throttle(1, 4);
    sim.faults.serverErrors(1, 503);
    const throttled = await graph(sim.url, `/users/${UNLICENSED[0]}/licenseDetails`);
    expect([throttled.status, throttled.headers.get('retry-after'), throttled.body.error.code]).toEqual([
      429,
      '4',
      'TooManyRequests',
    ]);
    const unavailable = await graph(sim.url, `/users/${UNLICENSED[0]}/licenseDetails`);
    expect([unavailable.status, unavailable.body.error.code]).toEqual([503, 'serviceNotAvailable']);
    expect((await graph(sim.url, `/users/${UNLICENSED[0]}/licenseDetails`)).status).toBe(200);
  });
});
