//! The exact messages devices and manufacturers sign (spec §3).
//!
//! Every message is `TAG ++ SCALE(fields…)`: the purpose's ASCII tag without a length prefix,
//! followed by the SCALE encoding of its fields in order. Every purpose but the factory
//! endorsement starts its fields with the chain's genesis hash, so a signature made for one chain
//! is worthless on another.

use crate::{DeviceId, DeviceKey};
use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use core::convert::Infallible;
use scale_info::TypeInfo;
use sp_core::H256;

pub use iot_payloads::{ANCHOR_TAG, ATTEST_TAG, ENDORSE_TAG, REGISTER_TAG, ROTATE_TAG};

/// Attestation evidence: what a device reports about its firmware, bound to a recent block of the
/// chain (freshness) and to a strictly increasing counter (replay protection).
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct Evidence<BlockNumber> {
	/// The attesting device.
	pub device: DeviceId,
	/// Digest of the firmware image the device runs.
	pub firmware_digest: [u8; 32],
	/// The security version (SUIT sequence number) the firmware claims.
	pub security_version: u32,
	/// The device's boot counter.
	pub boot_count: u32,
	/// A recent block number of this chain.
	pub recent_block: BlockNumber,
	/// The hash of `recent_block`.
	pub recent_hash: H256,
	/// A counter greater than the one of the device's last accepted evidence.
	pub counter: u32,
}

/// A message built by `build` into a vector (which cannot run out of room).
fn message(build: impl FnOnce(&mut Vec<u8>) -> Result<(), Infallible>) -> Vec<u8> {
	let mut message = Vec::with_capacity(iot_payloads::MAX_MESSAGE_LEN);
	match build(&mut message) {
		Ok(()) => message,
		Err(never) => match never {},
	}
}

/// The registration proof of possession, signed by the device key:
/// `"iotc:register" ++ SCALE(genesis, owner, key)`.
pub fn registration_message<AccountId: Encode>(
	genesis: &H256,
	owner: &AccountId,
	key: &DeviceKey,
) -> Vec<u8> {
	owner.using_encoded(|owner| {
		message(|out| {
			iot_payloads::registration(out, genesis.as_fixed_bytes(), owner, key.as_wire())
		})
	})
}

/// A key rotation, signed by the old key and by the new key:
/// `"iotc:rotate" ++ SCALE(genesis, device, new_key, nonce)`.
pub fn rotation_message(
	genesis: &H256,
	device: &DeviceId,
	new_key: &DeviceKey,
	nonce: u32,
) -> Vec<u8> {
	message(|out| {
		iot_payloads::rotation(
			out,
			genesis.as_fixed_bytes(),
			device.as_fixed_bytes(),
			new_key.as_wire(),
			nonce,
		)
	})
}

/// A factory endorsement, signed by the manufacturer's endorsement key; chain-agnostic (no genesis)
/// so factories can endorse keys before a device ever meets a chain:
/// `"iotc:endorse" ++ SCALE(manufacturer, model, key)`.
pub fn endorsement_message<AccountId: Encode>(
	manufacturer: &AccountId,
	model: u32,
	key: &DeviceKey,
) -> Vec<u8> {
	manufacturer.using_encoded(|manufacturer| {
		message(|out| iot_payloads::endorsement(out, manufacturer, model, key.as_wire()))
	})
}

/// Attestation evidence, signed by the device key: `"iotc:attest" ++ SCALE(genesis, evidence)`.
pub fn attestation_message<BlockNumber: Encode>(
	genesis: &H256,
	evidence: &Evidence<BlockNumber>,
) -> Vec<u8> {
	evidence.recent_block.using_encoded(|recent_block| {
		let wire = iot_payloads::Evidence {
			device: evidence.device.as_fixed_bytes(),
			firmware_digest: &evidence.firmware_digest,
			security_version: evidence.security_version,
			boot_count: evidence.boot_count,
			recent_block,
			recent_hash: evidence.recent_hash.as_fixed_bytes(),
			counter: evidence.counter,
		};
		message(|out| iot_payloads::attestation(out, genesis.as_fixed_bytes(), &wire))
	})
}

/// A data anchor, signed by the device key:
/// `"iotc:anchor" ++ SCALE(genesis, device, seq, root, leaf_count)`.
pub fn anchor_message(
	genesis: &H256,
	device: &DeviceId,
	seq: u64,
	root: &H256,
	leaf_count: u32,
) -> Vec<u8> {
	message(|out| {
		iot_payloads::anchor(
			out,
			genesis.as_fixed_bytes(),
			device.as_fixed_bytes(),
			seq,
			root.as_fixed_bytes(),
			leaf_count,
		)
	})
}

