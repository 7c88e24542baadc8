#!/usr/bin/env bash
# The preview's evaluation alone (issue 14, aim 2): the bench's rule over N products by the engine and by
# the compiled rule, in one JVM with no server or database; wall and process CPU time per run.
#   bench/preview-eval.sh [N=100000] [RUNS=6]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
N="${1:-100000}"
echo "== building shared-kernel and command-side; nothing is installed into ~/.m2"
./mvnw -B -q -o -DskipTests install -Dmaven.install.skip=true -pl shared-kernel,schemas,command-side
ANNOTATIONS="$(ls "$HOME"/.m2/repository/com/fasterxml/jackson/core/jackson-annotations/*/jackson-annotations-*.jar | grep -v sources | sort -V | tail -n1)"
java -Xmx2g -cp "$ROOT/shared-kernel/target/classes:$ROOT/command-side/target/classes:$ROOT/command-side/target/test-classes:$ANNOTATIONS" \
    "$ROOT/bench/PreviewEvalBench.java" "$N" "${2:-6}"
