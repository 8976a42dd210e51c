//! X.509 certificate path validation for iot-chain's runtime (spec §12), `no_std`.
//!
//! Chip vendors and OEMs root a device's identity in certificates: a TPM's endorsement-key (EK)
//! certificate chains to its vendor's public root, an IAK/IDevID or secure-element certificate to
//! an OEM CA. This crate checks such a chain, **leaf first**, against one trust anchor at a given
//! time, with RustCrypto's maintained crates (`x509-cert`/`der` for DER, `p256`, `p384`, `rsa`,
//! `sha2`) and no hand-written ASN.1 or big-number code:
//!
//! - at most [`MAX_CHAIN_LEN`] certificates of at most [`MAX_CERT_LEN`] bytes, in strict DER;
//! - each certificate's issuer name is its issuer's subject name (byte for byte) and its signature
//!   verifies with its issuer's key: ECDSA P-256/P-384 with SHA-256/SHA-384, RSA PKCS#1 v1.5 with
//!   SHA-256/SHA-384 and 2,048–4,096-bit keys; SHA-1 and MD5 are [`CertError::WeakAlgorithm`],
//!   anything else [`CertError::UnsupportedAlgorithm`];
//! - every issuer (intermediates and the anchor) is a CA (`basicConstraints`) allowed to sign
//!   certificates (`keyUsage` `keyCertSign`) whose `pathLenConstraint` admits the intermediates
//!   below it;
//! - every certificate of the chain is valid at the given time (the anchor's own validity is
//!   not checked: an anchor is a name and a key, retired on chain rather than by a date);
//! - unknown critical extensions are refused; the TCG EK profile's critical `subjectAltName` is
//!   decoded, with the RFC 4108 `hardwareModuleName` that binds an IAK to its TPM.
//!
//! ```
//! use iot_cert_path::{verify_chain, Anchor, CertError};
//! // A chain is refused with the position of the certificate at fault and the reason.
//! let anchor_der = include_bytes!("../tests/fixtures/vendors/INF_ECC_010RT.der");
//! let intermediate = include_bytes!("../tests/fixtures/vendors/INF_ECC_010I.der");
//! let anchor = Anchor::parse(anchor_der).unwrap();
//! let now = 1_790_000_000; // 2026-09-21
//! let chain = verify_chain(&[intermediate], &anchor, now).unwrap();
//! assert_eq!(chain.leaf().serial(), [0x4b, 0xe5, 0x5a, 0x8e]);
//! let err = verify_chain(&[&intermediate[..100]], &anchor, now).unwrap_err();
//! assert_eq!((err.index, err.error), (0, CertError::Malformed));
//! ```

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

mod algorithms;
#[cfg(feature = "bench-fixtures")]
pub mod bench_fixtures;
mod cert;
mod error;
#[cfg(feature = "test-fixtures")]
pub mod fixtures;

pub use algorithms::{Hash, IssuerKey, SignatureAlgorithm, SubjectKey, RSA_MAX_BITS, RSA_MIN_BITS};
pub use cert::{Cert, KNOWN_EXTENSIONS};
pub use error::{CertError, ChainError};

use alloc::vec::Vec;

/// The most certificates a chain may hold, leaf included, anchor excluded.
pub const MAX_CHAIN_LEN: usize = 4;
/// The longest certificate accepted, in bytes (DER).
pub const MAX_CERT_LEN: usize = 2048;

/// A trust anchor: a CA certificate whose subject and key chains end at.
#[derive(Clone, Debug)]
pub struct Anchor {
	cert: Cert,
	key: IssuerKey,
	path_len: Option<u8>,
	der: Vec<u8>,
}

impl Anchor {
	/// Decodes an anchor certificate (a vendor's root or intermediate, an OEM's CA): the profile
	/// of [`Cert::parse`], a CA allowed to sign certificates ([`CertError::NotCa`],
	/// [`CertError::KeyUsage`]) with a supported signing key ([`CertError::UnsupportedKey`],
	/// [`CertError::RsaKeySize`]). The anchor's own signature and validity are not checked
	/// (RFC 5280 §6.1.1: a trust anchor is a name and a key): an anchor signed with SHA-1 by its
	/// own issuer is usable as long as the chains below it are signed with a strong algorithm.
	pub fn parse(der: &[u8]) -> Result<Self, CertError> {
		let cert = Cert::decode(der)?;
		let path_len = cert.ca_path_len()?;
		let key = cert.issuer_key()?;
		Ok(Self { cert, key, path_len, der: der.to_vec() })
	}

