#!/usr/bin/env bash
# Mints an HS256 token for the edges of docker-compose.yml (or any edge with --auth-hs256-secret):
#   deploy/docker/mint-token.sh                 # the compose file's development secret, 24 h, /demo/*
#   HERALD_SECRET=... deploy/docker/mint-token.sh alice 3600 '/chat/*'
# Prints the token; connect with ws://127.0.0.1:8081/ws?token=<token>. Needs bash and openssl.
set -euo pipefail
secret=${HERALD_SECRET:-herald-development-secret-change-me}
sub=${1:-developer}
ttl=${2:-86400}
pattern=${3:-/demo/*}
b64url() { base64 -w0 | tr '+/' '-_' | tr -d '='; }
header=$(printf '{"alg":"HS256","typ":"JWT"}' | b64url)
payload=$(printf '{"sub":"%s","exp":%d,"subscribe":["%s"],"publish":["%s"]}' \
    "$sub" $(($(date +%s) + ttl)) "$pattern" "$pattern" | b64url)
signature=$(printf '%s.%s' "$header" "$payload" | openssl dgst -sha256 -hmac "$secret" -binary | b64url)
printf '%s.%s.%s\n' "$header" "$payload" "$signature"
