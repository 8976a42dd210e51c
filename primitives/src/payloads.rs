//! The exact messages devices and manufacturers sign (spec §3).
//!
//! Every message is `TAG ++ SCALE(fields…)`: the purpose's ASCII tag without a length prefix,
//! followed by the SCALE encoding of its fields in order. Every purpose but the factory
//! endorsement starts its fields with the chain's genesis hash, so a signature made for one chain
//! is worthless on another.

use crate::{DeviceId, DeviceKey};
use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use sp_core::H256;

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

/// `tag ++ SCALE(fields)`.
pub(crate) fn tagged(tag: &[u8], fields: impl Encode) -> Vec<u8> {
	let mut message = Vec::with_capacity(tag.len().saturating_add(fields.size_hint()));
	message.extend_from_slice(tag);
	fields.encode_to(&mut message);
	message
}

/// The registration proof of possession, signed by the device key:
/// `"iotc:register" ++ SCALE(genesis, owner, key)`.
pub fn registration_message<AccountId: Encode>(
	genesis: &H256,
	owner: &AccountId,
	key: &DeviceKey,
) -> Vec<u8> {
	tagged(REGISTER_TAG, (genesis, owner, key))
}

/// A key rotation, signed by the old key and by the new key:
/// `"iotc:rotate" ++ SCALE(genesis, device, new_key, nonce)`.
pub fn rotation_message(
	genesis: &H256,
	device: &DeviceId,
	new_key: &DeviceKey,
	nonce: u32,
) -> Vec<u8> {
	tagged(ROTATE_TAG, (genesis, device, new_key, nonce))
}

/// A factory endorsement, signed by the manufacturer's endorsement key; chain-agnostic (no genesis)
/// so factories can endorse keys before a device ever meets a chain:
/// `"iotc:endorse" ++ SCALE(manufacturer, model, key)`.
pub fn endorsement_message<AccountId: Encode>(
	manufacturer: &AccountId,
	model: u32,
	key: &DeviceKey,
) -> Vec<u8> {
	tagged(ENDORSE_TAG, (manufacturer, model, key))
}

/// Attestation evidence, signed by the device key: `"iotc:attest" ++ SCALE(genesis, evidence)`.
pub fn attestation_message<BlockNumber: Encode>(
	genesis: &H256,
	evidence: &Evidence<BlockNumber>,
) -> Vec<u8> {
	tagged(ATTEST_TAG, (genesis, evidence))
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
	tagged(ANCHOR_TAG, (genesis, device, seq, root, leaf_count))
}
