//! Device keys, device signatures and their verification.
//!
//! Scheme conventions (SPEC §3), so that firmware and polkadot-js produce verifiable signatures:
//! - Ed25519 signs the message itself;
//! - Sr25519 signs the message with the `substrate` signing context;
//! - ECDSA secp256k1 signs `blake2_256(message)` (the `sp_core::ecdsa` convention), the signature
//!   being `r || s || v` with the recovery id `v`;
//! - P-256 is ECDSA with SHA-256 over the message, the signature being `r || s`.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use sp_core::{ed25519, sr25519, H256};

/// The identifier of a device: `blake2_256(SCALE(initial key))`. It stays the same for the
/// device's whole life, including across key rotations.
pub type DeviceId = H256;

/// The public key of a device, tagged with its signature scheme.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub enum DeviceKey {
	/// An Ed25519 public key.
	Ed25519([u8; 32]),
	/// A Schnorrkel/Ristretto (sr25519) public key.
	Sr25519([u8; 32]),
	/// A compressed secp256k1 public key.
	Ecdsa([u8; 33]),
	/// A compressed SEC1 NIST P-256 (secp256r1) public key, as TPM 2.0 chips and secure elements
	/// use.
	P256([u8; 33]),
}

/// A signature made by a device key.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub enum DeviceSignature {
	/// An Ed25519 signature.
	Ed25519([u8; 64]),
	/// An sr25519 signature (signing context `substrate`).
	Sr25519([u8; 64]),
	/// A recoverable secp256k1 signature `r || s || v` over `blake2_256(message)`.
	Ecdsa([u8; 65]),
	/// A P-256 ECDSA signature `r || s` over `SHA-256(message)`.
	P256([u8; 64]),
}

/// The signature scheme of a key or signature.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub enum KeyScheme {
	/// Ed25519.
	Ed25519,
	/// Sr25519.
	Sr25519,
	/// ECDSA over secp256k1.
	Ecdsa,
	/// ECDSA over NIST P-256.
	P256,
}

/// Why a device signature was not accepted.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum SignatureError {
	/// The signature's scheme is not the key's scheme.
	SchemeMismatch,
	/// The signature does not verify with the key over the message.
	Invalid,
}

impl DeviceKey {
	/// The identifier of a device whose initial key is `self`.
	pub fn device_id(&self) -> DeviceId {
		H256(sp_io::hashing::blake2_256(&self.encode()))
	}

	/// The signature scheme of this key.
	pub fn scheme(&self) -> KeyScheme {
		match self {
			Self::Ed25519(_) => KeyScheme::Ed25519,
			Self::Sr25519(_) => KeyScheme::Sr25519,
			Self::Ecdsa(_) => KeyScheme::Ecdsa,
			Self::P256(_) => KeyScheme::P256,
		}
	}

	/// Checks that `signature` is this key's signature over `message`.
	pub fn verify(
		&self,
		message: &[u8],
		signature: &DeviceSignature,
	) -> Result<(), SignatureError> {
		let valid = match (self, signature) {
			(Self::Ed25519(key), DeviceSignature::Ed25519(sig)) => sp_io::crypto::ed25519_verify(
				&ed25519::Signature::from_raw(*sig),
				message,
				&ed25519::Public::from_raw(*key),
			),
			(Self::Sr25519(key), DeviceSignature::Sr25519(sig)) => sp_io::crypto::sr25519_verify(
				&sr25519::Signature::from_raw(*sig),
				message,
				&sr25519::Public::from_raw(*key),
			),
			(Self::Ecdsa(key), DeviceSignature::Ecdsa(sig)) => {
				let digest = sp_io::hashing::blake2_256(message);
				sp_io::crypto::secp256k1_ecdsa_recover_compressed(sig, &digest)
					.is_ok_and(|recovered| recovered == *key)
			}
			(Self::P256(key), DeviceSignature::P256(sig)) => verify_p256(key, message, sig),
			_ => return Err(SignatureError::SchemeMismatch),
		};
		if valid {
			Ok(())
		} else {
			Err(SignatureError::Invalid)
		}
	}
}

impl DeviceSignature {
	/// The signature scheme of this signature.
	pub fn scheme(&self) -> KeyScheme {
		match self {
			Self::Ed25519(_) => KeyScheme::Ed25519,
			Self::Sr25519(_) => KeyScheme::Sr25519,
			Self::Ecdsa(_) => KeyScheme::Ecdsa,
			Self::P256(_) => KeyScheme::P256,
		}
	}
}

/// Verifies a P-256 ECDSA signature (`r || s`, SHA-256 over `message`) with RustCrypto's `p256`,
/// compiled into the runtime. Invalid keys and out-of-range scalars fail verification.
fn verify_p256(key: &[u8; 33], message: &[u8], signature: &[u8; 64]) -> bool {
	use p256::ecdsa::{signature::Verifier, Signature, VerifyingKey};
	let Ok(verifying_key) = VerifyingKey::from_sec1_bytes(key) else { return false };
	let Ok(signature) = Signature::from_slice(signature) else { return false };
	verifying_key.verify(message, &signature).is_ok()
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::testing::TestDevice;

	#[test]
	fn p256_accepts_low_and_high_s_forms() {
		use p256::{
			ecdsa::Signature,
			elliptic_curve::{ops::Neg, scalar::IsHigh},
		};
		let device = TestDevice::p256(7);
		let message = b"reading";
		let DeviceSignature::P256(low) = device.sign(message) else { panic!("a P-256 signature") };
		let signature = Signature::from_slice(&low).expect("valid signature");
		let (r, s) = signature.split_scalars();
		assert!(!bool::from(s.is_high()), "the test signer emits low-S");
		let high = Signature::from_scalars(r, s.neg()).expect("valid signature");
		let high: [u8; 64] = high.to_bytes().into();
		assert_eq!(device.key.verify(message, &DeviceSignature::P256(low)), Ok(()));
		assert_eq!(device.key.verify(message, &DeviceSignature::P256(high)), Ok(()));
	}

	#[test]
	fn mismatched_schemes_and_invalid_keys_are_rejected() {
		let ed = TestDevice::ed25519(1);
		let signature = ed.sign(b"m");
		assert_eq!(
			TestDevice::p256(1).key.verify(b"m", &signature),
			Err(SignatureError::SchemeMismatch)
		);
		assert_eq!(
			DeviceKey::P256([0xff; 33]).verify(b"m", &DeviceSignature::P256([1; 64])),
			Err(SignatureError::Invalid)
		);
		assert_eq!(
			DeviceKey::Ecdsa([2; 33]).verify(b"m", &DeviceSignature::Ecdsa([0; 65])),
			Err(SignatureError::Invalid)
		);
		assert_eq!(signature.scheme(), KeyScheme::Ed25519);
	}
}
