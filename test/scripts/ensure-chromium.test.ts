import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const SCRIPT = path.resolve(__dirname, '../../scripts/ensure-chromium.sh');

let dir: string;
let chromium: string;
let calls: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'cutover-ensure-chromium-'));
  chromium = path.join(dir, 'bin', 'chromium');
  calls = path.join(dir, 'apt-get.calls');
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** A stand-in for apt-get that records its arguments and DEBIAN_FRONTEND, and "installs" chromium. */
function fakeAptGet(options: { installs: boolean; fails?: boolean }): string {
  const file = path.join(dir, 'apt-get');
  const install = options.installs
    ? `mkdir -p "$(dirname '${chromium}')"; printf '#!/bin/sh\\n' > '${chromium}'; chmod +x '${chromium}'`
    : ':';
  writeFileSync(
    file,
    [
      '#!/usr/bin/env bash',
      `echo "$* DEBIAN_FRONTEND=$DEBIAN_FRONTEND" >> '${calls}'`,
      options.fails
        ? `if [[ "$1" == install ]]; then echo "E: Unable to locate package chromium" >&2; exit 100; fi`
        : '',
      `if [[ "$1" == install ]]; then ${install}; fi`,
    ].join('\n'),
  );
  chmodSync(file, 0o755);
  return file;
}

function run(env: Record<string, string>) {
  const result = spawnSync('bash', [SCRIPT], {
    env: { PATH: process.env.PATH ?? '', ENSURE_CHROMIUM_PATH: chromium, ...env },
    encoding: 'utf8',
  });
  const aptCalls = existsSync(calls) ? readFileSync(calls, 'utf8').trim().split('\n') : [];
  return { code: result.status, stdout: result.stdout, stderr: result.stderr, aptCalls };
}

describe('scripts/ensure-chromium.sh (first step of npm test)', () => {
  it('does nothing when Chromium is there', () => {
    const aptGet = fakeAptGet({ installs: true });
    mkdirSync(path.dirname(chromium));
    writeFileSync(chromium, '#!/bin/sh\n');
    chmodSync(chromium, 0o755);
    const result = run({ ENSURE_CHROMIUM_UID: '1000', ENSURE_CHROMIUM_APT_GET: aptGet });
    expect(result).toEqual({ code: 0, stdout: '', stderr: '', aptCalls: [] });
  });

  it('stops at once with the one command to run when Chromium is missing and this is not root', () => {
    const aptGet = fakeAptGet({ installs: true });
    const result = run({ ENSURE_CHROMIUM_UID: '1000', ENSURE_CHROMIUM_APT_GET: aptGet });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`Chromium is missing at ${chromium}`);
    expect(result.stderr).toContain("sudo sh -c 'apt-get update && apt-get install -y chromium'");
    expect(result.aptCalls).toEqual([]);
    expect(existsSync(chromium)).toBe(false);
  });

  it('installs Debian chromium non-interactively when it is missing and this is root', () => {
    const aptGet = fakeAptGet({ installs: true });
    const result = run({ ENSURE_CHROMIUM_UID: '0', ENSURE_CHROMIUM_APT_GET: aptGet });
    expect(result.code).toBe(0);
    expect(result.aptCalls).toEqual([
      'update -qq DEBIAN_FRONTEND=noninteractive',
      'install -y -qq chromium DEBIAN_FRONTEND=noninteractive',
    ]);
    expect(existsSync(chromium)).toBe(true);
    expect(result.stderr).toContain(`Chromium installed at ${chromium}.`);
  });

  it('fails with the instruction when the installation fails or does not put Chromium there', () => {
    const failing = run({
      ENSURE_CHROMIUM_UID: '0',
      ENSURE_CHROMIUM_APT_GET: fakeAptGet({ installs: false, fails: true }),
    });
    expect(failing.code).toBe(1);
    expect(failing.stderr).toContain('E: Unable to locate package chromium');
    expect(failing.stderr).toContain("Installing chromium failed (see apt-get's message above)");

    rmSync(calls, { force: true });
    const elsewhere = run({
      ENSURE_CHROMIUM_UID: '0',
      ENSURE_CHROMIUM_APT_GET: fakeAptGet({ installs: false }),
    });
    expect(elsewhere.code).toBe(1);
    expect(elsewhere.stderr).toContain(`${chromium} is still missing`);
  });

  it('tells root without apt-get what is needed instead of failing obscurely', () => {
    const result = run({ ENSURE_CHROMIUM_UID: '0', ENSURE_CHROMIUM_APT_GET: path.join(dir, 'no-apt-get') });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('there is no apt-get to install it');
  });
});

describe('one way to get Chromium', () => {
  const root = path.resolve(__dirname, '../..');

  it('npm test runs the check first, and .ci/run leaves it to npm test', () => {
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
    expect(pkg.scripts.test).toMatch(/^bash scripts\/ensure-chromium\.sh && /);
    const ci = readFileSync(path.join(root, '.ci/run'), 'utf8');
    expect(ci).toMatch(/^npm test/m);
    expect(ci).not.toMatch(/apt-get/);
  });
});