	/// The anchor's certificate.
	pub fn cert(&self) -> &Cert {
		&self.cert
	}

	/// The anchor's DER bytes.
	pub fn der(&self) -> &[u8] {
		&self.der
	}
}

/// A chain that verified: its leaf and the intermediates above it.
#[derive(Clone, Debug)]
pub struct VerifiedChain {
	leaf: Cert,
	intermediates: Vec<Cert>,
}

impl VerifiedChain {
	/// The leaf certificate (the device's or the TPM's).
	pub fn leaf(&self) -> &Cert {
		&self.leaf
	}

	/// The intermediate CAs, from the leaf's issuer up to the certificate the anchor signed.
	pub fn intermediates(&self) -> &[Cert] {
		&self.intermediates
	}

	/// Every certificate of the chain, leaf first.
	pub fn certs(&self) -> impl Iterator<Item = &Cert> {
		core::iter::once(&self.leaf).chain(self.intermediates.iter())
	}
}

/// Verifies `chain` (DER certificates, **leaf first**, the anchor not included) against
/// `anchor` at `now` (seconds since the UNIX epoch).
///
/// The checks run from the certificate the anchor signed down to the leaf; the first failure is
/// returned with the position of the certificate at fault (0 for the leaf, `chain.len()` for the
/// anchor): for a refused issuer (`NotCa`, `KeyUsage`, `PathLenExceeded`, `UnsupportedKey`,
/// `RsaKeySize`) the issuer's position, otherwise the certificate's own.
pub fn verify_chain(
	chain: &[&[u8]],
	anchor: &Anchor,
	now: u64,
) -> Result<VerifiedChain, ChainError> {
	if chain.is_empty() {
		return Err(ChainError::at(0, CertError::EmptyChain));
	}
	if chain.len() > MAX_CHAIN_LEN {
		return Err(ChainError::at(MAX_CHAIN_LEN, CertError::ChainTooLong));
	}
	for (i, der) in chain.iter().enumerate() {
		if *der == anchor.der() || chain.iter().take(i).any(|earlier| earlier == der) {
			return Err(ChainError::at(i, CertError::Loop));
		}
	}
	let certs = chain
		.iter()
		.enumerate()
		.map(|(i, der)| Cert::parse(der).map_err(|e| ChainError::at(i, e)))
		.collect::<Result<Vec<_>, _>>()?;

	// From the top of the chain down: the issuer of certs[i] is certs[i + 1], or the anchor.
	let mut issuer_key = anchor.key.clone();
	let mut issuer_subject = anchor.cert.subject();
	let mut issuer_path_len = anchor.path_len;
	for (i, cert) in certs.iter().enumerate().rev() {
		// Intermediate CAs below this certificate's issuer: certs[i..1] (the leaf is not one).
		if issuer_path_len.is_some_and(|max| usize::from(max) < i) {
			return Err(ChainError::at(i + 1, CertError::PathLenExceeded));
		}
		if cert.issuer() != issuer_subject {
			return Err(ChainError::at(i, CertError::IssuerMismatch));
		}
		let algorithm = cert.signature_algorithm().map_err(|e| ChainError::at(i, e))?;
		issuer_key
			.verify(algorithm, cert.signed_bytes(), cert.certificate().signature())
			.map_err(|e| ChainError::at(i, e))?;
		cert.check_validity(now).map_err(|e| ChainError::at(i, e))?;
		if i > 0 {
			issuer_path_len = cert.ca_path_len().map_err(|e| ChainError::at(i, e))?;
			issuer_key = cert.issuer_key().map_err(|e| ChainError::at(i, e))?;
			issuer_subject = cert.subject();
		}
	}
	let mut certs = certs.into_iter();
	let leaf = certs.next().ok_or(ChainError::at(0, CertError::EmptyChain))?;
	Ok(VerifiedChain { leaf, intermediates: certs.collect() })
}
