import { describe, expect, it } from 'vitest';
import { type ReportCardData, reportCard } from '../../cards/report';
import { expectValidChartCard, validateCard, validateChartCard } from '../support/card-schema';
import { cardText } from '../support/cutover';

const hour = (h: number, m = 0) => new Date(Date.UTC(2026, 4, 4, h, m)).toISOString();

function sample(overrides: Partial<ReportCardData> = {}): ReportCardData {
  return {
    subject: 'Wave1',
    kind: 'batch',
    context: 'Adatum · staged · Syncing',
    asOf: hour(12),
    total: 10,
    percent: 55,
    users: { waiting: 1, syncing: 3, ready: 3, completed: 2, failed: 1 },
    lines: [
      {
        legend: 'Wave1',
        points: [
          { at: hour(9), percent: 0 },
          { at: hour(10, 30), percent: 30 },
          { at: hour(12), percent: 55 },
        ],
      },
    ],
    hourly: {
      unit: 'mailboxes',
      hours: [
        { hour: hour(9), amount: 0 },
        { hour: hour(10), amount: 3 },
        { hour: hour(11), amount: 2.5 },
      ],
    },
    ready: { count: 5, emails: ['pilar@adatum.com', 'toby@adatum.com'] },
    errors: {
      count: 1,
      items: [
        {
          email: 'ian@adatum.com',
          status: 'Failed',
          error: 'No mail-enabled user for this address',
          fix: 'Create the mail-enabled user (MailUser) in the cloud, then retry the user.',
        },
      ],
    },
    complete: { done: false, completed: 2, failed: 1 },
    batches: [],
    csvUrl: 'https://cutover.example/exports/report?t=abc',
    ...overrides,
  };
}

type Json = Record<string, unknown>;
const elements = (card: Json): Json[] => card.body as Json[];
const byType = (card: Json, type: string) => elements(card).filter((e) => e.type === type);

