import { describe, expect, it } from 'vitest';
import { FAILURE_TEXT, failureDetails, failureReply, failureText } from '../../bot/replies';
import { FAILURE_REASONS } from '../../services/model/failures';
import { failure } from '../../services/model/result';
import { expectValidCard } from '../support/card-schema';
import { cardText } from '../support/cutover';

describe('failure words: services give a code and data, the chat words them in one place', () => {
  it('has words and a kind for every code', () => {
    expect(Object.keys(FAILURE_TEXT).sort()).toEqual(Object.keys(FAILURE_REASONS).sort());
  });

  it('words a coded failure from its data, as the services used to', () => {
    expect(failureText(failure('batch.not_found', { name: 'Wave 1', tenantId: 'northwind' }))).toBe(
      'No batch named "Wave 1" in tenant northwind.',
    );
    expect(failureText(failure('batch.ambiguous', { name: 'W', tenantIds: ['a', 'b'] }))).toBe(
      'Several tenants have a batch named "W" (a, b). Add --tenant <id>.',
    );
    expect(
      failureText(
        failure('action.state', { name: 'W', state: 'Created', action: 'retry', noFailedUsers: true }),
      ),
    ).toBe('Batch W is Created; you cannot retry the failed users of it now (it has no failed users).');
    expect(failureText(failure('action.in_progress', { name: 'W', pending: 'complete' }))).toBe(
      'Cutting over W is still in progress.',
    );
  });

  it('words a start the preflight stops, naming both commands, with what stops it under the words', () => {
    const none = { batch: [], users: [], more: 0 };
    const one = failure('preflight.blocked', {
      name: 'W',
      users: 6,
      batchProblems: true,
      worst: {
        batch: [{ message: 'No migration endpoint.', fix: 'Create it.' }],
        users: [{ email: 'a@b.com', message: 'No mail user.' }],
        more: 1,
      },
    });
    expect(failureText(one)).toBe(
      'Preflight found 6 users that would fail and problems with the batch itself. Fix them and run `batch preflight W` again, or an admin can start anyway with `batch start W --override "<reason>"`.',
    );
    expect(failureDetails(one)).toEqual([
      'Batch: No migration endpoint. Fix: Create it.',
      'a@b.com: No mail user.',
      '…and 1 more failing users.',
    ]);
    const single = failure('preflight.blocked', { name: 'W', users: 1, batchProblems: false, worst: none });
    expect(failureText(single)).toMatch(/^Preflight found 1 user that would fail\. /);
    expect(failureDetails(single)).toEqual([]);
  });

  it('takes the kind of a coded failure from the code', () => {
    expect(failure('batch.raced', { name: 'W' }).reason).toBe('stale');
    expect(failure('tenant.none', {}).reason).toBe('forbidden');
  });

  it('shows a refused CSV with its headline and one line a problem', () => {
    const refused = failure('csv.invalid', {
      errors: [
        { row: 2, column: 'EmailAddress', reason: 'x is not an email address' },
        { row: 0, reason: 'the file is empty' },
      ],
    });
    expect(failureText(refused)).toBe('The CSV has 2 problems; nothing was created.');
    expect(failureDetails(refused)).toEqual([
      'Row 2 (EmailAddress): x is not an email address',
      'File: the file is empty',
    ]);
    const card = failureReply(refused, 'batch create <name>').card;
    expectValidCard(card);
    expect(cardText(card)).toContain('Please check the input');
    expect(cardText(card)).toContain('Row 2 (EmailAddress): x is not an email address');
  });

  it('shows a failure the chat words itself', () => {
    const card = failureReply({
      ok: false,
      reason: 'busy',
      message: 'Too many people at once; try again.',
    }).card;
    expect(cardText(card)).toContain('Still working on it');
    expect(cardText(card)).toContain('Too many people at once; try again.');
  });

  it('escapes control and direction characters of quoted user text', () => {
    const card = failureReply(failure('batch.not_found', { name: 'W\u202Eevil' })).card;
    expect(cardText(card)).not.toContain('\u202E');
  });
});
