//! Runtime API declarations: implemented in `runtime/src/apis.rs`, called by the node's RPC and by
//! polkadot-js as `api.call.*`.

use crate::{Anchor, Device, DeviceId, Release, TrustStatus, VerifyError};
use alloc::vec::Vec;
use codec::Codec;
use sp_core::H256;

sp_api::decl_runtime_apis! {
	/// Queries of the device registry.
	pub trait DeviceRegistryApi<AccountId, BlockNumber, Balance>
	where
		AccountId: Codec,
		BlockNumber: Codec,
		Balance: Codec,
	{
		/// The device `id`, if registered.
		fn device(id: DeviceId) -> Option<Device<AccountId, BlockNumber, Balance, Vec<u8>>>;
		/// The devices `owner` owns.
		fn devices_of(owner: AccountId) -> Vec<DeviceId>;
	}

	/// Queries of firmware attestation.
	pub trait FirmwareAttestationApi<AccountId, BlockNumber, Balance>
	where
		AccountId: Codec,
		BlockNumber: Codec,
		Balance: Codec,
	{
		/// Whether `device` is trusted now, and why (not).
		fn trust_status(device: DeviceId) -> TrustStatus<BlockNumber>;
		/// The release `digest` of `manufacturer`'s `model`, if published.
		fn release(
			manufacturer: AccountId,
			model: u32,
			digest: [u8; 32],
		) -> Option<Release<Vec<u8>, BlockNumber, Balance>>;
	}

	/// Queries of data anchoring.
	pub trait DataAnchoringApi<AccountId, BlockNumber>
	where
		AccountId: Codec,
		BlockNumber: Codec,
	{
		/// Anchor `seq` of `device`.
		fn anchor(device: DeviceId, seq: u64) -> Option<Anchor<AccountId, BlockNumber>>;
		/// The anchor of `root`.
		fn find_anchor(root: H256) -> Option<Anchor<AccountId, BlockNumber>>;
		/// Checks that `leaf` is leaf `leaf_index` of an anchored tree with root `root`, using the
		/// anchor's stored leaf count; returns the anchor.
		fn verify_inclusion(
			root: H256,
			leaf: Vec<u8>,
			proof: Vec<H256>,
			leaf_index: u32,
		) -> Result<Anchor<AccountId, BlockNumber>, VerifyError>;
	}
}
