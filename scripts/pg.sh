# A private PostgreSQL cluster on 127.0.0.1 for the tests: pg_up DIR PORT / pg_down DIR.
pg_bin() {
  local b
  b="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
  if [ -z "$b" ] || [ ! -x "$b/initdb" ]; then apt_install postgresql; b="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"; fi
  echo "$b"
}

pg_as() { # runs a command as the postgres user when we are root (initdb refuses root)
  if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi
}

# pg_home NAME: where a private cluster lives. As root the server runs as postgres, which may not reach into the
# checkout (a clone under /root or a 0700 mktemp -d): the cluster then lives under /tmp, one per checkout.
pg_home() {
  if [ "$(id -u)" = 0 ]; then
    echo "/tmp/changxiao-$1-pg-$(printf '%s' "$ROOT" | sha256sum | cut -c1-12)"
  else
    echo "$ROOT/.$1-pg"
  fi
}

pg_up() {
  local dir="$1" port="$2" bin; bin="$(pg_bin)"
  mkdir -p "$dir"
  if [ "$(id -u)" = 0 ]; then chown postgres "$dir"; chmod 700 "$dir"; fi
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    pg_as "'$bin/initdb' -D '$dir/data' -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >'$dir/initdb.log' 2>&1"
  fi
  pg_as "'$bin/pg_ctl' -D '$dir/data' -m fast -w stop >/dev/null 2>&1" || true
  pg_as "'$bin/pg_ctl' -D '$dir/data' -l '$dir/pg.log' -o \"-h 127.0.0.1 -p $port -k '$dir' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=400\" -w start >/dev/null"
}

pg_down() {
  local dir="$1" bin; bin="$(pg_bin)"
  [ -f "$dir/data/postmaster.pid" ] && pg_as "'$bin/pg_ctl' -D '$dir/data' -m fast -w stop >/dev/null 2>&1" || true
}
