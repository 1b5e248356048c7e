#!/usr/bin/env bash
# First step of `npm test`: the browser tests need Debian's Chromium at /usr/bin/chromium. When it is
# missing, install it (non-interactively) if this is root, otherwise stop at once with the command to
# run. Never skips a test.
#
# ENSURE_CHROMIUM_PATH, ENSURE_CHROMIUM_UID and ENSURE_CHROMIUM_APT_GET replace the browser path, the
# user id and apt-get; they exist for this script's own tests (test/scripts/ensure-chromium.test.ts).
set -euo pipefail

chromium="${ENSURE_CHROMIUM_PATH:-/usr/bin/chromium}"
uid="${ENSURE_CHROMIUM_UID:-$(id -u)}"
apt_get="${ENSURE_CHROMIUM_APT_GET:-apt-get}"
install_command="apt-get update && apt-get install -y chromium"

if [[ -x "$chromium" ]]; then
  exit 0
fi

if [[ "$uid" != "0" ]]; then
  echo "Chromium is missing at $chromium and the browser tests need it. Install Debian's chromium as root, then run npm test again:" >&2
  echo "  sudo sh -c '$install_command'" >&2
  exit 1
fi

if ! command -v "$apt_get" >/dev/null 2>&1; then
  echo "Chromium is missing at $chromium and there is no apt-get to install it: install Chromium so that $chromium exists, then run npm test again." >&2
  exit 1
fi

echo "Chromium is missing at $chromium: installing Debian's chromium for the browser tests ($install_command)..." >&2
export DEBIAN_FRONTEND=noninteractive
if ! "$apt_get" update -qq </dev/null >/dev/null || ! "$apt_get" install -y -qq chromium </dev/null >/dev/null; then
  echo "Installing chromium failed (see apt-get's message above). Run '$install_command' as root, then npm test again." >&2
  exit 1
fi
if [[ ! -x "$chromium" ]]; then
  echo "apt-get installed chromium, but $chromium is still missing. Install Chromium so that $chromium exists, then run npm test again." >&2
  exit 1
fi
echo "Chromium installed at $chromium." >&2
