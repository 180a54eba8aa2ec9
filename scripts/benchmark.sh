#!/usr/bin/env bash
# Prints the figures the project tracks (a benchmark, not a test: run it on a quiet machine). Each time is the median
# of RUNS runs (default 5: the plain stack costs so little per copy that fewer runs leave its figure noisy); figures 1
# and 2 run through the pinned CDK CLI, figure 4 runs the app's JVM directly:
#   1. synth cost per extra resource: the library's full example stack (VPC, encrypted cluster, HTTPS service behind
#      WAF, EFS with AWS Backup, GuardDuty Runtime Monitoring) at N = 1 and N = 11 stacks, against a plain aws-cdk-lib
#      stack (VPC, cluster, ApplicationLoadBalancedFargateService) at N = 1 and N = 31; validator and cdk-nag off, so
#      the figure is the cost of the constructs. Target: library / plain <= 1.5.
#   2. the README's synth command (`npx cdk synth`: every example stack, validator and cdk-nag on) against a plain
#      one-stack aws-cdk-lib app through the same CLI, validator on. Target: <= 1.3.
#   3. `mvn -B verify` (the README's test command) after a first build. Target: <= 40 s.
#   4. jsii round trips per construct (JsiiCallsBenchmark under JSII_DEBUG=1), and per extra stack of the figure-1 app
#      (N = 1 and N = 3), so that a regression (or a cost that grows with the number of stacks) shows as a count.
# Before and after the figures it prints how long one jsii round trip takes (RoundTripLatency): the host's speed, which
# moves figures 1 to 3 as much as the code does.
set -euo pipefail
shopt -s inherit_errexit  # set -e also inside $(...); values are assigned before use, so that a failure stops here
cd "$(dirname "$0")/.."
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20
export JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION=1
RUNS=${RUNS:-5}

now() { date +%s.%N; }
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) printf "%.2f", v[(NR + 1) / 2]; else printf "%.2f", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
calc() { awk "BEGIN { printf \"%.${2:-3}f\", $1 }"; }

[ -d node_modules/aws-cdk ] || npm ci --no-audit --no-fund >/dev/null
mvn -B -q -ntp test-compile dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile=target/benchmark.classpath >/dev/null
classpath="target/classes:target/test-classes:$(cat target/benchmark.classpath)"
app="java -cp $classpath io.github.securefargate.examples.BenchmarkApp"

# synth KIND N VALIDATION [OUT]: seconds of one CLI synth of N stacks of KIND (the assembly goes to OUT, or is deleted)
synth() {
  local kind=$1 n=$2 validation=$3 out=${4:-} t
  [ -n "$out" ] || out=$(mktemp -d)
  t=$(now)
  if ! CDK_VALIDATION=$validation npx cdk synth --quiet --app "$app" -c benchmarkKind="$kind" \
      -c benchmarkStacks="$n" -o "$out" >"$out.log" 2>&1; then
    echo "synth of $n $kind stack(s) failed:" >&2; cat "$out.log" >&2; return 1
  fi
  calc "$(now) - $t" 2
  rm -f "$out.log"; [ -n "${4:-}" ] || rm -rf "$out"
}
timed() { local i; for ((i = 0; i < RUNS; i++)); do "$@"; echo; done | median; }
# resources KIND: resources of one stack of KIND
resources() {
  local out; out=$(mktemp -d)
  synth "$1" 1 false "$out" >/dev/null
  python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["Resources"]))' "$out/Bench1.template.json"
  rm -rf "$out"
}

# The machine's speed drifts over minutes (a shared 2-core host), so each run synthesizes every variant in turn
# (interleaved), and the figures are medians over the runs; the per-run ratios show the spread.
# stats FILE RESOURCES...: medians of the columns of FILE, then per-run ratios (python, one place for the arithmetic)
stats() {
  python3 - "$@" <<'PY'
import statistics, sys
rows = [list(map(float, l.split())) for l in open(sys.argv[1]) if l.strip()]
print(" ".join("%.2f" % statistics.median(c) for c in zip(*rows)))
if len(sys.argv) > 2:
    pr, lr = float(sys.argv[2]), float(sys.argv[3])
    print(" ".join("%.2f" % (((r[3] - r[2]) / 10 / lr) / ((r[1] - r[0]) / 30 / pr)) for r in rows))
else:
    print(" ".join("%.2f" % (r[0] / r[1]) for r in rows))
PY
}

# The host's speed drifts (a shared 2-core machine): one jsii round trip, timed before and after the figures, says how
# fast it was while they were measured.
latency() { java -cp "$classpath" io.github.securefargate.examples.RoundTripLatency; }
lat=$(latency); echo "host: one jsii round trip $lat ms (before the figures)"

