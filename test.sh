#!/usr/bin/env bash
# Runs the whole test suite with JDK 25 (the README's test command; .ci/run calls it): the Java tests, then the
# trainer's Python tests (training/test_demo.py) when Debian's torch is installed (training/setup.sh installs it;
# .ci/run does). Arguments go to Maven (e.g. -Dtest=VideoLlmTest) and then only the Java tests run.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$here/scripts/jdk.sh"
cd "$here"
mvn -B -ntp test "$@"
if [ "$#" -gt 0 ]; then
  exit 0
fi
if /usr/bin/python3 -c "import torch, regex, jinja2" 2>/dev/null; then
  echo "training tests (training/test_demo.py):"
  (cd training && OMP_NUM_THREADS=1 /usr/bin/python3 -m unittest test_demo)
else
  echo "training tests NOT run: /usr/bin/python3 lacks torch, regex or jinja2 (training/setup.sh installs them)" >&2
fi
