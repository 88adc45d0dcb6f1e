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
# For each target and each driver (standalone, go vet -vettool) it
# prints the median wall time and peak RSS of two builds of the same
# binary, floor (a no-op analyzer that requires nothing) and suite (the
# real checks), and their ratio; then the analysis time per analyzer
# (from the standalone driver's -debug=tp timing). Neither driver is
# allowed to replay cached analysis results: the standalone driver
# caches none, and every go vet run starts from a copy of a build cache
# that holds compiled packages but no vet results.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
what=${1:-all}
runs=${BENCH_RUNS:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export GOCACHE=${BENCH_GOCACHE:-$work/gocache}
export GOFLAGS=-buildvcs=false

cd "$root"
go build -o "$work/suite" ./cmd/leakvet
go build -tags leakvet_floor -o "$work/floor" ./cmd/leakvet

# measure DIR CMD...: one timed run; prints "wall_seconds max_rss_kb".
measure() {
	local dir=$1
	shift
	local t=$work/time.txt rc=0
	(cd "$dir" && /usr/bin/time -f '%e %M' -o "$t" "$@" >/dev/null 2>"$work/stderr") || rc=$?
	# 0: clean; 3 (standalone) or 1 (go vet): findings. Anything else fails.
	if [ "$rc" != 0 ] && [ "$rc" != 3 ] && ! { [ "$rc" = 1 ] && [ "$1" = go ] && ! grep -q '^# \|error' "$work/stderr"; }; then
		echo "bench: $* in $dir exited $rc:" >&2
		tail -20 "$work/stderr" >&2
		exit 1
	fi
	tail -n 1 "$t" # time -o puts "Command exited with non-zero status N" first
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# table LABEL: prints the medians of $work/<bin>.txt for both binaries,
# and the ratios of the suite to the floor.
table() {
	printf '%-22s %10s %14s\n' "$1" "wall (s)" "peak RSS (MB)"
	local b w r
	for b in floor suite; do
		w=$(cut -d' ' -f1 "$work/$b.txt" | median)
		r=$(cut -d' ' -f2 "$work/$b.txt" | median)
		printf '%-22s %10s %14d\n' "$b" "$w" $((r / 1024))
		eval "w_$b=$w r_$b=$r"
	done
	awk -v sw="$w_suite" -v sr="$r_suite" -v fw="$w_floor" -v fr="$r_floor" 'BEGIN {
		printf "%-22s %9.2fx %13.2fx\n", "suite / floor", sw / fw, sr / fr
	}'
}

bench() {
	local label=$1 dir=$2
	shift 2
	echo "== $label: $(cd "$dir" && go list "$@" | wc -l) packages (plus their tests)"
	local b
	measure "$dir" "$work/floor" "$@" >/dev/null # warm the build cache
	for b in floor suite; do : >"$work/$b.txt"; done
	for _ in $(seq "$runs"); do
		for b in floor suite; do
			measure "$dir" "$work/$b" "$@" >>"$work/$b.txt"
		done
	done
	table "standalone ($runs runs)"

	# go vet caches results by tool, flags and inputs. Each timed run gets
	# its own copy of a build cache in which everything is compiled but
	# nothing analysed, so it analyses everything again.
	local vetcache=$work/vetcache
	rm -rf "$vetcache"
	GOCACHE=$vetcache measure "$dir" go vet -vettool="$work/floor" -floor=false "$@" >/dev/null # compiles; -floor=false analyses nothing
	GOCACHE=$vetcache measure "$dir" go vet -vettool="$work/floor" -floor=false "$@" >/dev/null
	for b in floor suite; do : >"$work/$b.txt"; done
	for _ in $(seq "$runs"); do
		for b in floor suite; do
			rm -rf "$work/gc"
			cp -r "$vetcache" "$work/gc"
			GOCACHE=$work/gc measure "$dir" go vet -vettool="$work/$b" "$@" >>"$work/$b.txt"
		done
	done
	rm -rf "$work/gc" "$vetcache"
	table "go vet -vettool ($runs runs)"

	echo "analysis time per analyzer (standalone, sequential, -debug=tp; summed over the actions that make up 90% of the total):"
	(cd "$dir" && "$work/suite" -debug=tp "$@" >/dev/null 2>"$work/timing.txt") || true
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
