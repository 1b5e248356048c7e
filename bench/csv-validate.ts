/**
 * CSV validation time for a full batch: 2,000 rows (staged: 1,000, its row limit).
 *
 *   npx tsx bench/csv-validate.ts [--runs 30]
 *
 * For each file layout (staged, cross-tenant, third-party, hosted) it validates a generated file
 * that fills a batch, a few times to warm up, then `runs` times, and records the CPU time (user and
 * system, from process.cpuUsage) of each run: on a loaded machine the clock also counts the time
 * other processes hold the processor. It prints the median and the slowest run per layout and
 * writes bench/results/csv-validate.json. Exits with code 1 when a median is 50 ms or more.
 *
 * The files are valid, so validateCsv takes its full success path: every row checked (address,
 * repeats, columns, passwords, ForceChangePassword, initial-domain advice) and every user returned.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MAX_USERS } from '../services/csv/csv-limits';
import { validateCsv } from '../services/csv/validate-csv';
import type { Scenario } from '../services/model/statuses';

const LIMIT_MS = 50;
const WARM_UP = 5;

interface Result {
  scenario: Scenario;
  rows: number;
  bytes: number;
  medianCpuMs: number;
  slowestCpuMs: number;
}

function argument(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at >= 0 ? Number(process.argv[at + 1]) : fallback;
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} takes a whole number above 0`);
  return value;
}

/** A realistic file filling a batch: varied domains, a third of the addresses with capitals, some quoted passwords with commas. */
function file(scenario: Scenario): string {
  const lines = [
    scenario === 'staged'
      ? 'EmailAddress,Password,ForceChangePassword'
      : scenario === 'third-party' || scenario === 'hosted'
        ? 'SourceEmail,TargetEmail'
        : 'EmailAddress',
  ];
  for (let i = 0; i < MAX_USERS[scenario]; i++) {
    const local = `${i % 3 === 0 ? 'User' : 'user'}.${i}.${(i * 7919) % 10007}`;
    if (scenario === 'staged') {
      const password = i % 10 === 0 ? `"Pa,ss-${i}!w0rd"` : `Pass-${i}!w0rd`;
      lines.push(`${local}@tailspintoys${i % 5}.com,${password},${i % 2 ? 'True' : 'false'}`);
    } else if (scenario === 'third-party' || scenario === 'hosted') {
      lines.push(`${local}@fabrikam.com,${local}@contoso.onmicrosoft.com`);
    } else {
      lines.push(`${local}@northwindtraders${i % 4}.com`);
    }
  }
  return `${lines.join('\r\n')}\r\n`;
}

function cpuMs(work: () => unknown): number {
  const start = process.cpuUsage();
  work();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function measure(scenario: Scenario, runs: number): Result {
  const text = file(scenario);
  const rows = MAX_USERS[scenario];
  const validate = () => {
    const result = validateCsv(text, scenario);
    // The file is valid: anything else means the bench measures the wrong path.
    if (!result.ok || result.users.length !== rows) {
      throw new Error(`${scenario}: unexpected validation result ${JSON.stringify(result).slice(0, 300)}`);
    }
  };
  for (let i = 0; i < WARM_UP; i++) validate();
  const times = Array.from({ length: runs }, () => cpuMs(validate));
  return {
    scenario,
    rows,
    bytes: Buffer.byteLength(text),
    medianCpuMs: round(median(times)),
    slowestCpuMs: round(Math.max(...times)),
  };
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

function main(): void {
  const runs = argument('runs', 30);
  const scenarios: Scenario[] = ['staged', 'cross-tenant', 'third-party', 'hosted'];
  const results = scenarios.map((scenario) => measure(scenario, runs));
  for (const r of results) {
    console.log(
      `${r.scenario.padEnd(13)} ${r.rows} rows, ${(r.bytes / 1024).toFixed(0)} KB: ` +
        `median ${r.medianCpuMs} ms CPU, slowest ${r.slowestCpuMs} ms`,
    );
  }
  const worst = Math.max(...results.map((r) => r.medianCpuMs));
  const report = {
    bench: 'csv-validate',
    date: new Date().toISOString(),
    node: process.version,
    runs,
    warmUp: WARM_UP,
    measure: 'CPU time (process.cpuUsage, user + system) per validateCsv call',
    limitMs: LIMIT_MS,
    worstMedianCpuMs: worst,
    pass: worst < LIMIT_MS,
    scenarios: results,
  };
  const dir = join(__dirname, 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'csv-validate.json'), `${JSON.stringify(report, null, 2)}\n`);
  console.log(`worst median ${worst} ms CPU (limit ${LIMIT_MS} ms): ${report.pass ? 'pass' : 'FAIL'}`);
  if (!report.pass) process.exitCode = 1;
}

main();
