//! Chains made by `fixtures/generate.py`: every accepted shape and every refusal, each with the
//! position of the certificate at fault.

mod common;

use common::{anchor, generated, manifest, verify, verify_ders, NOW};
use iot_cert_path::{Anchor, Cert, CertError::*, ChainError, SubjectKey};

fn err(index: u8, error: iot_cert_path::CertError) -> Result<(), ChainError> {
	Err(ChainError { index, error })
}

fn outcome(chain: &[&str], anchor: &str) -> Result<(), ChainError> {
	verify(chain, anchor).map(|_| ())
}

#[test]
fn three_certificate_p256_chain_verifies_and_yields_the_device_key() {
	let chain = verify(&["p256_leaf", "p256_int2", "p256_int1"], "p256_root").unwrap();
	let key: [u8; 33] = hex::decode(manifest("p256_leaf_key")).unwrap().try_into().unwrap();
	assert_eq!(chain.leaf().subject_key(), SubjectKey::P256(key));
	assert_eq!(chain.intermediates().len(), 2);
	assert_eq!(chain.certs().count(), 3);
	assert!(chain.leaf().allows_digital_signature());
	assert_eq!(chain.leaf().hardware_module_name(), None);
}

#[test]
fn p384_rsa_and_mixed_hash_chains_verify() {
	assert_eq!(outcome(&["p384_leaf"], "p384_root"), Ok(()));
	assert_eq!(outcome(&["rsa2048_leaf"], "rsa2048_root"), Ok(()));
	assert_eq!(outcome(&["rsa4096_leaf"], "rsa4096_root"), Ok(()));
	// ecdsa-with-SHA384 by a P-256 key: the digest is truncated to the curve (SEC 1 §4.1.4).
	assert_eq!(outcome(&["p256_leaf_sha384", "p256_int2", "p256_int1"], "p256_root"), Ok(()));
	// Unknown non-critical extensions are ignored.
	assert_eq!(
		outcome(&["p256_leaf_unknown_noncritical", "p256_int2", "p256_int1"], "p256_root"),
		Ok(())
	);
}

#[test]
fn tpm_ek_chain_rsa3072_root_p384_intermediate_critical_san() {
	let chain = verify(&["ek_leaf", "ek_int_p384"], "rsa3072_root").unwrap();
	assert_eq!(chain.leaf().serial(), hex::decode("0123456789abcdef").unwrap());
	assert!(matches!(chain.leaf().subject_key(), SubjectKey::P256(_)));
	assert!(chain.leaf().subject().is_empty());
}

#[test]
fn iak_certificate_names_its_tpm_with_hardware_module_name() {
	let chain = verify(&["iak_leaf"], "oem_root").unwrap();
	let tcg_sv_tpm20 = hex::decode("6781050102").unwrap();
	let ek_serial = hex::decode("0123456789abcdef").unwrap();
	assert_eq!(
		chain.leaf().hardware_module_name(),
		Some((tcg_sv_tpm20.as_slice(), ek_serial.as_slice()))
	);
	let key: [u8; 33] = hex::decode(manifest("iak_leaf_key")).unwrap().try_into().unwrap();
	assert_eq!(chain.leaf().subject_key(), SubjectKey::P256(key));
}

#[test]
fn ed25519_device_key_is_read_from_the_leaf() {
	let chain = verify(&["p256_leaf_ed25519_key", "p256_int2", "p256_int1"], "p256_root").unwrap();
	let key: [u8; 32] =
		hex::decode(manifest("p256_leaf_ed25519_key_key")).unwrap().try_into().unwrap();
	assert_eq!(chain.leaf().subject_key(), SubjectKey::Ed25519(key));
}

#[test]
fn chain_length_limits() {
	let root = anchor("p256_root");
	assert_eq!(verify_ders(&[], &root, NOW).map(|_| ()), err(0, EmptyChain));
	let five: Vec<Vec<u8>> =
		["p256_leaf", "p256_int2", "p256_int1", "p384_leaf", "rsa2048_leaf"].map(generated).into();
	assert_eq!(verify_ders(&five, &root, NOW).map(|_| ()), err(4, ChainTooLong));
	assert_eq!(
		outcome(&["p256_leaf_too_long", "p256_int2", "p256_int1"], "p256_root"),
		err(0, TooLong)
	);
}

#[test]
fn loops_and_order() {
	// The same certificate twice, or the anchor inside the chain.
	assert_eq!(outcome(&["p256_leaf", "p256_int2", "p256_int2"], "p256_root"), err(2, Loop));
	assert_eq!(
		outcome(&["p256_leaf", "p256_int2", "p256_int1", "p256_root"], "p256_root"),
		err(3, Loop)
	);
	// Wrong order: the top certificate is not the anchor's.
	assert_eq!(
		outcome(&["p256_int1", "p256_int2", "p256_leaf"], "p256_root"),
		err(2, IssuerMismatch)
	);
	// A missing intermediate.
	assert_eq!(outcome(&["p256_leaf", "p256_int1"], "p256_root"), err(0, IssuerMismatch));
	// Another anchor.
	assert_eq!(
		outcome(&["p256_leaf", "p256_int2", "p256_int1"], "p384_root"),
		err(2, IssuerMismatch)
	);
}

