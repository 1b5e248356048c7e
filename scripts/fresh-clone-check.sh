#!/usr/bin/env bash
# Checks that the committed repository stands on its own: clones HEAD into an empty temporary folder
# (so nothing sits beside it), then runs `npm ci && npm test` and `npm run package` there, as a
# newcomer would. Uncommitted changes are not part of the check: commit first.
#
#   scripts/fresh-clone-check.sh          # removes the clone afterwards
#   scripts/fresh-clone-check.sh --keep   # keeps it for a look (its path is printed)
#
# Takes about 12 minutes of CPU on a 2-core machine (the whole suite runs once).
set -euo pipefail

keep=false
for arg in "$@"; do
  case "$arg" in
    --keep) keep=true ;;
    *)
      echo "Unknown argument \"$arg\"; the only one is --keep." >&2
      exit 2
      ;;
  esac
done

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/cutover-fresh-clone.XXXXXX")"
cleanup() {
  if [[ "$keep" == true ]]; then
    echo "The clone is kept in $work/repo"
  else
    rm -rf "$work"
  fi
}
trap cleanup EXIT

if [[ -n "$(git -C "$repo" status --porcelain --untracked-files=no)" ]]; then
  echo "Note: the working tree has uncommitted changes; the check uses the last commit only." >&2
fi

git clone --quiet --no-hardlinks "$repo" "$work/repo"
cd "$work/repo"
echo "Fresh clone of $(git log -1 --format='%h %s') in $work/repo (nothing beside it: $(ls -A "$work" | tr '\n' ' '))"

step() {
  echo
  echo "== $1"
  local started=$SECONDS
  bash -c "$1" </dev/null
  echo "== $1: passed in $((SECONDS - started)) s"
}

step "npm ci --no-audit --no-fund && npm test"
step "npm run package"
echo
echo "Fresh clone check passed: npm ci && npm test and npm run package work on a clone in an empty folder."
