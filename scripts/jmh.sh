#!/usr/bin/env bash
# JMH microbenchmarks of the kernels (issue 7): matrix products (f32 and bf16 weights, prefill and decode
# shapes) and each fast kernel next to its scalar reference. Not part of the build or the tests: the
# benchmarks in jmh/src are compiled here against target/classes with JMH's annotation processor.
#
# Usage: scripts/jmh.sh [JMH ARGS...]     e.g. scripts/jmh.sh GemmBench -p dtype=F32 -f 1 -wi 2 -i 3
#        scripts/jmh.sh -l                 lists the benchmarks; scripts/jmh.sh -h for JMH's options
# The first run downloads JMH 1.37 from Maven Central into ~/.m2 (jmh/pom.xml); later runs work offline.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
. "$here/scripts/jdk.sh"
out="$here/target/jmh"
mkdir -p "$out"
mvn -o -q -B compile >&2
if ! mvn -o -q -B -f jmh/pom.xml dependency:build-classpath -Dmdep.outputFile="$out/classpath.txt" >&2 2>/dev/null; then
  echo "jmh.sh: JMH is not in ~/.m2 yet; fetching it from Maven Central" >&2
  mvn -q -B -f jmh/pom.xml dependency:build-classpath -Dmdep.outputFile="$out/classpath.txt" >&2
fi
cp="$(cat "$out/classpath.txt")"
rm -rf "$out/classes"
mkdir -p "$out/classes"
"$JDK/bin/javac" -nowarn -proc:full --add-modules jdk.incubator.vector -cp "$here/target/classes:$cp" \
  -processorpath "$cp" -d "$out/classes" $(find jmh/src/main/java -name '*.java')
exec "$JDK/bin/java" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
  -cp "$out/classes:$here/target/classes:$cp" org.openjdk.jmh.Main "$@"
