#!/usr/bin/env bash
# Reproduces the numbers in bench/README.md. Takes ~35 minutes; needs ~12 GB of disk in bench/out.
#   bench/run.sh            # all
#   bench/run.sh import     # only the 100,000-person import
#   bench/run.sh journal    # only journal verify over 1,000,000 entries
#   bench/run.sh intake     # only intake over HTTP
#   bench/run.sh matters    # only matters at scale: fill N (default 1,000,000), red-list query, next-day sweep
source "$(dirname "$0")/../scripts/lib.sh"
source "$ROOT/scripts/pg.sh"
cd "$ROOT"
what="${1:-all}"
OUT="$ROOT/bench/out"; mkdir -p "$OUT"
say "dotnet build -c Release"
dotnet build src/Changxiao -c Release -nologo -v quiet -clp:ErrorsOnly
dotnet build bench/Changxiao.Bench -c Release -nologo -v quiet -clp:ErrorsOnly
CX="dotnet $ROOT/src/Changxiao/bin/Release/net10.0/changxiao.dll"
BENCH="dotnet $ROOT/bench/Changxiao.Bench/bin/Release/net10.0/changxiao-bench.dll"

# PostgreSQL with its default durability (fsync on), unlike the test cluster.
PGDIR="$OUT/pg"; PGPORT=55433
pg_bench_up() {
  local bin; bin="$(pg_bin)"
  mkdir -p "$PGDIR"; [ "$(id -u)" = 0 ] && chown postgres "$PGDIR"
  [ -f "$PGDIR/data/PG_VERSION" ] || pg_as "'$bin/initdb' -D '$PGDIR/data' -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null"
  pg_as "'$bin/pg_ctl' -D '$PGDIR/data' -m fast -w stop >/dev/null 2>&1" || true
  pg_as "'$bin/pg_ctl' -D '$PGDIR/data' -l '$PGDIR/pg.log' -o \"-h 127.0.0.1 -p $PGPORT -k '$PGDIR'\" -w start >/dev/null"
}
trap 'pg_down "$PGDIR"' EXIT
pg_bench_up
pgdb() { # pgdb NAME → fresh database, prints its spec
  psql -h 127.0.0.1 -p $PGPORT -U postgres -q -c "DROP DATABASE IF EXISTS $1" -c "CREATE DATABASE $1" >/dev/null
  echo "postgres:Host=127.0.0.1;Port=$PGPORT;Username=postgres;Database=$1"
}
seconds() { /usr/bin/time -f "%e %M" "$@" 2>&1 >/dev/null | tail -n 1; }

if [ "$what" = all ] || [ "$what" = import ]; then
  [ -f "$OUT/county-100k.xlsx" ] || $CX demo --scale 100000 --export "$OUT/county-100k.xlsx"
  for run in 1 2 3; do
    rm -f "$OUT"/import.db*
    echo "import 100k SQLite run $run: $(seconds $CX import org "$OUT/county-100k.xlsx" --db "sqlite:$OUT/import.db") (s, max RSS KB)"
  done
  for run in 1 2 3; do
    spec="$(pgdb cx_import)"
    echo "import 100k PostgreSQL run $run: $(seconds $CX import org "$OUT/county-100k.xlsx" --db "$spec") (s, max RSS KB)"
  done
fi

if [ "$what" = all ] || [ "$what" = journal ]; then
  if [ ! -f "$OUT/journal-1m.db" ]; then $BENCH journal-fill --db "sqlite:$OUT/journal-1m.db" --entries 1000000; fi
  for run in 1 2 3; do echo "verify 1M SQLite run $run: $($CX journal verify --db "sqlite:$OUT/journal-1m.db" 2>&1 | tr '\n' ' ')"; done
  spec="$(pgdb cx_journal)"
  $BENCH journal-fill --db "$spec" --entries 1000000
  for run in 1 2 3; do echo "verify 1M PostgreSQL run $run: $($CX journal verify --db "$spec" 2>&1 | tr '\n' ' ')"; done
fi

