import {
  type AdaptiveCard,
  batchFormCard,
  batchListCard,
  batchStatusCard,
  confirmCard,
  errorCard,
  helpCard,
  tenantsCard,
  userStatusCard,
  usersPageCard,
} from '../../cards';
import { preflightCard } from '../../cards/preflight';
import { makeBatchStatusView } from './fixtures';

const emails = (n: number) => Array.from({ length: n }, (_, i) => `user${i + 1}@fabrikam.com`);

/** One card of every kind, in a full shape and an empty shape. */
export function sampleCards(): [string, AdaptiveCard][] {
  const allFlags = { start: true, resume: true, stop: true, retry: true, cutover: true, remove: true };
  return [
    [
      'help',
      helpCard({ commands: [{ syntax: 'batch list', description: 'List batches.' }], roles: ['admin'] }),
    ],
    ['help, empty', helpCard({ commands: [], roles: [] })],
    [
      'batch form',
      batchFormCard({
        tenants: [
          { id: 'a', displayName: 'A', targetDeliveryDomain: 'a.mail.onmicrosoft.com' },
          { id: 'b', displayName: 'B', targetDeliveryDomain: 'b.mail.onmicrosoft.com' },
        ],
        scenarios: [{ id: 'staged', title: 'Staged' }],
        errors: ['Row 3: EmailAddress is empty.'],
      }),
    ],
    ['batch form, empty', batchFormCard({ tenants: [], scenarios: [] })],
    ['batch status, all buttons', batchStatusCard(makeBatchStatusView({ actions: allFlags }))],
    [
      'batch status, empty',
      batchStatusCard(makeBatchStatusView({ counts: [], failures: [], totalUsers: 0 })),
    ],
    [
      'users page',
      usersPageCard({
        batchId: 'b',
        batchName: 'Wave',
        version: 2,
        page: 2,
        pageCount: 3,
        total: 60,
        users: emails(25).map((email) => ({ email, status: 'Failed', percent: 10, error: 'Boom' })),
      }),
    ],
    [
      'users page, empty',
      usersPageCard({
        batchId: 'b',
        batchName: 'Wave',
        version: 2,
        page: 1,
        pageCount: 0,
        total: 0,
        users: [],
      }),
    ],
    [
      'user status',
      userStatusCard({
        email: 'ann@fabrikam.com',
        batchId: 'b',
        batchName: 'Wave',
        status: 'Failed',
        percent: 50,
        bytesTransferred: 10,
        bytesTotal: 20,
        itemsSynced: 1,
        itemsTotal: 2,
        skippedItems: 0,
        error: 'Boom',
      }),
    ],
    ['error', errorCard({ title: 'No', message: 'Not allowed.', hint: 'Ask an admin.', reference: 'r-1' })],
    [
      'confirm, schedulable cutover',
      confirmCard({
        batchId: 'b',
        version: 1,
        action: 'cutover',
        title: 'Cut over?',
        text: 'Sure?',
        count: 40,
        names: emails(40),
        allowSchedule: true,
      }),
    ],
    [
      'batch list',
      batchListCard({
        batches: [
          {
            batchId: 'b',
            version: 1,
            name: 'Wave',
            tenantName: 'A',
            scenario: 'hosted',
            state: 'Completed',
            totalUsers: 9,
            progressPercent: 100,
          },
        ],
        continuation: 'c',
      }),
    ],
    ['batch list, empty', batchListCard({ batches: [] })],
    [
      'tenants',
      tenantsCard({
        tenants: [
          { id: 'a', displayName: 'A', targetDeliveryDomain: 'a.example', endpoint: 'ep', roles: ['viewer'] },
        ],
      }),
    ],
    ['tenants, empty', tenantsCard({ tenants: [] })],
    [
      'preflight',
      preflightCard({
        batchId: 'b',
        batchName: 'Wave',
        tenantName: 'A',
        scenario: 'cross-tenant',
        state: 'done',
        ranBy: 'Adele Vance',
        startedAt: '2026-11-22T18:00:00Z',
        userCount: 40,
        counts: { pass: 10, warning: 5, fail: 25 },
        checks: [{ title: 'Target MailUser', warning: 5, fail: 25 }],
        batchFindings: [{ title: 'Batch size', status: 'warning', message: 'Large.', fix: 'Split it.' }],
        users: emails(30).map((email) => ({
          email,
          status: 'fail',
          findings: [
            { title: 'Target MailUser', status: 'fail', message: 'No MailUser.', fix: 'Create it.' },
          ],
        })),
        delegates: [
          {
            members: [{ email: 'a@fabrikam.com', batchName: 'Wave' }, { email: 'b@fabrikam.com' }],
            links: ['a grants FullAccess to b'],
          },
        ],
        startBlocked: true,
        override: { by: 'Megan Bowen', at: '2026-11-22T19:00:00Z', reason: 'Approved.' },
        exportUrl: 'https://cutover.example.com/preflight/b.csv',
        canRun: true,
      }),
    ],
  ];
}
