//! Deterministic device keys that sign like real devices, for unit tests and benchmarks, and (with
//! the `test-utils` feature) the in-memory [`registry::MockRegistry`] of the pallets' unit tests.
//! Compiled only for tests and benchmarks: `test-utils` or `runtime-benchmarks`.
//!
//! In `std` builds the keys are `sp_core` pairs (and RustCrypto's `p256`); in the WASM runtime built
//! for benchmarks, Ed25519, Sr25519 and ECDSA keys live in the benchmark's keystore and sign
//! through `sp_io::crypto`, P-256 keys sign with `p256` compiled into the runtime.

use crate::{DeviceKey, DeviceSignature};

#[cfg(feature = "test-utils")]
pub mod registry;
use p256::ecdsa::{signature::Signer as _, Signature, SigningKey, VerifyingKey};

/// The private half of a test device key (a test helper: size does not matter).
#[allow(clippy::large_enum_variant)]
enum Secret {
	P256(SigningKey),
	/// A key held by the host's keystore (benchmarks in WASM).
	#[cfg(not(feature = "std"))]
	Keystore,
	#[cfg(feature = "std")]
	Ed25519(sp_core::ed25519::Pair),
	#[cfg(feature = "std")]
	Sr25519(sp_core::sr25519::Pair),
	#[cfg(feature = "std")]
	Ecdsa(sp_core::ecdsa::Pair),
}

/// A device key pair derived from a one-byte seed.
pub struct TestDevice {
	/// The public key, as registered on chain.
	pub key: DeviceKey,
	secret: Secret,
}

/// The 32-byte secret derived from `seed` (never zero, always below the P-256 group order).
fn secret_bytes(seed: u8) -> [u8; 32] {
	let mut bytes = [seed.max(1) & 0x7f; 32];
	bytes[31] = seed;
	bytes[0] = 0x11;
	bytes
}

impl TestDevice {
	/// A P-256 device key from a 32-byte secret scalar, or `None` if the scalar is not valid.
	pub fn p256_from_secret(secret: [u8; 32]) -> Option<Self> {
		let signing_key = SigningKey::from_bytes(&secret.into()).ok()?;
		let point = VerifyingKey::from(&signing_key).to_sec1_point(true);
		let key: [u8; 33] = point.as_bytes().try_into().ok()?;
		Some(Self { key: DeviceKey::P256(key), secret: Secret::P256(signing_key) })
	}

	/// A P-256 device key.
	pub fn p256(seed: u8) -> Self {
		match Self::p256_from_secret(secret_bytes(seed)) {
			Some(device) => device,
			None => unreachable!("secret_bytes is a valid P-256 scalar"),
		}
	}

	/// A device key of `scheme` from a 32-byte seed, derived as polkadot-js and @noble derive it:
	/// Ed25519 and Sr25519 mini-secret seeds, secp256k1 and P-256 secret scalars.
	#[cfg(feature = "std")]
	pub fn from_seed(scheme: crate::KeyScheme, seed: [u8; 32]) -> Option<Self> {
		use crate::KeyScheme;
		use sp_core::Pair;
		Some(match scheme {
			KeyScheme::Ed25519 => {
				let pair = sp_core::ed25519::Pair::from_seed(&seed);
				Self { key: DeviceKey::Ed25519(pair.public().0), secret: Secret::Ed25519(pair) }
			}
			KeyScheme::Sr25519 => {
				let pair = sp_core::sr25519::Pair::from_seed(&seed);
				Self { key: DeviceKey::Sr25519(pair.public().0), secret: Secret::Sr25519(pair) }
			}
			KeyScheme::Ecdsa => {
				let pair = sp_core::ecdsa::Pair::from_seed(&seed);
				Self { key: DeviceKey::Ecdsa(pair.public().0), secret: Secret::Ecdsa(pair) }
			}
			KeyScheme::P256 => return Self::p256_from_secret(seed),
		})
	}

	/// An Ed25519 device key.
	pub fn ed25519(seed: u8) -> Self {
		Self::of_scheme(crate::KeyScheme::Ed25519, seed)
	}

	/// An sr25519 device key.
	pub fn sr25519(seed: u8) -> Self {
		Self::of_scheme(crate::KeyScheme::Sr25519, seed)
	}

	/// A secp256k1 ECDSA device key.
	pub fn ecdsa(seed: u8) -> Self {
		Self::of_scheme(crate::KeyScheme::Ecdsa, seed)
	}

