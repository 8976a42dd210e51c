//! Fixture loading shared by the integration tests.
#![allow(dead_code, missing_docs)]

use iot_cert_path::{verify_chain, Anchor, ChainError, VerifiedChain};
use std::path::PathBuf;

/// The tests' time: 2026-06-01T00:00:00Z (the generated chains are valid 2025-01-01..2035-01-01).
pub const NOW: u64 = 1_780_272_000;

fn path(dir: &str, name: &str) -> PathBuf {
	PathBuf::from(env!("CARGO_MANIFEST_DIR"))
		.join("tests/fixtures")
		.join(dir)
		.join(format!("{name}.der"))
}

/// A generated fixture's DER (tests/fixtures/generated, made by generate.py).
pub fn generated(name: &str) -> Vec<u8> {
	std::fs::read(path("generated", name)).unwrap_or_else(|e| panic!("fixture {name}: {e}"))
}

/// A vendor certificate's DER (tests/fixtures/vendors, see its README).
pub fn vendor(name: &str) -> Vec<u8> {
	std::fs::read(path("vendors", name)).unwrap_or_else(|e| panic!("vendor cert {name}: {e}"))
}

/// The anchor of a generated fixture.
pub fn anchor(name: &str) -> Anchor {
	Anchor::parse(&generated(name)).unwrap_or_else(|e| panic!("anchor {name}: {e:?}"))
}

/// Verifies DER certificates (leaf first) against an anchor at `now`.
pub fn verify_ders(
	chain: &[Vec<u8>],
	anchor: &Anchor,
	now: u64,
) -> Result<VerifiedChain, ChainError> {
	let refs: Vec<&[u8]> = chain.iter().map(|c| c.as_slice()).collect();
	verify_chain(&refs, anchor, now)
}

/// Verifies generated fixtures (leaf first) against a generated anchor at [`NOW`].
pub fn verify(chain: &[&str], anchor_name: &str) -> Result<VerifiedChain, ChainError> {
	let ders: Vec<Vec<u8>> = chain.iter().map(|n| generated(n)).collect();
	verify_ders(&ders, &anchor(anchor_name), NOW)
}

/// A value of the manifest written by generate.py (e.g. a leaf's public key in hex).
pub fn manifest(key: &str) -> String {
	let text = std::fs::read_to_string(
		PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/generated/manifest.json"),
	)
	.expect("manifest.json");
	let needle = format!("\"{key}\": \"");
	let start =
		text.find(&needle).unwrap_or_else(|| panic!("{key} not in manifest")) + needle.len();
	text[start..].split('"').next().expect("closing quote").to_string()
}
