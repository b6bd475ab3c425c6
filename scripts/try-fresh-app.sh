#!/usr/bin/env bash
# Follows the README in a fresh TypeScript app made with create-strapi 5.54.0 and checks that every
# example does what the README says. Not run by CI: it downloads a whole Strapi app (~3 minutes of
# npm install) and needs about 2 GB of memory for the admin build.
#
#   scripts/try-fresh-app.sh [work dir]     # default: a new /tmp/notifs-fresh-XXXX
#   PORT=1441 SMTP_PORT=2525 scripts/try-fresh-app.sh
#
# Needs the checkout's dev dependencies (`npm ci`: smtp-server for the email example, playwright-core
# for the admin check) and, for the admin check only, Debian's chromium (or CHROMIUM_PATH).
# The app, its logs, mails.log and screenshots stay in the work dir. Exits non-zero at the first
# example that does not do what the README says.
set -euo pipefail

REPO=$(cd "$(dirname "$0")/.." && pwd)
FILES=$REPO/scripts/try-fresh-app
WORK=${1:-$(mktemp -d /tmp/notifs-fresh-XXXX)}
PORT=${PORT:-1441}
SMTP_PORT=${SMTP_PORT:-2525}
BASE=http://localhost:$PORT
APP=$WORK/my-app
mkdir -p "$WORK/logs"
export NODE_PATH=$REPO/node_modules # smtp.js and admin-check.js use the checkout's dev dependencies

PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill -- "-$pid" 2>/dev/null || true; done; }
trap cleanup EXIT
step() { echo; echo "== $*"; }
fail() { echo "FAILED: $*" >&2; exit 1; }
expect() { # expect <what> <text> <substring>
  grep -qF -- "$3" <<<"$2" || fail "$1: expected $3 in: ${2:0:600}"
  echo "ok: $1"
}
json() { node -e "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>console.log(eval('(JSON.parse(s))'+process.argv[1])))" "$1"; }

# Starts `$@` in the app in its own process group, logging to logs/<name>.log, and waits for $wait.
start() { # start <name> <wait for> <command…>
  local name=$1 wait=$2; shift 2
  (cd "$APP" && exec setsid "$@" >"$WORK/logs/$name.log" 2>&1) &
  PIDS+=($!)
  for _ in $(seq 120); do
    grep -qF -- "$wait" "$WORK/logs/$name.log" 2>/dev/null && return 0
    kill -0 "${PIDS[-1]}" 2>/dev/null || fail "$name exited: $(tail -20 "$WORK/logs/$name.log")"
    sleep 1
  done
  fail "$name: no \"$wait\" after 120 s"
}
stop() { local pid=${PIDS[-1]}; kill -TERM -- "-$pid"; wait "$pid" 2>/dev/null || true; unset 'PIDS[-1]'; }

step "README 'From a tarball': npm pack the plugin"
(cd "$REPO" && npm pack --pack-destination "$WORK" >"$WORK/logs/pack.log" 2>&1)
TARBALL=$(ls "$WORK"/strapi-plugin-notifs-*.tgz)

step "create-strapi 5.54.0: TypeScript, SQLite, no example, no git, no cloud, not interactive"
cd "$WORK"
npx -y create-strapi@5.54.0 my-app --ts --use-npm --no-install --skip-cloud --no-example --no-git-init \
  --dbclient sqlite --dbfile .tmp/data.db --non-interactive --no-run >"$WORK/logs/create.log" 2>&1
# Every @strapi/* package must be the same version (the registry may list a newer @strapi/strapi
# than some of its sub-packages): create-strapi 5.54.0 writes exact versions; check it still does.
node -e "const d=require('$APP/package.json').dependencies;const bad=Object.entries(d).filter(([n,v])=>n.startsWith('@strapi/')&&v!=='5.54.0');if(bad.length){console.error(bad);process.exit(1)}"

