#!/usr/bin/env bash
# Prints the figures the project tracks (not a test; run it on a quiet machine):
#   1. example-app synth wall time through the pinned CDK CLI (README synth command, validator and cdk-nag on);
#   2. `mvn verify` wall time after a first build (the README test command);
#   3. synth wall time of an app with 1, 10 and 30 service stacks (VPC + encrypted cluster + secure HTTPS service
#      behind WAF, 57 resources), and the cost of each extra stack; then the same for the full example stack
#      (101 resources: adds EFS, AWS Backup and GuardDuty Runtime Monitoring).
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
log=$(mktemp)
t=$(now)
if ! npx cdk synth --quiet >"$log" 2>&1; then cat "$log" >&2; exit 1; fi
echo "example-app synth: $(elapsed "$t") s"

echo "== mvn verify (after a first build)"
log=$(mktemp)
mvn -B -q -ntp verify >"$log" 2>&1 || true
t=$(now)
if ! mvn -B -q -ntp verify >"$log" 2>&1; then cat "$log" >&2; exit 1; fi
echo "mvn verify: $(elapsed "$t") s"; rm -f "$log"

app="java -cp target/classes:$(cat target/benchmark.classpath) io.github.securefargate.examples.BenchmarkApp"
bench() { # $1 stack kind, $2 stacks, rest: environment assignments; prints seconds, or the synth log and fails
  local kind=$1 n=$2; shift 2; local out; out=$(mktemp -d)
  local t; t=$(now)
  if ! env "$@" npx cdk synth --quiet --app "$app" -c benchmarkKind="$kind" -c benchmarkStacks="$n" -o "$out" \
      >"$out.log" 2>&1; then
    echo "synth of $n stack(s) failed:" >&2; cat "$out.log" >&2; rm -rf "$out" "$out.log"; return 1
  fi
  elapsed "$t"; rm -rf "$out" "$out.log"
}
for kind in service example; do
  echo "== $kind stacks (CDK_VALIDATION=false, no cdk-nag: the cost of the library and aws-cdk-lib)"
  s1=$(bench "$kind" 1 CDK_VALIDATION=false); s10=$(bench "$kind" 10 CDK_VALIDATION=false)
  s30=$(bench "$kind" 30 CDK_VALIDATION=false)
  echo "1 stack: $s1 s | 10 stacks: $s10 s | 30 stacks: $s30 s"
  echo "per extra stack: $(per "$s30" "$s1" 29) s (target for service stacks < 0.25 s)"
done
echo "== service stacks with the built-in CloudFormation validator on (what \`cdk synth\` runs by default)"
v1=$(bench service 1 CDK_VALIDATION=true); v10=$(bench service 10 CDK_VALIDATION=true)
echo "1 stack: $v1 s | 10 stacks: $v10 s | per extra stack: $(per "$v10" "$v1" 9) s"
