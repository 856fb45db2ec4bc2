#!/usr/bin/env bash
# ensure-program.sh PROGRAM "WHAT IT IS FOR" DEBIAN-PACKAGE... -- OTHER-PLATFORM HINTS...
#
# Make sure PROGRAM is on the PATH: install the Debian packages with apt-get
# when we are root and can, otherwise say how. In CI (CI=true) a missing
# program is an error, because the tests that need it must run there.
set -u
program=$1; purpose=$2; shift 2
packages=(); hints=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do packages+=("$1"); shift; done
[ $# -gt 0 ] && shift
hints=("$@")
if command -v "$program" >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "$program is missing: installing the Debian package(s) ${packages[*]}..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null \
    && apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
  if command -v "$program" >/dev/null 2>&1; then
    echo "Installed: $program"
    exit 0
  fi
  echo "apt-get could not install ${packages[*]}." >&2
fi
{
  echo "$program is not installed, so the tests that $purpose will be skipped."
  echo "Install it, then run \`make test\` again:"
  echo "  Debian/Ubuntu:  sudo apt-get install ${packages[*]}"
  for hint in "${hints[@]}"; do echo "  $hint"; done
} >&2
if [ "${CI:-}" = "true" ] || [ "${CI:-}" = "1" ]; then
  echo "CI is set: those tests must run, so this is an error." >&2
  exit 1
fi
exit 0
