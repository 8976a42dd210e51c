//! The signing hook and the software signers.

use crate::Error;
use iot_payloads::{PublicKey, Scheme, Signature};

/// What signs for a device: a software key ([`Ed25519Signer`], [`P256Signer`]), or a secure
/// element or TPM that keeps its key inside and implements this trait.
///
/// A signer follows the chain's scheme conventions (spec §3): Ed25519 signs the message itself,
/// P-256 is ECDSA with SHA-256 over the message (`r || s`), secp256k1 signs `blake2_256(message)`
/// (`r || s || v`).
///
/// ```
/// use iot_device_sdk::{Error, PublicKey, Scheme, SignatureBytes, Signer};
///
/// /// A secure element reached over I²C (here: a stand-in that fails).
/// struct SecureElement {
///     public_key: [u8; 33],
/// }
///
/// impl Signer for SecureElement {
///     fn public_key(&self) -> PublicKey<'_> {
///         PublicKey::P256(&self.public_key)
///     }
///     fn sign(&self, _message: &[u8]) -> Result<SignatureBytes, Error> {
///         Err(Error::SignerFailed) // the chip did not answer
///     }
/// }
/// # let chip = SecureElement { public_key: [2; 33] };
/// # assert_eq!(chip.sign(b"x"), Err(Error::SignerFailed));
/// ```
pub trait Signer {
	/// The public key the chain knows the device by.
	fn public_key(&self) -> PublicKey<'_>;

	/// The signature of `message` in the key's scheme.
	fn sign(&self, message: &[u8]) -> Result<SignatureBytes, Error>;
}

/// A signature of any scheme, owned (up to 65 bytes).
///
/// ```
/// use iot_device_sdk::{Ed25519Signer, Scheme, Signer};
///
/// let signature = Ed25519Signer::from_seed(&[1; 32]).sign(b"message")?;
/// assert_eq!((signature.scheme(), signature.as_bytes().len()), (Scheme::Ed25519, 64));
/// # Ok::<(), iot_device_sdk::Error>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct SignatureBytes {
	scheme: Scheme,
	bytes: [u8; 65],
}

impl SignatureBytes {
	/// A signature of `scheme`; `bytes` must be the scheme's signature length.
	///
	/// ```
	/// use iot_device_sdk::{Error, Scheme, SignatureBytes};
	///
	/// assert!(SignatureBytes::new(Scheme::P256, &[1; 64]).is_ok());
	/// assert_eq!(SignatureBytes::new(Scheme::P256, &[1; 65]), Err(Error::BadSignatureLength));
	/// ```
	pub fn new(scheme: Scheme, bytes: &[u8]) -> Result<Self, Error> {
		if bytes.len() != scheme.signature_len() {
			return Err(Error::BadSignatureLength);
		}
		let mut owned = [0u8; 65];
		owned.get_mut(..bytes.len()).ok_or(Error::BadSignatureLength)?.copy_from_slice(bytes);
		Ok(Self { scheme, bytes: owned })
	}

	/// The signature's scheme.
	///
	/// ```
	/// use iot_device_sdk::{Scheme, SignatureBytes};
	///
	/// assert_eq!(SignatureBytes::new(Scheme::Ecdsa, &[0; 65])?.scheme(), Scheme::Ecdsa);
	/// # Ok::<(), iot_device_sdk::Error>(())
	/// ```
	pub fn scheme(&self) -> Scheme {
		self.scheme
	}

	/// The signature's bytes (64 or 65).
	///
	/// ```
	/// use iot_device_sdk::{Scheme, SignatureBytes};
	///
	/// assert_eq!(SignatureBytes::new(Scheme::P256, &[7; 64])?.as_bytes(), &[7; 64][..]);
	/// # Ok::<(), iot_device_sdk::Error>(())
	/// ```
	pub fn as_bytes(&self) -> &[u8] {
		self.bytes.get(..self.scheme.signature_len()).unwrap_or_default()
	}

	/// The signature as the chain's `DeviceSignature`.
	///
	/// ```
	/// use iot_device_sdk::{Scheme, Signature, SignatureBytes};
	///
	/// let signature = SignatureBytes::new(Scheme::P256, &[7; 64])?;
	/// assert_eq!(signature.as_wire(), Signature::P256(&[7; 64]));
	/// # Ok::<(), iot_device_sdk::Error>(())
	/// ```
	pub fn as_wire(&self) -> Signature<'_> {
		let short = self.bytes.first_chunk::<64>();
		match (self.scheme, short) {
			(Scheme::Ecdsa, _) => Signature::Ecdsa(&self.bytes),
			(Scheme::Ed25519, Some(bytes)) => Signature::Ed25519(bytes),
			(Scheme::Sr25519, Some(bytes)) => Signature::Sr25519(bytes),
			(Scheme::P256, Some(bytes)) => Signature::P256(bytes),
			// `first_chunk::<64>` of 65 bytes always exists.
			(_, None) => Signature::Ecdsa(&self.bytes),
		}
	}

	/// Writes the SCALE encoding of the chain's `DeviceSignature` (an extrinsic argument:
	/// scheme index, then the bytes) into `buffer`.
	///
	/// ```
	/// use iot_device_sdk::{Error, Scheme, SignatureBytes};
	///
	/// let signature = SignatureBytes::new(Scheme::P256, &[7; 64])?;
	/// let mut buffer = [0u8; 66];
	/// assert_eq!(signature.encode(&mut buffer)?[0], 3); // DeviceSignature::P256
	/// assert_eq!(signature.encode(&mut [0u8; 64]), Err(Error::BufferTooSmall));
	/// # Ok::<(), Error>(())
	/// ```
	pub fn encode<'b>(&self, buffer: &'b mut [u8]) -> Result<&'b [u8], Error> {
		let mut out = iot_payloads::Buffer::new(buffer);
		self.as_wire().encode_to(&mut out)?;
		Ok(out.into_slice())
	}
}

