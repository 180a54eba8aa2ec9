#!/usr/bin/env bash
# Prints the figures the project tracks (not a test; run it on a quiet machine):
#   1. example-app synth wall time through the pinned CDK CLI (README synth command, validator and cdk-nag on);
#   2. `mvn verify` wall time after a first build (the README test command);
#   3. synth wall time of an app with 1, 10 and 30 service stacks, and the cost of each extra stack.
# Targets on a 2-core machine: mvn verify < 90 s; each extra service stack < 0.25 s.
set -euo pipefail
cd "$(dirname "$0")/.."
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20
export JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION=1

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'; }
per() { awk -v hi="$1" -v lo="$2" -v n="$3" 'BEGIN { printf "%.3f", (hi - lo) / n }'; }

[ -d node_modules/aws-cdk ] || npm ci --no-audit --no-fund >/dev/null
mvn -B -q -ntp compile dependency:build-classpath -Dmdep.outputFile=target/benchmark.classpath >/dev/null

echo "== example app: npx cdk synth (validator + cdk-nag on)"
t=$(now); npx cdk synth --quiet >/dev/null 2>&1; echo "example-app synth: $(elapsed "$t") s"

echo "== mvn verify (after a first build)"
mvn -B -q -ntp verify >/dev/null 2>&1 || true
t=$(now); mvn -B -q -ntp verify >/dev/null; echo "mvn verify: $(elapsed "$t") s"

app="java -cp target/classes:$(cat target/benchmark.classpath) io.github.securefargate.examples.BenchmarkApp"
bench() { # $1 stacks, $2 label, rest: env
  local n=$1; shift; local out; out=$(mktemp -d)
  local t; t=$(now)
  env "$@" npx cdk synth --quiet --app "$app" -c benchmarkStacks="$n" -o "$out" >/dev/null 2>&1
  elapsed "$t"; rm -rf "$out"
}
echo "== service stacks, library cost (CDK_VALIDATION=false, no cdk-nag)"
s1=$(bench 1 lib CDK_VALIDATION=false); s10=$(bench 10 lib CDK_VALIDATION=false); s30=$(bench 30 lib CDK_VALIDATION=false)
echo "1 stack: $s1 s | 10 stacks: $s10 s | 30 stacks: $s30 s"
echo "per extra stack: $(per "$s30" "$s1" 29) s (target < 0.25 s)"
echo "== service stacks with the built-in CloudFormation validator on (what \`cdk synth\` runs)"
v1=$(bench 1 val CDK_VALIDATION=true); v10=$(bench 10 val CDK_VALIDATION=true)
echo "1 stack: $v1 s | 10 stacks: $v10 s | per extra stack: $(per "$v10" "$v1" 9) s"