step "npm install (the app), then the tarball as the README says"
cd "$APP"
npm install --no-audit --no-fund >"$WORK/logs/npm-install.log" 2>&1
npm install "../$(basename "$TARBALL")" --no-audit --no-fund >>"$WORK/logs/npm-install.log" 2>&1
npm install @strapi/plugin-graphql@5.54.0 --no-audit --no-fund >>"$WORK/logs/npm-install.log" 2>&1
node -e "require.resolve('strapi-plugin-notifs/package.json')"

step "The README's setup: config/plugins.ts, an article content type, the examples"
cp -r "$FILES/config" "$FILES/src" "$APP/"
cat >>"$APP/.env" <<ENV
SMTP_HOST=127.0.0.1
SMTP_PORT=$SMTP_PORT
SMTP_USER=shop
SMTP_PASS=secret
ENV
npx tsc --noEmit -p tsconfig.json # the README's snippets type-check in the app, against the packed types

step "npm run build"
npm run build >"$WORK/logs/build.log" 2>&1

start smtp "smtp on" node "$FILES/smtp.js" "$SMTP_PORT" "$WORK/mails.log"

step "npm run start: first boot; the Authenticated role gets the read API; a user signs up"
start strapi-1 "Strapi started successfully" env PORT=$PORT npm run start
expect "grant at first boot" "$(cat "$WORK/logs/strapi-1.log")" "[notifs] granted the Authenticated role the read API (9 actions)"
REGISTER=$(curl -s -X POST "$BASE/api/auth/local/register" -H 'Content-Type: application/json' \
  -d '{"username":"ada","email":"ada@example.com","password":"Passw0rd!"}')
expect "sign-up" "$REGISTER" '"username":"ada"'
stop

step "The worker entry point runs the examples (NOTIFS_EXAMPLES=1: src/examples.ts) without an HTTP server"
start worker "[notifs] worker running" env PORT=$PORT NOTIFS_EXAMPLES=1 NOTIFS_EXAMPLES_EMAIL=1 \
  node node_modules/strapi-plugin-notifs/bin/notifs-worker.js
LOG=$(cat "$WORK/logs/worker.log")
expect "quick start: console channel" "$LOG" '"sourceDisplayName":"Ada","category":"orders","action":"Bought"'
expect "quick start: context reaches the channel" "$LOG" '"context":{"orderTotal":42}}'
expect "reading" "$LOG" '"count":3,"pagination":{"page":1,"pageSize":25,"pageCount":1,"total":3},"all":{"count":3}'
expect "custom channel" "$LOG" '[notifs:console] {"context":{"arbitrary_data":"data"},"payload":"console"}'
expect "pre_send veto" "$LOG" 'vetoed by a notifs.pre_send listener'
expect "code trigger" "$LOG" '"shortDescription":"\"Hello\" is live"'
expect "data trigger" "$LOG" '"shortDescription":"ada: \"Hello\" is live"'
expect "email" "$(cat "$WORK/mails.log")" 'http://localhost:'"$PORT"'/orders/1'
curl -s -o /dev/null "$BASE/_health" && fail "the worker listens on $PORT"
stop
expect "worker stops on SIGTERM" "$(cat "$WORK/logs/worker.log")" "Strapi has been shut down"

step "npm run start: REST, GraphQL and the stream with the user's JWT"
start strapi-2 "Strapi started successfully" env PORT=$PORT npm run start
JWT=$(curl -s -X POST "$BASE/api/auth/local" -H 'Content-Type: application/json' \
  -d '{"identifier":"ada@example.com","password":"Passw0rd!"}' | json .jwt)
