//! Keys and signatures as devices sign and the chain encodes them: the scheme's index byte (the
//! variant index of `DeviceKey`/`DeviceSignature` in SCALE), then the fixed-size bytes.

use crate::Sink;

/// A device's signature scheme, with its SCALE variant index.
///
/// ```
/// use iot_payloads::Scheme;
///
/// assert_eq!((Scheme::P256 as u8, Scheme::P256.key_len(), Scheme::P256.signature_len()), (3, 33, 64));
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[repr(u8)]
pub enum Scheme {
	/// Ed25519: signs the message itself.
	Ed25519 = 0,
	/// Sr25519 (Schnorrkel, signing context `substrate`).
	Sr25519 = 1,
	/// ECDSA secp256k1 over `blake2_256(message)`, recoverable `r || s || v`.
	Ecdsa = 2,
	/// ECDSA NIST P-256 over `SHA-256(message)`, `r || s`.
	P256 = 3,
}

impl Scheme {
	/// The length of this scheme's public key.
	pub const fn key_len(self) -> usize {
		match self {
			Self::Ed25519 | Self::Sr25519 => 32,
			Self::Ecdsa | Self::P256 => 33,
		}
	}

	/// The length of this scheme's signature.
	pub const fn signature_len(self) -> usize {
		match self {
			Self::Ecdsa => 65,
			Self::Ed25519 | Self::Sr25519 | Self::P256 => 64,
		}
	}
}

/// A public key, borrowed: `iot_primitives::DeviceKey` on the chain side.
///
/// ```
/// use iot_payloads::{Buffer, PublicKey, Scheme};
///
/// let key = PublicKey::Ed25519(&[7; 32]);
/// let mut bytes = [0u8; 34];
/// let mut encoded = Buffer::new(&mut bytes);
/// key.encode_to(&mut encoded).unwrap();
/// assert_eq!((key.scheme(), encoded.len(), encoded.as_slice()[0]), (Scheme::Ed25519, 33, 0));
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum PublicKey<'a> {
	/// An Ed25519 public key.
	Ed25519(&'a [u8; 32]),
	/// An sr25519 public key.
	Sr25519(&'a [u8; 32]),
	/// A compressed secp256k1 public key.
	Ecdsa(&'a [u8; 33]),
	/// A compressed SEC1 NIST P-256 public key.
	P256(&'a [u8; 33]),
}

impl PublicKey<'_> {
	/// The key's scheme.
	pub fn scheme(&self) -> Scheme {
		match self {
			Self::Ed25519(_) => Scheme::Ed25519,
			Self::Sr25519(_) => Scheme::Sr25519,
			Self::Ecdsa(_) => Scheme::Ecdsa,
			Self::P256(_) => Scheme::P256,
		}
	}

	/// The key's bytes, without the scheme.
	pub fn bytes(&self) -> &[u8] {
		match self {
			Self::Ed25519(key) | Self::Sr25519(key) => &key[..],
			Self::Ecdsa(key) | Self::P256(key) => &key[..],
		}
	}

	/// Writes the key's SCALE encoding: its scheme's index, then its bytes. The device identifier
	/// is `blake2_256` of exactly these bytes.
	pub fn encode_to<S: Sink>(&self, out: &mut S) -> Result<(), S::Error> {
		encode_variant(self.scheme(), self.bytes(), out)
	}
}

/// A signature, borrowed: `iot_primitives::DeviceSignature` on the chain side.
///
/// ```
/// use iot_payloads::{Length, Signature};
///
/// let mut length = Length::default();
/// let Ok(()) = Signature::Ecdsa(&[1; 65]).encode_to(&mut length);
/// assert_eq!(length.0, 66);
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Signature<'a> {
	/// An Ed25519 signature.
	Ed25519(&'a [u8; 64]),
	/// An sr25519 signature.
	Sr25519(&'a [u8; 64]),
	/// A recoverable secp256k1 signature `r || s || v`.
	Ecdsa(&'a [u8; 65]),
	/// A P-256 signature `r || s`.
	P256(&'a [u8; 64]),
}

impl Signature<'_> {
	/// The signature's scheme.
	pub fn scheme(&self) -> Scheme {
		match self {
			Self::Ed25519(_) => Scheme::Ed25519,
			Self::Sr25519(_) => Scheme::Sr25519,
			Self::Ecdsa(_) => Scheme::Ecdsa,
			Self::P256(_) => Scheme::P256,
		}
	}

	/// The signature's bytes, without the scheme.
	pub fn bytes(&self) -> &[u8] {
		match self {
			Self::Ed25519(signature) | Self::Sr25519(signature) | Self::P256(signature) => {
				&signature[..]
			}
			Self::Ecdsa(signature) => &signature[..],
		}
	}

	/// Writes the signature's SCALE encoding (as an extrinsic argument): its scheme's index, then
	/// its bytes.
	pub fn encode_to<S: Sink>(&self, out: &mut S) -> Result<(), S::Error> {
		encode_variant(self.scheme(), self.bytes(), out)
	}
}

/// The SCALE encoding of a `DeviceKey` or `DeviceSignature` variant: the scheme's index, then the
/// fixed-size bytes (no length prefix).
fn encode_variant<S: Sink>(scheme: Scheme, bytes: &[u8], out: &mut S) -> Result<(), S::Error> {
	out.write(&[scheme as u8])?;
	out.write(bytes)
}
