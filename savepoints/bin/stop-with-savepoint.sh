#!/usr/bin/env bash
# Stops the running sequencer job with a savepoint through Flink's REST API, waits for it, and
# prints the savepoint's path (the value for `flink run -s` / restore.sh).
# Usage: savepoints/bin/stop-with-savepoint.sh REST_URL TARGET_DIR [JOB_ID]
#   REST_URL    the JobManager's REST endpoint, e.g. http://127.0.0.1:8081
#   TARGET_DIR  where the savepoint goes, e.g. file:///var/herald/savepoints
#   JOB_ID      default: the one RUNNING job named herald-sequencer
# Same as: flink stop --savepointPath TARGET_DIR JOB_ID
set -euo pipefail
rest="${1:?REST_URL}"; target="${2:?TARGET_DIR}"; job="${3:-}"
timeout_s="${HERALD_SAVEPOINT_TIMEOUT_S:-300}"

if [[ -z "$job" ]]; then
  job="$(curl -fsS "$rest/jobs/overview" \
    | jq -r '[.jobs[] | select(.state=="RUNNING" and .name=="herald-sequencer") | .jid]
             | if length==1 then .[0] else error("expected one running herald-sequencer job, found \(length)") end')"
fi
trigger="$(curl -fsS -X POST -H 'Content-Type: application/json' \
  -d "$(jq -n --arg t "$target" '{targetDirectory: $t, drain: false, formatType: "CANONICAL"}')" \
  "$rest/jobs/$job/stop" | jq -r '."request-id"')"
echo "stopping job $job with a savepoint into $target (trigger $trigger)" >&2

deadline=$((SECONDS + timeout_s))
while (( SECONDS < deadline )); do
  status="$(curl -fsS "$rest/jobs/$job/savepoints/$trigger")"
  case "$(jq -r '.status.id' <<<"$status")" in
    COMPLETED)
      failure="$(jq -r '.operation."failure-cause"."stack-trace" // empty' <<<"$status")"
      if [[ -n "$failure" ]]; then
        echo "error: the savepoint failed; the job keeps running:" >&2
        echo "$failure" | head -n 20 >&2
        exit 1
      fi
      jq -r '.operation.location' <<<"$status"
      exit 0 ;;
    *) sleep 1 ;;
  esac
done
echo "error: no savepoint after ${timeout_s}s (trigger $trigger)" >&2
exit 1
