# Shared by scripts/run, scripts/test and scripts/bench: find Python 3.12+, build the virtualenv.
# shellcheck shell=bash

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
die() { printf '\033[31merror:\033[0m %s\n' "$*" >&2; exit 1; }

# Prints the path of the first Python >= 3.12 found. A pyenv shim on PATH may exist
# without a usable interpreter behind it, so every candidate is run, not just looked up.
find_python() {
    local candidate
    local candidates=("${PYTHON:-}" python3.14 python3.13 python3.12 python3)
    local root
    for root in "${PYENV_ROOT:-$HOME/.pyenv}/versions" /usr/local/bin /usr/bin; do
        candidates+=("$root"/3.1[2-9]*/bin/python3 "$root"/python3.1[2-9])
    done
    for candidate in "${candidates[@]}"; do
        [ -n "$candidate" ] || continue
        if "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; then
            "$candidate" -c 'import sys; print(sys.executable)'
            return 0
        fi
    done
    return 1
}

# Creates .venv with Python 3.12+ and installs the project; reinstalls only when
# pyproject.toml changed since the last install.
ensure_venv() {
    local stamp="$VENV/.installed"
    if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then
        local python
        python="$(find_python)" || die "Parcours needs Python 3.12 or newer, and none was found.
Tried: \$PYTHON, python3.14, python3.13, python3.12, python3 and pyenv's versions.
Install one, e.g. 'apt-get install python3.12 python3.12-venv' (Debian/Ubuntu) or
'pyenv install 3.13', or point PYTHON at an interpreter: PYTHON=/path/to/python3.13 make run"
        say "Creating the virtualenv with $python ($("$python" --version))"
        rm -rf "$VENV"
        "$python" -m venv "$VENV" || die "could not create a virtualenv with $python (Debian: apt-get install python3-venv)"
    fi
    if [ ! -f "$stamp" ] || [ "$ROOT/pyproject.toml" -nt "$stamp" ]; then
        say "Installing dependencies into .venv"
        # Build chatter goes to a log, shown only when the installation fails.
        if ! { "$VENV/bin/python" -m pip install --upgrade pip \
            && "$VENV/bin/python" -m pip install -e "$ROOT[dev]"; } >"$VENV/pip.log" 2>&1; then
            tail -30 "$VENV/pip.log" >&2
            die "dependency installation failed (full log: $VENV/pip.log)"
        fi
        touch "$stamp"
    fi
    export PATH="$VENV/bin:$PATH"
}

# Shared by scripts/test and scripts/bench, which start throw-away servers of their own.
pg_bindir() {
    local dir
    for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ] && { echo "$dir"; return 0; }
    done
    command -v initdb >/dev/null && command -v pg_ctl >/dev/null && { dirname "$(command -v initdb)"; return 0; }
    return 1
}

ensure_system_packages() {
    local missing=()
    pg_bindir >/dev/null || missing+=(postgresql)
    command -v redis-server >/dev/null || missing+=(redis-server)
    # The PDF reports' tests read their text back.
    command -v pdftotext >/dev/null || missing+=(poppler-utils)
    [ ${#missing[@]} -eq 0 ] && return 0
    if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
        say "Installing ${missing[*]} from Debian packages"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
        # Debian starts the packaged services; tests and benchmarks run their own on other ports.
        service redis-server stop >/dev/null 2>&1 || true
        service postgresql stop >/dev/null 2>&1 || true
    else
        die "the tests and benchmarks need PostgreSQL and Redis servers. Install them, then run
'make test' or 'make bench' again:
    sudo apt-get install ${missing[*]}"
    fi
}
