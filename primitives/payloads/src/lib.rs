//! # iot-payloads
//!
//! The exact bytes a device (or a manufacturer's factory) signs for each purpose, written once for
//! everything that builds them: the runtime checks signatures over these bytes (through
//! `iot_primitives::payloads`), and a device builds them with `iot-device-sdk` on a
//! microcontroller. `#![no_std]`, no allocator and no dependencies, so it links into the smallest
//! firmware.
//!
//! Every message is `TAG ++ SCALE(fields…)` (spec §3): the purpose's ASCII tag without a length
//! prefix, followed by the SCALE encoding of its fields in order. Every purpose but the factory
//! endorsement starts its fields with the chain's genesis hash, so a signature made for one chain
//! is worthless on another. The fields used are all of fixed size, so their SCALE encoding is the
//! plain concatenation written here: 32-byte hashes as they are, integers little-endian, a key or
//! signature as its scheme's index byte then its bytes. The owner account and the block number
//! are generic on the runtime side: they are passed already SCALE-encoded (32 bytes and 4 bytes
//! little-endian on iot-chain).
//!
//! Messages are written into a [`Sink`]: a fixed [`Buffer`] on a device, a `Vec<u8>` with the
//! `alloc` feature, or any hasher.
//!
//! ```
//! use iot_payloads::{registration, Buffer, PublicKey, MAX_MESSAGE_LEN};
//!
//! let mut bytes = [0u8; MAX_MESSAGE_LEN];
//! let mut message = Buffer::new(&mut bytes);
//! let (genesis, owner, key) = ([1u8; 32], [2u8; 32], [3u8; 32]);
//! registration(&mut message, &genesis, &owner, PublicKey::Ed25519(&key)).unwrap();
//! assert_eq!(message.len(), 13 + 32 + 32 + 1 + 32);
//! assert!(message.as_slice().starts_with(b"iotc:register"));
//! ```
#![no_std]

#[cfg(feature = "alloc")]
extern crate alloc;

mod keys;
mod sink;

pub use keys::{PublicKey, Scheme, Signature};
pub use sink::{Buffer, BufferTooSmall, Length, Sink};

/// Tag of the registration proof of possession.
pub const REGISTER_TAG: &[u8] = b"iotc:register";
/// Tag of a key rotation, signed by the old and the new key.
pub const ROTATE_TAG: &[u8] = b"iotc:rotate";
/// Tag of a manufacturer's factory endorsement of a device key.
pub const ENDORSE_TAG: &[u8] = b"iotc:endorse";
/// Tag of attestation evidence.
pub const ATTEST_TAG: &[u8] = b"iotc:attest";
/// Tag of a data anchor.
pub const ANCHOR_TAG: &[u8] = b"iotc:anchor";
/// Tag of the nonce a TPM quote carries in `extraData` (hashed with blake2-256).
pub const QUOTE_NONCE_TAG: &[u8] = b"iotc:tpm";

/// The longest message of any purpose with a 32-byte owner account and a block number of at most
/// 8 bytes: a buffer of this size holds every message iot-chain devices sign (the attestation,
/// 11 + 32 + 32 + 32 + 4 + 4 + 8 + 32 + 4 = 159 bytes, is the longest).
pub const MAX_MESSAGE_LEN: usize = 160;

/// The longest reading (Merkle leaf) the chain proves inclusion of: 64 KiB (the runtime's
/// `MaxLeafLength`).
pub const MAX_LEAF_LEN: usize = 64 * 1024;

/// Attestation evidence: what a device reports about its firmware, bound to a recent block of the
/// chain (freshness) and to a strictly increasing counter (replay protection). Field order is the
/// signed order.
///
/// ```
/// use iot_payloads::{attestation, Evidence, Length};
///
/// let (device, digest, hash) = ([1u8; 32], [2u8; 32], [3u8; 32]);
/// let evidence = Evidence {
///     device: &device,
///     firmware_digest: &digest,
///     security_version: 1,
///     boot_count: 4,
///     recent_block: &100u32.to_le_bytes(),
///     recent_hash: &hash,
///     counter: 9,
/// };
/// let mut length = Length::default();
/// let Ok(()) = attestation(&mut length, &[0; 32], &evidence);
/// assert_eq!(length.0, 155);
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Evidence<'a> {
	/// The attesting device's identifier.
	pub device: &'a [u8; 32],
	/// Digest of the firmware image the device runs.
	pub firmware_digest: &'a [u8; 32],
	/// The security version (SUIT sequence number) the firmware claims.
	pub security_version: u32,
	/// The device's boot counter.
	pub boot_count: u32,
	/// The SCALE encoding of a recent block number of this chain (4 bytes, little-endian, on
	/// iot-chain).
	pub recent_block: &'a [u8],
	/// The hash of that block.
	pub recent_hash: &'a [u8; 32],
	/// A counter greater than the one of the device's last accepted evidence.
	pub counter: u32,
}

