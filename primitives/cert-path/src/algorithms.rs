//! Public keys and signature algorithms: which are accepted, and the verification of a
//! certificate's signature with its issuer's key.

use crate::CertError;
use const_oid::{db::rfc5912, ObjectIdentifier};
use der::{asn1::BitString, Any, Encode, Tagged};
use p256::{ecdsa::signature::hazmat::PrehashVerifier, elliptic_curve::sec1::ToSec1Point};
use rsa::{pkcs1v15, signature::Verifier, traits::PublicKeyParts};
use sha2::{Digest, Sha256, Sha384};
use spki::{AlgorithmIdentifierOwned, SubjectPublicKeyInfoOwned};

/// `ecdsa-with-SHA1` (ANSI X9.62).
const ECDSA_WITH_SHA1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.4.1");
/// `dsa-with-sha1` (RFC 3279).
const DSA_WITH_SHA1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10040.4.3");
/// `md2WithRSAEncryption` (RFC 3279).
const MD2_WITH_RSA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.2");
/// `md5WithRSAEncryption` (RFC 3279).
const MD5_WITH_RSA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.4");
/// `sha1WithRSAEncryption` (RFC 3279).
const SHA1_WITH_RSA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.5");
/// `id-Ed25519` (RFC 8410).
const ED25519: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.101.112");

/// Smallest RSA modulus accepted in an issuer's key, in bits.
pub const RSA_MIN_BITS: usize = 2048;
/// Largest RSA modulus accepted in an issuer's key, in bits (RSA-4096 is the costliest check).
pub const RSA_MAX_BITS: usize = 4096;

/// The hash of a signature algorithm.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Hash {
	/// SHA-256.
	Sha256,
	/// SHA-384.
	Sha384,
}

/// A signature algorithm this profile verifies.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum SignatureAlgorithm {
	/// ECDSA (`ecdsa-with-SHA256`, `ecdsa-with-SHA384`) with a P-256 or P-384 issuer key.
	Ecdsa(Hash),
	/// RSASSA-PKCS1-v1_5 (`sha256WithRSAEncryption`, `sha384WithRSAEncryption`).
	RsaPkcs1(Hash),
}

impl SignatureAlgorithm {
	/// The algorithm a certificate is signed with, from its `signatureAlgorithm`.
	///
	/// SHA-1 and MD5 (with RSA, DSA or ECDSA) are [`CertError::WeakAlgorithm`]; every other
	/// algorithm but the four above is [`CertError::UnsupportedAlgorithm`]. ECDSA identifiers
	/// must have no parameters and RSA ones a NULL parameter (RFC 5758, RFC 4055).
	pub fn from_identifier(alg: &AlgorithmIdentifierOwned) -> Result<Self, CertError> {
		let (algorithm, rsa) = match alg.oid {
			rfc5912::ECDSA_WITH_SHA_256 => (Self::Ecdsa(Hash::Sha256), false),
			rfc5912::ECDSA_WITH_SHA_384 => (Self::Ecdsa(Hash::Sha384), false),
			rfc5912::SHA_256_WITH_RSA_ENCRYPTION => (Self::RsaPkcs1(Hash::Sha256), true),
			rfc5912::SHA_384_WITH_RSA_ENCRYPTION => (Self::RsaPkcs1(Hash::Sha384), true),
			ECDSA_WITH_SHA1 | DSA_WITH_SHA1 | MD2_WITH_RSA | MD5_WITH_RSA | SHA1_WITH_RSA => {
				return Err(CertError::WeakAlgorithm)
			}
			_ => return Err(CertError::UnsupportedAlgorithm),
		};
		let parameters_ok = match &alg.parameters {
			None => !rsa,
			Some(p) => rsa && is_null(p),
		};
		if parameters_ok {
			Ok(algorithm)
		} else {
			Err(CertError::Malformed)
		}
	}
}

fn is_null(any: &Any) -> bool {
	any.tag() == der::Tag::Null && any.value().is_empty()
}