	/// A device key of `scheme` derived from `seed`.
	pub fn of_scheme(scheme: crate::KeyScheme, seed: u8) -> Self {
		#[cfg(feature = "std")]
		{
			Self::from_seed_or_panic(scheme, seed)
		}
		#[cfg(not(feature = "std"))]
		{
			Self::in_keystore(scheme, seed)
		}
	}

	/// A key generated in the host's keystore from the phrase `//device<seed>`.
	#[cfg(not(feature = "std"))]
	fn in_keystore(scheme: crate::KeyScheme, seed: u8) -> Self {
		use crate::KeyScheme;
		let phrase = alloc::format!("//device{seed}").into_bytes();
		let key = match scheme {
			KeyScheme::Ed25519 => {
				DeviceKey::Ed25519(sp_io::crypto::ed25519_generate(KEY_TYPE, Some(phrase)).0)
			}
			KeyScheme::Sr25519 => {
				DeviceKey::Sr25519(sp_io::crypto::sr25519_generate(KEY_TYPE, Some(phrase)).0)
			}
			KeyScheme::Ecdsa => {
				DeviceKey::Ecdsa(sp_io::crypto::ecdsa_generate(KEY_TYPE, Some(phrase)).0)
			}
			KeyScheme::P256 => return Self::p256(seed),
		};
		Self { key, secret: Secret::Keystore }
	}

	#[cfg(feature = "std")]
	fn from_seed_or_panic(scheme: crate::KeyScheme, seed: u8) -> Self {
		Self::from_seed(scheme, secret_bytes(seed))
			.unwrap_or_else(|| panic!("no {scheme:?} key for seed {seed}"))
	}

	/// One device of each scheme, seeded with `seed`.
	#[cfg(feature = "std")]
	pub fn all_schemes(seed: u8) -> [Self; 4] {
		[Self::ed25519(seed), Self::sr25519(seed), Self::ecdsa(seed), Self::p256(seed)]
	}

	/// The device's signature over `message`, following the scheme conventions of [`crate::keys`].
	pub fn sign(&self, message: &[u8]) -> DeviceSignature {
		match &self.secret {
			Secret::P256(signing_key) => {
				let signature: Signature = signing_key.sign(message);
				// Canonical low-S form, as most libraries emit; the chain accepts both forms.
				let signature = signature.normalize_s();
				let mut bytes = [0u8; 64];
				bytes.copy_from_slice(&signature.to_bytes());
				DeviceSignature::P256(bytes)
			}
			#[cfg(not(feature = "std"))]
			Secret::Keystore => self.sign_in_keystore(message),
			#[cfg(feature = "std")]
			Secret::Ed25519(pair) => DeviceSignature::Ed25519(sp_core::Pair::sign(pair, message).0),
			#[cfg(feature = "std")]
			Secret::Sr25519(pair) => DeviceSignature::Sr25519(sp_core::Pair::sign(pair, message).0),
			#[cfg(feature = "std")]
			Secret::Ecdsa(pair) => DeviceSignature::Ecdsa(sp_core::Pair::sign(pair, message).0),
		}
	}

	/// Signs with the host's keystore (the key was generated there).
	#[cfg(not(feature = "std"))]
	fn sign_in_keystore(&self, message: &[u8]) -> DeviceSignature {
		use sp_core::{ecdsa, ed25519, sr25519};
		let signed = match self.key {
			DeviceKey::Ed25519(key) => {
				sp_io::crypto::ed25519_sign(KEY_TYPE, &ed25519::Public::from_raw(key), message)
					.map(|s| DeviceSignature::Ed25519(s.0))
			}
			DeviceKey::Sr25519(key) => {
				sp_io::crypto::sr25519_sign(KEY_TYPE, &sr25519::Public::from_raw(key), message)
					.map(|s| DeviceSignature::Sr25519(s.0))
			}
			DeviceKey::Ecdsa(key) => {
				sp_io::crypto::ecdsa_sign(KEY_TYPE, &ecdsa::Public::from_raw(key), message)
					.map(|s| DeviceSignature::Ecdsa(s.0))
			}
			DeviceKey::P256(_) => None,
		};
		match signed {
			Some(signature) => signature,
			None => unreachable!("the keystore holds the keys it generated"),
		}
	}
}

/// Key type of the test device keys in a benchmark's keystore.
#[cfg(not(feature = "std"))]
const KEY_TYPE: sp_core::crypto::KeyTypeId = sp_core::crypto::KeyTypeId(*b"iotd");
