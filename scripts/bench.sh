#!/usr/bin/env bash
# bench.sh measures the leakvet suite against the floor that every vet
# tool pays: the same driver, loading and type-checking the same
# packages, with a no-op analyzer (built with -tags leakvet_floor).
#
# Usage: scripts/bench.sh [std|gen|all]   (default: all)
#
# Environment:
#   BENCH_RUNS      timed runs per binary and target (default 3; the median is reported)
#   BENCH_PACKAGES  packages in the generated module (default 300)
#   BENCH_GOCACHE   build cache to use (default: a fresh private one, warmed first)
#
# For each target it prints the median wall time and the peak RSS of
# the floor and of the suite, their ratios, and the analysis time per
# analyzer (from the driver's -debug=tp timing, summed over packages).
# The standalone driver caches no analysis results, so every run
# analyses everything; only compilation of dependencies is cached.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
what=${1:-all}
runs=${BENCH_RUNS:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export GOCACHE=${BENCH_GOCACHE:-$work/gocache}
export GOFLAGS=-buildvcs=false

cd "$root"
go build -o "$work/leakvet" ./cmd/leakvet
go build -tags leakvet_floor -o "$work/leakvet-floor" ./cmd/leakvet

# measure BIN DIR PATTERN...: one timed run; prints "wall_seconds max_rss_kb".
measure() {
	local bin=$1 dir=$2
	shift 2
	local t=$work/time.txt rc=0
	(cd "$dir" && /usr/bin/time -f '%e %M' -o "$t" "$bin" "$@" >/dev/null 2>"$work/stderr") || rc=$?
	# 0: clean, 3: findings. Anything else is a failure of the run.
	if [ "$rc" != 0 ] && [ "$rc" != 3 ]; then
		echo "bench: $bin $* in $dir exited $rc:" >&2
		tail -20 "$work/stderr" >&2
		exit 1
	fi
	tail -n 1 "$t" # time -o puts "Command exited with non-zero status N" first
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

bench() {
	local label=$1 dir=$2
	shift 2
	echo "== $label: $(cd "$dir" && go list "$@" | wc -l) packages (plus their tests)"
	measure "$work/leakvet-floor" "$dir" "$@" >/dev/null # warm the build cache
	: >"$work/floor.txt"
	: >"$work/suite.txt"
	for _ in $(seq "$runs"); do
		measure "$work/leakvet-floor" "$dir" "$@" >>"$work/floor.txt"
		measure "$work/leakvet" "$dir" "$@" >>"$work/suite.txt"
	done
	local fw fr sw sr
	fw=$(cut -d' ' -f1 "$work/floor.txt" | median)
	fr=$(cut -d' ' -f2 "$work/floor.txt" | median)
	sw=$(cut -d' ' -f1 "$work/suite.txt" | median)
	sr=$(cut -d' ' -f2 "$work/suite.txt" | median)
	printf '%-8s %10s %12s\n' "" "wall (s)" "peak RSS (MB)"
	printf '%-8s %10s %12d\n' floor "$fw" $((fr / 1024))
	printf '%-8s %10s %12d\n' suite "$sw" $((sr / 1024))
	awk -v fw="$fw" -v sw="$sw" -v fr="$fr" -v sr="$sr" \
		'BEGIN { printf "ratio    %9.2fx %11.2fx\n", sw / fw, sr / fr }'
	echo "analysis time per analyzer (sequential, -debug=tp; summed over the actions that make up 90% of the total):"
	(cd "$dir" && "$work/leakvet" -debug=tp "$@" >/dev/null 2>"$work/timing.txt") || true
	awk -F'\t' '$2 ~ /@/ {
		d = $1; s = 0
		if (d ~ /ms$/) { sub(/ms$/, "", d); s = d / 1000 }
		else if (d ~ /µs$/) { sub(/µs$/, "", d); s = d / 1e6 }
		else if (d ~ /ns$/) { sub(/ns$/, "", d); s = d / 1e9 }
		else if (d ~ /s$/) { sub(/s$/, "", d); s = d }
		split($2, a, "@"); t[a[1]] += s
	} END { for (k in t) printf "  %-12s %8.2f s\n", k, t[k] }' "$work/timing.txt" | sort -k2 -nr
}

case $what in
std | all) bench std "$(go env GOROOT)/src" std ;;
esac
case $what in
gen | all)
	go run ./scripts/benchgen -o "$work/big" -packages "${BENCH_PACKAGES:-300}"
	bench "generated" "$work/big" ./...
	;;
esac
