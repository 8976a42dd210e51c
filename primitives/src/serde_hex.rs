//! `0x`-prefixed hex for 32-byte arrays in JSON (`#[serde(with = "iot_primitives::serde_hex")]`),
//! as `H256` and `sp_core::Bytes` are written: the `iot_*` RPC's digests.

use serde::{Deserializer, Serializer};
use sp_core::bytes::{self, ExpectedLen};

/// Writes `value` as a `0x`-prefixed lowercase hex string.
pub fn serialize<S: Serializer>(value: &[u8; 32], serializer: S) -> Result<S::Ok, S::Error> {
	bytes::serialize(value, serializer)
}

/// Reads a `0x`-prefixed hex string of exactly 32 bytes.
pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<[u8; 32], D::Error> {
	let mut value = [0u8; 32];
	bytes::deserialize_check_len(deserializer, ExpectedLen::Exact(&mut value))?;
	Ok(value)
}
