#!/usr/bin/env bash
# Measures iot-gateway at fleet rate on this machine (docs/performance.md, spec §15): the demo's
# whole path (dev chain, Mosquitto, gateway, load generator, all on this machine) with many
# devices and readings — sustained readings/s from MQTT to finalized anchors, publish-to-finalized
# latency p50/p99, gateway RSS, database bytes per reading.
#
#   scripts/gateway-bench.sh [--devices N (100)] [--readings N (300000)] [--rate PER_SECOND (10000)]
#                            [--batch-size N (1000)] [--dir DIR (/tmp/iot-gateway-bench)]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
case "${1:-}" in -h | --help) usage "$0"; exit 0 ;; esac
exec "$ROOT/scripts/gateway-demo.sh" --devices 100 --readings 300000 --rate 10000 --batch-size 1000 \
	--dir /tmp/iot-gateway-bench "$@"
