#!/usr/bin/env bash
# Starts the sequencer job from a savepoint (or retained checkpoint) through Flink's REST API:
# uploads the shaded job jar and runs it with savepointPath. Prints the new job id.
# Usage: savepoints/bin/restore.sh REST_URL SAVEPOINT_PATH JOB_JAR [PARALLELISM] [-- JOB FLAGS...]
#   e.g. restore.sh http://127.0.0.1:8081 file:///var/herald/savepoints/savepoint-ab12 \
#          job/target/herald-job-0.1.0-SNAPSHOT-shaded.jar 4 -- --bootstrap-servers kafka:9092
# Same as: flink run -d -s SAVEPOINT_PATH -p PARALLELISM JOB_JAR JOB FLAGS...
# No state is ever dropped: allowNonRestoredState stays false, so a savepoint whose state no
# operator of the new job claims is refused rather than silently ignored.
set -euo pipefail
rest="${1:?REST_URL}"; savepoint="${2:?SAVEPOINT_PATH}"; jar="${3:?JOB_JAR}"; shift 3
parallelism=""
if [[ $# -gt 0 && "$1" != "--" ]]; then parallelism="$1"; shift; fi
if [[ $# -gt 0 && "$1" == "--" ]]; then shift; fi

jar_id="$(curl -fsS -X POST -F "jarfile=@$jar" "$rest/jars/upload" | jq -r '.filename | split("/") | last')"
body="$(jq -n --arg sp "$savepoint" --arg p "$parallelism" '$ARGS.positional as $args
  | {savepointPath: $sp, allowNonRestoredState: false, programArgsList: $args,
     entryClass: "io.herald.job.SequencerJob"}
  + (if $p == "" then {} else {parallelism: ($p | tonumber)} end)' --args "$@")"
curl -fsS -X POST -H 'Content-Type: application/json' -d "$body" "$rest/jars/$jar_id/run" | jq -r '.jobid'
