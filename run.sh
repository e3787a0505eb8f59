#!/usr/bin/env bash
# Builds Changxiao and starts a generated demo county on SQLite at http://127.0.0.1:5080.
# Options are passed to `changxiao demo` (e.g. ./run.sh --scale 20000).
source "$(dirname "$0")/scripts/lib.sh"
cd "$ROOT"
need_dotnet
apt_install fonts-noto-cjk
build_web
say "dotnet build"
dotnet build src/Changxiao -c Release -nologo -v quiet -clp:ErrorsOnly
exec dotnet src/Changxiao/bin/Release/net10.0/changxiao.dll demo --db "sqlite:$ROOT/data/demo.db" "$@"
