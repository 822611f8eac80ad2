# Sourced by ./videollm4j and ./test.sh: sets JDK and JAVA_HOME to a JDK 25, or exits with a clear message.
is_jdk25() { [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] && "$1/bin/java" -version 2>&1 | head -1 | grep -Eq '"25([."]|$)'; }

find_jdk() {
  if [ -n "${JAVA_HOME:-}" ] && is_jdk25 "$JAVA_HOME"; then echo "$JAVA_HOME"; return; fi
  for d in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-25* /usr/lib/jvm/java-25* /usr/lib/jvm/jdk-25* \
           /opt/java/openjdk /opt/jdk-25* /usr/local/jdk-25* "$HOME"/.sdkman/candidates/java/25* "$HOME"/.jdks/*25*; do
    if [ -d "$d" ] && is_jdk25 "$d"; then echo "$d"; return; fi
  done
  if command -v java >/dev/null && command -v javac >/dev/null; then
    local j; j="$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")"
    if is_jdk25 "$j"; then echo "$j"; return; fi
  fi
  return 1
}

if ! JDK="$(find_jdk)"; then
  echo "videollm4j: no JDK 25 found. Install one (e.g. Temurin 25) and set JAVA_HOME to it;" >&2
  echo "  looked at \$JAVA_HOME (${JAVA_HOME:-unset}), /usr/lib/jvm/*25*, /opt/java, ~/.sdkman and the javac on PATH." >&2
  exit 127
fi
export JAVA_HOME="$JDK"