#[test]
fn weak_and_unsupported_algorithms() {
	assert_eq!(
		outcome(&["p256_leaf_sha1", "p256_int2", "p256_int1"], "p256_root"),
		err(0, WeakAlgorithm)
	);
	assert_eq!(outcome(&["rsa2048_leaf_sha1"], "rsa2048_root"), err(0, WeakAlgorithm));
	assert_eq!(
		outcome(&["p256_leaf_sha512", "p256_int2", "p256_int1"], "p256_root"),
		err(0, UnsupportedAlgorithm)
	);
	assert_eq!(outcome(&["rsa2048_leaf_pss"], "rsa2048_root"), err(0, UnsupportedAlgorithm));
	assert_eq!(outcome(&["ed25519_leaf", "p256_int1"], "p256_root"), err(0, UnsupportedAlgorithm));
}

#[test]
fn issuer_keys_outside_the_profile() {
	assert_eq!(
		outcome(&["int_secp256k1_leaf", "int_secp256k1"], "p256_root"),
		err(1, UnsupportedKey)
	);
	assert_eq!(outcome(&["rsa1024_int_leaf", "rsa1024_int"], "rsa2048_root"), err(1, RsaKeySize));
	assert_eq!(Anchor::parse(&generated("rsa1024_root")).err(), Some(RsaKeySize));
	assert_eq!(Anchor::parse(&generated("rsa4608_root")).err(), Some(RsaKeySize));
	assert_eq!(Anchor::parse(&generated("ed25519_root")).err(), Some(UnsupportedKey));
}

#[test]
fn issuers_that_may_not_sign_certificates() {
	assert_eq!(outcome(&["int_ca_false_leaf", "int_ca_false"], "p256_root"), err(1, NotCa));
	assert_eq!(outcome(&["int_no_bc_leaf", "int_no_bc"], "p256_root"), err(1, NotCa));
	assert_eq!(
		outcome(&["int_no_certsign_leaf", "int_no_certsign"], "p256_root"),
		err(1, KeyUsage)
	);
	assert_eq!(outcome(&["int_no_ku_leaf", "int_no_ku"], "p256_root"), err(1, KeyUsage));
	// A leaf is no anchor.
	assert_eq!(Anchor::parse(&generated("p256_leaf")).err(), Some(NotCa));
	assert_eq!(Anchor::parse(&generated("int_no_certsign")).err(), Some(KeyUsage));
}

#[test]
fn path_length_constraint() {
	// int1 allows 0 intermediates below it, and int2 is one.
	assert_eq!(
		outcome(&["p256_leaf", "p256_int2", "p256_int1_pathlen0"], "p256_root"),
		err(2, PathLenExceeded)
	);
	// int1 with pathLen 0 directly above a leaf is fine.
	assert_eq!(outcome(&["p256_int2", "p256_int1_pathlen0"], "p256_root"), Ok(()));
}

#[test]
fn validity_against_chain_time() {
	assert_eq!(
		outcome(&["p256_leaf_expired", "p256_int2", "p256_int1"], "p256_root"),
		err(0, Expired)
	);
	assert_eq!(
		outcome(&["p256_leaf_not_yet_valid", "p256_int2", "p256_int1"], "p256_root"),
		err(0, NotYetValid)
	);
	let chain = ["p256_leaf", "p256_int2", "p256_int1"].map(generated);
	let root = anchor("p256_root");
	// 2024-06-01: before every certificate, the top one is reported first.
	assert_eq!(verify_ders(&chain, &root, 1_717_200_000).map(|_| ()), err(2, NotYetValid));
	// 2036-01-01: after every certificate.
	assert_eq!(verify_ders(&chain, &root, 2_082_758_400).map(|_| ()), err(2, Expired));
	// The bounds are inclusive: notAfter is 2035-01-01T00:00:00Z.
	assert_eq!(verify_ders(&chain, &root, 2_051_222_400).map(|_| ()), Ok(()));
	assert_eq!(verify_ders(&chain, &root, 2_051_222_401).map(|_| ()), err(2, Expired));
}

#[test]
fn extension_profile() {
	assert_eq!(
		outcome(&["p256_leaf_unknown_critical", "p256_int2", "p256_int1"], "p256_root"),
		err(0, UnknownCriticalExtension)
	);
	// nameConstraints is not processed, so a critical one is refused (in an issuer too).
	assert_eq!(
		outcome(&["p256_leaf", "int_name_constraints"], "p256_root"),
		err(1, UnknownCriticalExtension)
	);
	assert_eq!(
		outcome(&["p256_leaf_duplicate_ext", "p256_int2", "p256_int1"], "p256_root"),
		err(0, DuplicateExtension)
	);
	assert_eq!(
		outcome(&["p256_leaf_explicit_default", "p256_int2", "p256_int1"], "p256_root"),
		err(0, NonCanonical)
	);
}

#[test]
fn benchmark_chains_verify_at_timestamp_zero_and_now() {
	use iot_cert_path::{bench_fixtures as bench, verify_chain};
	let anchor = Anchor::parse(bench::ROOT).unwrap();
	for now in [0, NOW] {
		for leaf in bench::LEAVES.iter().chain([&bench::EK_LEAF]) {
			let chain =
				[leaf, bench::INTERMEDIATES[0], bench::INTERMEDIATES[1], bench::INTERMEDIATES[2]];
			let verified = verify_chain(&chain, &anchor, now).unwrap();
			assert_eq!(verified.intermediates().len(), 3);
		}
	}
	let leaf = Cert::parse(bench::LEAVES[0]).unwrap();
	let ek = Cert::parse(bench::EK_LEAF).unwrap();
	assert_eq!(leaf.hardware_module_name().map(|(_, serial)| serial), Some(ek.serial()));
	assert!(bench::LEAVES.iter().chain([&bench::ROOT]).all(|der| der.len() == 2047));
}
