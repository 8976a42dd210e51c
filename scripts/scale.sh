#!/usr/bin/env bash
# The chain's cost as its state grows (spec §16, docs/performance.md). For each size
# DEVICES:ANCHORS it creates a node database of the `scale:DEVICES:ANCHORS` chain (the benchmark
# chain plus a synthetic fleet written by the pallets' own code at genesis: node/src/scale.rs) in
# ParityDB under --out, runs the node (Alice validates) and measures:
#   - populate: seconds from the node's start to its RPC answering (genesis built and committed)
#     and the process's peak RSS meanwhile;
#   - disk: bytes the ParityDB directory occupies (blocks, not the sparse index files' apparent
#     size; bytes per device and per anchor are the differences between sizes with and without
#     them: `0:0`, `D:0`, `D:A`);
#   - RSS of the node restarted on that database, after --idle seconds of blocks, and right after
#     the RPC samples below (under load);
#   - RPC latency p50/p99 of iot_device, iot_trustStatus, iot_anchor, iot_findAnchors and
#     iot_verifyInclusion on random synthetic devices and anchors (e2e/tools/scale-rpc.js, every
#     answer checked);
#   - with --extrinsics (needs the runtime-benchmarks node, scripts/benchmark.sh builds it):
#     `benchmark extrinsic` of device-signed anchors (Ed25519, P-256), attestations (Ed25519,
#     P-256) and register_device (P-256) in full blocks on the populated state, and
#     `benchmark storage` (read and write cost of this state in ParityDB);
#   - with --db-weights (also needs that node): `benchmark storage` on each size, and the database
#     weights it generates for the last size installed as runtime/src/weights/paritydb_weights.rs
#     (the runtime's `DbWeight`: rebuild, regenerate the pallet weights, bump spec_version);
#   - with --sync: the time a new node takes to join by warp sync (GRANDPA proofs, then the
#     state) and by full sync from the populated node, and its database size (each given
#     SYNC_TIMEOUT seconds, default 900).
# Results: one JSON line per size in OUT/results.jsonl, the table OUT/scale.md and the plot
# OUT/scale.svg (scripts/scale-report.py). Databases are kept in OUT/db (reused if present: a
# size is populated once) unless --fresh.
#
#   scripts/scale.sh [--sizes "0:0 10k:0 10k:100k"] [--samples N (1000)] [--idle S (20)]
#                    [--out DIR ($CARGO_TARGET_DIR/scale)] [--extrinsics] [--db-weights] [--sync]
#                    [--fresh]
#
# scripts/test.sh runs a CI-sized `--sizes "0:0 200:2k" --samples 50` so that the tool cannot rot.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

SIZES="0:0 10k:0 10k:100k"
SAMPLES=1000
IDLE=20
OUT="$CARGO_TARGET_DIR/scale"
EXTRINSICS=0
DB_WEIGHTS=0
SYNC=0
FRESH=0
SYNC_TIMEOUT=${SYNC_TIMEOUT:-900}
while (($#)); do
	case "$1" in
	--sizes) SIZES=$2 && shift 2 ;;
	--samples) SAMPLES=$2 && shift 2 ;;
	--idle) IDLE=$2 && shift 2 ;;
	--out) OUT=$2 && shift 2 ;;
	--extrinsics) EXTRINSICS=1 && shift ;;
	--db-weights) DB_WEIGHTS=1 && shift ;;
	--sync) SYNC=1 && shift ;;
	--fresh) FRESH=1 && shift ;;
	-h | --help) usage "$0" && exit 0 ;;
	*) die "unknown argument $1 (see --help)" ;;
	esac
done
BENCH_NODE="${IOT_BENCH_NODE_BIN:-$CARGO_TARGET_DIR/iot-node-benchmarks}"
[ -x "$NODE_BIN" ] || die "$NODE_BIN was not built (scripts/dev.sh)"
if ((EXTRINSICS || DB_WEIGHTS)); then
	[ -x "$BENCH_NODE" ] || die "--extrinsics and --db-weights need $BENCH_NODE (STAGES=extrinsic scripts/benchmark.sh builds it)"
fi
mkdir -p "$OUT/db"
RESULTS="$OUT/results.jsonl"
: >"$RESULTS"

