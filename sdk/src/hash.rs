//! blake2-256 (unkeyed BLAKE2b with a 32-byte output), as `sp_io::hashing::blake2_256`.

use blake2::{digest::consts::U32, Blake2b, Digest};
use core::convert::Infallible;
use iot_payloads::Sink;

/// An incremental blake2-256: a [`Sink`] so that messages are hashed as they are written.
#[derive(Clone, Default)]
pub(crate) struct Blake2_256(Blake2b<U32>);

impl Blake2_256 {
	/// The digest of everything written.
	pub(crate) fn finish(self) -> [u8; 32] {
		self.0.finalize().into()
	}
}

impl Sink for Blake2_256 {
	type Error = Infallible;

	fn write(&mut self, bytes: &[u8]) -> Result<(), Infallible> {
		self.0.update(bytes);
		Ok(())
	}
}

/// `blake2_256(bytes)`.
///
/// ```
/// let digest = iot_device_sdk::blake2_256(b"");
/// assert_eq!(digest[..4], [0x0e, 0x57, 0x51, 0xc0]);
/// ```
pub fn blake2_256(bytes: &[u8]) -> [u8; 32] {
	Blake2b::<U32>::digest(bytes).into()
}

/// `blake2_256(left ++ right)`: a parent node of a Merkle tree.
pub(crate) fn blake2_256_pair(left: &[u8; 32], right: &[u8; 32]) -> [u8; 32] {
	let mut hasher = Blake2b::<U32>::new();
	hasher.update(left);
	hasher.update(right);
	hasher.finalize().into()
}