/// A key that signs certificates: an anchor's or an intermediate CA's.
#[derive(Clone, Debug)]
pub enum IssuerKey {
	/// ECDSA P-256.
	P256(p256::ecdsa::VerifyingKey),
	/// ECDSA P-384.
	P384(p384::ecdsa::VerifyingKey),
	/// RSA, 2,048 to 4,096 bits.
	Rsa(rsa::PublicKey),
}

impl IssuerKey {
	/// The signing key in a CA certificate's `subjectPublicKeyInfo`.
	///
	/// Errors: [`CertError::RsaKeySize`] for RSA moduli outside 2,048–4,096 bits,
	/// [`CertError::UnsupportedKey`] for other key types, curves or invalid points.
	pub fn from_spki(spki: &SubjectPublicKeyInfoOwned) -> Result<Self, CertError> {
		let key = spki.subject_public_key.as_bytes().ok_or(CertError::UnsupportedKey)?;
		match spki.algorithm.oid {
			rfc5912::ID_EC_PUBLIC_KEY => match named_curve(&spki.algorithm)? {
				rfc5912::SECP_256_R_1 => p256::ecdsa::VerifyingKey::from_sec1_bytes(key)
					.map(Self::P256)
					.map_err(|_| CertError::UnsupportedKey),
				rfc5912::SECP_384_R_1 => p384::ecdsa::VerifyingKey::from_sec1_bytes(key)
					.map(Self::P384)
					.map_err(|_| CertError::UnsupportedKey),
				_ => Err(CertError::UnsupportedKey),
			},
			rfc5912::RSA_ENCRYPTION => {
				if !spki.algorithm.parameters.as_ref().is_some_and(is_null) {
					return Err(CertError::UnsupportedKey);
				}
				let parts = rsa::pkcs1::RsaPublicKeyRef::try_from(key)
					.map_err(|_| CertError::UnsupportedKey)?;
				let bits = bit_length(parts.modulus.as_bytes());
				if !(RSA_MIN_BITS..=RSA_MAX_BITS).contains(&bits) {
					return Err(CertError::RsaKeySize);
				}
				let n = rsa::BoxedUint::from_be_slice_vartime(parts.modulus.as_bytes());
				let e = rsa::BoxedUint::from_be_slice_vartime(parts.public_exponent.as_bytes());
				rsa::PublicKey::new_with_size_limits(n, e, RSA_MIN_BITS..=RSA_MAX_BITS)
					.map(Self::Rsa)
					.map_err(|_| CertError::UnsupportedKey)
			}
			_ => Err(CertError::UnsupportedKey),
		}
	}

	/// Verifies `signature` over `signed` (a certificate's DER `tbsCertificate`) made with
	/// `algorithm`: [`CertError::BadSignature`] if it does not verify or does not fit this key.
	pub fn verify(
		&self,
		algorithm: SignatureAlgorithm,
		signed: &[u8],
		signature: &BitString,
	) -> Result<(), CertError> {
		let signature = signature.as_bytes().ok_or(CertError::BadSignature)?;
		let verified = match (self, algorithm) {
			(Self::P256(key), SignatureAlgorithm::Ecdsa(hash)) => {
				p256::ecdsa::Signature::from_der(signature)
					.is_ok_and(|s| key.verify_prehash(&digest(hash, signed), &s).is_ok())
			}
			(Self::P384(key), SignatureAlgorithm::Ecdsa(hash)) => {
				p384::ecdsa::Signature::from_der(signature)
					.is_ok_and(|s| key.verify_prehash(&digest(hash, signed), &s).is_ok())
			}
			(Self::Rsa(key), SignatureAlgorithm::RsaPkcs1(hash)) => {
				// A signature is exactly as long as the modulus (RFC 8017 §8.2.2).
				if signature.len() != key.size() {
					return Err(CertError::BadSignature);
				}
				let signature = pkcs1v15::Signature::try_from(signature)
					.map_err(|_| CertError::BadSignature)?;
				match hash {
					Hash::Sha256 => pkcs1v15::VerifyingKey::<Sha256>::new(key.clone())
						.verify(signed, &signature)
						.is_ok(),
					Hash::Sha384 => pkcs1v15::VerifyingKey::<Sha384>::new(key.clone())
						.verify(signed, &signature)
						.is_ok(),
				}
			}
			_ => false,
		};
		if verified {
			Ok(())
		} else {
			Err(CertError::BadSignature)
		}
	}
}

