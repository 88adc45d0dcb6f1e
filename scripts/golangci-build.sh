#!/usr/bin/env bash
# golangci-build.sh builds a golangci-lint binary with module plugins
# compiled in, as "golangci-lint custom" does, from golangci-lint's
# module source fetched through the Go module proxy instead of a git
# clone. Use it where the proxy is reachable but golangci-lint's git
# repository is not.
#
# Usage: scripts/golangci-build.sh [-n] [-v] [-c FILE] [--destination DIR] [--name NAME] [--version VERSION]
#
#   -c FILE          the configuration (default: .custom-gcl.yml, or
#                    .custom-gcl.yaml, in the current directory)
#   --destination, --name, --version
#                    override the configuration's keys of the same name,
#                    like the flags of "golangci-lint custom"
#   -n               print the configuration as understood and the steps,
#                    run nothing
#   -v               print each step as it runs
#
# The configuration is the one "golangci-lint custom" reads: version
# (the golangci-lint release), name (of the binary, default custom-gcl),
# destination (default: the current directory), and plugins, each with
# module, import and either path (a local checkout) or version (a
# release tag, or a commit's pseudo-version). Relative paths are relative to the configuration's
# directory. Only the plain YAML that the example uses is understood:
# one "key: value" per line, comments after "#".
#
# The steps are those of "golangci-lint custom" (its
# pkg/commands/internal/builder.go), with the clone replaced:
#   1. go mod download golangci-lint's module at that version;
#   2. copy its source to a temporary directory;
#   3. write cmd/golangci-lint/plugins.go with a blank import of each
#      plugin's import path;
#   4. go mod edit -replace module=path for a local plugin, go get
#      module@version for a released one;
#   5. go mod tidy, then go build -ldflags "-s -w -X main.version=..."
#      ./cmd/golangci-lint, into destination/name.
# The script itself never runs git: every download is the go
# command's, through GOPROXY (which may still fall back to "direct" for a
# module the proxy lacks). CUSTOM_GCL_KEEP_TEMP_FILES=1 keeps the
# temporary directory, as it does for "golangci-lint custom".
set -euo pipefail

die() {
	printf 'golangci-build: %s\n' "$*" >&2
	exit 2
}

config= dryrun= verbose= dest_flag= name_flag= version_flag=
while [ $# -gt 0 ]; do
	case $1 in
	-c) [ $# -ge 2 ] || die "-c needs a file"; config=$2; shift 2 ;;
	-c=*) config=${1#-c=}; shift ;;
	--destination | --name | --version)
		[ $# -ge 2 ] || die "$1 needs a value"
		case $1 in
		--destination) dest_flag=$2 ;;
		--name) name_flag=$2 ;;
		--version) version_flag=$2 ;;
		esac
		shift 2
		;;
	--destination=*) dest_flag=${1#*=}; shift ;;
	--name=*) name_flag=${1#*=}; shift ;;
	--version=*) version_flag=${1#*=}; shift ;;
	-n) dryrun=1; shift ;;
	-v) verbose=1; shift ;;
	-h | --help) sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"; exit 0 ;;
	*) die "unknown argument $1 (see --help)" ;;
	esac
done

if [ -z "$config" ]; then
	for f in .custom-gcl.yml .custom-gcl.yaml; do
		if [ -f "$f" ]; then
			config=$f
			break
		fi
	done
	[ -n "$config" ] || die "no .custom-gcl.yml in $(pwd) (or pass -c FILE)"
fi
[ -f "$config" ] || die "$config: no such file"
confdir=$(cd "$(dirname "$config")" && pwd)

