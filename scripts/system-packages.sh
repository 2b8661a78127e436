#!/usr/bin/env bash
# Make sure the system packages the app needs are present.
#   scripts/system-packages.sh run   – Japanese fonts, Pango/HarfBuzz (PDF), gettext
#   scripts/system-packages.sh test  – the same plus poppler (PDF text), Chromium (browser tests) and
#                                      docker-compose (validates docker-compose.yml; no engine needed)
#   scripts/system-packages.sh bench – the same as run plus wrk (bench/served.py, docs/benchmarks.md)
# Installs what is missing with apt-get when it can (root or password-less sudo);
# otherwise says exactly what is missing. For `test` a missing package is an error.
set -uo pipefail
mode="${1:-run}"
missing=()

has_lib() { ldconfig -p 2>/dev/null | grep -q "$1"; }

command -v msgfmt >/dev/null || missing+=(gettext)
{ command -v fc-list >/dev/null && [ -n "$(fc-list :lang=ja 2>/dev/null)" ]; } || missing+=(fonts-noto-cjk)
has_lib libpango-1.0.so || missing+=(libpango-1.0-0)
has_lib libpangoft2-1.0.so || missing+=(libpangoft2-1.0-0)
has_lib libharfbuzz-subset.so || missing+=(libharfbuzz-subset0)
has_lib libmagic.so.1 || missing+=(libmagic1)
if [ "$mode" = test ]; then
  command -v pdftotext >/dev/null || missing+=(poppler-utils)
  command -v chromium >/dev/null || [ -x /usr/bin/chromium ] || missing+=(chromium)
  command -v docker-compose >/dev/null || missing+=(docker-compose)
fi
if [ "$mode" = bench ]; then
  command -v wrk >/dev/null || missing+=(wrk)
fi

[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
[ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null && sudo -n true 2>/dev/null && sudo="sudo -n"
if command -v apt-get >/dev/null && { [ "$(id -u)" -eq 0 ] || [ -n "$sudo" ]; }; then
  echo "Installing system packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq && $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    && exit 0
  echo "apt-get could not install: ${missing[*]}" >&2
fi

cat >&2 <<MSG
Missing system packages: ${missing[*]}
  Install them with your package manager, e.g.:  sudo apt-get install ${missing[*]}
  - fonts-noto-cjk: Japanese text in PDF reports (without it reports are refused, not printed as boxes)
  - libpango/libharfbuzz-subset0: WeasyPrint (PDF) and fast font subsetting
  - gettext: compiling the Japanese/English catalogues
  - libmagic1: deciding the type of uploaded files from their content (python-magic)
  - poppler-utils, chromium: reading PDFs and driving a real browser in the tests
  - docker-compose: checking docker-compose.yml in the tests (no container engine is needed)
  - wrk: the HTTP load generator of the benchmarks (bench/served.py)
MSG
[ "$mode" = test ] || [ "$mode" = bench ] && exit 1
exit 0
