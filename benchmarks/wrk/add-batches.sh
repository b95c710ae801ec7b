#!/usr/bin/env bash
# Adds the 200 SKUs x 3 batches of the W1 shape to the service at $1 (default http://127.0.0.1:8080).
set -euo pipefail
base=${1:-http://127.0.0.1:8080}
for s in $(seq 0 199); do
  for b in 0 1 2; do
    case $b in 0) eta=null ;; 1) eta='"2030-01-01"' ;; 2) eta='"2030-02-01"' ;; esac
    curl -s -o /dev/null -f -X POST "$base/add_batch" -H 'Content-Type: application/json' \
      -d "{\"ref\":\"W-b$s-$b\",\"sku\":\"W-SKU$s\",\"qty\":1000000000,\"eta\":$eta}"
  done
done