echo "== 1. synth cost per extra resource (validator and cdk-nag off), medians of $RUNS interleaved runs"
plain_resources=$(resources plain); lib_resources=$(resources example)
runs=$(mktemp)
for ((i = 0; i < RUNS; i++)); do
  # each value assigned first: a failing synth inside `echo "$(...)"` would not stop the script
  a=$(synth plain 1 false); b=$(synth plain 31 false); c=$(synth example 1 false); d=$(synth example 11 false)
  echo "$a $b $c $d" >>"$runs"
done
figures=$(stats "$runs" "$plain_resources" "$lib_resources")
{ read -r p1 p31 l1 l11; read -r ratios; } <<<"$figures"
plain_ms=$(calc "($p31 - $p1) / 30 / $plain_resources * 1000" 2)
lib_ms=$(calc "($l11 - $l1) / 10 / $lib_resources * 1000" 2)
echo "plain aws-cdk-lib stack ($plain_resources resources): N=1 ${p1} s, N=31 ${p31} s -> ${plain_ms} ms per extra resource"
echo "library example stack ($lib_resources resources): N=1 ${l1} s, N=11 ${l11} s -> ${lib_ms} ms per extra resource"
echo "per-run ratios: $ratios"
ratio=$(calc "$lib_ms / $plain_ms" 2)
echo "FIGURE per-resource cost, library / plain: ${ratio}x (target <= 1.5x)"

echo "== 2. README synth command vs a plain one-stack app, same CLI, validator on, medians of $RUNS interleaved runs"
readme_synth() {
  local t; t=$(now)
  npx cdk synth --quiet >/tmp/benchmark-readme.log 2>&1 || { cat /tmp/benchmark-readme.log >&2; return 1; }
  calc "$(now) - $t" 2
}
readme_synth >/dev/null  # the first run after a build compiles through Maven; the figure is the warm command
: >"$runs"
for ((i = 0; i < RUNS; i++)); do
  a=$(readme_synth); b=$(synth plain 1 true)
  echo "$a $b" >>"$runs"
done
figures=$(stats "$runs")
{ read -r example_app plain_app; read -r ratios; } <<<"$figures"
rm -f "$runs"
echo "npx cdk synth (example app): ${example_app} s; plain one-stack app: ${plain_app} s"
echo "per-run ratios: $ratios"
ratio=$(calc "$example_app / $plain_app" 2)
echo "FIGURE example app / plain app synth: ${ratio}x (target <= 1.3x)"

echo "== 3. mvn -B verify after a first build, median of $RUNS runs"
mvn -B -q -ntp verify >/tmp/benchmark-verify.log 2>&1 || { cat /tmp/benchmark-verify.log >&2; exit 1; }
verify_once() {
  local t; t=$(now)
  mvn -B -q -ntp verify >/tmp/benchmark-verify.log 2>&1 || { cat /tmp/benchmark-verify.log >&2; return 1; }
  calc "$(now) - $t" 2
}
verify_s=$(timed verify_once)
echo "FIGURE mvn -B verify: ${verify_s} s (target <= 40 s)"

echo "== 4. jsii round trips per construct (second copy = the cost of every further stack)"
# cli_context [KEY=VALUE...]: the context the CLI passes the app (cdk.json's feature flags, cdk.context.json's
# look-ups) plus the given entries, as CDK_CONTEXT_JSON, so that these apps build the stacks of figure 1
cli_context() {
  python3 -c 'import json, sys
c = json.load(open("cdk.json"))["context"]
c.update(json.load(open("cdk.context.json")))
c.update(a.split("=", 1) for a in sys.argv[1:])
print(json.dumps(c))' "$@"
}
out=$(mktemp -d); context=$(cli_context)
JSII_DEBUG=1 CDK_OUTDIR="$out" CDK_VALIDATION=false CDK_CONTEXT_JSON="$context" java -cp "$classpath" \
    io.github.securefargate.examples.JsiiCallsBenchmark 2>"$out.log" \
    || { echo "JsiiCallsBenchmark failed:" >&2; tail -50 "$out.log" >&2; exit 1; }
python3 scripts/jsii_calls.py "$out.log" "$out"
rm -rf "$out" "$out.log"
trips() {
  local n=$1 dir context; dir=$(mktemp -d); context=$(cli_context benchmarkKind=example benchmarkStacks="$n")
  JSII_DEBUG=1 CDK_OUTDIR="$dir" CDK_VALIDATION=false \
      CDK_CONTEXT_JSON="$context" \
      java -cp "$classpath" io.github.securefargate.examples.BenchmarkApp 2>"$dir.log" >/dev/null \
      || { echo "BenchmarkApp ($n stacks) failed:" >&2; tail -50 "$dir.log" >&2; return 1; }
  grep -c '^> ' "$dir.log"
  rm -rf "$dir" "$dir.log"
}
t1=$(trips 1); t3=$(trips 3)
echo "jsii requests of the figure-1 app: N=1 $t1, N=3 $t3 -> $(( (t3 - t1) / 2 )) per extra stack"
lat=$(latency); echo "host: one jsii round trip $lat ms (after the figures)"
