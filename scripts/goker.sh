#!/usr/bin/env bash
# goker.sh: leakvet's recall on real goroutine-leak bugs. It copies the
# GoKer kernels that ship with Go ($GOROOT/src/runtime/testdata/
# testgoroutineleakprofile/goker: one file per real bug, documented in
# its README.md) into a temporary module, runs leakvet -json on it, and
# compares every finding with docs/realworld/goker.tsv. See
# docs/realworld/goker.md for the verdicts and the figures.
#
# Usage: scripts/goker.sh
#
# Environment:
#   LEAKVET         the leakvet binary to run (default: built from this repository)
#   GOKER_VERDICTS  the verdict file (default: docs/realworld/goker.tsv)
#   GOKER_KEEP=1    keep the temporary module and leakvet's output (the path is printed)
#   GOKER_STRICT=1  also fail when a finding has no verdict
#
# It prints each bug file as found or missed with its findings and their
# verdicts, the findings without a verdict as lines to add, the missed
# files with their bug type, then a summary: recall (files whose
# documented bug is found / all bug files) per bug type and sub-type, and
# precision (bug + real) / (bug + real + false).
#
# Exit status: 1 when a finding with verdict bug or real is no longer
# reported, a fixed false positive is reported again, leakvet fails (or,
# with GOKER_STRICT=1, a finding has no verdict); 2 on a usage error or
# when the kernels are missing; 0 otherwise.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
if [ $# -gt 0 ]; then
	echo "usage: scripts/goker.sh" >&2
	exit 2
fi
verdicts=${GOKER_VERDICTS:-$root/docs/realworld/goker.tsv}
goker=$(go env GOROOT)/src/runtime/testdata/testgoroutineleakprofile/goker
if [ ! -f "$goker/README.md" ]; then
	echo "goker: no kernels in $goker (they ship with Go 1.26 and later)" >&2
	exit 2
fi

tmp=$(mktemp -d)
if [ "${GOKER_KEEP:-}" = 1 ]; then
	echo "goker: keeping $tmp"
else
	trap 'rm -rf "$tmp"' EXIT
fi
# The kernels are package main: a module of their own, at the toolchain's
# language version, analysed as they are.
mkdir "$tmp/goker"
cp "$goker"/*.go "$goker/README.md" "$tmp/goker/"
printf 'module example.com/goker\n\ngo %s\n' "$(go env GOVERSION | sed -E 's/^go([0-9]+\.[0-9]+).*/\1/')" >"$tmp/goker/go.mod"

# Both programs are built with the caller's GOFLAGS, in the repository.
if [ -z "${LEAKVET:-}" ]; then
	LEAKVET=$tmp/leakvet
	(cd "$root" && go build -o "$LEAKVET" ./cmd/leakvet)
fi
LEAKVET=$(cd "$(dirname "$LEAKVET")" && pwd)/$(basename "$LEAKVET")
(cd "$root" && go build -o "$tmp/goker-compare" ./scripts/goker)

# The kernels are analysed as they are, by the toolchain at hand.
rc=0
(cd "$tmp/goker" && GOFLAGS= GOTOOLCHAIN=local "$LEAKVET" -json ./... >"$tmp/out.json" 2>"$tmp/out.stderr") || rc=$?
if [ "$rc" != 0 ] && [ "$rc" != 3 ]; then
	tail -20 "$tmp/out.stderr" >&2
fi

"$tmp/goker-compare" -verdicts "$verdicts" -readme "$tmp/goker/README.md" -dir "$tmp/goker" -rc "$rc" "$tmp/out.json"
