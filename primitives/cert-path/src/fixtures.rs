//! The certificate fixtures of `tests/fixtures` (feature `test-fixtures`, `std` only): chains made
//! by `tests/fixtures/generate.py` and real TPM vendors' CA certificates, for this crate's tests
//! and the pallets' that verify chains. Never in a production build.

extern crate std;

use alloc::{format, string::String, vec::Vec};
use std::path::PathBuf;

/// The tests' time: 2026-06-01T00:00:00Z (the generated chains are valid 2025-01-01..2035-01-01).
pub const TEST_TIME: u64 = 1_780_272_000;

fn path(dir: &str, file: &str) -> PathBuf {
	PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(dir).join(file)
}

/// A generated fixture's DER (`tests/fixtures/generated/<name>.der`).
///
/// # Panics
/// If there is no such fixture: a test helper.
pub fn generated(name: &str) -> Vec<u8> {
	std::fs::read(path("generated", &format!("{name}.der")))
		.unwrap_or_else(|e| panic!("fixture {name}: {e}"))
}

/// A vendor certificate's DER (`tests/fixtures/vendors/<name>.der`; sources in its README).
///
/// # Panics
/// If there is no such certificate: a test helper.
pub fn vendor(name: &str) -> Vec<u8> {
	std::fs::read(path("vendors", &format!("{name}.der")))
		.unwrap_or_else(|e| panic!("vendor certificate {name}: {e}"))
}

/// A value of `generated/manifest.json`: a leaf's public key or test secret, in hex.
///
/// # Panics
/// If the manifest has no such key: a test helper.
pub fn manifest(key: &str) -> String {
	let text = std::fs::read_to_string(path("generated", "manifest.json"))
		.unwrap_or_else(|e| panic!("manifest.json: {e}"));
	let needle = format!("\"{key}\": \"");
	let start = text.find(&needle).unwrap_or_else(|| panic!("{key} not in the manifest"));
	let rest = &text[start + needle.len()..];
	rest.split('"').next().unwrap_or_default().into()
}

/// A manifest value decoded from hex into `N` bytes.
///
/// # Panics
/// If the value is not `N` bytes of hex: a test helper.
pub fn manifest_bytes<const N: usize>(key: &str) -> [u8; N] {
	let hex = manifest(key);
	let bytes: Vec<u8> = (0..hex.len())
		.step_by(2)
		.map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap_or_else(|e| panic!("{key}: {e}")))
		.collect();
	bytes.try_into().unwrap_or_else(|_| panic!("{key} is not {N} bytes"))
}
