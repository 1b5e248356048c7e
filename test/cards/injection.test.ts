// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are Adaptive Card template expressions on purpose
import { describe, expect, it } from 'vitest';
import {
  batchFormCard,
  batchListCard,
  batchStatusCard,
  confirmCard,
  errorCard,
  usersPageCard,
} from '../../cards';
import { expectValidCard } from '../support/card-schema';
import { actionByTitle, facts, inputById, texts } from './card-query';
import { makeBatchStatusView } from './fixtures';

// The templating engine evaluates `${...}` only in templates; these prove user text is shown as typed.
const NAME = '${name}';
const EXPRESSIONS = "${json($root)} ${if(true, 'x', 'y')} ${failures[0].email}";

describe('user text cannot inject template expressions', () => {
  it('shows a batch named ${name} literally on the batch card', () => {
    const card = batchStatusCard(
      makeBatchStatusView({
        name: NAME,
        tenantName: EXPRESSIONS,
        stateNote: '${stateNote}',
        failures: [{ email: '${email}', status: 'Failed', error: '${error} ${$root.name}' }],
      }),
    );
    expectValidCard(card);
    const shown = texts(card);
    expect(shown[0]).toBe('${name}');
    expect(shown).toContain('${stateNote}');
    expect(shown).toContain('${email} · Failed');
    expect(shown).toContain('${error} ${$root.name}');
    expect(facts(card)[0]!.Tenant).toBe(EXPRESSIONS);
  });

  it('keeps expressions in form values, errors and names literal', () => {
    const form = batchFormCard({
      tenants: [{ id: '${tenant}', displayName: '${displayName}', targetDeliveryDomain: '${domain}' }],
      scenarios: [{ id: 'hosted', title: '${title}' }],
      values: { name: NAME, csv: 'EmailAddress\n${csv}' },
      errors: ['${errors}'],
    });
    expectValidCard(form);
    expect(texts(form)).toContain('${errors}');
    expect(inputById(form, 'name').value).toBe('${name}');
    expect(inputById(form, 'csv').value).toBe('EmailAddress\n${csv}');
    expect(inputById(form, 'target').choices).toEqual([
      { title: '${displayName} · ${title}', value: '${tenant}/hosted' },
    ]);
    expect(texts(form)).toContain("Leave blank for the tenant's default: ${displayName}: ${domain}");
  });

  it('keeps expressions literal in button data, lists and error cards', () => {
    const list = batchListCard({
      batches: [
        {
          batchId: '${batchId}',
          version: 1,
          name: NAME,
          tenantName: 'Fabrikam',
          scenario: 'hosted',
          state: 'Syncing',
          totalUsers: 3,
          progressPercent: 5,
        },
      ],
    });
    expect(texts(list)).toContain('${name}');
    expect(actionByTitle(list, 'Open').data).toEqual({ batchId: '${batchId}', version: 1 });

    const users = usersPageCard({
      batchId: 'b',
      batchName: NAME,
      version: 1,
      page: 1,
      pageCount: 1,
      total: 1,
      users: [{ email: '${email}', status: 'Failed', error: EXPRESSIONS }],
    });
    expect(texts(users)).toEqual(expect.arrayContaining(['Users of ${name}', '${email}', EXPRESSIONS]));
    expect(actionByTitle(users, 'Details').data).toEqual({ email: '${email}', batchId: 'b' });

    const confirm = confirmCard({
      batchId: 'b',
      version: 2,
      action: 'remove',
      title: NAME,
      text: '${text}',
      count: 1,
      names: ['${names}'],
    });
    expect(texts(confirm)).toEqual(expect.arrayContaining(['${name}', '${text}', '${names}']));

    const error = errorCard({
      title: '${title}',
      message: EXPRESSIONS,
      hint: '${hint}',
      reference: '${ref}',
    });
    expect(texts(error)).toEqual(['${title}', EXPRESSIONS, '${hint}', 'ref: ${ref}']);
  });
});