# The populated node's libp2p key (its peer id is what joining nodes dial).
NODE_KEY=0000000000000000000000000000000000000000000000000000000000000001
NODE_PID=""
JOIN_PID=""
stop_node() {
	local pid
	for pid in $JOIN_PID $NODE_PID; do
		kill -INT "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	done
	NODE_PID="" JOIN_PID=""
}
trap stop_node EXIT

# count TEXT: 10k → 10000, 1M → 1000000.
count() {
	case "$1" in
	*k | *K) echo $((${1%?} * 1000)) ;;
	*M) echo $((${1%?} * 1000000)) ;;
	*) echo "$1" ;;
	esac
}

# rss_kib PID FIELD: VmRSS or VmHWM of a process in KiB.
rss_kib() { awk -v f="$2:" '$1 == f { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0; }

# wait_finalized PORT N SECONDS: waits until block N is finalized.
wait_finalized() {
	local deadline=$((SECONDS + $3))
	until (($(block_number "$1" finalized) >= $2)); do
		((SECONDS < deadline)) || die "block $2 not finalized within $3 s"
		sleep 1
	done
}

# start_node SIZE DB LOG RPC_PORT P2P_PORT [extra flags…]: starts the populated node in the
# background (NODE_PID).
start_node() {
	local size=$1 db=$2 log=$3 rpc_port=$4 p2p_port=$5
	shift 5
	"$NODE_BIN" --chain "scale:$size" --base-path "$db" \
		--rpc-port "$rpc_port" --port "$p2p_port" --no-prometheus --no-telemetry --no-mdns \
		--node-key "$NODE_KEY" \
		"$@" >"$log" 2>&1 &
	NODE_PID=$!
}

# benchmark_extrinsic SIZE DB PALLET EXTRINSIC: `benchmark extrinsic`'s average ns per extrinsic
# in full blocks built on the genesis state of DB (a genesis-only database: the tool builds block
# 1 on it).
benchmark_extrinsic() {
	local log="$OUT/extrinsic.log"
	"$BENCH_NODE" benchmark extrinsic --chain "scale:$1" --base-path "$2" --pallet "$3" \
		--extrinsic "$4" --warmup 5 --repeat 20 >"$log" 2>&1 || { cat "$log" >&2; die "benchmark extrinsic $3::$4 failed"; }
	sed -n 's/^Average: \([0-9]*\), Median: .*/\1/p' "$log" | tail -1
}

measure() {
	local size=$1 devices anchors id db log rpc_port p2p_port started populate_s peak_kib
	devices=$(count "${size%%:*}")
	anchors=$(count "${size#*:}")
	id="iot_scale_${devices}_${anchors}"
	db="$OUT/db/$devices-$anchors"
	log="$OUT/node-$devices-$anchors.log"
	rpc_port=$(free_port)
	p2p_port=$(free_port)
	((FRESH)) && rm -rf "$db" "$db.genesis"
	local created=0
	[ -d "$db/chains/$id/paritydb" ] || created=1

	step "scale:$size — $devices devices, $anchors anchors ($( ((created)) && echo populating || echo "database exists"))"
	started=$SECONDS
	# The first start does not validate: the database then holds only the genesis block, and a
	# copy of it is what `benchmark extrinsic` needs (it builds block 1 on the genesis state).
	start_node "$size" "$db" "$log" "$rpc_port" "$p2p_port"
	peak_kib=0
	until wait_for_rpc "$rpc_port" 0; do
		kill -0 "$NODE_PID" 2>/dev/null || { tail -20 "$log" >&2; die "the node stopped (log: $log)"; }
		peak_kib=$(rss_kib "$NODE_PID" VmHWM)
		sleep 0.5
	done
	populate_s=$((SECONDS - started))
	peak_kib=$(rss_kib "$NODE_PID" VmHWM)
	grep -h "Populated" "$log" | sed 's/.*🏭 /    /' || true
	# The populating process keeps the genesis' memory in its allocator: the measurements are
	# made after a restart on the database, as a node runs after it imported the chain.
	stop_node
	if ((EXTRINSICS)) && [ ! -d "$db.genesis" ]; then
		((created)) || die "$db has blocks: --extrinsics needs a genesis-only copy (run with --fresh)"
		cp -a "$db" "$db.genesis"
	fi
	start_node "$size" "$db" "$log.restart" "$rpc_port" "$p2p_port" --alice --validator
	local base
	wait_for_rpc "$rpc_port" 300 || { tail -20 "$log.restart" >&2; die "the node did not restart (log: $log.restart)"; }
	base=$(block_number "$rpc_port" finalized)
	wait_finalized "$rpc_port" $((base + 2)) 120
	sleep "$IDLE"
	local rss_kib_idle rss_kib_load=0 db_bytes rpc_json="null"
	rss_kib_idle=$(rss_kib "$NODE_PID" VmRSS)
	if ((devices > 0 && anchors > 0)); then
		rpc_json=$(cd e2e && node tools/scale-rpc.js --endpoint "ws://127.0.0.1:$rpc_port" \
			--devices "$devices" --anchors "$anchors" --samples "$SAMPLES")
		rss_kib_load=$(rss_kib "$NODE_PID" VmRSS)
		echo "    RPC: $rpc_json (RSS right after: $((rss_kib_load / 1024)) MiB)"
	fi

	local sync_json="null"
	if ((SYNC)); then
		sync_json=$(measure_sync "$size" "$p2p_port" "$rpc_port")
		echo "    sync: $sync_json"
	fi
	stop_node
	# Blocks on disk, not the sparse files' apparent size (ParityDB's index files are sparse);
	# and of those, the state column's (sc-client-db's column 1: the trie nodes). Column 2 holds
	# state-db's journal, which for the genesis block lists every node it inserted — until block
	# 0 is pruned (256 blocks after it by default).
	local paritydb="$db/chains/$id/paritydb/full" state_bytes
	db_bytes=$(($(du -sk "$paritydb" | cut -f1) * 1024))
	state_bytes=$(($(du -ck "$paritydb"/table_01_* "$paritydb"/index_01_* | tail -1 | cut -f1) * 1024))
	echo "    populate ${populate_s} s (peak RSS $((peak_kib / 1024)) MiB), database $((db_bytes / 1048576)) MiB (state $((state_bytes / 1048576)) MiB), RSS after restart $((rss_kib_idle / 1024)) MiB"

	local extrinsics_json="null" storage_json="null"
	if ((EXTRINSICS)); then
		extrinsics_json="{"
		local sep="" pair
		for pair in data_anchoring:anchor_ed25519 data_anchoring:anchor_p256 \
			firmware_attestation:submit_attestation_ed25519 firmware_attestation:submit_attestation_p256 \
			device_registry:register_device_p256 balances:transfer_keep_alive; do
			extrinsics_json+="$sep\"${pair#*:}\": $(benchmark_extrinsic "$size" "$db.genesis" "${pair%%:*}" "${pair#*:}")"
			sep=", "
		done
		extrinsics_json+="}"
		echo "    extrinsics (ns): $extrinsics_json"
	fi
	# (`benchmark storage` writes in batches of 100,000 keys: the empty chain has too few.)
	if ((EXTRINSICS || DB_WEIGHTS)) && ((devices + anchors > 0)); then
		storage_json=$(benchmark_storage "$size" "$db")
		echo "    storage (ns): $storage_json"
		DB_WEIGHTS_FILE="$OUT/weights/$(basename "$db")/paritydb_weights.rs"
	fi

	printf '{"size":"%s","devices":%d,"anchors":%d,"created":%d,"populate_s":%d,"populate_peak_rss_kib":%d,"db_bytes":%d,"state_bytes":%d,"idle_rss_kib":%d,"load_rss_kib":%d,"rpc":%s,"extrinsics_ns":%s,"storage_ns":%s,"sync":%s}\n' \
		"$size" "$devices" "$anchors" "$created" "$populate_s" "$peak_kib" "$db_bytes" "$state_bytes" "$rss_kib_idle" "$rss_kib_load" \
		"$rpc_json" "$extrinsics_json" "$storage_json" "$sync_json" >>"$RESULTS"
}

# benchmark_storage SIZE DB: `benchmark storage`'s average read and write ns per key of the
# populated state (200,000 random keys at most, fixed seed), as JSON; its weight file
# (paritydb_weights.rs) goes to OUT/weights/DEVICES-ANCHORS.
benchmark_storage() {
	local log="$OUT/storage.log" weights
	weights="$OUT/weights/$(basename "$2")"
	mkdir -p "$weights"
	"$BENCH_NODE" benchmark storage --chain "scale:$1" --base-path "$2" --state-version 1 \
		--keys-limit 200000 --random-seed 1 --warmups 1 --weight-path "$weights" >"$log" 2>&1 ||
		{ cat "$log" >&2; die "benchmark storage failed"; }
	python3 - "$log" <<'PY'
import json, re, sys
text = open(sys.argv[1]).read()
def average(heading):
    # "Reading N keys" / "Writing N keys", then "Time summary [ns]: … Average: X, Median: …"
    match = re.search(heading + r" \d+ keys.*?Average: (\d+),", text, re.S)
    return int(match.group(1)) if match else None
print(json.dumps({"read": average("Reading"), "write": average("Writing")}))
PY
}

# measure_sync SIZE SOURCE_P2P SOURCE_RPC: a new node joins the running populated node, by warp
# sync then by full sync; seconds until it has the source's finalized block (warp: until its
# state is downloaded and it imports), and the size of its database. Prints JSON.
measure_sync() {
	local size=$1 source_p2p=$2 source_rpc=$3 mode json="{" sep=""
	local peer
	peer="/ip4/127.0.0.1/tcp/$source_p2p/p2p/$(echo -n "$NODE_KEY" | "$NODE_BIN" key inspect-node-key)"
	for mode in warp full; do
		local dir="$OUT/join-$mode" rpc_port started target
		rm -rf "$dir"
		rpc_port=$(free_port)
		target=$(block_number "$source_rpc" finalized)
		started=$SECONDS
		"$NODE_BIN" --chain "scale:$size" --base-path "$dir" --sync "$mode" --bootnodes "$peer" \
			--warp-sync-min-peers 1 \
			--rpc-port "$rpc_port" --port "$(free_port)" --no-prometheus --no-telemetry --no-mdns \
			>"$OUT/join-$mode.log" 2>&1 &
		JOIN_PID=$!
		local seconds
		# Done when the node has the source's finalized block — and, warping, once it imported
		# the state (its header arrives first, with the warp proof).
		until wait_for_rpc "$rpc_port" 0 && (($(block_number "$rpc_port" finalized 2>/dev/null || echo 0) >= target)) &&
			{ [ "$mode" != warp ] || grep -q "State sync is complete" "$OUT/join-$mode.log"; }; do
			kill -0 "$JOIN_PID" 2>/dev/null || { tail -20 "$OUT/join-$mode.log" >&2; die "the $mode-syncing node stopped"; }
			if ((SECONDS - started >= SYNC_TIMEOUT)); then
				echo "    $mode sync: not done within $SYNC_TIMEOUT s (log: $OUT/join-$mode.log)" >&2
				seconds=null
				break
			fi
			sleep 1
		done
		seconds=${seconds:-$((SECONDS - started))}
		local bytes genesis
		kill -INT "$JOIN_PID" && wait "$JOIN_PID" || true
		JOIN_PID=""
		bytes=$(($(du -sk "$dir" | cut -f1) * 1024))
		# The joining node builds the same genesis from the same --chain first (its state root).
		genesis=$(sed -n 's/.*Populated .* in \([0-9.]*\) s .*/\1/p' "$OUT/join-$mode.log" | head -1)
		json+="$sep\"$mode\": {\"seconds\": $seconds, \"genesis_s\": ${genesis:-null}, \"db_bytes\": $bytes}"
		sep=", "
		rm -rf "$dir"
	done
	echo "$json}"
}

DB_WEIGHTS_FILE=""
for size in $SIZES; do
	measure "$size"
done
if ((DB_WEIGHTS)); then
	[ -n "$DB_WEIGHTS_FILE" ] || die "--db-weights needs a size with devices or anchors"
	cp "$DB_WEIGHTS_FILE" "$ROOT/runtime/src/weights/paritydb_weights.rs"
	step "Database weights installed: runtime/src/weights/paritydb_weights.rs (from $DB_WEIGHTS_FILE)"
fi
python3 "$ROOT/scripts/scale-report.py" "$RESULTS" "$OUT/scale.md" "$OUT/scale.svg"
step "Results: $RESULTS, $OUT/scale.md, $OUT/scale.svg"
cat "$OUT/scale.md"