/// SHA-256 or SHA-384 of `data`.
fn digest(hash: Hash, data: &[u8]) -> alloc::vec::Vec<u8> {
	match hash {
		Hash::Sha256 => Sha256::digest(data).to_vec(),
		Hash::Sha384 => Sha384::digest(data).to_vec(),
	}
}

/// The named curve of an `id-ecPublicKey` algorithm identifier (RFC 5480: `namedCurve` only).
fn named_curve(alg: &AlgorithmIdentifierOwned) -> Result<ObjectIdentifier, CertError> {
	alg.parameters
		.as_ref()
		.and_then(|p| p.decode_as::<ObjectIdentifier>().ok())
		.ok_or(CertError::UnsupportedKey)
}

/// The bit length of a big-endian unsigned integer without leading zero bytes.
fn bit_length(be: &[u8]) -> usize {
	let skip = be.iter().take_while(|b| **b == 0).count();
	match be.get(skip) {
		None => 0,
		Some(first) => (be.len() - skip) * 8 - first.leading_zeros() as usize,
	}
}

/// The public key a certificate certifies, as far as iot-chain uses it: a device key (Ed25519,
/// P-256) or a TPM's endorsement key (RSA, P-256, P-384).
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum SubjectKey {
	/// An Ed25519 key (RFC 8410).
	Ed25519([u8; 32]),
	/// A NIST P-256 key, compressed SEC1.
	P256([u8; 33]),
	/// A NIST P-384 key, compressed SEC1.
	P384([u8; 49]),
	/// An RSA key and its modulus length in bits.
	Rsa {
		/// The modulus length in bits.
		bits: u32,
	},
	/// Any other key (another curve, algorithm, or an invalid point).
	Other,
}

impl SubjectKey {
	/// The key in a `subjectPublicKeyInfo`.
	pub fn from_spki(spki: &SubjectPublicKeyInfoOwned) -> Self {
		let Some(key) = spki.subject_public_key.as_bytes() else { return Self::Other };
		match spki.algorithm.oid {
			ED25519 if spki.algorithm.parameters.is_none() => {
				key.try_into().map(Self::Ed25519).unwrap_or(Self::Other)
			}
			rfc5912::ID_EC_PUBLIC_KEY => match named_curve(&spki.algorithm) {
				Ok(rfc5912::SECP_256_R_1) => p256::PublicKey::from_sec1_bytes(key)
					.ok()
					.and_then(|k| k.to_sec1_point(true).as_bytes().try_into().ok())
					.map_or(Self::Other, Self::P256),
				Ok(rfc5912::SECP_384_R_1) => p384::PublicKey::from_sec1_bytes(key)
					.ok()
					.and_then(|k| k.to_sec1_point(true).as_bytes().try_into().ok())
					.map_or(Self::Other, Self::P384),
				_ => Self::Other,
			},
			rfc5912::RSA_ENCRYPTION => rsa::pkcs1::RsaPublicKeyRef::try_from(key)
				.map(|k| Self::Rsa {
					bits: u32::try_from(bit_length(k.modulus.as_bytes())).unwrap_or(u32::MAX),
				})
				.unwrap_or(Self::Other),
			_ => Self::Other,
		}
	}
}

/// The DER encoding of a `subjectPublicKeyInfo` (what revocation by key hashes).
pub fn spki_der(spki: &SubjectPublicKeyInfoOwned) -> Result<alloc::vec::Vec<u8>, CertError> {
	spki.to_der().map_err(|_| CertError::Malformed)
}
