#!/usr/bin/env bash
# Runs every cargo-fuzz target of fuzz/ for SECONDS each (default 60) with the installed nightly
# toolchain, keeping a corpus per target in fuzz/corpus/ (not committed) and printing the
# executions of each run. A crash fails the script and leaves its input in fuzz/artifacts/.
#
#   scripts/fuzz.sh [SECONDS] [TARGET…]
#
# Needs `cargo fuzz` (scripts/setup.sh installs it) and a nightly toolchain; without a nightly
# toolchain it says so and exits 0 (CI machines without one skip fuzzing rather than fail).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT/fuzz"

seconds=${1:-60}
shift || true
if ! rustup run nightly rustc --version >/dev/null 2>&1; then
	echo "no nightly toolchain installed: fuzzing skipped"
	exit 0
fi
command -v cargo-fuzz >/dev/null || die "cargo-fuzz is missing (scripts/setup.sh installs it)"
targets=("$@")
((${#targets[@]})) || mapfile -t targets < <(cargo +nightly fuzz list)

# The fuzz workspace compiles the runtime natively; it needs no WASM blob.
export SKIP_WASM_BUILD=1
export CARGO_TARGET_DIR="$CARGO_TARGET_DIR/fuzz"
step "Building the fuzz targets (nightly, release, no sanitizer: the targets check their own invariants)"
cargo +nightly fuzz build --sanitizer none

for target in "${targets[@]}"; do
	step "Fuzzing $target for $seconds s"
	mkdir -p "corpus/$target"
	# Committed seeds (real inputs, e.g. a swtpm quote) start the corpus.
	[ -d "seeds/$target" ] && cp -n "seeds/$target"/* "corpus/$target/"
	log=$(mktemp)
	if ! cargo +nightly fuzz run --sanitizer none "$target" "corpus/$target" -- \
		-max_total_time="$seconds" -max_len=4096 -print_final_stats=1 >"$log" 2>&1; then
		tail -40 "$log"
		die "$target found a failure (input in fuzz/artifacts/$target/)"
	fi
	runs=$(grep -m1 'stat::number_of_executed_units' "$log" | awk '{print $2}')
	corpus=$(grep -m1 'stat::new_units_added' "$log" | awk '{print $2}')
	echo "$target: $runs executions in $seconds s, $corpus new corpus units, no failure"
	rm -f "$log"
done