AUTH="Authorization: Bearer $JWT"
LIST=$(curl -s -g -H "$AUTH" "$BASE/api/notifs/notifications?filters[isRead]=false&pagination[pageSize]=10")
expect "REST list" "$LIST" '"pagination":{"page":1,"pageSize":10'
ID=$(json '.data[0].id' <<<"$LIST")
expect "REST unread-count" "$(curl -s -H "$AUTH" "$BASE/api/notifs/notifications/unread-count")" '{"data":{"count":'
expect "REST read" "$(curl -s -X POST -H "$AUTH" "$BASE/api/notifs/notifications/$ID/read")" '"isRead":true'
expect "REST unread" "$(curl -s -X POST -H "$AUTH" "$BASE/api/notifs/notifications/$ID/unread")" '"isRead":false'
expect "REST 400" "$(curl -s -g -H "$AUTH" "$BASE/api/notifs/notifications?pagination[pageSize]=500")" 'Invalid query: \"pagination.pageSize\" must be 100 at most'
expect "REST 404" "$(curl -s -H "$AUTH" "$BASE/api/notifs/notifications/999999")" '"status":404'
gql() { node -e "console.log(JSON.stringify({query:process.argv[1]}))" "$1" |
  curl -s -X POST "$BASE/graphql" -H "$AUTH" -H 'Content-Type: application/json' -d @-; }
expect "GraphQL query" "$(gql '{ notifsNotifications(filters: { isRead: false }, pagination: { page: 1, pageSize: 10 }) { nodes { id category shortDescription isRead createdAt } pageInfo { page pageSize pageCount total } } notifsUnreadCount }')" '"pageInfo":{"page":1,"pageSize":10'
expect "GraphQL notifsMarkRead" "$(gql "mutation { notifsMarkRead(id: \"$ID\") { id isRead readAt } }")" '"isRead":true'
expect "GraphQL notifsMarkAllRead" "$(gql 'mutation { notifsMarkAllRead { count } }')" '"notifsMarkAllRead":{"count":'
expect "GraphQL CRUD off" "$(gql '{ notifsNotifications_connection { nodes { id } } }')" 'Cannot query field'
TICKET=$(curl -s -X POST -H "$AUTH" "$BASE/api/notifs/stream/ticket" | json .data.ticket)
STREAM=$(curl -s -N --max-time 2 "$BASE/api/notifs/stream?ticket=$(node -p 'encodeURIComponent(process.argv[1])' "$TICKET")" || true)
expect "stream" "$STREAM" 'event: unread-count'
expect "ticket single use" "$(curl -s --max-time 2 "$BASE/api/notifs/stream?ticket=$(node -p 'encodeURIComponent(process.argv[1])' "$TICKET")")" '"status":401'

step "Admin API and panel"
npx strapi admin:create-user --email admin@example.com --password 'Admin1234!' --firstname Admin >"$WORK/logs/admin-user.log" 2>&1
ADMIN=$(curl -s -X POST "$BASE/admin/login" -H 'Content-Type: application/json' \
  -d '{"email":"admin@example.com","password":"Admin1234!"}' | json '.data.token ?? JSON.parse(s).data.accessToken')
ADMIN_AUTH="Authorization: Bearer $ADMIN"
expect "admin channels" "$(curl -s -H "$ADMIN_AUTH" "$BASE/notifs/channels")" '{"name":"email","displayName":"Email","providers":["email"],"configured":true}'
expect "admin verify email" "$(curl -s -X POST -H "$ADMIN_AUTH" "$BASE/notifs/providers/email/verify")" '"ok":true'
expect "admin test send" "$(curl -s -X POST -H "$ADMIN_AUTH" -H 'Content-Type: application/json' "$BASE/notifs/test-send" \
  -d '{"channel":"email","to":"someone@example.com","message":"hello from the admin"}')" '"channel":"email"'
if [ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then
  mkdir -p "$WORK/screenshots"
  node "$FILES/admin-check.js" "$BASE" "$WORK/screenshots"
else
  echo "skipped: the admin panel check (no Chromium at ${CHROMIUM_PATH:-/usr/bin/chromium})"
fi
stop

step "Everything the README shows worked in $APP (logs in $WORK/logs)"
