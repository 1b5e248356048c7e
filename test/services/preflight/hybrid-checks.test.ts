import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTenantsFile } from '../../../services/config/tenants';
import { CHECKS } from '../../../services/preflight/checks';
import {
  checkHybridRelationship,
  checkHybridUser,
  withinScope,
} from '../../../services/preflight/hybrid-checks';
import type { DirectoryMailUser } from '../../../services/providers/directory-provider';
import { createExchangeDirectory } from '../../../services/providers/exchange-online/directory';
import { staticTokenCredential } from '../../../services/providers/exchange-online/credentials';
import { startSimulator } from '../../../simulator';

const DEMO = parseTenantsFile(
  JSON.parse(readFileSync(path.resolve(__dirname, '../../../config/tenants.demo.json'), 'utf8')),
);
const tenant = (id: string) => DEMO.tenants.find((t) => t.id === id)!;
const ALPINE_OU = 'OU=AlpineSkiHouse,OU=Customers,DC=hosting,DC=local';

const mailUser = (over: Partial<DirectoryMailUser> = {}): DirectoryMailUser => ({
  identity: 'ruben.abbott',
  primarySmtpAddress: 'ruben.abbott@alpineskihouse.com',
  recipientTypeDetails: 'MailUser',
  exchangeGuid: '00000000-0000-0000-0000-000000000000',
  emailAddresses: [],
  onPremisesDistinguishedName: `CN=Ruben Abbott,OU=Users,${ALPINE_OU}`,
  ...over,
});

describe('hybrid onboarding checks for a hoster’s customers', () => {
  it('knows an OU and what is inside it, whatever the case and spacing', () => {
    expect(withinScope(`CN=A B,OU=Users,${ALPINE_OU}`, ALPINE_OU)).toBe(true);
    expect(
      withinScope('cn=a, ou=users, ou=alpineskihouse, ou=customers, dc=hosting, dc=local', ALPINE_OU),
    ).toBe(true);
    expect(withinScope('CN=A,OU=Users,OU=CohoWinery,OU=Customers,DC=hosting,DC=local', ALPINE_OU)).toBe(
      false,
    );
    // A sibling OU whose name ends the same is not inside.
    expect(withinScope('CN=A,OU=XAlpineSkiHouse,OU=Customers,DC=hosting,DC=local', ALPINE_OU)).toBe(false);
  });

  it('passes a user synchronized from the tenant’s own OU; fails one from another customer’s, naming it', () => {
    const alpine = tenant('alpineskihouse');
    expect(checkHybridUser('ruben.abbott@alpineskihouse.com', mailUser(), alpine, DEMO)).toEqual([]);
    const wrong = checkHybridUser(
      'ruben.abbott@alpineskihouse.com',
      mailUser({
        onPremisesDistinguishedName:
          'CN=Ruben Abbott,OU=Users,OU=CohoWinery,OU=Customers,DC=hosting,DC=local',
      }),
      alpine,
      DEMO,
    );
    expect(wrong).toEqual([
      {
        check: 'sync-scope',
        status: 'fail',
        message:
          "ruben.abbott@alpineskihouse.com was synchronized into Alpine Ski House (hoster customer, hybrid) from CN=Ruben Abbott,OU=Users,OU=CohoWinery,OU=Customers,DC=hosting,DC=local (Coho Winery (hoster customer, hybrid)'s OU), not from OU=AlpineSkiHouse,OU=Customers,DC=hosting,DC=local.",
        fix: CHECKS['sync-scope'].fix,
      },
    ]);
    const unsynced = checkHybridUser(
      'x@alpineskihouse.com',
      mailUser({ onPremisesDistinguishedName: undefined }),
      alpine,
      DEMO,
    );
    expect(unsynced.map((f) => [f.check, f.status])).toEqual([['sync-scope', 'warning']]);
  });

  it('leaves the scope alone in a tenant without one (Fabrikam) and still fails a missing MailUser', () => {
    const fabrikam = tenant('fabrikam');
    expect(
      checkHybridUser(
        'a@fabrikam.com',
        mailUser({ onPremisesDistinguishedName: 'CN=x,DC=elsewhere' }),
        fabrikam,
        DEMO,
      ),
    ).toEqual([]);
    expect(checkHybridUser('a@fabrikam.com', null, fabrikam, DEMO).map((f) => f.check)).toEqual([
      'target-mailuser',
    ]);
  });

  it('needs an enabled organization relationship in a customer tenant, and says when it could not be read', () => {
    const alpine = tenant('alpineskihouse');
    const relationship = {
      identity: 'O365 to On-premises - AlpineSkiHouse',
      domainNames: ['alpineskihouse.com'],
      enabled: true,
      mailboxMoveEnabled: false,
      mailboxMoveCapability: 'None',
      mailboxMovePublishedScopes: [],
    };
    expect(checkHybridRelationship(alpine, [relationship])).toEqual([]);
    expect(checkHybridRelationship(alpine, [{ ...relationship, enabled: false }])[0]!.message).toBe(
      'The organization relationship (O365 to On-premises - AlpineSkiHouse) is disabled.',
    );
    expect(checkHybridRelationship(alpine, [])[0]!.check).toBe('hybrid-relationship');
    expect(checkHybridRelationship(alpine, new Error('429 throttled'))[0]!.message).toMatch(
      /failed: 429 throttled/,
    );
    expect(checkHybridRelationship(tenant('fabrikam'), [])).toEqual([]);
  });

  it('reads where a MailUser was synchronized from over InvokeCommand (the simulator’s hoster world)', async () => {
    const sim = await startSimulator({ speed: 60 });
    try {
      const directory = createExchangeDirectory({
        baseUrl: sim.url,
        tenant: 'alpineskihouse.onmicrosoft.com',
        credential: staticTokenCredential('test'),
      });
      const world = (await (await fetch(`${sim.url}/_simulator/hoster`)).json()) as {
        defects: { email?: string; onPremisesDistinguishedName?: string }[];
      };
      const wrong = world.defects[0]!;
      const read = await directory.getMailUser(wrong.email!);
      expect(read?.onPremisesDistinguishedName).toBe(wrong.onPremisesDistinguishedName);
      expect(checkHybridUser(wrong.email!, read, tenant('alpineskihouse'), DEMO).map((f) => f.check)).toEqual(
        ['sync-scope'],
      );
    } finally {
      await sim.close();
    }
  });
});
