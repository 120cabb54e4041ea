#!/bin/sh
# The load run: gunicorn with the production settings on 127.0.0.1:8001, then locust
# headless for 60 s at 20 and at 50 users. Figures go to var/bench/load/ (locust --csv).
#
#   bench/load/run.sh                 # both runs (20 and 50 users)
#   USERS="20" DURATION=30s bench/load/run.sh
#   bench/load/run.sh failure         # PostgreSQL stopped and started under 20 users
#                                     # (as root: pg_ctlcluster; see failure.py)
#   FAILURE_ARGS="--down 0" bench/load/run.sh failure   # a plain restart
#
# Needs the large database (bench/load/README.md: generate.py, pages.py) and the bench
# extra (locust). Run from the project root.
set -eu
MODE=${1:-load}
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
PY=${PY:-.venv/bin/python}
BIN=$(dirname "$PY")
OUT=${OUT:-var/bench/load}
USERS=${USERS:-"20 50"}
DURATION=${DURATION:-60s}
PORT=${PORT:-8001}
WORKERS=${WORKERS:-3}
THREADS=${THREADS:-2}
KEEPALIVE=${KEEPALIVE:-5}   # as docs/deployment.md runs it (gunicorn's default is 2)
mkdir -p "$OUT"

export DJANGO_SETTINGS_MODULE=config.django.production
export DJANGO_SECRET_KEY=${DJANGO_SECRET_KEY:-bench-load-not-a-secret-0123456789abcdefghijklmnopqrstuvwxyz}
export DJANGO_ALLOWED_HOSTS=127.0.0.1
export DJANGO_CSRF_TRUSTED_ORIGINS=https://127.0.0.1:$PORT
export DATABASE_URL=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/orbita_load}
export EMAIL_BACKEND=django.core.mail.backends.console.EmailBackend
export LOG_LEVEL=WARNING
# The checkout's own code first (an editable install elsewhere must not win).
export PYTHONPATH=$ROOT

"$PY" manage.py collectstatic --noinput -v0
"$BIN/gunicorn" config.wsgi --chdir "$ROOT" --bind 127.0.0.1:$PORT \
    --workers "$WORKERS" --threads "$THREADS" --timeout 60 --keep-alive "$KEEPALIVE" \
    --access-logfile "$OUT/access.log" --error-logfile "$OUT/gunicorn.log" \
    --access-logformat '%(t)s "%(r)s" %(s)s %(B)s %(D)s' \
    --pid "$OUT/gunicorn.pid" --daemon
trap 'kill "$(cat "$OUT/gunicorn.pid")"' EXIT
for _ in 1 2 3 4 5 6 7 8 9 10; do
    curl -fsS -H 'X-Forwarded-Proto: https' "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
    sleep 1
done
curl -fsS -H 'X-Forwarded-Proto: https' "http://127.0.0.1:$PORT/healthz"; echo
# Warm every worker (imports, URLconf, templates) before the clock starts.
for _ in $(seq 1 $((WORKERS * THREADS * 4))); do
    curl -fsS -o /dev/null -H 'X-Forwarded-Proto: https' "http://127.0.0.1:$PORT/accounts/login/" &
done
wait

if [ "$MODE" = failure ]; then
    echo "== failure run; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
    "$BIN/locust" -f bench/load/locustfile.py --headless --host "http://127.0.0.1:$PORT" \
        --users 20 --spawn-rate 20 --run-time 55s --stop-timeout 5 \
        --csv "$OUT/failure-u20" --only-summary --loglevel WARNING \
        >"$OUT/failure-locust.txt" 2>&1 &
    LOCUST=$!
    sleep 3
    status=0
    "$PY" -m bench.load.failure --base "http://127.0.0.1:$PORT" --database "$DATABASE_URL" \
        --out "$OUT/failure.json" ${FAILURE_ARGS:-} || status=$?
    wait "$LOCUST" || true
    grep -E "Aggregated" "$OUT/failure-locust.txt" || true
    echo "== load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
    exit "$status"
fi

# CPU seconds used so far by the gunicorn workers (what the site itself costs, whatever
# else runs on the machine).
workers_cpu() {
    for pid in $(pgrep -P "$(cat "$OUT/gunicorn.pid")"); do
        awk '{print $14 + $15}' "/proc/$pid/stat"
    done | awk -v hz="$(getconf CLK_TCK)" '{s += $1} END {printf "%.2f", s / hz}'
}
requests_served() { wc -l <"$OUT/access.log"; }

for n in $USERS; do
    echo "== $n users, $DURATION; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
    cpu0=$(workers_cpu); req0=$(requests_served)
    LOAD_RAW="$OUT/u${n}_raw.csv" \
    "$BIN/locust" -f bench/load/locustfile.py --headless --host "http://127.0.0.1:$PORT" \
        --users "$n" --spawn-rate "$n" --run-time "$DURATION" --stop-timeout 5 \
        --csv "$OUT/u$n" --only-summary --loglevel WARNING 2>&1 | tail -n 40
    "$PY" -m bench.load.summary "$OUT/u${n}_raw.csv"
    cpu1=$(workers_cpu); req1=$(requests_served)
    echo "== load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
    awk -v c0="$cpu0" -v c1="$cpu1" -v r0="$req0" -v r1="$req1" 'BEGIN {
        printf "== gunicorn workers: %.1f s CPU for %d requests (%.0f ms each)\n",
            c1 - c0, r1 - r0, 1000 * (c1 - c0) / (r1 - r0) }'
done
