#!/bin/sh
# Re-creates the screenshots in this folder from the real `mlwatch` binary running in tmux
# on the corpus stores (../shared/corpus), as .txt (plain) and .ansi (with colours), then
# renders each .ansi to .png with ansi_to_png.py (Pillow: the MLflow venv from
# scripts/mlflow-env.sh has it). Usage: npm run build && sh docs/screenshots/capture.sh
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
corpus=$(cd "$repo/../shared/corpus" && pwd)
python=${PYTHON_WITH_PILLOW:-$(bash "$repo/scripts/mlflow-env.sh" 3.1.4)/bin/python}
socket=mlwatch-shots-$$
tm() { tmux -L "$socket" "$@"; }
trap 'tm kill-server 2>/dev/null || true' EXIT

# shot NAME WIDTH HEIGHT "KEYS" STORE [ARGS...]: keys are tmux key names, ~ waits a second.
shot() {
	name=$1 width=$2 height=$3 keys=$4 store=$5
	shift 5
	tm new-session -d -s "$name" -x "$width" -y "$height" -c "$repo" \
		"env -u CI -u NO_COLOR TERM=xterm-256color node dist/cli.js $store $*; sleep 60"
	sleep 3
	for key in $keys; do
		if [ "$key" = "~" ]; then sleep 1; else tm send-keys -t "$name" "$key"; sleep 0.4; fi
	done
	sleep 1.5
	tm capture-pane -p -e -t "$name" > "$here/$name.ansi"
	tm capture-pane -p -t "$name" > "$here/$name.txt"
	tm kill-session -t "$name"
	"$python" "$here/ansi_to_png.py" "$here/$name.ansi" "$here/$name.png"
}

shot browse-200x50 200 50 "Enter" "$corpus/Dan-Irl__mlflow-testing/mlruns"
shot runs-80x24 80 24 "" "$corpus/jeffc05__learning_mlops/mlruns" --experiment 510851129115464979
shot detail-80x24 80 24 "Enter j j j" "$corpus/keimoriyama__Shinra2022/mlruns" --experiment 0
shot compare-100x30 100 30 "Space Space Space c b" "$corpus/Dan-Irl__mlflow-testing/mlruns" --experiment 596793538227028894
shot chart-100x30 100 30 "Space Space Space c j j j j j j j Enter" "$corpus/Dan-Irl__mlflow-testing/mlruns" --experiment 596793538227028894
shot filter-80x24 80 24 "/ m e t r i c s . e v a l _ r m s e Space <" "$corpus/jeffc05__learning_mlops/mlruns" --experiment 510851129115464979
shot models-100x30 100 30 "5" "$corpus/jeffc05__learning_mlops/mlruns"
shot help-200x50 200 50 "?" "$corpus/jeffc05__learning_mlops/mlruns"
shot ascii-80x24 80 24 "Enter" "$corpus/Dan-Irl__mlflow-testing/mlruns" --experiment 596793538227028894 --ascii
