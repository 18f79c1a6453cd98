# Helpers for the integration tests: each test script sources this file,
# builds real git repositories in a temporary folder, runs cairn as a user
# would and checks what it wrote.  The script ends with `finish`, which
# prints "N passed, N failed".
set -u
: "${CAIRN:?set CAIRN to the cairn binary}"
# the repository's root (the tests cd elsewhere)
TOP=$(cd "$(dirname "$0")/../.." && pwd)
T_PASSED=0
T_FAILED=0
T_NAME=""
TMP=$(mktemp -d "${TMPDIR:-/tmp}/cairn-test.XXXXXX")
[ -n "${CAIRN_KEEP_TMP:-}" ] || trap 'rm -rf "$TMP"' EXIT

export GIT_AUTHOR_NAME="Ada Example" GIT_AUTHOR_EMAIL="ada@example.com"
export GIT_COMMITTER_NAME="Ada Example" GIT_COMMITTER_EMAIL="ada@example.com"
export GIT_AUTHOR_DATE="2026-10-01T12:00:00Z" GIT_COMMITTER_DATE="2026-10-01T12:00:00Z"
export GIT_CONFIG_NOSYSTEM=1 HOME="$TMP/home"
mkdir -p "$HOME"
G="git -c init.defaultBranch=main -c commit.gpgsign=false -c tag.gpgsign=false -c protocol.file.allow=always"

# test NAME: starts a named test; its checks count under that name.
test_begin() { T_NAME=$1; }

pass() { T_PASSED=$((T_PASSED + 1)); echo "ok $T_NAME: $1"; }
fail() { T_FAILED=$((T_FAILED + 1)); echo "FAIL $T_NAME: $1"; }

# check DESCRIPTION COMMAND...: passes when the command succeeds.
check() {
	d=$1
	shift
	if "$@" >/dev/null 2>&1; then pass "$d"; else fail "$d"; fi
}

# check_contains FILE TEXT / check_lacks FILE TEXT (fixed strings)
check_contains() {
	if [ -f "$1" ] && grep -qF -- "$2" "$1"; then pass "$1 has '$2'"
	else fail "$1 lacks '$2'"; fi
}
check_lacks() {
	if [ -f "$1" ] && ! grep -qF -- "$2" "$1"; then pass "$1 lacks '$2'"
	else fail "$1 has '$2' (or is missing)"; fi
}
check_file() { if [ -f "$1" ]; then pass "$1 exists"; else fail "$1 missing"; fi; }
check_no_file() { if [ ! -e "$1" ]; then pass "$1 absent"; else fail "$1 should not exist"; fi; }

# check_status WANT DESCRIPTION COMMAND...: the command exits with WANT.
check_status() {
	want=$1 d=$2
	shift 2
	"$@" >/dev/null 2>&1
	got=$?
	if [ "$got" -eq "$want" ]; then pass "$d (exit $got)"; else fail "$d: exit $got, want $want"; fi
}

# make_repo DIR: turns the files already in DIR into a git repository with
# one commit on main.
make_repo() {
	( cd "$1" && $G init -q && $G add -A && $G commit -q -m "${2:-initial commit}" )
}

# commit_all DIR MESSAGE
commit_all() { ( cd "$1" && $G add -A && $G commit -q -m "$2" ); }

finish() {
	echo "$T_PASSED passed, $T_FAILED failed"
	[ "$T_FAILED" -eq 0 ]
}
