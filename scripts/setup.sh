#!/bin/sh
# Create the virtual environment and install Parity with its development tools, pinned by
# requirements/constraints.txt so every machine gets the same versions.
set -eu
PYTHON=${PYTHON:-python3}
VENV=${VENV:-.venv}

if ! "$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
    echo "Parity needs Python 3.11 or newer; '$PYTHON' is $("$PYTHON" --version 2>&1)." >&2
    echo "Install it (Debian: apt-get install python3 python3-venv) or run: make PYTHON=python3.12 ..." >&2
    exit 1
fi
if ! "$PYTHON" -c 'import venv, ensurepip' 2>/dev/null; then
    if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
        apt-get update -qq && apt-get install -y -qq python3-venv
    else
        echo "Python's venv module is missing: install python3-venv (Debian) and run make again." >&2
        exit 1
    fi
fi
[ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --upgrade pip
"$VENV/bin/python" -m pip install --quiet -c requirements/constraints.txt -e '.[dev]'
# The browser tests drive Debian's Chromium; Playwright's own browser download is never used.
if [ ! -x /usr/bin/chromium ]; then
    if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
        apt-get update -qq && apt-get install -y -qq chromium
    else
        echo "The browser tests need Chromium at /usr/bin/chromium: install Debian's chromium package (apt-get install chromium); until then they are skipped." >&2
    fi
fi
# Reports as PDF (WeasyPrint) need Pango, HarfBuzz and fontconfig, and the reports' font,
# DejaVu Sans; pdftoppm (poppler-utils) turns a report's pages into images to look at.
# Only the missing packages are installed, so running this again changes nothing.
REPORT_PACKAGES="libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 fontconfig fonts-dejavu-core poppler-utils"
# GNU gettext extracts and compiles the translations (`make messages`); a test checks that the
# shipped catalog holds every message the code marks, which needs it too.
DEVELOPMENT_PACKAGES="gettext"
if command -v dpkg-query >/dev/null 2>&1; then
    missing=""
    for package in $REPORT_PACKAGES $DEVELOPMENT_PACKAGES; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed" || missing="$missing $package"
    done
    if [ -n "$missing" ]; then
        if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
            apt-get update -qq && apt-get install -y -qq --no-install-recommends $missing
        else
            echo "PDF reports (and the translations' tools) need these Debian packages:$missing (apt-get install$missing); HTML reports work without them." >&2
        fi
    fi
fi
echo "Parity is installed in $VENV."
