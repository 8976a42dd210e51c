//! The types of the data anchoring pallet's calls and errors, with the anchor alias for a
//! runtime's `Config`.

use crate::Error;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_system::pallet_prelude::BlockNumberFor;
use iot_primitives::{Anchor, DeviceId, DeviceSignature};
use scale_info::TypeInfo;
use sp_core::H256;

/// An anchor as stored.
pub type AnchorOf<T> = Anchor<<T as frame_system::Config>::AccountId, BlockNumberFor<T>>;

/// One anchor of an `anchor_batch`: the arguments of `anchor`.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct AnchorItem {
	/// The device whose readings the tree covers.
	pub device: DeviceId,
	/// The Merkle root.
	pub root: H256,
	/// The number of leaves.
	pub leaf_count: u32,
	/// The device's signature over the anchor payload, if the device signed.
	pub signature: Option<DeviceSignature>,
}

iot_primitives::batch_item_error! {
	/// Why one anchor failed; `anchor_batch` reports it with the item's index in
	/// [`Error::BatchItemFailed`].
	pub enum AnchorError mirrors Error {
		BadLeafCount,
		UnknownDevice,
		DeviceInactive,
		DuplicateRoot,
		BadSignature,
		NotAuthorized,
		SequenceExhausted,
	}
}