describe('report card', () => {
  it('draws the three charts Teams renders, valid against the 1.5 schema extended with them', () => {
    const card = reportCard(sample()) as unknown as Json;
    expectValidChartCard(card);
    // The plain 1.5 schema does not know the charts: only the extended one accepts this card.
    expect(validateCard(card).valid).toBe(false);
    const [donut] = byType(card, 'Chart.Donut');
    expect(donut!.data).toEqual([
      { legend: 'Not started', value: 1, color: 'neutral' },
      { legend: 'Copying data', value: 3, color: 'categoricalBlue' },
      { legend: 'Ready (synced)', value: 3, color: 'categoricalTeal' },
      { legend: 'Completed', value: 2, color: 'good' },
      { legend: 'Failed', value: 1, color: 'attention' },
    ]);
    const [line] = byType(card, 'Chart.Line');
    expect(line!.data).toEqual([
      {
        legend: 'Wave1',
        values: [
          { x: '05-04 09:00', y: 0 },
          { x: '05-04 10:30', y: 30 },
          { x: '05-04 12:00', y: 55 },
        ],
      },
    ]);
    const [bars] = byType(card, 'Chart.VerticalBar');
    expect(bars!.title).toBe('Mailboxes moved per hour');
    expect(bars!.data).toEqual([
      { x: '05-04 09:00', y: 0 },
      { x: '05-04 10:00', y: 3 },
      { x: '05-04 11:00', y: 2.5 },
    ]);
  });

  it('gives every chart a FactSet fallback with the same numbers, for clients that draw no charts', () => {
    const card = reportCard(sample()) as unknown as Json;
    const fallbacks: Record<string, Json> = Object.fromEntries(
      elements(card)
        .filter((e) => String(e.type).startsWith('Chart.'))
        .map((e) => [String(e.type), e.fallback as Json]),
    );
    expect(Object.keys(fallbacks).sort()).toEqual(['Chart.Donut', 'Chart.Line', 'Chart.VerticalBar']);
    for (const fallback of Object.values(fallbacks)) {
      expect(fallback.type).toBe('FactSet');
      // A fallback is a 1.5 element on its own.
      expect(validateCard({ type: 'AdaptiveCard', version: '1.5', body: [fallback] }).errors).toEqual([]);
    }
    expect(fallbacks['Chart.Donut']!.facts).toContainEqual({ title: 'Copying data', value: '3' });
    expect(fallbacks['Chart.Line']!.facts).toEqual([
      { title: '05-04 09:00', value: '0%' },
      { title: '05-04 12:00', value: '55%' },
    ]);
    expect(fallbacks['Chart.VerticalBar']!.facts).toEqual([
      { title: '05-04 10:00 UTC', value: '3' },
      { title: '05-04 11:00 UTC', value: '2.5' },
    ]);
  });

  it("maps the seed's reports: mailboxes ready, errors with suggested fixes, migration complete", () => {
    const text = cardText(reportCard(sample()));
    expect(text).toContain('Mailboxes ready');
    expect(text).toContain('5 mailboxes in the cloud with mail reaching them');
    expect(text).toContain('pilar@adatum.com, toby@adatum.com');
    expect(text).toContain('ian@adatum.com · Failed');
    expect(text).toContain('No mail-enabled user for this address');
    expect(text).toContain('Fix: Create the mail-enabled user');
    expect(text).toContain('Not complete yet: 2 of 10 completed.');
    const done = cardText(reportCard(sample({ complete: { done: true, completed: 9, failed: 1 } })));
    expect(done).toContain('Complete: 9 mailboxes moved, 1 failed.');
    const card = reportCard(sample()) as unknown as Json;
    expect(card.actions).toEqual([
      {
        type: 'Action.OpenUrl',
        title: 'Per-user statistics (CSV)',
        url: 'https://cutover.example/exports/report?t=abc',
      },
    ]);
  });

  it('shows data moved in GB when the engine reports bytes', () => {
    const card = reportCard(
      sample({ hourly: { unit: 'bytes', hours: [{ hour: hour(10), amount: 5 * 1024 ** 3 }] } }),
    ) as unknown as Json;
    const [bars] = byType(card, 'Chart.VerticalBar');
    expect(bars!.title).toBe('Data moved per hour');
    expect(bars!.yAxisTitle).toBe('GB');
    expect(bars!.data).toEqual([{ x: '05-04 10:00', y: 5 }]);
    expect((bars!.fallback as Json).facts).toEqual([{ title: '05-04 10:00 UTC', value: '5 GB' }]);
  });

  it('says there is nothing yet instead of drawing empty charts', () => {
    const card = reportCard(
      sample({
        total: 0,
        users: { waiting: 0, syncing: 0, ready: 0, completed: 0, failed: 0 },
        lines: [],
        hourly: { unit: 'mailboxes', hours: [] },
        ready: { count: 0, emails: [] },
        errors: { count: 0, items: [] },
        asOf: undefined,
        csvUrl: undefined,
      }),
    ) as unknown as Json;
    expect(validateCard(card).errors).toEqual([]);
    const text = cardText(card as never);
    expect(text).toContain('No users synced yet.');
    expect(text).toContain('No progress recorded yet');
    expect(text).toContain('Nothing has moved yet.');
    expect(text).toContain('not synced yet');
  });

  it('stays under 28 KB for a tenant at its largest (5 lines of 24 points, 24 bars, long texts)', () => {
    const long = 'x'.repeat(2_000);
    const lines = Array.from({ length: 5 }, (_, b) => ({
      legend: `${long}${b}`,
      points: Array.from({ length: 24 }, (_, i) => ({ at: hour(i), percent: i * 4 })),
    }));
    const data = sample({
      kind: 'tenant',
      subject: long,
      context: 'Northwind Traders',
      lines,
      hourly: {
        unit: 'bytes',
        hours: Array.from({ length: 24 }, (_, i) => ({ hour: hour(i), amount: i * 1e9 })),
      },
      ready: {
        count: 2_000,
        emails: Array.from({ length: 50 }, (_, i) => `${'u'.repeat(60)}${i}@adatum.com`),
      },
      errors: {
        count: 500,
        items: Array.from({ length: 50 }, (_, i) => ({
          email: `user${i}@adatum.com`,
          status: 'Failed',
          error: long,
          fix: long,
          batchName: long,
        })),
      },
      batches: Array.from({ length: 200 }, (_, i) => ({
        name: `${long}${i}`,
        state: 'Syncing',
        total: 2_000,
        percent: 40,
        failed: 3,
      })),
    });
    const card = reportCard(data);
    expect(validateChartCard(card).errors).toEqual([]);
    const size = Buffer.byteLength(JSON.stringify(card));
    expect(size).toBeLessThan(28 * 1024);
    expect(cardText(card)).toContain('…and 190 more (batch list)');
  });
});
