#!/usr/bin/env bash
# Make sure Graphviz's `dot` is installed: install it with apt-get when we are
# root and can, otherwise say how. In CI (CI=true) a missing `dot` is an error,
# because the tests that need it must run there.
set -u
if command -v dot >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Graphviz's dot is missing: installing the Debian package 'graphviz'..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends graphviz >/dev/null
  if command -v dot >/dev/null 2>&1; then
    echo "Installed: $(dot -V 2>&1)"
    exit 0
  fi
  echo "apt-get could not install graphviz." >&2
fi
cat >&2 <<'MSG'
Graphviz's `dot` program is not installed, so the tests that render diagrams
will be skipped. Install it, then run `make test` again:
  Debian/Ubuntu:  sudo apt-get install graphviz
  Fedora:         sudo dnf install graphviz
  macOS:          brew install graphviz
  conda:          conda install -c conda-forge graphviz
MSG
if [ "${CI:-}" = "true" ] || [ "${CI:-}" = "1" ]; then
  echo "CI is set: the Graphviz tests must run, so this is an error." >&2
  exit 1
fi
exit 0
