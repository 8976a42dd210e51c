//! # Data anchoring pallet
//!
//! Devices (or their gateways) batch readings off-chain, build a binary Merkle tree over them
//! ([`iot_primitives::merkle`]) and anchor the root here. Anyone can later prove that a reading
//! was anchored, when, and by which device, with an inclusion proof checked on chain
//! ([`Pallet::verify_inclusion`], reachable through the `DataAnchoringApi` runtime API).
//!
//! - A **device-signed** anchor carries the device key's signature over
//!   `"iotc:anchor" ++ SCALE(genesis, device, seq, root, leaf_count)` with the device's next
//!   sequence number; any account may relay it.
//! - A **gateway** anchor carries no device signature; the submitter must be the device's owner or
//!   one of the owner's gateways (device registry).
//! - The device must be active. Each anchor records whether the device was trusted (firmware
//!   attestation) at that block, with a key its manufacturer vouched for (endorsed or certified):
//!   a self-asserted software key can claim any model and report public digests, so its anchors
//!   read `trusted: false` whatever its attestation says. `seq` starts at 0 per device and increases by one with every
//!   anchor.
//! - **Roots are unique per device**, not chain-wide: `DuplicateRoot` only when the same device
//!   already anchored that root, so nobody can squat another device's root (front-running an
//!   anchor with the victim's root achieves nothing). A root leads to the anchors of every device
//!   that anchored it ([`Pallet::find_anchors`]), and a verifier names the device whose anchor it
//!   trusts ([`Pallet::verify_inclusion`]).
//! - **Proofs must be exact**: a leaf longer than `MaxLeafLength`, and a proof whose length is not
//!   the path length of the leaf index in a tree of the anchor's leaf count, are refused before any
//!   hashing ([`iot_primitives::merkle::verify`]), which closes the second-preimage hole of trees
//!   whose leaves and inner nodes hash alike.
//! - Anchors are permanent; their weight and length fees pay for them.
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
pub mod migrations;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
pub mod types;
pub mod weights;

