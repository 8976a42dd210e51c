//! Device keys, device signatures and their verification.
//!
//! Scheme conventions (spec §3), so that firmware and polkadot-js produce verifiable signatures:
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

/// Why a public key is refused as a device or endorsement key ([`DeviceKey::check_strength`]).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum WeakKeyError {
	/// The bytes do not encode a point of the scheme's curve (or group).
	InvalidPoint,
	/// The encoding is not the point's canonical one, so the same point would have several
	/// `DeviceId`s.
	NonCanonical,
	/// The point is the identity or of small order: a signature by it proves nothing (for
	/// Ed25519, `R = identity, s = 0` verifies for every message).
	SmallOrder,
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
	/// The key as `iot-payloads` writes it into signed messages (its SCALE encoding).
	pub fn as_wire(&self) -> iot_payloads::PublicKey<'_> {
		match self {
			Self::Ed25519(key) => iot_payloads::PublicKey::Ed25519(key),
			Self::Sr25519(key) => iot_payloads::PublicKey::Sr25519(key),
			Self::Ecdsa(key) => iot_payloads::PublicKey::Ecdsa(key),
			Self::P256(key) => iot_payloads::PublicKey::P256(key),
		}
	}

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

	/// Refuses keys that cannot prove anything: bytes that are not a point of the scheme's curve,
	/// non-canonical encodings, and the identity or small-order points. This is an explicit check
	/// made at registration, rotation and endorsement-key registration, not a side effect of
	/// signature verification:
	/// - Ed25519: the 32 bytes must decompress to a curve point whose re-compression gives the
	///   same bytes (so `y < p` and no "negative zero" `x`), and the point must not be of small
	///   order (the 8 torsion points, among them the identity `0x01 00…00`);
	/// - Sr25519: the 32 bytes must be a canonical Ristretto encoding other than the identity
	///   (Ristretto has no other small-order elements);
	/// - ECDSA secp256k1 and P-256: a compressed SEC1 point (`0x02`/`0x03` ++ x) on the curve;
	///   the identity has no compressed encoding.
	pub fn check_strength(&self) -> Result<(), WeakKeyError> {
		match self {
			Self::Ed25519(bytes) => {
				let compressed = curve25519_dalek::edwards::CompressedEdwardsY(*bytes);
				let point = compressed.decompress().ok_or(WeakKeyError::InvalidPoint)?;
				if point.compress().as_bytes() != bytes {
					return Err(WeakKeyError::NonCanonical);
				}
				if point.is_small_order() {
					return Err(WeakKeyError::SmallOrder);
				}
				Ok(())
			}
			Self::Sr25519(bytes) => {
				use curve25519_dalek::traits::IsIdentity;
				let compressed = curve25519_dalek::ristretto::CompressedRistretto(*bytes);
				let point = compressed.decompress().ok_or(WeakKeyError::InvalidPoint)?;
				if point.is_identity() {
					return Err(WeakKeyError::SmallOrder);
				}
				Ok(())
			}
			Self::Ecdsa(bytes) => k256::PublicKey::from_sec1_bytes(bytes)
				.map(|_| ())
				.map_err(|_| WeakKeyError::InvalidPoint),
			Self::P256(bytes) => p256::PublicKey::from_sec1_bytes(bytes)
				.map(|_| ())
				.map_err(|_| WeakKeyError::InvalidPoint),
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
	/// The signature as `iot-payloads` encodes it (its SCALE encoding).
	pub fn as_wire(&self) -> iot_payloads::Signature<'_> {
		match self {
			Self::Ed25519(signature) => iot_payloads::Signature::Ed25519(signature),
			Self::Sr25519(signature) => iot_payloads::Signature::Sr25519(signature),
			Self::Ecdsa(signature) => iot_payloads::Signature::Ecdsa(signature),
			Self::P256(signature) => iot_payloads::Signature::P256(signature),
		}
	}

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

	/// Ed25519 encodings of the eight small-order points (the identity among them) and of
	/// non-canonical points, from the "Taming the many EdDSAs" test vectors.
	const ED25519_SMALL_ORDER: [&str; 8] = [
		"0100000000000000000000000000000000000000000000000000000000000000",
		"ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
		"0000000000000000000000000000000000000000000000000000000000000080",
		"0000000000000000000000000000000000000000000000000000000000000000",
		"c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
		"c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa",
		"26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
		"26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85",
	];

	fn bytes32(hex_str: &str) -> [u8; 32] {
		hex::decode(hex_str).expect("hex").try_into().expect("32 bytes")
	}

	#[test]
	fn weak_ed25519_keys_are_refused() {
		for encoded in ED25519_SMALL_ORDER {
			let result = DeviceKey::Ed25519(bytes32(encoded)).check_strength();
			assert!(
				matches!(result, Err(WeakKeyError::SmallOrder | WeakKeyError::NonCanonical)),
				"{encoded}: {result:?}"
			);
		}
		// The identity is refused as small order.
		let identity = bytes32(ED25519_SMALL_ORDER[0]);
		assert_eq!(DeviceKey::Ed25519(identity).check_strength(), Err(WeakKeyError::SmallOrder));
		// y = p + 1 (non-canonical encoding of the identity's y = 1).
		let mut y = bytes32("eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f");
		assert_eq!(DeviceKey::Ed25519(y).check_strength(), Err(WeakKeyError::NonCanonical));
		// A canonical, full-order key re-encoded with the sign bit of "negative zero" x: y = 1
		// with the sign bit set decodes to x = 0, whose canonical sign bit is 0.
		y = identity;
		y[31] |= 0x80;
		assert_eq!(DeviceKey::Ed25519(y).check_strength(), Err(WeakKeyError::NonCanonical));
		// About half of all y are not the y of a curve point.
		let not_on_curve = (2u8..64).map(|y| {
			let mut bytes = [0u8; 32];
			bytes[0] = y;
			DeviceKey::Ed25519(bytes).check_strength()
		});
		assert!(not_on_curve.clone().any(|r| r == Err(WeakKeyError::InvalidPoint)));
		assert!(not_on_curve.clone().any(|r| r == Ok(())));
		assert_eq!(TestDevice::ed25519(3).key.check_strength(), Ok(()));
	}

	#[test]
	fn weak_keys_of_the_other_schemes_are_refused() {
		assert_eq!(DeviceKey::Sr25519([0; 32]).check_strength(), Err(WeakKeyError::SmallOrder));
		assert_eq!(
			DeviceKey::Sr25519([0xff; 32]).check_strength(),
			Err(WeakKeyError::InvalidPoint)
		);
		assert_eq!(TestDevice::sr25519(3).key.check_strength(), Ok(()));
		// About half of all x are not the x of a curve point, on both curves; 0xff and 0x04 are
		// not compressed SEC1 prefixes.
		for make in [DeviceKey::Ecdsa as fn([u8; 33]) -> DeviceKey, DeviceKey::P256] {
			let results: Vec<_> = (1u8..64)
				.map(|x| {
					let mut bytes = [0u8; 33];
					bytes[0] = 2;
					bytes[32] = x;
					make(bytes).check_strength()
				})
				.collect();
			assert!(results.contains(&Err(WeakKeyError::InvalidPoint)));
			assert!(results.contains(&Ok(())));
		}
		assert_eq!(DeviceKey::Ecdsa([0xff; 33]).check_strength(), Err(WeakKeyError::InvalidPoint));
		assert_eq!(DeviceKey::P256([0xff; 33]).check_strength(), Err(WeakKeyError::InvalidPoint));
		let mut uncompressed = [0u8; 33];
		uncompressed[0] = 4;
		assert_eq!(DeviceKey::P256(uncompressed).check_strength(), Err(WeakKeyError::InvalidPoint));
		assert_eq!(TestDevice::ecdsa(3).key.check_strength(), Ok(()));
		assert_eq!(TestDevice::p256(3).key.check_strength(), Ok(()));
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
