#!/usr/bin/env bash
# Runs the savepoint tool (inspect | rebuild) from the module's build output.
# Build it first: ./mvnw -B -pl savepoints package -DskipTests
# Usage: savepoints/bin/herald-savepoints.sh inspect --path file:///savepoints/savepoint-abc123
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$(ls "$here"/target/herald-savepoints-*.jar 2>/dev/null | grep -v -- '-tests\|-sources' | head -n 1 || true)"
if [[ -z "$jar" || ! -d "$here/target/lib" ]]; then
  echo "error: build the tool first: ./mvnw -B -pl savepoints package -DskipTests" >&2
  exit 2
fi
exec java ${HERALD_SAVEPOINTS_JAVA_OPTS:--Xmx1g} -jar "$jar" "$@"
