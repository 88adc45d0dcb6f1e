#!/usr/bin/env bash
# realworld.sh: the third-party precision suite. It fetches the modules
# pinned in docs/realworld/modules.txt through the module proxy, runs
# leakvet on ./... of each (or the packages its line names; test files
# included, the default), and
# compares every finding with docs/realworld/verdicts.tsv.
#
# Usage: scripts/realworld.sh [fetch|run|all|compare] [MODULE...]   (default: all, every module)
#
#   fetch    download the pinned modules and their dependencies (once; kept)
#   run      run leakvet on the fetched modules and compare with the verdicts
#   all      fetch, then run
#   compare  compare the last run's output with the verdicts again (after editing them)
#
# MODULE restricts the run to modules whose path contains that word.
#
# Environment:
#   REALWORLD_DIR       where modules and results live (default: $TMPDIR/leakvet-realworld);
#                       src/<module>@<version> holds each module, out/ each run's output
#   LEAKVET             the leakvet binary to run (default: built from this repository)
#   LEAKVET_FLAGS       extra flags for leakvet, e.g. "-timerleak.semantics=go123"
#   REALWORLD_VERDICTS  the verdict file (default: docs/realworld/verdicts.tsv)
#   REALWORLD_STRICT=1  also fail on new findings and on known false positives still reported
#   REALWORLD_MARK_FIXED=1  mark the false verdicts that no finding matched as fixed
#
# Verdicts (docs/realworld/README.md): real, debatable, false (a known
# false positive, still reported), fixed (a false positive no longer
# reported, which must not come back).
#
# Exit status: 1 when a fixed false positive is reported again, when a
# real finding is no longer reported, when leakvet crashed or a check
# failed on a module (or, with REALWORLD_STRICT=1, when a finding is new
# or false); 2 on a usage or fetch error; 0 otherwise.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
what=${1:-all}
[ $# -gt 0 ] && shift
case $what in fetch | run | all | compare) ;; *)
	echo "usage: scripts/realworld.sh [fetch|run|all|compare] [MODULE...]" >&2
	exit 2
	;;
esac
dir=${REALWORLD_DIR:-${TMPDIR:-/tmp}/leakvet-realworld}
modules_file=$root/docs/realworld/modules.txt
verdicts=${REALWORLD_VERDICTS:-$root/docs/realworld/verdicts.tsv}
mkdir -p "$dir/src" "$dir/out"
dir=$(cd "$dir" && pwd)

# The modules are analysed as they are: the go command may add missing
# go.sum lines, and never switches toolchains behind our back.
export GOFLAGS=-mod=mod GOTOOLCHAIN=local

# selected: the "module version [packages]" lines of modules.txt that
# match the MODULE arguments (all when none). packages is a
# comma-separated list of patterns, ./... when absent.
selected() {
	sed -e 's/#.*//' "$modules_file" | awk 'NF == 2 { print $1, $2, "./..." } NF == 3' | while read -r mod ver pkgs; do
		if [ $# -eq 0 ]; then
			echo "$mod $ver $pkgs"
			continue
		fi
		for w in "$@"; do
			case $mod in *"$w"*)
				echo "$mod $ver $pkgs"
				break
				;;
			esac
		done
	done
}

