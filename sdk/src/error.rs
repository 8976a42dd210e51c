//! The SDK's one error type.

/// Why the SDK could not do what it was asked; nothing in the SDK panics on input.
///
/// ```
/// use iot_device_sdk::{Device, Ed25519Signer, Error};
///
/// let device = Device::new(Ed25519Signer::from_seed(&[1; 32]));
/// let mut small = [0u8; 16];
/// let result = device.registration(&[0; 32], &[1; 32], &mut small);
/// assert_eq!(result.err(), Some(Error::BufferTooSmall));
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Error {
	/// The caller's buffer cannot hold the message.
	BufferTooSmall,
	/// A reading is longer than [`crate::MAX_LEAF_LEN`]: the chain could never prove it.
	ReadingTooLong,
	/// A tree already holds `u32::MAX` readings (the chain's leaf count is a `u32`).
	TooManyReadings,
	/// A tree of no readings has no root.
	NoReadings,
	/// The reading whose proof was asked for is not in the tree.
	IndexOutOfRange,
	/// A signature's length is not its scheme's.
	BadSignatureLength,
	/// The secret is not a valid key of the scheme (e.g. a P-256 scalar of zero).
	InvalidSecret,
	/// The signer (a secure element, a TPM) failed to sign.
	SignerFailed,
}

impl From<iot_payloads::BufferTooSmall> for Error {
	fn from(_: iot_payloads::BufferTooSmall) -> Self {
		Self::BufferTooSmall
	}
}
