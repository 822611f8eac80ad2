#!/usr/bin/env bash
# Runs the whole test suite with JDK 25 (the README's test command; .ci/run calls it).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$here/scripts/jdk.sh"
cd "$here"
exec mvn -B -ntp test "$@"