# Parse the configuration into lines "key value" (top level) and
# "plugin.key value" (in the plugins list), one "plugin" line opening
# each plugin.
parsed=$(awk '
	function unquote(v) {
		sub(/^[ \t]+/, "", v); sub(/[ \t]+$/, "", v)
		if (v ~ /^".*"$/ || v ~ /^\047.*\047$/) v = substr(v, 2, length(v) - 2)
		return v
	}
	{
		line = $0
		sub(/(^|[ \t])#.*$/, "", line)
		if (line ~ /^[ \t]*$/) next
		if (line ~ /^[^ \t-]/) {            # a top-level key
			key = line; sub(/:.*/, "", key)
			val = line; if (!sub(/^[^:]*:/, "", val)) { print "error " NR; next }
			inplugins = (key == "plugins")
			if (!inplugins) print key " " unquote(val)
			else if (unquote(val) != "") print "error " NR
			next
		}
		if (!inplugins) { print "error " NR; next }
		if (line ~ /^[ \t]*- /) { print "plugin"; sub(/^[ \t]*- /, "", line) }
		if (line !~ /^[ \t]*[a-z]+:/) { print "error " NR; next }
		key = line; sub(/^[ \t]*/, "", key); sub(/:.*/, "", key)
		val = line; sub(/^[^:]*:/, "", val)
		print "plugin." key " " unquote(val)
	}' "$config")

version= name=custom-gcl destination=.
modules=() imports=() paths=() versions=()
while read -r key val; do
	case $key in
	error) die "$config:$val: not understood (one \"key: value\" per line)" ;;
	version) version=$val ;;
	name) name=$val ;;
	destination) destination=$val ;;
	plugin) modules+=("") imports+=("") paths+=("") versions+=("") ;;
	plugin.module | plugin.import | plugin.path | plugin.version)
		i=$((${#modules[@]} - 1))
		[ "$i" -ge 0 ] || die "$config: plugin key ${key#plugin.} outside a plugin"
		case $key in
		plugin.module) modules[i]=$val ;;
		plugin.import) imports[i]=$val ;;
		plugin.path) paths[i]=$val ;;
		plugin.version) versions[i]=$val ;;
		esac
		;;
	*) die "$config: unknown key ${key#plugin.}" ;;
	esac
done <<<"$parsed"

[ -z "$version_flag" ] || version=$version_flag
[ -z "$name_flag" ] || name=$name_flag
if [ -n "$dest_flag" ]; then
	destination=$dest_flag # relative to the current directory, as a flag
