import { describe, expect, it } from 'vitest';
import {
  ERROR_FIXES,
  fixFor,
  TENANT_CODES,
} from '../../../../services/providers/graph-cross-tenant/error-codes';
import { csvAddresses } from '../../../../services/providers/graph-cross-tenant/create-job';
import { problemsOf } from '../../../../services/providers/graph-cross-tenant/validation';
import type { GraphUserTask } from '../../../../services/providers/graph-cross-tenant/jobs-client';

const DOCUMENTED = [
  'EXCH-07',
  'EXCH-08',
  'MIGR-001',
  'MIGR-004',
  'CTM-100',
  'CTM-101',
  'CTTM-005',
  'MMS-007',
];

describe('the error-code table', () => {
  it("has Cutover's sentence for each documented code", () => {
    expect(Object.keys(ERROR_FIXES).sort()).toEqual([...DOCUMENTED].sort());
    for (const code of DOCUMENTED) {
      expect(fixFor(code, 'engine words')).toBe(ERROR_FIXES[code]);
      expect(ERROR_FIXES[code]).toMatch(/^[A-Z].{30,}\.$/);
    }
    expect(fixFor('ctm-101', 'x')).toBe(ERROR_FIXES['CTM-101']);
    expect(fixFor('MIGR-999', 'Something new went wrong.')).toBe('Something new went wrong.');
    expect(ERROR_FIXES['CTM-101']).toMatch(/ExchangeGuid/);
    expect(ERROR_FIXES['MIGR-004']).toMatch(/MailboxMovePublishedScopes/);
    expect(ERROR_FIXES['CTTM-005']).toMatch(/Cross Tenant User Data Migration/);
    expect([...TENANT_CODES].sort()).toEqual(['EXCH-07', 'EXCH-08', 'MIGR-001', 'MIGR-004']);
  });
});

const task = (id: string, ...errors: { code: string; message: string }[]): GraphUserTask => ({
  id,
  taskType: 'validate',
  currentStatus: [
    { service: 'Exchange', status: errors.length > 0 ? 'invalid' : 'valid', errors },
    { service: 'ODSP', status: 'valid', errors: [] },
  ],
});

describe('validation problems', () => {
  const addresses = new Map([
    ['a', 'ada@northwind.example'],
    ['b', 'bo@northwind.example'],
    ['c', 'cy@northwind.example'],
  ]);

  it('lists only invalid users, by address, each problem with its workload and fix', () => {
    const result = problemsOf(
      [
        task('a', { code: 'CTM-101', message: 'ExchangeGuid mismatch.' }),
        task('b'),
        task('c', { code: 'Z-1', message: 'Odd.' }),
      ],
      addresses,
    );
    expect(result.batchProblems).toEqual([]);
    expect(result.invalidUsers).toEqual([
      {
        email: 'ada@northwind.example',
        problems: [
          {
            code: 'CTM-101',
            message: 'ExchangeGuid mismatch.',
            fix: ERROR_FIXES['CTM-101'],
            workload: 'Exchange',
          },
        ],
      },
      {
        email: 'cy@northwind.example',
        problems: [{ code: 'Z-1', message: 'Odd.', fix: 'Odd.', workload: 'Exchange' }],
      },
    ]);
  });

  it("a tenant code every user has is the batch's problem, said once", () => {
    const endpoint = { code: 'EXCH-07', message: 'No valid endpoint for the remote tenant.' };
    const result = problemsOf(
      [
        task('a', endpoint, { code: 'CTTM-005', message: 'No licence.' }),
        task('b', endpoint),
        task('c', endpoint),
      ],
      addresses,
    );
    expect(result.batchProblems).toEqual([
      { ...endpoint, fix: ERROR_FIXES['EXCH-07'], workload: 'Exchange' },
    ]);
    expect(result.invalidUsers).toEqual([
      {
        email: 'ada@northwind.example',
        problems: [
          { code: 'CTTM-005', message: 'No licence.', fix: ERROR_FIXES['CTTM-005'], workload: 'Exchange' },
        ],
      },
    ]);
    // Not every user: it stays with the users.
    const some = problemsOf([task('a', endpoint), task('b')], addresses);
    expect(some.batchProblems).toEqual([]);
    expect(some.invalidUsers.map((u) => u.email)).toEqual(['ada@northwind.example']);
  });
});

describe('the batch CSV', () => {
  it('reads the EmailAddress column, each address once', () => {
    expect(csvAddresses('EmailAddress\r\nada@x.example\r\n\r\nBo@x.example\r\nbo@X.example\r\n')).toEqual([
      'ada@x.example',
      'Bo@x.example',
    ]);
    expect(() => csvAddresses('Mail\nada@x.example\n')).toThrow(/no EmailAddress column/);
  });
});
