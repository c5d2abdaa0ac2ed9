#!/usr/bin/env bash
# One command sets everything up on Debian 12 (Python 3.11) and then runs what you asked:
#   ./bootstrap.sh demo    the app with demo data and a local reference central server
#   ./bootstrap.sh test    the whole test suite (what CI runs)
#   ./bootstrap.sh bench   the benchmarks, writing bench/results.json
# As root it installs the Debian packages itself; otherwise it prints the apt-get line and stops.
set -euo pipefail
cd "$(dirname "$0")"
what="${1:-demo}"; shift || true

APT_PACKAGES=(
  # Qt offscreen and under a real X server (Xvfb), Qt's CUPS print plugin
  libglib2.0-0 libegl1 libgl1 libdbus-1-3 libfontconfig1 libxkbcommon0 libcups2
  xvfb xauth libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0
  libxcb-shape0 libxcb-xkb1 libxkbcommon-x11-0
  # proving printed output: pdftotext/pdftoppm/pdffonts, zbarimg
  poppler-utils zbar-tools
  # real printing (CUPS with cups-pdf) and real scanning (SANE test backend)
  cups printer-driver-cups-pdf sane-utils libsane1
  # network scanners (eSCL through sane-airscan), officers' keys on a PKCS#11 token (SoftHSM2),
  # the searchable text layer of scanned papers (Tesseract, Vietnamese), reading aloud (espeak-ng)
  sane-airscan softhsm2 tesseract-ocr tesseract-ocr-vie espeak-ng
  # the store's tests also run on PostgreSQL 15 (a throwaway cluster, scripts/with-postgres.sh)
  postgresql-15
)

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo ">> apt-get install ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "Thiếu gói hệ thống. Hãy chạy với quyền root, hoặc chạy lệnh sau rồi thử lại:"
    echo "  sudo apt-get install -y --no-install-recommends ${missing[*]}"
    exit 1
  fi
fi

PY="${PYTHON:-python3}"
"$PY" -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Cần Python 3.11 trở lên."; exit 1; }
VENV="${KIOSK_VENV:-.venv}"
[ -x "$VENV/bin/python" ] || "$PY" -m venv "$VENV"
stamp="$VENV/.installed-$(sha256sum pyproject.toml | cut -c1-16)"
if [ ! -f "$stamp" ]; then
  "$VENV/bin/python" -m pip install -q --upgrade pip
  "$VENV/bin/python" -m pip install -q -e ".[test]"
  touch "$stamp"
fi
export PATH="$PWD/$VENV/bin:$PATH"

case "$what" in
  demo)
    if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
      exec xvfb-run -a -s "-screen 0 1366x768x24" kiosk demo "$@"
    fi
    exec kiosk demo "$@" ;;
  test)
    ruff check --quiet .
    ruff format --check --quiet .
    lint-imports
    if [ -n "${KIOSK_TEST_DATABASE_URL:-}" ]; then exec python -m pytest "$@"; fi
    # The whole suite on SQLite, then the storage tests (those that read the database) again on a
    # throwaway PostgreSQL 15 cluster. Given paths are kept; without any, tests/kiosk and printing.
    sqlite_status=0
    python -m pytest "$@" || sqlite_status=$?
    targets=(tests/kiosk tests/printing)
    for arg in "$@"; do [ -e "${arg%%::*}" ] && targets=() && break; done
    pg_status=0
    echo ">> the storage tests on PostgreSQL 15"
    scripts/with-postgres.sh python -m pytest "${targets[@]}" "$@" || pg_status=$?
    [ "$pg_status" = 5 ] && pg_status=0  # no storage test among the given paths
    [ "$sqlite_status" != 0 ] && exit "$sqlite_status"
    exit "$pg_status" ;;
  bench)
    exec python bench/run.py "$@" ;;
  *)
    echo "usage: ./bootstrap.sh demo|test|bench"; exit 2 ;;
esac
