//! Helpers shared by the integration tests, on the crate's test fixtures.
#![allow(dead_code, unused_imports, missing_docs)]

pub use iot_cert_path::fixtures::{generated, manifest, vendor, TEST_TIME as NOW};
use iot_cert_path::{verify_chain, Anchor, ChainError, VerifiedChain};

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
