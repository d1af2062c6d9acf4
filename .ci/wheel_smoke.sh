#!/usr/bin/env bash
# Build the wheel, install it into a brand-new virtual environment and use it from outside the
# source tree: the bundled deck must be there (import it, stats --json, a piped review).
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

python3 -m pip wheel --quiet --no-deps -w "$work/dist" "$repo"
wheel=$(ls "$work"/dist/studyapp-*.whl)
python3 -m zipfile -l "$wheel" | grep -q "studyapp/_bundled/decks/cs231n/cs231n_notes.md"
python3 -m venv "$work/venv"
"$work/venv/bin/python" -m pip install --quiet --upgrade pip
"$work/venv/bin/python" -m pip install --quiet "$wheel"

cd "$work"  # not the source tree: everything must come from the installed wheel
app="$work/venv/bin/studyapp"
data="$work/data"
py="$work/venv/bin/python"
"$py" -c "import studyapp, sys; sys.exit('site-packages' not in studyapp.__file__)"
"$app" --data-dir "$data" stats --json > stats.json
"$py" - <<'PY'
import json
stats = json.load(open("stats.json"))
assert stats["lectures"] == 14, stats
assert stats["cards"]["total"] >= 124 and stats["due_today"] == 20, stats
PY
notes=$("$py" -c "from studyapp import paths; print(paths.bundled_notes())")
"$app" --data-dir "$data" import "$notes" | grep -q "0 added"
printf '\n3\n\n1\nq\n' | "$app" --data-dir "$data" review | grep -q "2 answers saved"
"$app" --data-dir "$data" stats --json | "$py" -c "import json,sys; assert json.load(sys.stdin)['reviews'] == 2"
echo "wheel smoke test passed: $(basename "$wheel")"
