#!/bin/sh
# Re-creates the screenshots in this folder from the real `mlwatch` binary running in tmux,
# as .txt (plain) and .ansi (with colours), then renders each .ansi to .png with
# ansi_to_png.py (Pillow: the MLflow venv from scripts/mlflow-env.sh has it).
# The corpus stores (../shared/corpus) are copied to /tmp/demo/<name>/mlruns first, so the
# pictures show neutral paths and the web UI (which creates folders in its store) never
# touches the corpus. Usage: npm run build && sh docs/screenshots/capture.sh [NAME] (one shot only)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
corpus=$(cd "$repo/../shared/corpus" && pwd)
venv=$(bash "$repo/scripts/mlflow-env.sh" 3.1.4)
python=${PYTHON_WITH_PILLOW:-$venv/bin/python}
node=$(command -v node)
demo=/tmp/demo
only=${1:-}
socket=mlwatch-shots-$$
tm() { tmux -L "$socket" "$@"; }
trap 'tm kill-server 2>/dev/null || true' EXIT

rm -rf "$demo"
for pair in yolo:Dan-Irl__mlflow-testing quickstart:jeffc05__learning_mlops shinra:keimoriyama__Shinra2022 svm:ManuelS0usa__SML-Assets-Synthetic-Data stock:1234525344__stock-quant; do
	mkdir -p "$demo/${pair%%:*}"
	cp -R "$corpus/${pair#*:}/mlruns" "$demo/${pair%%:*}/mlruns"
done

# shot NAME WIDTH HEIGHT "KEYS" STORE [ARGS...]: keys are tmux key names, ~ waits a second,
# ~~~~~ five. ENV holds extra VAR=value words for the environment (SSH_CONNECTION, PATH).
shot() {
	name=$1 width=$2 height=$3 keys=$4 store=$5
	shift 5
	if [ -n "$only" ] && [ "$only" != "$name" ]; then return 0; fi
	tm new-session -d -s "$name" -x "$width" -y "$height" -c "$demo" \
		"env -u CI -u NO_COLOR TERM=xterm-256color ${ENV:-} $node $repo/dist/mlwatch.js $store $*; sleep 60"
	sleep 3
	for key in $keys; do
		case $key in
			~*) sleep "$(printf %s "$key" | wc -c)" ;;
			*) tm send-keys -t "$name" "$key"; sleep 0.4 ;;
		esac
	done
	sleep 1.5
	tm capture-pane -p -e -t "$name" > "$here/$name.ansi"
	tm capture-pane -p -t "$name" > "$here/$name.txt"
	tm kill-session -t "$name"
	"$python" "$here/ansi_to_png.py" "$here/$name.ansi" "$here/$name.png"
}

shot browse-200x50 200 50 "Enter" "$demo/yolo/mlruns"
shot runs-80x24 80 24 "" "$demo/quickstart/mlruns" --experiment 510851129115464979
shot detail-80x24 80 24 "Enter j j j" "$demo/shinra/mlruns" --experiment 0
shot compare-100x30 100 30 "Space Space Space c b" "$demo/yolo/mlruns" --experiment 596793538227028894
shot compare-160x45 160 45 "j j Enter Space 1 k k Enter Space c ~~~~~" "$demo/quickstart/mlruns"
shot chart-100x30 100 30 "Space Space Space c j j j j j j j Enter" "$demo/yolo/mlruns" --experiment 596793538227028894
shot filter-80x24 80 24 "/ m e t r i c s . e v a l _ r m s e Space <" "$demo/quickstart/mlruns" --experiment 510851129115464979
shot search-100x30 100 30 "Enter l / l r" "$demo/yolo/mlruns" --experiment 596793538227028894
shot artifact-text-80x24 80 24 "/ t e s t r u n Enter Enter l l l Enter" "$demo/yolo/mlruns" --experiment 596793538227028894
shot artifact-png-120x40 120 40 "/ 8 f 1 7 Enter Enter l l l j j j j j j j Enter" "$demo/svm/mlruns" --experiment 3
shot models-100x30 100 30 "5" "$demo/quickstart/mlruns"
shot help-200x50 200 50 "?" "$demo/quickstart/mlruns"
shot ascii-80x24 80 24 "Enter" "$demo/yolo/mlruns" --experiment 596793538227028894 --ascii
# Without MLflow on PATH: the health screen's warnings with their fixes.
ENV="PATH=/usr/bin:/bin" shot health-100x30 100 30 "H ~~" "$demo/stock/mlruns"
# The web UI started from the TUI over a (pretended) SSH session, then o on a run.
ENV="SSH_CONNECTION='198.51.100.7 52000 203.0.113.5 22' USER=you" shot webui-100x30 100 30 "W ~~~~~~~~~~~~ Escape o" "$demo/yolo/mlruns" --experiment 596793538227028894 --mlflow "$venv/bin/mlflow"