else
	case $destination in .) destination=$confdir ;; /*) ;; *) destination=$confdir/${destination#./} ;; esac
fi
[ -n "$version" ] || die "$config: no golangci-lint version (version: v2.x.y)"
[ ${#modules[@]} -gt 0 ] || die "$config: no plugins"
for i in "${!modules[@]}"; do
	[ -n "${modules[i]}" ] || die "$config: plugin $((i + 1)) has no module"
	[ -n "${imports[i]}" ] || imports[i]=${modules[i]}
	if [ -n "${paths[i]}" ] && [ -n "${versions[i]}" ]; then
		die "$config: plugin ${modules[i]} has both path and version"
	fi
	if [ -z "${paths[i]}" ] && [ -z "${versions[i]}" ]; then
		die "$config: plugin ${modules[i]} needs a path or a version"
	fi
	if [ -n "${paths[i]}" ]; then
		case ${paths[i]} in /*) ;; *) paths[i]=$confdir/${paths[i]} ;; esac
		[ -f "${paths[i]}/go.mod" ] || die "$config: plugin ${modules[i]}: no go.mod in ${paths[i]}"
		paths[i]=$(cd "${paths[i]}" && pwd)
	fi
done

gcl=github.com/golangci/golangci-lint/v2
plugins_go=$(
	printf '// Code generated by golangci-build.sh. DO NOT EDIT.\n\npackage main\n\nimport (\n'
	for imp in "${imports[@]}"; do printf '\t_ "%s"\n' "$imp"; done
	printf ')\n'
)

if [ -n "$dryrun" ]; then
	printf 'golangci-lint %s@%s, from the module proxy\n' "$gcl" "$version"
	for i in "${!modules[@]}"; do
		if [ -n "${paths[i]}" ]; then
			printf 'plugin %s (import %s): replace with %s\n' "${modules[i]}" "${imports[i]}" "${paths[i]}"
		else
			printf 'plugin %s (import %s): go get %s@%s\n' "${modules[i]}" "${imports[i]}" "${modules[i]}" "${versions[i]}"
		fi
	done
	printf 'cmd/golangci-lint/plugins.go:\n%s\n' "$plugins_go"
	printf 'binary %s/%s\n' "$destination" "$name"
	exit 0
fi

step() { [ -z "$verbose" ] || printf 'golangci-build: %s\n' "$*" >&2; }
fail() {
	printf 'golangci-build: %s\n' "$*" >&2
	exit 1
}

work=$(mktemp -d "${TMPDIR:-/tmp}/golangci-build.XXXXXX")
if [ "${CUSTOM_GCL_KEEP_TEMP_FILES:-}" = 1 ]; then
	printf 'golangci-build: keeping %s\n' "$work" >&2
else
	trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
fi
# Outside any module or workspace of the caller's.
export GOWORK=off GO111MODULE=on

step "go mod download $gcl@$version"
info=$(cd "$work" && go mod download -json "$gcl@$version") || fail "go mod download $gcl@$version failed:
$info"
src=$(printf '%s\n' "$info" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')
[ -n "$src" ] && [ -d "$src" ] || fail "go mod download $gcl@$version gave no source directory:
$info"

repo=$work/golangci-lint
step "copy $src to $repo"
cp -R "$src" "$repo"
chmod -R u+w "$repo"
[ -f "$repo/cmd/golangci-lint/plugins.go" ] || fail "$gcl@$version has no cmd/golangci-lint/plugins.go: not a release that supports module plugins"
printf '%s\n' "$plugins_go" >"$repo/cmd/golangci-lint/plugins.go"

if command -v sha256sum >/dev/null; then
	sha256() { sha256sum; }
else
	sha256() { shasum -a 256; }
fi
hashes=
for i in "${!modules[@]}"; do
	if [ -n "${paths[i]}" ]; then
		step "go mod edit -replace ${modules[i]}=${paths[i]}"
		(cd "$repo" && go mod edit -replace "${modules[i]}=${paths[i]}")
		# The plugin's Go files, so that the version changes with them.
		hashes+=$(cd "${paths[i]}" && find . -name .git -prune -o -type f \( -name '*.go' -o -name 'go.*' \) -print |
			LC_ALL=C sort | while IFS= read -r f; do printf '%s %s\n' "$(sha256 <"$f")" "$f"; done | sha256)
	else
		step "go get ${modules[i]}@${versions[i]}"
		(cd "$repo" && go get "${modules[i]}@${versions[i]}") || fail "go get ${modules[i]}@${versions[i]} failed"
		hashes+=${modules[i]}@${versions[i]}
	fi
done

step "go mod tidy"
(cd "$repo" && go mod tidy) || fail "go mod tidy failed"

# A version in the form golangci-lint custom gives its binaries:
# <version>-custom-gcl-<hash of the plugins>.
hash=$(printf '%s' "$hashes" | sha256 | cut -c1-16)
build_version="$(printf '%s' "$version" | tr -cd 'A-Za-z0-9./')-custom-gcl-$hash"
step "go build -o $name ./cmd/golangci-lint (version $build_version)"
(cd "$repo" && go build -ldflags "-s -w -X 'main.version=$build_version' -X 'main.date=$(date -u '+%Y-%m-%d %H:%M:%S +0000 UTC')'" -o "$name" ./cmd/golangci-lint) ||
	fail "go build failed"

mkdir -p "$destination"
cp "$repo/$name" "$destination/$name"
printf 'golangci-build: built %s/%s (golangci-lint %s)\n' "$destination" "$name" "$build_version" >&2
