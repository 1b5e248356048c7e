/**
 * A child-process entry for test/ops/telemetry-start.test.ts: starts telemetry from this process's
 * environment, records one span, and prints what happened as one JSON line.
 */
import { type ProxyTracerProvider, trace } from '@opentelemetry/api';
import { startTelemetry } from '../../services/telemetry';

async function main(): Promise<void> {
  const telemetry = await startTelemetry(process.env);
  const span = trace.getTracer('probe').startSpan('probe');
  const recording = span.isRecording();
  span.end();
  // The tracer provider behind the API: the no-op one unless an SDK registered its own.
  const provider = (trace.getTracerProvider() as ProxyTracerProvider).getDelegate().constructor.name;
  // The ingestion endpoint does not answer: the flush is given a moment, as the bot's shutdown does.
  await Promise.race([telemetry.shutdown(), new Promise((resolve) => setTimeout(resolve, 1000))]);
  process.stdout.write(`${JSON.stringify({ enabled: telemetry.enabled, recording, provider })}\n`);
  process.exit(0);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
