/**
 * CSV validation cost against raw csv-parse, on 50,000-row files.
 *
 *   npx tsx bench/csv-validate.ts [--rows 50000] [--runs 15]
 *
 * For each file layout (staged, cross-tenant, mapping) it times `parse(text)` from csv-parse/sync
 * with default options and `validateCsv(text, scenario)` on the same text: a warm-up, then runs
 * interleaved (raw, validate, validate, raw, ...) so machine load and garbage collection affect
 * both alike. It prints the medians and their ratio and writes bench/results/csv-validate.json.
 * Exits with code 1 when a ratio is above 1.5.
 *
 * 50,000 rows are over every scenario's row limit and larger than 2 MB, so the bench lifts both
 * limits (maxRows and maxBytes: Infinity): validateCsv then takes its full success path, checking
 * every row and returning 50,000 users, which is the most work it does on a file.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Scenario } from '../services/model/statuses';
import { validateCsv } from '../services/csv/validate-csv';

const LIMIT = 1.5;
const WARM_UP = 5;

interface Case {
  scenario: Scenario;
  text: string;
}

interface Result {
  scenario: Scenario;
  rows: number;
  bytes: number;
  rawMedianMs: number;
  validateMedianMs: number;
  ratio: number;
}

function argument(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at >= 0 ? Number(process.argv[at + 1]) : fallback;
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} takes a whole number above 0`);
  return value;
}

/** Realistic files: varied domains and casing, some quoted passwords holding commas. */
function files(rows: number): Case[] {
  const staged = ['EmailAddress,Password,ForceChangePassword'];
  const addresses = ['EmailAddress'];
  const mapping = ['SourceEmail,TargetEmail'];
  for (let i = 0; i < rows; i++) {
    const local = `${i % 3 === 0 ? 'User' : 'user'}.${i}.${(i * 7919) % 10007}`;
    const password = i % 10 === 0 ? `"Pa,ss-${i}!w0rd"` : `Pass-${i}!w0rd`;
    staged.push(`${local}@tailspintoys${i % 5}.com,${password},${i % 2 ? 'True' : 'false'}`);
    addresses.push(`${local}@northwindtraders${i % 4}.com`);
    mapping.push(`${local}@fabrikam.com,${local}@contoso.onmicrosoft.com`);
  }
  const text = (lines: string[]) => `${lines.join('\r\n')}\r\n`;
  return [
    { scenario: 'staged', text: text(staged) },
    { scenario: 'cross-tenant', text: text(addresses) },
    { scenario: 'third-party', text: text(mapping) },
  ];
}

function timed(work: () => unknown): number {
  const start = performance.now();
  work();
  return performance.now() - start;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function measure(item: Case, rows: number, runs: number): Result {
  const raw = () => parse(item.text);
  const validate = () => {
    const unlimited = Number.POSITIVE_INFINITY;
    const result = validateCsv(item.text, item.scenario, { maxBytes: unlimited, maxRows: unlimited });
    // The file is valid: anything else means the bench measures the wrong path.
    if (!result.ok || result.users.length !== rows) {
      throw new Error(
        `${item.scenario}: unexpected validation result ${JSON.stringify(result).slice(0, 300)}`,
      );
    }
  };
  for (let i = 0; i < WARM_UP; i++) {
    raw();
    validate();
  }
  const rawTimes: number[] = [];
  const validateTimes: number[] = [];
  for (let i = 0; i < runs; i++) {
    if (i % 2 === 0) {
      rawTimes.push(timed(raw));
      validateTimes.push(timed(validate));
    } else {
      validateTimes.push(timed(validate));
      rawTimes.push(timed(raw));
    }
  }
  const rawMedianMs = round(median(rawTimes));
  const validateMedianMs = round(median(validateTimes));
  return {
    scenario: item.scenario,
    rows,
    bytes: Buffer.byteLength(item.text),
    rawMedianMs,
    validateMedianMs,
    ratio: round(validateMedianMs / rawMedianMs, 3),
  };
}

function round(value: number, digits = 1): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

function main(): void {
  const rows = argument('rows', 50_000);
  const runs = argument('runs', 15);
  const results = files(rows).map((item) => measure(item, rows, runs));
  for (const r of results) {
    console.log(
      `${r.scenario.padEnd(13)} ${r.rows} rows, ${(r.bytes / 1024 / 1024).toFixed(2)} MB: ` +
        `csv-parse ${r.rawMedianMs} ms, validateCsv ${r.validateMedianMs} ms, ratio ${r.ratio}`,
    );
  }
  const worst = Math.max(...results.map((r) => r.ratio));
  const main = results[0]!;
  const report = {
    bench: 'csv-validate',
    date: new Date().toISOString(),
    node: process.version,
    rows,
    runs,
    warmUp: WARM_UP,
    rawMedianMs: main.rawMedianMs,
    validateMedianMs: main.validateMedianMs,
    ratio: main.ratio,
    maxRatio: worst,
    limit: LIMIT,
    pass: worst <= LIMIT,
    scenarios: results,
  };
  const dir = join(__dirname, 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'csv-validate.json'), `${JSON.stringify(report, null, 2)}\n`);
  console.log(`worst ratio ${worst} (limit ${LIMIT}): ${report.pass ? 'pass' : 'FAIL'}`);
  if (!report.pass) process.exitCode = 1;
}

main();
