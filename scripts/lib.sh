# Shared by run.sh and test.sh: idempotent installs of what the project needs.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

APT_UPDATED=0
apt_install() {
  # apt_install PACKAGE... — installs only the packages that are missing.
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  say "apt-get install ${missing[*]}"
  # Another apt or dpkg (unattended upgrades, a second install) may hold the locks: wait for it rather than fail.
  local wait=(-o DPkg::Lock::Timeout=600)
  if [ $APT_UPDATED = 0 ]; then
    local tries=0
    until as_root apt-get "${wait[@]}" update -qq >/dev/null; do
      tries=$((tries + 1)); [ $tries -ge 20 ] && { echo "apt-get update failed" >&2; return 1; }
      say "apt-get update: waiting for the package lists (another apt is running)"; sleep 15
    done
    APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive as_root apt-get "${wait[@]}" install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

need_dotnet() {
  command -v dotnet >/dev/null || { echo "The .NET SDK (10.x) is required: https://dotnet.microsoft.com/download" >&2; exit 1; }
}

need_node() {
  if ! command -v npm >/dev/null; then apt_install nodejs npm; fi
}

# Builds the console into src/Changxiao/console. npm ci runs only when package-lock.json changed.
build_web() {
  need_node
  local stamp="$ROOT/web/node_modules/.cx-lock"
  local want; want="$(sha256sum "$ROOT/web/package-lock.json" | cut -d' ' -f1)"
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    say "npm ci (web/)"
    (cd "$ROOT/web" && npm ci --no-audit --no-fund --loglevel=error)
    echo "$want" > "$stamp"
  fi
  say "building the console (web/ → src/Changxiao/console)"
  (cd "$ROOT/web" && npm run --silent build >/dev/null)
}
