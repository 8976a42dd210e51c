//! Real TPM vendors' public root and intermediate CA certificates (tests/fixtures/vendors,
//! sources in its README): the chains vendors publish verify, with their own quirks (critical
//! certificatePolicies and extKeyUsage, P-384 roots signing P-256 CAs, SHA-1 roots).

mod common;

use common::{vendor, NOW};
use iot_cert_path::{verify_chain, Anchor, CertError, ChainError, SubjectKey};

fn check(intermediate: &str, root: &str) -> Result<(), ChainError> {
	let anchor = Anchor::parse(&vendor(root)).unwrap_or_else(|e| panic!("{root}: {e:?}"));
	verify_chain(&[&vendor(intermediate)], &anchor, NOW).map(|_| ())
}

#[test]
fn infineon_optiga_ecc_manufacturing_ca_chains_to_its_root() {
	// P-384 root, ecdsa-with-SHA384, extKeyUsage and CRL distribution points in the CA.
	assert_eq!(check("INF_ECC_010I", "INF_ECC_010RT"), Ok(()));
}

#[test]
fn stmicro_ecc_and_rsa_intermediates_chain_to_their_roots() {
	// The ECC root is itself issued by GlobalSign: as an anchor it is a name and a key.
	// Its intermediate marks certificatePolicies critical.
	assert_eq!(check("STM_ECC_01I", "STM_ECC_01RT"), Ok(()));
	// RSA-2048, sha256WithRSAEncryption.
	assert_eq!(check("STM_RSA_05I", "STM_RSA_RT"), Ok(()));
}

#[test]
fn intel_ptt_ek_intermediate_chains_to_its_root() {
	// Critical extKeyUsage (TCG EK certificate purpose) and critical certificatePolicies.
	assert_eq!(check("INTEL_I", "INTEL_RT"), Ok(()));
}

#[test]
fn infineon_rsa_intermediate_signed_with_sha1_is_weak() {
	assert_eq!(
		check("IFX_RSA_21I", "IFX_RSA_RT"),
		Err(ChainError { index: 0, error: CertError::WeakAlgorithm })
	);
}

#[test]
fn another_vendors_root_does_not_chain() {
	assert_eq!(
		check("INTEL_I", "STM_ECC_01RT"),
		Err(ChainError { index: 0, error: CertError::IssuerMismatch })
	);
}

#[test]
fn every_vendor_root_and_intermediate_is_a_usable_anchor() {
	// Nuvoton's NTC root is self-signed with SHA-1: an anchor's own signature is not checked.
	for name in [
		"INF_ECC_010RT",
		"INF_ECC_010I",
		"STM_ECC_01RT",
		"STM_ECC_01I",
		"STM_RSA_RT",
		"STM_RSA_05I",
		"INTEL_RT",
		"INTEL_I",
		"IFX_RSA_RT",
		"NUVO_2110",
		"NTC1",
	] {
		let anchor = Anchor::parse(&vendor(name)).unwrap_or_else(|e| panic!("{name}: {e:?}"));
		let key = anchor.cert().subject_key();
		assert!(
			matches!(
				key,
				SubjectKey::P256(_) | SubjectKey::P384(_) | SubjectKey::Rsa { bits: 2048 }
			),
			"{name}: {key:?}"
		);
	}
}

#[test]
fn nuvoton_names_keep_their_written_order() {
	// Nuvoton's roots list CN, O, C in one multi-valued RDN, a SET out of DER order: decoded as
	// written, so the self-signature still verifies over the same bytes and the name compares
	// as written.
	let root = vendor("NUVO_2110");
	let anchor = Anchor::parse(&root).unwrap();
	let cert = anchor.cert();
	assert_eq!(cert.issuer(), cert.subject());
	let key = cert.issuer_key().unwrap();
	let algorithm = cert.signature_algorithm().unwrap();
	assert_eq!(key.verify(algorithm, cert.signed_bytes(), cert.certificate().signature()), Ok(()));
	assert_eq!(&root[4..4 + cert.signed_bytes().len()], cert.signed_bytes());
}
