import {
  type Attributes,
  type Counter,
  type Histogram,
  metrics,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';

/**
 * Cutover's traces and metrics, through the OpenTelemetry API: without an SDK (the default) every call
 * here is a no-op. `startTelemetry` registers the Azure Monitor SDK when
 * APPLICATIONINSIGHTS_CONNECTION_STRING is set; tests register an in-memory one.
 *
 * - span `cutover.turn` per Teams activity; span `cutover.engine.call` per Exchange or Graph request
 * - counter `cutover.turns` (type), `cutover.engine.calls` (engine, operation, status),
 *   `cutover.engine.throttled` (429s and other throttling answers), `cutover.notices.sent`
 * - histogram `cutover.engine.duration` (ms)
 */

const NAME = 'cutover';

interface Instruments {
  provider: unknown;
  turns: Counter;
  engineCalls: Counter;
  throttled: Counter;
  noticesSent: Counter;
  engineDuration: Histogram;
}

let instruments: Instruments | undefined;

/** The instruments of the meter provider registered now (a provider registered later gets new ones). */
function meters(): Instruments {
  const provider = metrics.getMeterProvider();
  if (instruments?.provider === provider) return instruments;
  const meter = provider.getMeter(NAME);
  instruments = {
    provider,
    turns: meter.createCounter('cutover.turns', { description: 'Teams activities handled' }),
    engineCalls: meter.createCounter('cutover.engine.calls', {
      description: 'Exchange (InvokeCommand) and Graph requests',
    }),
    throttled: meter.createCounter('cutover.engine.throttled', {
      description: 'Exchange and Graph requests answered with throttling (429)',
    }),
    noticesSent: meter.createCounter('cutover.notices.sent', { description: 'Notices delivered to users' }),
    engineDuration: meter.createHistogram('cutover.engine.duration', {
      description: 'Time of one Exchange or Graph request',
      unit: 'ms',
    }),
  };
  return instruments;
}

const tracer = () => trace.getTracer(NAME);

/** Runs one Teams activity inside a `cutover.turn` span and counts it. */
export async function traceTurn<T>(
  attributes: { activityId?: string; type?: string },
  work: () => Promise<T>,
): Promise<T> {
  meters().turns.add(1, { type: attributes.type ?? 'unknown' });
  return tracer().startActiveSpan(
    'cutover.turn',
    {
      kind: SpanKind.SERVER,
      attributes: {
        'cutover.activity_id': attributes.activityId ?? '',
        'cutover.activity_type': attributes.type ?? '',
      },
    },
    async (span) => finish(span, work),
  );
}

export interface EngineCall {
  engine: 'exchange' | 'graph' | 'migrationwiz' | 'graph-cross-tenant';
  /** The cmdlet, or the Graph method and path template. */
  operation: string;
  requestId: string;
}

/** Runs one Exchange or Graph request inside a `cutover.engine.call` span, counting it by its HTTP status. */
export async function traceEngineCall<T extends { status: number }>(
  call: EngineCall,
  work: () => Promise<T>,
): Promise<T> {
  const started = Date.now();
  return tracer().startActiveSpan(
    'cutover.engine.call',
    {
      kind: SpanKind.CLIENT,
      attributes: {
        'cutover.engine': call.engine,
        'cutover.operation': call.operation,
        'cutover.request_id': call.requestId,
      },
    },
    async (span) => {
      let status = 0;
      try {
        const result = await work();
        status = result.status;
        span.setAttribute('http.response.status_code', status);
        if (status >= 500 || status === 429) span.setStatus({ code: SpanStatusCode.ERROR });
        return result;
      } catch (error) {
        span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).name });
        throw error;
      } finally {
        span.end();
        const attributes: Attributes = { engine: call.engine, operation: call.operation, status };
        const m = meters();
        m.engineCalls.add(1, attributes);
        m.engineDuration.record(Date.now() - started, attributes);
        if (status === 429) m.throttled.add(1, { engine: call.engine, operation: call.operation });
      }
    },
  );
}

/** A throttling answer that is not a 429 (Exchange's concurrency limit in a 200 body). */
export function recordThrottled(engine: EngineCall['engine'], operation: string): void {
  meters().throttled.add(1, { engine, operation });
}

/** Notices that reached their users (one outbox pass). */
export function recordNoticesSent(count: number): void {
  if (count > 0) meters().noticesSent.add(count);
}

async function finish<T>(span: Span, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).name });
    throw error;
  } finally {
    span.end();
  }
}

export interface Telemetry {
  /** Whether an exporter was started. */
  enabled: boolean;
  /** Flushes what is buffered and stops the exporter. */
  shutdown(): Promise<void>;
}

/**
 * Exports to Application Insights when APPLICATIONINSIGHTS_CONNECTION_STRING is set (the Azure Monitor
 * distribution, loaded only then); otherwise starts nothing.
 */
export async function startTelemetry(env: NodeJS.ProcessEnv): Promise<Telemetry> {
  const connectionString = env.APPLICATIONINSIGHTS_CONNECTION_STRING?.trim();
  if (!connectionString) return { enabled: false, shutdown: async () => undefined };
  const monitor = await import('@azure/monitor-opentelemetry');
  monitor.useAzureMonitor({
    azureMonitorExporterOptions: { connectionString },
    // Every turn is traced: a migration bot sees few turns, and each one matters when something fails.
    samplingRatio: 1,
    tracesPerSecond: 0,
    // The bot logs with pino; only traces and metrics go to Application Insights.
    instrumentationOptions: { bunyan: { enabled: false }, winston: { enabled: false } },
  });
  return {
    enabled: true,
    // An ingestion endpoint that cannot be reached at shutdown costs the last few points, nothing more.
    shutdown: () => monitor.shutdownAzureMonitor().catch(() => undefined),
  };
}
