#!/usr/bin/env bash
# Runs every test: web unit tests (vitest), C# kernel tests, API tests on SQLite and PostgreSQL,
# browser tests in Debian's Chromium, and documents opened in LibreOffice. Installs what it needs. Exits non-zero on any failure.
# The last line is "N passed, N failed" over all suites.
source "$(dirname "$0")/scripts/lib.sh"
source "$ROOT/scripts/pg.sh"
cd "$ROOT"
need_dotnet
apt_install chromium fonts-noto-cjk ca-certificates libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils
OUT="$ROOT/TestResults"
rm -rf "$OUT"; mkdir -p "$OUT"
PASSED=0; FAILED=0; STATUS=0

count() { # count NAME PASSED FAILED
  printf '   %-28s %5s passed, %s failed\n' "$1" "$2" "$3" >&2
  PASSED=$((PASSED + $2)); FAILED=$((FAILED + $3))
}

# 1. Console: typecheck + build (the server serves it, the browser tests open it), then vitest.
build_web
say "web unit tests (vitest)"
if (cd web && npx vitest run --reporter=default --reporter=json --outputFile="$OUT/vitest.json"); then :; else STATUS=1; fi
if [ -f "$OUT/vitest.json" ]; then
  count "web (vitest)" "$(grep -o '"numPassedTests":[0-9]*' "$OUT/vitest.json" | head -1 | cut -d: -f2)" \
                       "$(grep -o '"numFailedTests":[0-9]*' "$OUT/vitest.json" | head -1 | cut -d: -f2)"
else
  count "web (vitest)" 0 1; STATUS=1
fi

# 2. PostgreSQL on 127.0.0.1 for the API tests.
PGDIR="$(pg_home test)"; PGPORT="${CHANGXIAO_TEST_PG_PORT:-55432}"
say "starting PostgreSQL on 127.0.0.1:$PGPORT"
pg_up "$PGDIR" "$PGPORT"
trap 'pg_down "$PGDIR"' EXIT
export CHANGXIAO_TEST_PG="Host=127.0.0.1;Port=$PGPORT;Username=postgres;Pooling=true"

# 3. C# suites.
say "dotnet build"
dotnet build Changxiao.slnx -nologo -v quiet -clp:ErrorsOnly
for proj in tests/*/; do
  name="$(basename "$proj")"
  say "dotnet test $name"
  if dotnet test "$proj" --no-build -nologo --logger "trx;LogFileName=$name.trx" --results-directory "$OUT" -- RunConfiguration.TestSessionTimeout=1800000; then :; else STATUS=1; fi
  trx="$OUT/$name.trx"
  if [ -f "$trx" ]; then
    counters="$(grep -o '<Counters [^>]*>' "$trx")"
    p="$(echo "$counters" | grep -o ' passed="[0-9]*"' | grep -o '[0-9]*')"
    f="$(echo "$counters" | grep -o ' failed="[0-9]*"' | grep -o '[0-9]*')"
    count "$name" "${p:-0}" "${f:-0}"
  else
    count "$name" 0 1; STATUS=1
  fi
done

[ "$FAILED" -gt 0 ] && STATUS=1
echo "$PASSED passed, $FAILED failed"
exit $STATUS