fetch() {
	local mod=$1 ver=$2 pkgs=$3 dst=$dir/src/$1@$2 src empty
	if [ -f "$dst/.fetched" ]; then
		return
	fi
	echo "fetch $mod@$ver"
	empty=$(mktemp -d)
	# Outside any module: the proxy's copy of exactly this version.
	src=$(cd "$empty" && go mod download -json "$mod@$ver" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
	rmdir "$empty"
	if [ -z "$src" ] || [ ! -d "$src" ]; then
		echo "realworld: cannot download $mod@$ver" >&2
		exit 2
	fi
	rm -rf "$dst"
	mkdir -p "$(dirname "$dst")"
	cp -R "$src" "$dst"
	chmod -R u+w "$dst"
	# A module that keeps its test dependencies in go_test.mod (and
	# go_test.sum) builds its tests with it: analyse with it too.
	if [ -f "$dst/go_test.mod" ]; then
		cp "$dst/go_test.mod" "$dst/go.mod"
		[ -f "$dst/go_test.sum" ] && cp "$dst/go_test.sum" "$dst/go.sum"
	fi
	# Replace directives that point into the module's own repository
	# (../, as in a multi-module repository) lead nowhere in a copy of
	# the module alone; its users do not see them either. Drop them.
	if [ -f "$dst/go.mod" ]; then
		sed -n -E 's/^[[:space:]]*(replace[[:space:]]+)?([^[:space:]]+)([[:space:]]+[^[:space:]]+)?[[:space:]]+=>[[:space:]]+\.\.?\/.*/\2/p' "$dst/go.mod" |
			while read -r old; do (cd "$dst" && go mod edit -dropreplace="$old"); done
	fi
	# A version from before modules has no go.mod: give it one, at the
	# language version the go command assumes for such a dependency.
	local synthesized=
	if [ ! -f "$dst/go.mod" ]; then
		printf 'module %s\n\ngo 1.16\n' "$mod" >"$dst/go.mod"
		synthesized=1
		(cd "$dst" && go mod tidy) || {
			echo "realworld: cannot resolve the imports of $mod@$ver" >&2
			exit 2
		}
	fi
	# Everything the module's packages and tests import.
	(cd "$dst" && { [ -n "$synthesized" ] || go mod download; } && go list -test -deps ${pkgs//,/ } >/dev/null) || {
		echo "realworld: cannot download the dependencies of $mod@$ver" >&2
		exit 2
	}
	# Pinned means pinned: a go.mod that needed new requirements would
	# resolve them to whatever is newest on the day.
	local orig=$src/go.mod
	[ -f "$dst/go_test.mod" ] && orig=$dst/go_test.mod
	if [ -n "$synthesized" ]; then
		if grep -q '^require' "$dst/go.mod"; then
			echo "realworld: warning: $mod@$ver has no go.mod; its requirements were resolved to the newest versions" >&2
		fi
	elif ! diff -q -B <(grep -v -E '^go |=>[[:space:]]+\.' "$orig") <(grep -v -E '^go |=>[[:space:]]+\.' "$dst/go.mod") >/dev/null; then
		echo "realworld: warning: $mod@$ver: go.mod lacked requirements; they were resolved to the newest versions" >&2
	fi
	touch "$dst/.fetched"
}

if [ "$what" = fetch ] || [ "$what" = all ]; then
	selected "$@" | while read -r mod ver pkgs; do fetch "$mod" "$ver" "$pkgs"; done
	[ "$what" = fetch ] && exit 0
fi

if [ "$what" != compare ] && [ -z "${LEAKVET:-}" ]; then
	LEAKVET=$dir/leakvet
	(cd "$root" && go build -o "$LEAKVET" ./cmd/leakvet)
fi
[ "$what" != compare ] && LEAKVET=$(cd "$(dirname "$LEAKVET")" && pwd)/$(basename "$LEAKVET")

# Run leakvet on each module: JSON findings in out/<module>.json, its
# standard error in out/<module>.stderr, its exit code in out/<module>.rc.
list=()
while read -r mod ver pkgs; do
	src=$dir/src/$mod@$ver
	if [ ! -f "$src/.fetched" ]; then
		echo "realworld: $mod@$ver is not fetched; run scripts/realworld.sh fetch" >&2
		exit 2
	fi
	out=$dir/out/$(echo "$mod@$ver" | tr '/' '_')
	list+=("$mod" "$ver" "$src" "$out")
	if [ "$what" = compare ]; then
		continue
	fi
	start=$SECONDS
	rc=0
	# shellcheck disable=SC2086 # LEAKVET_FLAGS is a list of flags, pkgs of patterns
	(cd "$src" && "$LEAKVET" -json ${LEAKVET_FLAGS:-} ${pkgs//,/ } >"$out.json" 2>"$out.stderr") || rc=$?
	echo "$rc" >"$out.rc"
	printf 'ran %-40s exit %d in %ds\n' "$mod@$ver" "$rc" $((SECONDS - start))
done < <(selected "$@")

(cd "$root" && go build -o "$dir/realworld-compare" ./scripts/realworld)
exec "$dir/realworld-compare" -verdicts "$verdicts" "${list[@]}"
