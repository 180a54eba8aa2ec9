#!/usr/bin/env bash
# The consumer path, without publishing: deploy the library to a file-system repository in target/, then build and
# synthesize src/it/consumer (a project written from the README) resolving the library only from there, with the
# four cdk-nag packs through CompliancePacks. Fails if the consumer got the library from anywhere else.
set -euo pipefail
cd "$(dirname "$0")/.."
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION="${JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION:-20}"
export JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION="${JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION:-1}"
root=$PWD
repo="$root/target/staging-repo"
version=$(sed -n 's:^  <version>\(.*\)</version>$:\1:p' pom.xml | head -1)
local_repo=$(mvn -B -q -ntp help:evaluate -Dexpression=settings.localRepository -DforceStdout | sed 's/\x1b\[[0-9;]*m//g')
installed="$local_repo/io/github/securefargate/secure-fargate-constructs/$version"

echo "consumer: deploying $version to $repo"
rm -rf "$repo"
mvn -B -q -ntp deploy -DskipTests -Dmaven.install.skip=true -DaltDeploymentRepository="staging::file://$repo"
# The jar holds library code only: no example app, benchmark or test fixture.
jar="$repo/io/github/securefargate/secure-fargate-constructs/$version"
shipped=$(jar tf "$(ls "$jar"/secure-fargate-constructs-*.jar | grep -v -e sources -e javadoc | head -1)")
if grep -E '/(examples|testing|benchmarks)/|Test\.class$' <<<"$shipped"; then
  echo "consumer: the jar ships the classes above, which are not library code" >&2
  exit 1
fi
# A copy in the local repository (from an earlier `mvn install` or consumer run) would hide a broken deployment.
rm -rf "$installed"

echo "consumer: building and synthesizing src/it/consumer against the staged library"
cd "$root/src/it/consumer"
rm -rf cdk.out target
LIBRARY_REPOSITORY="file://$repo" "$root/node_modules/.bin/cdk" synth --strict --quiet -o cdk.out
if ! grep -q "library-staging" "$installed"/_remote.repositories 2>/dev/null \
        && ! grep -rq "library-staging" "$installed"/resolver-status.properties 2>/dev/null; then
  echo "consumer: the library was not resolved from the staging repository" >&2
  ls -la "$installed" >&2 || true
  exit 1
fi
test -s cdk.out/Platform.template.json
echo "consumer: compiled, synthesized and passed cdk-nag against the library from $repo"
