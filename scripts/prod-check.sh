#!/usr/bin/env bash
# Checks the production build the way the image runs it: builds dist/, copies dist/, package.json and
# package-lock.json into an empty temporary folder, installs with `npm ci --omit=dev --ignore-scripts`
# (needs the npm registry), starts `node dist/bot/main.js` with NODE_ENV=production, and checks that
# GET /healthz and GET /readyz answer 200 and that `help` gets a reply with an Adaptive Card.
#
#   scripts/prod-check.sh           # removes the folder afterwards
#   scripts/prod-check.sh --keep    # keeps it (its path is printed)
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
work="$(mktemp -d "${TMPDIR:-/tmp}/cutover-prod-check.XXXXXX")"
bot_pid=""
cleanup() {
  if [[ -n "$bot_pid" ]] && kill -0 "$bot_pid" 2>/dev/null; then
    kill "$bot_pid" 2>/dev/null || true
    wait "$bot_pid" 2>/dev/null || true
  fi
  if [[ "$keep" == true ]]; then echo "Kept in $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

(cd "$repo" && npm run --silent build)
cp -R "$repo/dist" "$work/dist"
cp "$repo/package.json" "$repo/package-lock.json" "$work/"
cd "$work"
started=$(date +%s)
npm ci --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error
echo "npm ci --omit=dev: $(($(date +%s) - started)) s, $(du -sh node_modules | cut -f1) in node_modules"
for dev in tsx pino-pretty ajv vitest typescript; do
  if [[ -e "node_modules/$dev" ]]; then
    echo "FAIL: the devDependency $dev was installed" >&2
    exit 1
  fi
done

NODE_ENV=production PORT=0 EXCHANGE_SIMULATOR_PORT=0 DATA_DIR="$work/data" LOG_LEVEL=warn \
  node --no-deprecation dist/bot/main.js >"$work/bot.log" 2>&1 &
bot_pid=$!
url=""
for _ in $(seq 1 150); do
  url="$(sed -n 's#^Cutover is running at \(http://[^ ]*\)/api/messages.*#\1#p' "$work/bot.log" | head -1)"
  [[ -n "$url" ]] && break
  if ! kill -0 "$bot_pid" 2>/dev/null; then
    echo "FAIL: the bot exited:" >&2
    cat "$work/bot.log" >&2
    exit 1
  fi
  sleep 0.2
done
if [[ -z "$url" ]]; then
  echo "FAIL: the bot did not start within 30 s:" >&2
  cat "$work/bot.log" >&2
  exit 1
fi
echo "The compiled bot listens at $url"

# A stand-in Bot Connector takes the reply; plain node, nothing from the repository.
BOT_URL="$url" node --input-type=module -e '
import { createServer } from "node:http";
const fail = (message) => { console.error(`FAIL: ${message}`); process.exit(1); };
const bot = process.env.BOT_URL;
for (const path of ["/healthz", "/readyz"]) {
  const response = await fetch(bot + path);
  if (response.status !== 200) fail(`${path} answered ${response.status}: ${await response.text()}`);
  console.log(`GET ${path}: 200 ${await response.text()}`);
}
const reply = new Promise((resolve) => {
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      res.writeHead(200, { "content-type": "application/json" }).end("{\"id\":\"1\"}");
      server.close();
      resolve(JSON.parse(body));
    });
  }).listen(0, "127.0.0.1", () => post(server.address().port));
});
async function post(port) {
  const response = await fetch(`${bot}/api/messages`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      type: "message", id: "prod-check-1", text: "help", channelId: "msteams",
      serviceUrl: `http://127.0.0.1:${port}/`,
      from: { id: "29:alex", name: "Alex Wilber", aadObjectId: "00000000-0000-0000-0000-000000000020" },
      recipient: { id: "28:cutover", name: "Cutover" },
      conversation: { id: "a:prod-check", conversationType: "personal" },
      channelData: { tenant: { id: "00000000-0000-0000-0000-000000000001" } },
    }),
  });
  if (response.status !== 200) fail(`POST /api/messages answered ${response.status}`);
}
const timer = setTimeout(() => fail("no reply to help within 15 s"), 15_000);
const activity = await reply;
clearTimeout(timer);
const card = activity.attachments?.find((a) => a.contentType === "application/vnd.microsoft.card.adaptive");
if (!card || !JSON.stringify(card.content).includes("batch new")) fail("the reply to help has no help card");
console.log("help: a reply with the help card");
'
echo "OK: the production build runs with production dependencies only"
