//! Strict DER: truncations, trailing bytes, BER lengths, tampered bytes and algorithm mismatches
//! of a good certificate, each refused with its own error.

mod common;

use common::{anchor, generated, verify_ders, NOW};
use iot_cert_path::{Cert, CertError, ChainError};

fn leaf_result(leaf: Vec<u8>) -> Result<(), ChainError> {
	let chain = [leaf, generated("p256_int2"), generated("p256_int1")];
	verify_ders(&chain, &anchor("p256_root"), NOW).map(|_| ())
}

fn leaf_error(leaf: Vec<u8>) -> Result<(), ChainError> {
	Err(ChainError { index: 0, error: leaf_result(leaf).expect_err("refused").error })
}

#[test]
fn every_truncation_is_malformed() {
	let der = generated("p256_leaf");
	for len in 0..der.len() {
		assert_eq!(Cert::parse(&der[..len]).err(), Some(CertError::Malformed), "length {len}");
	}
	assert_eq!(leaf_result(der), Ok(()));
}

#[test]
fn trailing_bytes_are_malformed() {
	let mut der = generated("p256_leaf");
	der.push(0);
	assert_eq!(Cert::parse(&der).err(), Some(CertError::Malformed));
}

#[test]
fn ber_length_encoding_is_refused() {
	// The outer SEQUENCE's length in long form with a leading zero octet: valid BER, not DER.
	let der = generated("p256_leaf");
	assert_eq!(der[1], 0x82, "fixture has a two-octet length");
	let mut ber = vec![0x30, 0x83, 0x00];
	ber.extend_from_slice(&der[2..]);
	assert_eq!(Cert::parse(&ber).err(), Some(CertError::Malformed));
}

#[test]
fn tampered_signed_bytes_or_signature_fail_the_signature() {
	let der = generated("p256_leaf");
	// A byte of the subject's common name ("P-256 Device").
	let at = der.windows(6).position(|w| w == b"Device").expect("subject CN");
	let mut tampered = der.clone();
	tampered[at] ^= 0x20;
	assert_eq!(leaf_error(tampered), Err(ChainError { index: 0, error: CertError::BadSignature }));
	// The last octet of the signature's `s`.
	let mut tampered = der.clone();
	let last = tampered.len() - 1;
	tampered[last] ^= 0x01;
	assert_eq!(leaf_error(tampered), Err(ChainError { index: 0, error: CertError::BadSignature }));
}

#[test]
fn outer_algorithm_differing_from_the_signed_one_is_malformed() {
	// ecdsa-with-SHA256 → ecdsa-with-SHA384 in `signatureAlgorithm` only (the last occurrence).
	let der = generated("p256_leaf");
	let oid = [0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02];
	let at = der.windows(8).rposition(|w| w == oid).expect("signatureAlgorithm");
	let mut tampered = der.clone();
	tampered[at + 7] = 0x03;
	assert_eq!(Cert::parse(&tampered).err(), Some(CertError::Malformed));
}

#[test]
fn ecdsa_algorithm_with_parameters_is_malformed() {
	// A NULL parameter inside both ecdsa-with-SHA256 identifiers (RFC 5758: absent).
	let der = generated("p256_leaf");
	let alg = [0x30, 0x0a, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02];
	let with_null = [&[0x30, 0x0c][..], &alg[2..], &[0x05, 0x00]].concat();
	let replaced = replace_all(&der, &alg, &with_null);
	// Re-wrap: lengths of the TBS and of the certificate grew by 2 and 4 octets.
	let parsed = Cert::parse(&fix_lengths(&replaced));
	assert_eq!(parsed.err(), Some(CertError::Malformed));
}

fn replace_all(haystack: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
	let mut out = Vec::new();
	let mut i = 0;
	while i < haystack.len() {
		if haystack[i..].starts_with(from) {
			out.extend_from_slice(to);
			i += from.len();
		} else {
			out.push(haystack[i]);
			i += 1;
		}
	}
	out
}

/// Rewrites the two-octet lengths of the outer SEQUENCE and of the TBS for the new contents
/// (the fixture's certificate and TBS both use `0x82 hi lo` lengths).
fn fix_lengths(der: &[u8]) -> Vec<u8> {
	let mut out = der.to_vec();
	let total = out.len() - 4;
	out[2..4].copy_from_slice(&(total as u16).to_be_bytes());
	// TBS: starts at 4, ends before the outer signatureAlgorithm (the last 0x30 0x0c ... block).
	let alg_at = out.windows(2).rposition(|w| w == [0x30, 0x0c]).expect("outer algorithm");
	let tbs_len = alg_at - 8;
	out[6..8].copy_from_slice(&(tbs_len as u16).to_be_bytes());
	out
}
