#!/usr/bin/env bash
# Regenerates docs/test-vectors/signing.json: the JS side (e2e/tools/test-vectors.js) writes keys,
# messages and its signatures; the Rust side (iot-primitives' vectors test) adds its signatures.
# Both test suites then verify both signatures of every vector. Then docs/test-vectors/merkle.json:
# trees, roots and proofs made by the JS Merkle code (e2e/tools/merkle-vectors.js), which
# iot-primitives' merkle_vectors test checks against the Rust code.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
step "JS: keys, messages and polkadot-js/@noble signatures"
(cd e2e && node tools/test-vectors.js)
step "Rust: iot-primitives signatures"
IOTC_UPDATE_VECTORS=1 cargo test --release -p iot-primitives --test vectors
step "Check both"
cargo test --release -p iot-primitives --test vectors
step "JS: Merkle trees, roots and proofs; Rust checks them"
(cd e2e && node tools/merkle-vectors.js)
cargo test --release -p iot-primitives --test merkle_vectors