# Intake over HTTP on loopback: 16 clients POST matters of the test pack `tp` for 10 s, three runs.
if [ "$what" = all ] || [ "$what" = intake ]; then
  rm -rf "$OUT/packs"; mkdir -p "$OUT/packs/mechanisms/tp"
  cp -r packs/org packs/calendars "$OUT/packs/"; cp tests/Changxiao.Tests/TestPacks/tp/pack.yaml "$OUT/packs/mechanisms/tp/"
  intake_on() { # intake_on SPEC PORT
    $CX db migrate --db "$1" >/dev/null
    read -r TOKEN UNIT < <($BENCH intake-setup --db "$1" --packs "$OUT/packs")
    CHANGXIAO_SWEEP_SECONDS=0 CHANGXIAO_KEYS="$OUT/keys" $CX serve --db "$1" --packs "$OUT/packs" --urls "http://127.0.0.1:$2" >"$OUT/serve-$2.log" 2>&1 &
    local pid=$!
    for _ in $(seq 60); do curl -sf "http://127.0.0.1:$2/healthz" >/dev/null && break; sleep 0.5; done
    # A server that has run for a while: .NET's tiered JIT (with dynamic PGO) takes ~15 s of load to settle.
    $BENCH intake --url "http://127.0.0.1:$2" --token "$TOKEN" --unit "$UNIT" --seconds 20 --clients 16 --minimal >/dev/null
    for run in 1 2 3; do echo "intake $1 minimal run $run: $($BENCH intake --url "http://127.0.0.1:$2" --token "$TOKEN" --unit "$UNIT" --seconds 10 --clients 16 --minimal)"; done
    for run in 1 2 3; do echo "intake $1 full answer run $run: $($BENCH intake --url "http://127.0.0.1:$2" --token "$TOKEN" --unit "$UNIT" --seconds 10 --clients 16)"; done
    echo "server memory (RSS): $(ps -o rss= -p "$(pgrep -P $pid | head -1 || echo $pid)") KB"
    kill "$pid"; wait "$pid" 2>/dev/null || true
  }
  rm -f "$OUT"/intake.db*
  intake_on "sqlite:$OUT/intake.db" 5093
  intake_on "$(pgdb cx_intake)" 5094
fi

# Matters at scale (issue point 10): N open tp/complaint matters in a county of 1,000 units; the console's
# "red matters in a unit subtree, first page" (200 runs, p50/p95/p99) and the sweep after the day boundary
# that makes 10,000 clocks due. Each sweep run works on a fresh copy of the filled database.
if [ "$what" = all ] || [ "$what" = matters ]; then
  N="${MATTERS_N:-1000000}"
  rm -rf "$OUT/packs"; mkdir -p "$OUT/packs/mechanisms/tp"
  cp -r packs/org packs/calendars "$OUT/packs/"; cp tests/Changxiao.Tests/TestPacks/tp/pack.yaml "$OUT/packs/mechanisms/tp/"
  rm -f "$OUT"/matters.db*
  echo "fill SQLite: $($BENCH matters-fill --db "sqlite:$OUT/matters.db" --packs "$OUT/packs" --matters "$N" --units 1000 2>/dev/null)"
  for run in 1 2 3; do $BENCH matters-query --db "sqlite:$OUT/matters.db" --packs "$OUT/packs" --unit-code BX-T01 --runs 200; done
  for run in 1 2 3; do
    rm -f "$OUT"/matters-sweep.db*; cp "$OUT/matters.db" "$OUT/matters-sweep.db"; sync # the copy's writeback must not share the sweep's disk time
    $BENCH sweep --db "sqlite:$OUT/matters-sweep.db" --packs "$OUT/packs" --at 2025-11-18
  done
  spec="$(pgdb cx_matters)"
  echo "fill PostgreSQL: $($BENCH matters-fill --db "$spec" --packs "$OUT/packs" --matters "$N" --units 1000 2>/dev/null)"
  # As autovacuum would have by then: fresh statistics for the planner.
  psql -h 127.0.0.1 -p $PGPORT -U postgres -q cx_matters -c "VACUUM ANALYZE"
  for run in 1 2 3; do $BENCH matters-query --db "$spec" --packs "$OUT/packs" --unit-code BX-T01 --runs 200; done
  for run in 1 2 3; do
    psql -h 127.0.0.1 -p $PGPORT -U postgres -q -c "DROP DATABASE IF EXISTS cx_sweep" -c "CREATE DATABASE cx_sweep TEMPLATE cx_matters STRATEGY FILE_COPY" -c CHECKPOINT >/dev/null; sync # FILE_COPY: the default (WAL_LOG) writes the whole copy into the WAL, whose checkpoint would then run during the sweep
    $BENCH sweep --db "postgres:Host=127.0.0.1;Port=$PGPORT;Username=postgres;Database=cx_sweep" --packs "$OUT/packs" --at 2025-11-18
  done
fi
