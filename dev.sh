#!/usr/bin/env bash
# Set up and run Outreach on a fresh machine.
#   ./dev.sh demo          set up, then run `outreach demo`: sample blogs served locally,
#                          crawled, ranked and worked, and the app to look at them
#   ./dev.sh test [ARGS]   set up, then run the whole test suite (ARGS go to pytest);
#                          again on PostgreSQL when OUTREACH_TEST_DATABASE_URL is set
set -euo pipefail
cd "$(dirname "$0")"

PYTHON=${PYTHON:-python3}
VENV=.venv

setup_python() {
  if [ ! -x "$VENV/bin/python" ]; then
    echo "==> Creating the virtual environment in $VENV"
    "$PYTHON" -m venv "$VENV"
  fi
  # Reinstall only when pyproject.toml changed since the last install.
  if [ ! -f "$VENV/.installed" ] || [ pyproject.toml -nt "$VENV/.installed" ]; then
    echo "==> Installing Outreach and its development dependencies"
    "$VENV/bin/python" -m pip install --quiet --upgrade pip
    "$VENV/bin/python" -m pip install --quiet -e '.[dev]'
    touch "$VENV/.installed"
  fi
}

setup_feedparser_tests() {
  # feedparser's own test feeds, from its source release: tests/crawlers/test_hostile_feeds.py
  # reads every one of them (and is skipped when this download failed).
  local version
  version=$("$VENV/bin/python" -c 'import importlib.metadata as m; print(m.version("feedparser"))')
  if [ ! -f "$VENV/corpora/feedparser-$version.tar.gz" ]; then
    "$VENV/bin/python" -m pip download --quiet --no-deps --no-binary :all: -d "$VENV/corpora" \
      "feedparser==$version" || echo "(feedparser's test feeds could not be downloaded: their sweep is skipped)"
  fi
}

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

setup_chromium() {
  # Playwright cannot download its own browser here: the tests drive Debian's Chromium.
  if [ ! -x /usr/bin/chromium ]; then
    echo "==> Installing Chromium for the browser tests"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq chromium fonts-liberation >/dev/null
  fi
}

setup_dovecot() {
  # The mail tests read replies over IMAP from a real Dovecot that they start on 127.0.0.1.
  if [ ! -x /usr/sbin/dovecot ]; then
    echo "==> Installing Dovecot for the mail tests"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq dovecot-imapd >/dev/null \
      || echo "(Dovecot could not be installed: the IMAP tests are skipped)"
  fi
}

run_pytest() {
  local status=0
  "$VENV/bin/python" -m pytest -n 2 "$@" || status=$?
  if [ "$status" -eq 5 ]; then
    echo "pytest collected no tests (exit 5): nothing matched the arguments given"
    status=0
  fi
  return "$status"
}

case "${1:-}" in
  demo)
    shift
    setup_python
    exec "$VENV/bin/outreach" demo --port "${PORT:-5000}" "$@"
    ;;
  test)
    shift
    setup_python
    setup_chromium
    setup_dovecot
    setup_feedparser_tests
    echo "==> Tests on SQLite"
    OUTREACH_TEST_DATABASE_URL= run_pytest "$@"
    if [ -n "${OUTREACH_TEST_DATABASE_URL:-}" ]; then
      echo "==> Tests on PostgreSQL ($OUTREACH_TEST_DATABASE_URL)"
      run_pytest "$@"
    fi
    ;;
  *)
    echo "usage: ./dev.sh demo | ./dev.sh test [pytest arguments]" >&2
    exit 2
    ;;
esac
