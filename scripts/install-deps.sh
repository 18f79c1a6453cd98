#!/bin/sh
# Installs the Debian packages cairn needs to build and test, only when missing.
# Usage: scripts/install-deps.sh [--test | --fuzz]
#   --test adds what the tests need, --fuzz what `make fuzz` needs
set -eu
need=""
pc() { pkg-config --exists "$1" 2>/dev/null; }
command -v pkg-config >/dev/null 2>&1 || need="$need pkg-config"
pc md4c || need="$need libmd4c-dev"
pc yaml-0.1 || need="$need libyaml-dev"
pc libgit2 || need="$need libgit2-dev"
command -v cc >/dev/null 2>&1 || need="$need gcc"
command -v make >/dev/null 2>&1 || need="$need make"
command -v git >/dev/null 2>&1 || need="$need git"
if [ "${1:-}" = "--test" ]; then
  command -v python3 >/dev/null 2>&1 || need="$need python3"
  command -v valgrind >/dev/null 2>&1 || need="$need valgrind"
  command -v strace >/dev/null 2>&1 || need="$need strace"
  command -v clang-format >/dev/null 2>&1 || need="$need clang-format"
  # browser tests: Debian's chromium, driven by npm's playwright-core
  [ -x /usr/bin/chromium ] || need="$need chromium"
  command -v node >/dev/null 2>&1 || need="$need nodejs"
  command -v npm >/dev/null 2>&1 || need="$need npm"
fi
if [ "${1:-}" = "--fuzz" ]; then
  # clang, and libFuzzer with clang's sanitizer runtimes (on Debian 12,
  # libclang-rt-dev pulls libclang-rt-14-dev, which holds libclang_rt.fuzzer)
  command -v clang >/dev/null 2>&1 || need="$need clang"
  echo 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { return d && n; }' |
    clang -fsanitize=fuzzer,address,undefined -x c -o /dev/null - >/dev/null 2>&1 ||
    need="$need libclang-rt-dev"
fi
browser_modules() {
	# playwright-core, at the version in tests/browser/package-lock.json
	[ "${1:-}" = "--test" ] || return 0
	top=$(cd "$(dirname "$0")/.." && pwd)
	[ -d "$top/tests/browser/node_modules/playwright-core" ] && return 0
	echo "install-deps: npm ci in tests/browser" >&2
	( cd "$top/tests/browser" && npm ci --no-audit --no-fund --loglevel=error >/dev/null )
}
if [ -z "$need" ]; then
	browser_modules "${1:-}"
	exit 0
fi
echo "install-deps: installing$need" >&2
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null || true
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $need >/dev/null
browser_modules "${1:-}"