/// The registration proof of possession, signed by the device key:
/// `"iotc:register" ++ SCALE(genesis, owner, key)`; `owner` is the SCALE encoding of the owner's
/// account (its 32 bytes on iot-chain).
///
/// See the crate's example.
pub fn registration<S: Sink>(
	out: &mut S,
	genesis: &[u8; 32],
	owner: &[u8],
	key: PublicKey<'_>,
) -> Result<(), S::Error> {
	out.write(REGISTER_TAG)?;
	out.write(genesis)?;
	out.write(owner)?;
	key.encode_to(out)
}

/// A key rotation, signed by the old key and by the new key:
/// `"iotc:rotate" ++ SCALE(genesis, device, new_key, nonce)`.
///
/// ```
/// use iot_payloads::{rotation, Buffer, PublicKey, MAX_MESSAGE_LEN};
///
/// let mut bytes = [0u8; MAX_MESSAGE_LEN];
/// let mut message = Buffer::new(&mut bytes);
/// rotation(&mut message, &[0; 32], &[1; 32], PublicKey::P256(&[2; 33]), 7).unwrap();
/// assert!(message.as_slice().ends_with(&7u32.to_le_bytes()));
/// ```
pub fn rotation<S: Sink>(
	out: &mut S,
	genesis: &[u8; 32],
	device: &[u8; 32],
	new_key: PublicKey<'_>,
	nonce: u32,
) -> Result<(), S::Error> {
	out.write(ROTATE_TAG)?;
	out.write(genesis)?;
	out.write(device)?;
	new_key.encode_to(out)?;
	out.write(&nonce.to_le_bytes())
}

/// A factory endorsement, signed by the manufacturer's endorsement key; chain-agnostic (no genesis)
/// so factories can endorse keys before a device ever meets a chain:
/// `"iotc:endorse" ++ SCALE(manufacturer, model, key)`; `manufacturer` is the SCALE encoding of the
/// manufacturer's account.
///
/// ```
/// use iot_payloads::{endorsement, Buffer, PublicKey, MAX_MESSAGE_LEN};
///
/// let mut bytes = [0u8; MAX_MESSAGE_LEN];
/// let mut message = Buffer::new(&mut bytes);
/// endorsement(&mut message, &[5; 32], 1, PublicKey::Ed25519(&[6; 32])).unwrap();
/// // No genesis: the manufacturer's account comes right after the tag.
/// assert!(message.as_slice().starts_with(b"iotc:endorse\x05"));
/// ```
pub fn endorsement<S: Sink>(
	out: &mut S,
	manufacturer: &[u8],
	model: u32,
	key: PublicKey<'_>,
) -> Result<(), S::Error> {
	out.write(ENDORSE_TAG)?;
	out.write(manufacturer)?;
	out.write(&model.to_le_bytes())?;
	key.encode_to(out)
}

/// Attestation evidence, signed by the device key: `"iotc:attest" ++ SCALE(genesis, evidence)`.
///
/// See [`Evidence`]'s example.
pub fn attestation<S: Sink>(
	out: &mut S,
	genesis: &[u8; 32],
	evidence: &Evidence<'_>,
) -> Result<(), S::Error> {
	out.write(ATTEST_TAG)?;
	out.write(genesis)?;
	out.write(evidence.device)?;
	out.write(evidence.firmware_digest)?;
	out.write(&evidence.security_version.to_le_bytes())?;
	out.write(&evidence.boot_count.to_le_bytes())?;
	out.write(evidence.recent_block)?;
	out.write(evidence.recent_hash)?;
	out.write(&evidence.counter.to_le_bytes())
}

/// A data anchor, signed by the device key:
/// `"iotc:anchor" ++ SCALE(genesis, device, seq, root, leaf_count)`.
///
/// ```
/// use iot_payloads::{anchor, Buffer};
///
/// let mut bytes = [0u8; 119];
/// let mut message = Buffer::new(&mut bytes);
/// anchor(&mut message, &[0; 32], &[1; 32], 3, &[2; 32], 1000).unwrap();
/// assert_eq!(message.len(), 119);
/// ```
pub fn anchor<S: Sink>(
	out: &mut S,
	genesis: &[u8; 32],
	device: &[u8; 32],
	seq: u64,
	root: &[u8; 32],
	leaf_count: u32,
) -> Result<(), S::Error> {
	out.write(ANCHOR_TAG)?;
	out.write(genesis)?;
	out.write(device)?;
	out.write(&seq.to_le_bytes())?;
	out.write(root)?;
	out.write(&leaf_count.to_le_bytes())
}

