//! Data anchoring types (spec §6): anchored Merkle roots and inclusion-proof verification results.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use sp_core::H256;

use crate::DeviceId;
use alloc::vec::Vec;

/// An anchored Merkle root of a device's readings. Anchors are permanent.
#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub struct Anchor<AccountId, BlockNumber> {
	/// The device whose readings the tree covers.
	pub device: DeviceId,
	/// The device's anchor sequence number (0, 1, 2, … per device).
	pub seq: u64,
	/// The Merkle root.
	pub root: H256,
	/// The number of leaves (readings) of the tree.
	pub leaf_count: u32,
	/// The block that anchored it.
	pub block: BlockNumber,
	/// That block's timestamp, in milliseconds since the Unix epoch.
	pub timestamp: u64,
	/// The account that submitted the anchor.
	pub submitter: AccountId,
	/// Whether the device itself signed the anchor (otherwise its owner or a gateway submitted
	/// it).
	pub device_signed: bool,
	/// Whether the device was trusted (firmware attestation) when the anchor was made, with a key
	/// its manufacturer vouched for (endorsed or certified; see
	/// [`crate::TrustStatus::is_trusted_and_vouched`]).
	pub trusted: bool,
}

/// One page of the anchors of a root (spec §6): the result of a walk over at most
/// `MaxAnchorsPerQuery` entries of the root's index, in device-identifier order, so that nobody
/// can make a lookup expensive or hide an anchor by anchoring the same root from many devices.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct AnchorPage<AccountId, BlockNumber> {
	/// The anchors of the page (only those of the owner asked for, if one was).
	pub anchors: Vec<Anchor<AccountId, BlockNumber>>,
	/// The device to continue after (the next page's `after`), if the walk stopped before the
	/// end of the root's index.
	pub next: Option<DeviceId>,
}

/// Why an inclusion proof was not accepted.
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
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum VerifyError {
	/// The leaf is longer than `MaxLeafLength` (refused before hashing).
	LeafTooLong,
	/// The named device never anchored this root.
	UnknownRoot,
	/// The leaf index is not below the anchor's leaf count.
	IndexOutOfRange,
	/// The proof's length is not the path length of the leaf index in a tree of the anchor's
	/// leaf count (refused before hashing; closes the inner-node-as-leaf second preimage).
	BadProofLength,
	/// The proof does not lead from the leaf to the root.
	BadProof,
}
