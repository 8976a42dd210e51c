//! Runtime API declarations: implemented in `runtime/src/apis.rs`, called by the node's RPC and by
//! polkadot-js as `api.call.*`.

use crate::{
	boot::{BootPolicy, BootRecord},
	Anchor, AnchorPage, Certification, ChainError, Device, DeviceCertificate, DeviceId, DeviceKey,
	Release, TrustAnchor, TrustStatus, VerifyError,
};
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

	/// Queries of manufacturer-rooted identity (spec §12): trust anchors, the certificates of
	/// certified devices, their certification now, and a dry run of a chain.
	pub trait CertificatesApi<AccountId, BlockNumber, Balance>
	where
		AccountId: Codec,
		BlockNumber: Codec,
		Balance: Codec,
	{
		/// The trust anchor `id`.
		fn trust_anchor(id: H256) -> Option<TrustAnchor<AccountId, Balance, BlockNumber>>;
		/// Every trust anchor, global and manufacturers' own, retired ones included.
		fn trust_anchors() -> Vec<(H256, TrustAnchor<AccountId, Balance, BlockNumber>)>;
		/// The anchors `manufacturer`'s `model` accepts.
		fn model_anchors(manufacturer: AccountId, model: u32) -> Vec<H256>;
		/// `device`'s certification now (revocations and retirements applied).
		fn certification(device: DeviceId) -> Certification;
		/// The certificates recorded for `device`: hashes, revocation identifiers, anchors.
		fn device_certificate(device: DeviceId) -> Option<DeviceCertificate<BlockNumber, Balance>>;
		/// Would `chain` (DER certificates, leaf first) verify against anchor `anchor` now?
		/// `None` if there is no such anchor; otherwise the leaf's key as a device key (`None`
		/// for a key no device can have, e.g. an RSA EK) or the certificate at fault and why.
		fn verify_certificate_chain(
			anchor: H256,
			chain: Vec<Vec<u8>>,
		) -> Option<Result<Option<DeviceKey>, ChainError>>;
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

	/// Queries of measured boot (spec §13).
	pub trait MeasuredBootApi<AccountId, BlockNumber>
	where
		AccountId: Codec,
		BlockNumber: Codec,
	{
		/// The device's last boot whose event log the chain replayed against a quote: its TPM
		/// boot counters, PCR digest, event count, Secure Boot state, the boot policy's matched
		/// components or its violation.
		fn last_verified_boot(device: DeviceId) -> Option<BootRecord<BlockNumber>>;
		/// The boot policy of the release `digest` of `manufacturer`'s `model`, if it has one.
		fn boot_policy(manufacturer: AccountId, model: u32, digest: [u8; 32]) -> Option<BootPolicy>;
	}

	/// Queries of data anchoring. Version 2: roots are unique per device, not chain-wide, so a
	/// root leads to the anchors of every device that anchored it, and a verifier names the
	/// device whose anchor it trusts. Version 3: lookups by root walk a bounded page
	/// (`find_anchors_page`), and `find_anchors` is its first page.
	#[api_version(3)]
	pub trait DataAnchoringApi<AccountId, BlockNumber>
	where
		AccountId: Codec,
		BlockNumber: Codec,
	{
		/// Anchor `seq` of `device`.
		fn anchor(device: DeviceId, seq: u64) -> Option<Anchor<AccountId, BlockNumber>>;
		/// The anchors of `root`, by any device: the first page of `find_anchors_page` (at most
		/// `MaxAnchorsPerQuery`, in device-identifier order).
		fn find_anchors(root: H256) -> Vec<Anchor<AccountId, BlockNumber>>;
		/// A page of the anchors of `root`: at most `MaxAnchorsPerQuery` entries of the root's
		/// index visited, in device-identifier order, starting after device `after`; with
		/// `owner`, only the anchors of devices `owner` owns now. `next` continues the walk.
		#[api_version(3)]
		fn find_anchors_page(
			root: H256,
			after: Option<DeviceId>,
			owner: Option<AccountId>,
		) -> AnchorPage<AccountId, BlockNumber>;
		/// Checks that `leaf` is leaf `leaf_index` of the tree with root `root` that `device`
		/// anchored, using the anchor's stored leaf count; returns the anchor. Leaves longer than
		/// `MaxLeafLength` and proofs of the wrong length are refused before any hashing.
		fn verify_inclusion(
			device: DeviceId,
			root: H256,
			leaf: Vec<u8>,
			proof: Vec<H256>,
			leaf_index: u32,
		) -> Result<Anchor<AccountId, BlockNumber>, VerifyError>;
	}
}