/// A software Ed25519 key (RFC 8032, `ed25519-dalek`): the seed is the 32-byte secret, as in
/// polkadot-js and `sp_core`.
///
/// ```
/// use iot_device_sdk::{Ed25519Signer, Signer};
///
/// let signer = Ed25519Signer::from_seed(&[9; 32]);
/// let signature = signer.sign(b"hello")?;
/// assert_eq!(signature.as_bytes(), signer.sign(b"hello")?.as_bytes()); // deterministic
/// # Ok::<(), iot_device_sdk::Error>(())
/// ```
#[cfg(feature = "ed25519")]
pub struct Ed25519Signer {
	key: ed25519_dalek::SigningKey,
	public: [u8; 32],
}

#[cfg(feature = "ed25519")]
impl Ed25519Signer {
	/// The key of `seed`.
	///
	/// ```
	/// use iot_device_sdk::{Ed25519Signer, PublicKey, Signer};
	///
	/// let signer = Ed25519Signer::from_seed(&[0; 32]);
	/// assert!(matches!(signer.public_key(), PublicKey::Ed25519(key) if key[0] == 0x3b));
	/// ```
	pub fn from_seed(seed: &[u8; 32]) -> Self {
		let key = ed25519_dalek::SigningKey::from_bytes(seed);
		let public = key.verifying_key().to_bytes();
		Self { key, public }
	}
}

#[cfg(feature = "ed25519")]
impl Signer for Ed25519Signer {
	fn public_key(&self) -> PublicKey<'_> {
		PublicKey::Ed25519(&self.public)
	}

	fn sign(&self, message: &[u8]) -> Result<SignatureBytes, Error> {
		use ed25519_dalek::Signer as _;
		SignatureBytes::new(Scheme::Ed25519, &self.key.sign(message).to_bytes())
	}
}

/// A software NIST P-256 key (RustCrypto `p256`): ECDSA with SHA-256 and RFC 6979 deterministic
/// nonces (no random number generator needed), low-S signatures.
///
/// ```
/// use iot_device_sdk::{P256Signer, Signer};
///
/// let signer = P256Signer::from_secret(&[9; 32])?;
/// let signature = signer.sign(b"hello")?;
/// assert_eq!(signature.as_bytes(), signer.sign(b"hello")?.as_bytes()); // RFC 6979
/// # Ok::<(), iot_device_sdk::Error>(())
/// ```
#[cfg(feature = "p256")]
pub struct P256Signer {
	key: p256::ecdsa::SigningKey,
	public: [u8; 33],
}

#[cfg(feature = "p256")]
impl P256Signer {
	/// The key of the 32-byte big-endian secret scalar; [`Error::InvalidSecret`] if it is zero or
	/// not below the group order.
	///
	/// ```
	/// use iot_device_sdk::{Error, P256Signer};
	///
	/// assert!(P256Signer::from_secret(&[1; 32]).is_ok());
	/// assert_eq!(P256Signer::from_secret(&[0; 32]).err(), Some(Error::InvalidSecret));
	/// assert_eq!(P256Signer::from_secret(&[0xff; 32]).err(), Some(Error::InvalidSecret));
	/// ```
	pub fn from_secret(secret: &[u8; 32]) -> Result<Self, Error> {
		let key = p256::ecdsa::SigningKey::from_bytes(&(*secret).into())
			.map_err(|_| Error::InvalidSecret)?;
		let point = p256::ecdsa::VerifyingKey::from(&key).to_sec1_point(true);
		let public = point.as_bytes().try_into().map_err(|_| Error::InvalidSecret)?;
		Ok(Self { key, public })
	}
}

#[cfg(feature = "p256")]
impl Signer for P256Signer {
	fn public_key(&self) -> PublicKey<'_> {
		PublicKey::P256(&self.public)
	}

	fn sign(&self, message: &[u8]) -> Result<SignatureBytes, Error> {
		use p256::ecdsa::signature::Signer as _;
		let signature: p256::ecdsa::Signature =
			self.key.try_sign(message).map_err(|_| Error::SignerFailed)?;
		SignatureBytes::new(Scheme::P256, &signature.normalize_s().to_bytes())
	}
}