/// What a TPM quote's nonce hashes (blake2-256 gives the 32-byte `extraData`):
/// `"iotc:tpm" ++ SCALE(genesis, device, recent_block, recent_hash, counter)`, with
/// `recent_block` SCALE-encoded as in [`Evidence`].
///
/// ```
/// use iot_payloads::{quote_nonce_preimage, Length};
///
/// let mut length = Length::default();
/// let Ok(()) = quote_nonce_preimage(&mut length, &[0; 32], &[1; 32], &9u32.to_le_bytes(), &[2; 32], 1);
/// assert_eq!(length.0, 8 + 32 + 32 + 4 + 32 + 4);
/// ```
pub fn quote_nonce_preimage<S: Sink>(
	out: &mut S,
	genesis: &[u8; 32],
	device: &[u8; 32],
	recent_block: &[u8],
	recent_hash: &[u8; 32],
	counter: u32,
) -> Result<(), S::Error> {
	out.write(QUOTE_NONCE_TAG)?;
	out.write(genesis)?;
	out.write(device)?;
	out.write(recent_block)?;
	out.write(recent_hash)?;
	out.write(&counter.to_le_bytes())
}

/// What the nonce of a quote sent with boot evidence (spec §13) hashes: the
/// [`quote_nonce_preimage`] followed by the firmware digest of the release the device claims it
/// booted, so that no relayer can change the claim or strip it from the quote.
///
/// ```
/// use iot_payloads::{boot_quote_nonce_preimage, Length};
///
/// let mut length = Length::default();
/// let Ok(()) =
///     boot_quote_nonce_preimage(&mut length, &[0; 32], &[1; 32], &9u32.to_le_bytes(), &[2; 32], 1, &[3; 32]);
/// assert_eq!(length.0, 8 + 32 + 32 + 4 + 32 + 4 + 32);
/// ```
pub fn boot_quote_nonce_preimage<S: Sink>(
	out: &mut S,
	genesis: &[u8; 32],
	device: &[u8; 32],
	recent_block: &[u8],
	recent_hash: &[u8; 32],
	counter: u32,
	release: &[u8; 32],
) -> Result<(), S::Error> {
	quote_nonce_preimage(out, genesis, device, recent_block, recent_hash, counter)?;
	out.write(release)
}

#[cfg(test)]
mod tests {
	use super::*;

	fn written(build: impl FnOnce(&mut Buffer<'_>) -> Result<(), BufferTooSmall>) -> usize {
		let mut bytes = [0u8; MAX_MESSAGE_LEN];
		let mut buffer = Buffer::new(&mut bytes);
		build(&mut buffer).unwrap();
		buffer.len()
	}

	#[test]
	fn the_longest_message_fits() {
		let h = [7u8; 32];
		let evidence = Evidence {
			device: &h,
			firmware_digest: &h,
			security_version: 1,
			boot_count: 2,
			recent_block: &[0; 8],
			recent_hash: &h,
			counter: 3,
		};
		assert_eq!(written(|b| attestation(b, &h, &evidence)), MAX_MESSAGE_LEN - 1);
		let key = [9u8; 33];
		assert_eq!(written(|b| registration(b, &h, &h, PublicKey::P256(&key))), 111);
		assert_eq!(written(|b| rotation(b, &h, &h, PublicKey::Ecdsa(&key), 0)), 113);
		assert_eq!(written(|b| endorsement(b, &h, 7, PublicKey::P256(&key))), 12 + 32 + 4 + 34);
		assert_eq!(written(|b| anchor(b, &h, &h, 1, &h, 2)), 11 + 32 + 32 + 8 + 32 + 4);
		assert_eq!(
			written(|b| quote_nonce_preimage(b, &h, &h, &[0; 4], &h, 1)),
			8 + 32 + 32 + 4 + 32 + 4
		);
	}

	#[test]
	fn a_short_buffer_is_an_error_not_a_panic() {
		let h = [7u8; 32];
		for size in 0..111 {
			let mut bytes = [0u8; 111];
			let mut buffer = Buffer::new(&mut bytes[..size]);
			assert_eq!(
				registration(&mut buffer, &h, &h, PublicKey::P256(&[1; 33])),
				Err(BufferTooSmall)
			);
			assert!(buffer.len() <= size);
		}
	}

	#[test]
	fn length_counts_without_writing() {
		let mut length = Length::default();
		anchor(&mut length, &[0; 32], &[0; 32], 0, &[0; 32], 1).unwrap();
		assert_eq!(length.0, 119);
	}
}
