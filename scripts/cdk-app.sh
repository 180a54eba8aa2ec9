#!/usr/bin/env bash
# The app command of cdk.json: runs the example app (or the main class given as $1). The examples live in
# src/examples/java and are compiled with the tests (they are not part of the library's jar).
#
# Maven costs seconds on every `cdk synth`/`cdk diff` even when nothing changed. So the first run (and any run after a
# change to src/main, src/examples or pom.xml, including a deleted file: its folder's time changes) compiles with Maven and records
# the runtime class path; later runs start the JVM directly on target/classes and that class path. The stamp is taken
# before Maven starts, so an edit made while Maven compiles is seen by the next run. Delete target/ to force a build.
set -euo pipefail
cd "$(dirname "$0")/.."
main="${1:-io.github.securefargate.examples.ExampleApp}"
stamp=target/cdk-app.stamp
classpath=target/cdk-app.classpath

current() {
  [ -f "$stamp" ] && [ -f "$classpath" ] && [ -d target/test-classes ] \
    && [ -z "$(find src/main src/examples pom.xml -newer "$stamp" -print -quit)" ]
}

if ! current; then
  mkdir -p target
  touch "$stamp.next"
  echo "cdk-app: compiling with Maven (on a new machine the first run downloads about 150 MB; each download is listed)" >&2
  # Maven's own output, less its per-plugin chatter: downloads (progress on a cold machine), warnings and errors.
  mvn -e -B test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$classpath" 2>&1 \
    | { grep --line-buffered -E '^\[(ERROR|WARNING)\]|^Downloaded from' || true; } >&2
  mv "$stamp.next" "$stamp"
fi
exec java -cp "target/classes:target/test-classes:$(cat "$classpath")" "$main"