pub use types::*;
pub use weights::WeightInfo;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use alloc::vec::Vec;
	use frame_support::{pallet_prelude::*, traits::UnixTime};
	use frame_system::pallet_prelude::*;
	use iot_primitives::{
		merkle, payloads, Anchor, AnchorPage, DeviceId, DeviceRegistry, DeviceSignature,
		DeviceTrust, KeyScheme, OnDeviceRemoved, VerifyError,
	};
	use sp_core::H256;
	use sp_runtime::traits::Zero;

	/// The in-code storage version. Version 2 indexes roots per device (`AnchorsByRoot` keyed by
	/// `(root, device)`, `Blake2_128Concat` root); version 1 had one anchor per root under an
	/// `Identity` key. See [`crate::migrations`].
	pub const STORAGE_VERSION: StorageVersion = StorageVersion::new(2);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Configuration of data anchoring.
	#[pallet::config]
	pub trait Config: frame_system::Config<Hash = H256> {
		/// The device registry.
		type Registry: DeviceRegistry<Self::AccountId, BlockNumber = BlockNumberFor<Self>>;

		/// The devices' trust status (firmware attestation).
		type Trust: DeviceTrust<Self::AccountId, BlockNumberFor<Self>>;

		/// The chain's clock (the timestamp pallet).
		type Time: UnixTime;

		/// Maximum number of leaves of an anchored tree.
		#[pallet::constant]
		type MaxLeaves: Get<u32>;

		/// Maximum number of anchors in one `anchor_batch` call (at most `u16::MAX`).
		#[pallet::constant]
		type MaxBatch: Get<u32>;

		/// Maximum length in bytes of a leaf `verify_inclusion` hashes (at least 64 KiB).
		#[pallet::constant]
		type MaxLeafLength: Get<u32>;

		/// Maximum number of entries of a root's index one lookup by root (`find_anchors_page`)
		/// visits, and so the most anchors it returns.
		#[pallet::constant]
		type MaxAnchorsPerQuery: Get<u32>;

		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;

		/// Registers the devices, models and gateways the benchmarks need, and makes devices
		/// trusted.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: iot_primitives::RegistryBenchmarkHelper<Self::AccountId>
			+ iot_primitives::TrustBenchmarkHelper;
	}

	/// Anchors by device and sequence number.
	#[pallet::storage]
	pub type Anchors<T: Config> =
		StorageDoubleMap<_, Identity, DeviceId, Twox64Concat, u64, AnchorOf<T>>;

	/// The anchors of each root, per device: (root, device) → sequence number. Roots are chosen
	/// by users, so they are hashed (`Blake2_128Concat`); device identifiers are already
	/// blake2-256 hashes of keys.
	#[pallet::storage]
	pub type AnchorsByRoot<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, H256, Identity, DeviceId, u64>;

	/// The next sequence number of each device.
	#[pallet::storage]
	pub type NextSeq<T: Config> = StorageMap<_, Identity, DeviceId, u64, ValueQuery>;

	/// Events of data anchoring.
	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A Merkle root was anchored.
		Anchored {
			/// The device.
			device: DeviceId,
			/// The anchor's sequence number for the device.
			seq: u64,
			/// The Merkle root.
			root: H256,
			/// The number of leaves of the tree.
			leaf_count: u32,
			/// The account that submitted the anchor.
			submitter: T::AccountId,
			/// Whether the device signed the anchor.
			device_signed: bool,
			/// Whether the device was trusted at this block, with a vouched-for key.
			trusted: bool,
		},
	}

	/// Errors of data anchoring.
	#[pallet::error]
	pub enum Error<T> {
		/// `leaf_count` is 0 or above `MaxLeaves`.
		///
		/// Fix: send 1 to `MaxLeaves` leaves per anchor; split larger batches.
		BadLeafCount,
		/// No such device.
		///
		/// Fix: check the device id or register the device first.
		UnknownDevice,
		/// The device is suspended or revoked.
		///
		/// Fix: resume the device (owner) before it anchors.
		DeviceInactive,
		/// This device already anchored this root.
		///
		/// Fix: nothing to do: the root is anchored (`iot_anchor` shows it); a new batch of
		/// readings has a new root.
		DuplicateRoot,
		/// The device signature does not verify over the anchor payload with the next sequence
		/// number.
		///
		/// Fix: sign the anchor payload (docs/device-integration.md) with the device's next sequence
		/// number (`dataAnchoring.nextSeq(device)`) and its current key.
		BadSignature,
		/// Without a device signature, only the owner or one of its gateways may anchor.
		///
		/// Fix: have the device sign, or submit from its owner or an authorised gateway
		/// (`addGateway`).
		NotAuthorized,
		/// The device's sequence numbers are exhausted.
		///
		/// Fix: register the device with a new key: it has anchored 2^64 times.
		SequenceExhausted,
		/// An anchor of an `anchor_batch` failed; nothing was anchored.
		///
		/// Fix: fix the item at `index` as its `error` says and submit the batch again.
		BatchItemFailed {
			/// Position of the failing anchor in the batch.
			index: u16,
			/// Why it failed.
			error: AnchorError,
		},
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(T::MaxLeaves::get() >= 1 << 20, "MaxLeaves must be at least 2^20");
			assert!(T::MaxLeafLength::get() >= 1 << 16, "MaxLeafLength must be at least 64 KiB");
			assert!(T::MaxAnchorsPerQuery::get() >= 1, "MaxAnchorsPerQuery must be at least 1");
			assert!(T::MaxBatch::get() >= 1, "MaxBatch must allow at least one anchor");
			assert!(
				T::MaxBatch::get() <= u32::from(u16::MAX),
				"MaxBatch must fit the u16 index of BatchItemFailed"
			);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Anchors `root`, the Merkle root of `leaf_count` readings of `device`. With a
		/// `signature` (by the device key, over the anchor payload with the device's next
		/// sequence number) any account may submit; without one, the device's owner or one of its
		/// gateways.
		#[pallet::call_index(0)]
		#[pallet::weight(Pallet::<T>::anchor_weight(signature))]
		pub fn anchor(
			origin: OriginFor<T>,
			device: DeviceId,
			root: H256,
			leaf_count: u32,
			signature: Option<DeviceSignature>,
		) -> DispatchResult {
			let submitter = ensure_signed(origin)?;
			let item = AnchorItem { device, root, leaf_count, signature };
			Self::do_anchor(&submitter, item).map_err(Error::<T>::from)?;
			Ok(())
		}

		/// Anchors up to `MaxBatch` roots, all or none: if one fails, nothing is anchored and the
		/// error names the failing index and reason.
		#[pallet::call_index(1)]
		#[pallet::weight(Pallet::<T>::anchor_batch_weight(items))]
		pub fn anchor_batch(
			origin: OriginFor<T>,
			items: BoundedVec<AnchorItem, T::MaxBatch>,
		) -> DispatchResult {
			let submitter = ensure_signed(origin)?;
			for (index, item) in items.into_iter().enumerate() {
				Self::do_anchor(&submitter, item).map_err(|error| {
					// `integrity_test` guarantees that `MaxBatch` fits in a `u16`.
					let index = u16::try_from(index).unwrap_or(u16::MAX);
					Error::<T>::BatchItemFailed { index, error }
				})?;
			}
			Ok(())
		}
	}

	impl<T: Config> Pallet<T> {
		/// The weight of `anchor`: the cost of verifying the signature depends on its scheme, and
		/// a gateway anchor verifies none.
		pub fn anchor_weight(signature: &Option<DeviceSignature>) -> Weight {
			match signature.as_ref().map(DeviceSignature::scheme) {
				None => T::WeightInfo::anchor_unsigned(),
				Some(KeyScheme::Ed25519) => T::WeightInfo::anchor_ed25519(),
				Some(KeyScheme::Sr25519) => T::WeightInfo::anchor_sr25519(),
				Some(KeyScheme::Ecdsa) => T::WeightInfo::anchor_ecdsa(),
				Some(KeyScheme::P256) => T::WeightInfo::anchor_p256(),
			}
		}

		/// The weight of `anchor_batch`: a batch of `items.len()` gateway anchors (benchmarked as
		/// `anchor_batch`) plus, for every device-signed item, what verifying its signature adds
		/// to a gateway anchor, by the signature's scheme. An Ed25519 fleet is therefore not
		/// charged P-256 prices, and a P-256 fleet pays for every P-256 verification.
		pub fn anchor_batch_weight(items: &[AnchorItem]) -> Weight {
			let gateway_anchor = T::WeightInfo::anchor_unsigned();
			let signatures = items.iter().fold(Weight::zero(), |total, item| {
				let anchor = Self::anchor_weight(&item.signature);
				total.saturating_add(anchor.saturating_sub(gateway_anchor))
			});
			let count = u32::try_from(items.len()).unwrap_or(u32::MAX);
			T::WeightInfo::anchor_batch(count).saturating_add(signatures)
		}

		/// The chain's genesis hash, which device-signed anchors commit to.
		pub fn genesis_hash() -> H256 {
			frame_system::Pallet::<T>::block_hash(BlockNumberFor::<T>::zero())
		}

		/// Checks and records one anchor (cheap checks first, the signature last) as `anchor`
		/// and each item of `anchor_batch` do; public for state builders that start a chain
		/// with anchors (the node's `scale:` chains). Changes nothing on error.
		pub fn do_anchor(submitter: &T::AccountId, item: AnchorItem) -> Result<u64, AnchorError> {
			let AnchorItem { device, root, leaf_count, signature } = item;
			ensure!(
				leaf_count >= 1 && leaf_count <= T::MaxLeaves::get(),
				AnchorError::BadLeafCount
			);
			let record = T::Registry::device(&device).ok_or(AnchorError::UnknownDevice)?;
			ensure!(record.is_active(), AnchorError::DeviceInactive);
			ensure!(!AnchorsByRoot::<T>::contains_key(root, device), AnchorError::DuplicateRoot);
			let seq = NextSeq::<T>::get(device);
			let next = seq.checked_add(1).ok_or(AnchorError::SequenceExhausted)?;
			let device_signed = match signature {
				Some(signature) => {
					let message = payloads::anchor_message(
						&Self::genesis_hash(),
						&device,
						seq,
						&root,
						leaf_count,
					);
					record
						.key
						.verify(&message, &signature)
						.map_err(|_| AnchorError::BadSignature)?;
					true
				}
				None => {
					ensure!(
						record.owner == *submitter
							|| T::Registry::is_gateway(&record.owner, submitter),
						AnchorError::NotAuthorized
					);
					false
				}
			};
			let trusted = T::Trust::trust_status(&device, &record).is_trusted_and_vouched();
			let anchor = Anchor {
				device,
				seq,
				root,
				leaf_count,
				block: frame_system::Pallet::<T>::block_number(),
				timestamp: u64::try_from(T::Time::now().as_millis()).unwrap_or(u64::MAX),
				submitter: submitter.clone(),
				device_signed,
				trusted,
			};
			Anchors::<T>::insert(device, seq, anchor);
			AnchorsByRoot::<T>::insert(root, device, seq);
			NextSeq::<T>::insert(device, next);
			Self::deposit_event(Event::Anchored {
				device,
				seq,
				root,
				leaf_count,
				submitter: submitter.clone(),
				device_signed,
				trusted,
			});
			Ok(seq)
		}

		/// The anchor number `seq` of `device`.
		pub fn anchor_at(device: &DeviceId, seq: u64) -> Option<AnchorOf<T>> {
			Anchors::<T>::get(device, seq)
		}

		/// The anchor of `root` by `device`.
		pub fn anchor_of(device: &DeviceId, root: &H256) -> Option<AnchorOf<T>> {
			let seq = AnchorsByRoot::<T>::get(root, device)?;
			Anchors::<T>::get(device, seq)
		}

		/// The anchors of `root` by any device: the first page of [`Self::find_anchors_page`].
		pub fn find_anchors(root: &H256) -> Vec<AnchorOf<T>> {
			Self::find_anchors_page(root, None, None).anchors
		}

		/// A page of the anchors of `root`: the walk visits at most `MaxAnchorsPerQuery` entries
		/// of the root's index, in device-identifier order, starting after device `after`; with
		/// `owner`, it keeps only the anchors of devices `owner` owns now. `next` is where the
		/// next page starts if the walk stopped before the end. However many devices anchor a
		/// root, a lookup costs the same, and every anchor can be reached page by page (an owner
		/// finds its own through the filter; a verifier who knows the device uses
		/// [`Self::anchor_of`]).
		pub fn find_anchors_page(
			root: &H256,
			after: Option<DeviceId>,
			owner: Option<&T::AccountId>,
		) -> AnchorPage<T::AccountId, BlockNumberFor<T>> {
			let limit = usize::try_from(T::MaxAnchorsPerQuery::get()).unwrap_or(usize::MAX);
			let mut entries = match after {
				Some(device) => AnchorsByRoot::<T>::iter_prefix_from(
					root,
					AnchorsByRoot::<T>::hashed_key_for(root, device),
				),
				None => AnchorsByRoot::<T>::iter_prefix(root),
			};
			let mut anchors = Vec::new();
			let mut last = None;
			for (device, seq) in entries.by_ref().take(limit) {
				last = Some(device);
				let wanted = owner.is_none_or(|owner| {
					T::Registry::device(&device).is_some_and(|record| record.owner == *owner)
				});
				if let Some(anchor) = wanted.then(|| Anchors::<T>::get(device, seq)).flatten() {
					anchors.push(anchor);
				}
			}
			let next = if entries.next().is_some() { last } else { None };
			AnchorPage { anchors, next }
		}

		/// Checks that `leaf` is leaf `leaf_index` of the tree with root `root` that `device`
		/// anchored (of the anchor's stored leaf count) and returns the anchor. The cheap checks
		/// run first: a leaf longer than `MaxLeafLength` and a proof of the wrong length are
		/// refused before anything is hashed.
		pub fn verify_inclusion(
			device: &DeviceId,
			root: &H256,
			leaf: &[u8],
			proof: &[H256],
			leaf_index: u32,
		) -> Result<AnchorOf<T>, VerifyError> {
			let max_leaf = usize::try_from(T::MaxLeafLength::get()).unwrap_or(usize::MAX);
			ensure!(leaf.len() <= max_leaf, VerifyError::LeafTooLong);
			let anchor = Self::anchor_of(device, root).ok_or(VerifyError::UnknownRoot)?;
			let expected = merkle::proof_length(anchor.leaf_count, leaf_index)
				.ok_or(VerifyError::IndexOutOfRange)?;
			ensure!(
				usize::try_from(expected).is_ok_and(|expected| expected == proof.len()),
				VerifyError::BadProofLength
			);
			ensure!(
				merkle::verify(root, proof, anchor.leaf_count, leaf_index, leaf),
				VerifyError::BadProof
			);
			Ok(anchor)
		}

		/// Checks the pallet's invariants: every anchor is indexed by its root and device, and
		/// sequence numbers are below the device's next one (a decommissioned device's counter is
		/// gone while its anchors stay).
		#[cfg(any(feature = "try-runtime", test))]
		pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
			for (device, seq, anchor) in Anchors::<T>::iter() {
				ensure!(
					anchor.device == device && anchor.seq == seq,
					"anchor stored under wrong key"
				);
				ensure!(
					AnchorsByRoot::<T>::get(anchor.root, device) == Some(seq),
					"anchor not indexed by its root"
				);
				let next = NextSeq::<T>::get(device);
				ensure!(next == 0 || seq < next, "anchor at or beyond the next sequence");
			}
			for (root, device, seq) in AnchorsByRoot::<T>::iter() {
				ensure!(
					Anchors::<T>::get(device, seq).is_some_and(|a| a.root == root),
					"root index points at another anchor"
				);
			}
			Ok(())
		}
	}

	/// A decommissioned device's sequence counter goes with it (its identifier can never be
	/// registered again); its anchors are permanent evidence and stay.
	impl<T: Config> OnDeviceRemoved for Pallet<T> {
		fn on_device_removed(device: &DeviceId) {
			NextSeq::<T>::remove(device);
		}
	}
}