/// The preimage of a TPM quote's nonce ([`crate::tpm::quote_nonce`]):
/// `"iotc:tpm" ++ SCALE(genesis, device, recent_block, recent_hash, counter)`, followed by the
/// claimed release's digest for a quote with boot evidence ([`crate::tpm::boot_quote_nonce`]).
pub(crate) fn quote_nonce_preimage<BlockNumber: Encode>(
	genesis: &H256,
	device: &DeviceId,
	recent_block: &BlockNumber,
	recent_hash: &H256,
	counter: u32,
	release: Option<&[u8; 32]>,
) -> Vec<u8> {
	let (genesis, device, recent_hash) =
		(genesis.as_fixed_bytes(), device.as_fixed_bytes(), recent_hash.as_fixed_bytes());
	recent_block.using_encoded(|block| {
		message(|out| match release {
			None => iot_payloads::quote_nonce_preimage(
				out,
				genesis,
				device,
				block,
				recent_hash,
				counter,
			),
			Some(release) => iot_payloads::boot_quote_nonce_preimage(
				out,
				genesis,
				device,
				block,
				recent_hash,
				counter,
				release,
			),
		})
	})
}

#[cfg(test)]
mod tests {
	//! The messages written by `iot-payloads` are the SCALE encodings of the typed fields: checked
	//! here against `codec` itself, for every key scheme and both block-number widths.
	use super::*;
	use crate::{tpm::QUOTE_NONCE_TAG, DeviceSignature};

	/// `tag ++ SCALE(fields)`, by `codec`.
	fn scale(tag: &[u8], fields: impl Encode) -> Vec<u8> {
		let mut message = tag.to_vec();
		fields.encode_to(&mut message);
		message
	}

	fn keys() -> [DeviceKey; 4] {
		[
			DeviceKey::Ed25519([1; 32]),
			DeviceKey::Sr25519([2; 32]),
			DeviceKey::Ecdsa([3; 33]),
			DeviceKey::P256([4; 33]),
		]
	}

	#[test]
	fn messages_are_the_scale_encoding_of_their_fields() {
		let (genesis, device, hash) =
			(H256::repeat_byte(0xaa), H256::repeat_byte(0xbb), H256::repeat_byte(0xcc));
		let owner = [0x11u8; 32];
		for key in keys() {
			assert_eq!(
				registration_message(&genesis, &owner, &key),
				scale(REGISTER_TAG, (genesis, owner, key))
			);
			assert_eq!(
				registration_message(&genesis, &7u64, &key),
				scale(REGISTER_TAG, (genesis, 7u64, key))
			);
			assert_eq!(
				rotation_message(&genesis, &device, &key, 0x0102_0304),
				scale(ROTATE_TAG, (genesis, device, key, 0x0102_0304u32))
			);
			assert_eq!(
				endorsement_message(&owner, 9, &key),
				scale(ENDORSE_TAG, (owner, 9u32, key))
			);
			let mut wire = Vec::new();
			let Ok(()) = key.as_wire().encode_to(&mut wire);
			assert_eq!(wire, key.encode());
		}
		let evidence = Evidence {
			device,
			firmware_digest: [5; 32],
			security_version: 0x0a0b_0c0d,
			boot_count: 17,
			recent_block: 0x0102_0304u32,
			recent_hash: hash,
			counter: 3,
		};
		assert_eq!(
			attestation_message(&genesis, &evidence),
			scale(ATTEST_TAG, (genesis, &evidence))
		);
		let wide = Evidence {
			device,
			firmware_digest: [5; 32],
			security_version: 1,
			boot_count: 2,
			recent_block: 0x0102_0304_0506_0708u64,
			recent_hash: hash,
			counter: 3,
		};
		assert_eq!(attestation_message(&genesis, &wide), scale(ATTEST_TAG, (genesis, &wide)));
		assert_eq!(
			anchor_message(&genesis, &device, u64::MAX - 1, &hash, 1000),
			scale(ANCHOR_TAG, (genesis, device, u64::MAX - 1, hash, 1000u32))
		);
		assert_eq!(
			quote_nonce_preimage(&genesis, &device, &49u32, &hash, 2, None),
			scale(QUOTE_NONCE_TAG, (genesis, device, 49u32, hash, 2u32))
		);
		for signature in [
			DeviceSignature::Ed25519([1; 64]),
			DeviceSignature::Sr25519([2; 64]),
			DeviceSignature::Ecdsa([3; 65]),
			DeviceSignature::P256([4; 64]),
		] {
			let mut wire = Vec::new();
			let Ok(()) = signature.as_wire().encode_to(&mut wire);
			assert_eq!(wire, signature.encode());
		}
	}
}
