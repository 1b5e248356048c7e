import { context, metrics, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTelemetry } from '../../services/telemetry';
import { makeMessage, postActivity } from '../support/activities';
import { eventually } from '../support/cutover';
import { northwindUsers } from '../support/simulator-data';
import { type Stack, startStack } from '../support/stack';

describe('correlation ids and telemetry of a command', () => {
  let stack: Stack;
  let emails: string[];
  const spans = new InMemorySpanExporter();
  const metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const reader = new PeriodicExportingMetricReader({
    exporter: metricExporter,
    exportIntervalMillis: 60_000,
  });
  let withoutVariable: Awaited<ReturnType<typeof startTelemetry>>;

  beforeAll(async () => {
    // Without APPLICATIONINSIGHTS_CONNECTION_STRING nothing is started: the API stays a no-op.
    withoutVariable = await startTelemetry({ APPLICATIONINSIGHTS_CONNECTION_STRING: ' ' });
    expect(trace.getTracer('probe').startSpan('probe').isRecording()).toBe(false);
    // The tests' own SDK, in memory, stands where Application Insights would (whose SDK also keeps the
    // active span in AsyncLocalStorage).
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    trace.setGlobalTracerProvider(
      new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] }),
    );
    metrics.setGlobalMeterProvider(new MeterProvider({ readers: [reader] }));
    stack = await startStack({ speed: 20_000 });
    emails = await northwindUsers(stack.simulator.url, 3);
  }, 60_000);
  afterAll(async () => {
    await stack?.close();
    trace.disable();
    metrics.disable();
    context.disable();
  });

  async function say(text: string) {
    const activity = makeMessage({ text, serviceUrl: stack.connector.url });
    const before = stack.connector.calls.length;
    expect((await postActivity(stack.bot.url, activity)).status).toBe(200);
    await eventually(() => stack.connector.calls.slice(before).find((c) => c.kind === 'reply'), 10_000, text);
    return activity.id;
  }

  it('without the connection string no exporter starts', () => {
    expect(withoutVariable.enabled).toBe(false);
  });

  it('the engine calls a command causes carry its activity id; the jobs carry their own ids', async () => {
    await say(
      `batch create Traced --tenant northwind --scenario cross-tenant\nEmailAddress\n${emails.join('\n')}`,
    );
    const batch = await eventually(
      async () => {
        const b = await stack.bot.services.ctx.repos.batches.read('northwind', 'northwind~traced');
        return b?.state === 'Created' ? b : undefined;
      },
      15_000,
      'Traced created',
    );
    // The create ran in the intent runner: its call carries the intent id.
    const created = stack.simulator.calls({ cmdlet: 'New-MigrationBatch' });
    expect(created.map((c) => c.requestId)).toEqual([`${batch.id}:create:v1`]);
    // The status sync's calls carry a job id.
    const synced = await eventually(
      () =>
        stack.simulator
          .calls({ cmdlet: 'Get-MigrationBatch' })
          .find((c) => c.requestId?.startsWith('job:sync:')),
      10_000,
      'a sync call',
    );
    expect(synced.requestId).toMatch(/^job:sync:northwind~traced:/);

    stack.simulator.clearCalls();
    spans.reset();
    const activityId = await say(`user ${emails[1]}`);
    const calls = stack.simulator.calls({ cmdlet: 'Get-MigrationUserStatistics' });
    expect(calls.map((c) => c.requestId)).toEqual([activityId]);

    // Preflight reads recipients through the directory: no request id is passed down, the turn's is used.
    stack.simulator.clearCalls();
    const preflightId = await say('batch preflight Traced');
    const reads = await eventually(
      () => {
        const found = stack.simulator
          .calls()
          .filter((c) => c.cmdlet.startsWith('Get-') && c.requestId === preflightId);
        return found.length >= 3 ? found : undefined;
      },
      15_000,
      'preflight reads',
    );
    const foreign = stack.simulator
      .calls()
      .filter((c) => c.cmdlet !== 'Get-MigrationBatch' && c.cmdlet !== 'Get-MigrationUser')
      .filter((c) => c.requestId !== preflightId);
    expect(foreign).toEqual([]);
    expect(new Set(reads.map((c) => c.cmdlet)).size).toBeGreaterThan(1);
  }, 60_000);

  it('a command makes a turn span with its engine calls inside, and the engine-call counter counts them', async () => {
    spans.reset();
    const activityId = await say(`user ${emails[0]}`);
    const finished = await eventually(() => {
      const all = spans.getFinishedSpans();
      return all.some((s) => s.name === 'cutover.turn' && s.attributes['cutover.activity_id'] === activityId)
        ? all
        : undefined;
    });
    const turn = finished.find(
      (s) => s.name === 'cutover.turn' && s.attributes['cutover.activity_id'] === activityId,
    )!;
    expect(turn.attributes['cutover.activity_type']).toBe('message');
    const engine = finished.filter(
      (s) => s.name === 'cutover.engine.call' && s.attributes['cutover.request_id'] === activityId,
    );
    expect(engine.map((s) => s.attributes['cutover.operation'])).toEqual(['Get-MigrationUserStatistics']);
    expect(engine[0]!.spanContext().traceId).toBe(turn.spanContext().traceId);
    expect(engine[0]!.parentSpanContext?.spanId).toBe(turn.spanContext().spanId);
    expect(engine[0]!.attributes['http.response.status_code']).toBe(200);

    await reader.forceFlush();
    const exported = metricExporter.getMetrics().at(-1)!;
    const all = exported.scopeMetrics.filter((s) => s.scope.name === 'cutover').flatMap((s) => s.metrics);
    const byName = (name: string) => all.find((m) => m.descriptor.name === name);
    const points = byName('cutover.engine.calls')!.dataPoints;
    const stats = points.find(
      (p) => p.attributes.operation === 'Get-MigrationUserStatistics' && p.attributes.engine === 'exchange',
    );
    expect(stats?.value).toBe(2);
    expect(stats?.attributes.status).toBe(200);
    const turns = byName('cutover.turns')!.dataPoints.find((p) => p.attributes.type === 'message');
    expect(turns?.value).toBeGreaterThanOrEqual(4);
  }, 30_000);

  it('a 429 from Exchange is counted as throttled', async () => {
    stack.simulator.faults.throttle(1, 0);
    await say(`user ${emails[2]}`);
    await reader.forceFlush();
    const exported = metricExporter.getMetrics().at(-1)!;
    const throttled = exported.scopeMetrics
      .flatMap((s) => s.metrics)
      .find((m) => m.descriptor.name === 'cutover.engine.throttled');
    expect(throttled?.dataPoints.reduce((sum, p) => sum + (p.value as number), 0)).toBeGreaterThanOrEqual(1);
  }, 30_000);
});
