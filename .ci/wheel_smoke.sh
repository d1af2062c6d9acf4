#!/usr/bin/env bash
# Build the wheel, install it into a brand-new virtual environment and use it from outside the
# source tree: the bundled deck must be there (import it, stats --json, a piped review), and the
# desktop app must open from it in Korean (fonts and translation bundled) and grade an exercise
# (the catalog, the sandbox's harness and the sample models' weights bundled).
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

python3 -m pip wheel --quiet --no-deps -w "$work/dist" "$repo"
wheel=$(ls "$work"/dist/studyapp-*.whl)
python3 -m zipfile -l "$wheel" > "$work/listing.txt"  # not piped into grep -q: SIGPIPE under pipefail
for bundled in decks/cs231n/cs231n_notes.md decks/cs231n/exercises/affine/exercise.toml \
    assets/models/manifest.json assets/fonts/NanumGothic.ttf assets/translations/studyapp_ko.qm; do
    grep "studyapp/_bundled/$bundled" "$work/listing.txt" > /dev/null
done
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
printf '[General]\nlanguage=ko\n' > "$data/gui.ini"
QT_QPA_PLATFORM=offscreen STUDYAPP_GUI_QUIT_AFTER_MS=1500 "$app" --data-dir "$data" gui
"$app" --data-dir "$data" exercise reset relu > /dev/null
cat > relu.py <<'PY'
import numpy as np


def relu_forward(x):
    return np.maximum(0, x), x


def relu_backward(dout, cache):
    return dout * (cache > 0)
PY
"$app" --data-dir "$data" grade relu relu.py --json | "$py" -c "
import json, sys
report = json.load(sys.stdin)
names = [c['name'] for c in report['checks']]
assert report['passed'] and 'model:mlp2:heldout' in names, report"
echo "wheel smoke test passed: $(basename "$wheel")"
