//! # Device registry pallet
//!
//! The root of trust of iot-chain: which devices exist, which key each one holds, who owns it, who
//! made it, and whether it may still be trusted.
//!
//! - **Manufacturers** are admitted by the `ManufacturerOrigin`. A manufacturer defines models and
//!   may publish an endorsement key with which its factory endorses device keys.
//! - **Devices** are registered by their future owner with a *proof of possession*: the device key
//!   signs the registration payload (`"iotc:register" ++ SCALE(genesis, owner, key)`), which binds
//!   the key to this chain and to this owner. A factory endorsement, when given, marks the device
//!   `endorsed`. The owner's `DeviceDeposit` is held for as long as the device is registered.
//! - The `DeviceId` is `blake2_256(SCALE(initial key))` and never changes: keys rotate
//!   (`rotate_key`, signed by the old and the new key), owners change through a two-step transfer
//!   that moves the deposit, devices are suspended/resumed, revoked (irreversibly) or
//!   decommissioned. Every key a device ever had stays recorded, so neither a decommissioned device
//!   nor a retired key can ever be registered again.
//! - Owners authorise **gateways**: accounts that may anchor data for the owner's devices.
//! - **Manufacturer-rooted identity** (spec §12): trust anchors — chip vendors' roots registered
//!   by the `ManufacturerOrigin`, manufacturers' own CAs with a deposit — which models accept;
//!   a device registered (or later attached) with an X.509 chain to an accepted anchor whose leaf
//!   certifies its key is *certified* and counts as endorsed; a TPM-resident key's certificate
//!   may be bound to the TPM's endorsement-key chain. Anchor owners revoke certificates (issuer
//!   and serial) or intermediate keys, and retire anchors; a device's certification is evaluated
//!   when read, so both take effect at once without touching a device.
//!
//! Other pallets read devices through the [`iot_primitives::DeviceRegistry`] trait, which this
//! pallet implements, so they never depend on this crate.
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

use frame_support::pallet_macros::import_section;
pub use pallet::*;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod certificates;
mod endorsements;
mod errors;
mod events;
mod gateways;
mod genesis;
mod impl_registry;
mod lifecycle;
#[cfg(test)]
mod mock;
mod registration;
mod storage;
#[cfg(test)]
mod tests;
pub mod types;
pub mod weights;

pub use certificates::TCG_SV_TPM20;
pub use types::*;
pub use weights::WeightInfo;

#[import_section(storage::storage)]
#[import_section(genesis::genesis)]
#[import_section(events::events)]
#[import_section(errors::errors)]
#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use alloc::vec::Vec;
	use frame_support::{
		pallet_prelude::*,
		traits::{
			fungible::{Mutate, MutateHold},
			UnixTime,
		},
	};
	use frame_system::pallet_prelude::*;
	use iot_primitives::{DeviceId, DeviceKey, DeviceSignature, OnDeviceRemoved, RevocationTarget};
	use sp_core::H256;
	use sp_runtime::traits::Zero;

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Configuration of the device registry.
	#[pallet::config]
	pub trait Config: frame_system::Config<Hash = H256> {
		/// The currency in which deposits are held.
		type Currency: MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>
			+ Mutate<Self::AccountId>;

		/// The overarching hold reason.
		type RuntimeHoldReason: From<HoldReason>;

		/// The origin that admits manufacturers and changes their status.
		type ManufacturerOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Deposit held from a device's owner while the device is registered.
		#[pallet::constant]
		type DeviceDeposit: Get<BalanceOf<Self>>;

		/// The price of one permanent key record (`KnownKeys`: a decommissioned or rotated-out key
		/// can never be registered again, so its record outlives the device). Part of the device
		/// deposit pays for the first key; each rotation holds this much more with the device
		/// deposit; decommissioning burns it once per key the device ever had instead of
		/// refunding it. At most `DeviceDeposit`.
		#[pallet::constant]
		type KeyRecordDeposit: Get<BalanceOf<Self>>;

		/// Deposit held from a manufacturer for each model it defines.
		#[pallet::constant]
		type ModelDeposit: Get<BalanceOf<Self>>;

		/// Deposit held from an owner for each gateway it authorises.
		#[pallet::constant]
		type GatewayDeposit: Get<BalanceOf<Self>>;

		/// Maximum length of a manufacturer's or model's name, in bytes.
		#[pallet::constant]
		type MaxNameLength: Get<u32>;

		/// Maximum length of a device's metadata, in bytes.
		#[pallet::constant]
		type MaxMetadataLength: Get<u32>;

		/// Maximum number of devices one account may own.
		#[pallet::constant]
		type MaxDevicesPerOwner: Get<u32>;

		/// Maximum number of gateways one owner may authorise.
		#[pallet::constant]
		type MaxGateways: Get<u32>;

		/// Maximum number of devices in one `register_devices` call (at most `u16::MAX`).
		#[pallet::constant]
		type MaxBatch: Get<u32>;

		/// The chain's time, against which certificates' validity is checked (the timestamp
		/// pallet).
		type UnixTime: UnixTime;

		/// Deposit held from a manufacturer for each of its own trust anchors.
		#[pallet::constant]
		type AnchorDeposit: Get<BalanceOf<Self>>;

		/// Deposit held from a manufacturer for each revocation under its own anchor (revocations
		/// by the `ManufacturerOrigin` hold none).
		#[pallet::constant]
		type RevocationDeposit: Get<BalanceOf<Self>>;

		/// Deposit held from a device's owner while the device's certificates are recorded.
		#[pallet::constant]
		type CertificateDeposit: Get<BalanceOf<Self>>;

		/// Maximum number of trust anchors of one manufacturer.
		#[pallet::constant]
		type MaxAnchorsPerManufacturer: Get<u32>;

		/// Maximum number of anchors one model accepts.
		#[pallet::constant]
		type MaxModelAnchors: Get<u32>;

		/// Maximum number of revocations under one anchor.
		#[pallet::constant]
		type MaxRevocationsPerAnchor: Get<u32>;

		/// Maximum number of devices in one `register_certified_devices` call (at most 255).
		#[pallet::constant]
		type MaxCertifiedBatch: Get<u32>;

		/// What the other pallets do when a device is decommissioned: they remove their
		/// per-device entries (`decommission`'s benchmark runs them in the runtime).
		type OnDeviceRemoved: OnDeviceRemoved;

		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;
	}

	/// Why this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// The deposit of a registered device, held from its owner.
		#[codec(index = 0)]
		DeviceDeposit,
		/// The deposit of a device model, held from its manufacturer.
		#[codec(index = 1)]
		ModelDeposit,
		/// The deposit of an authorised gateway, held from the owner.
		#[codec(index = 2)]
		GatewayDeposit,
		/// The deposit of a manufacturer's own trust anchor.
		#[codec(index = 3)]
		AnchorDeposit,
		/// The deposit of a revocation under a manufacturer's own anchor.
		#[codec(index = 4)]
		RevocationDeposit,
		/// The deposit of a certified device's certificate record, held from its owner.
		#[codec(index = 5)]
		CertificateDeposit,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(T::MaxBatch::get() >= 1, "MaxBatch must allow at least one device");
			assert!(
				T::MaxBatch::get() <= u32::from(u16::MAX),
				"MaxBatch must fit the u16 index of BatchItemFailed"
			);
			assert!(T::MaxDevicesPerOwner::get() >= 1, "MaxDevicesPerOwner must be at least 1");
			assert!(T::MaxNameLength::get() >= 1, "MaxNameLength must be at least 1");
			assert!(T::MaxCertifiedBatch::get() >= 1, "MaxCertifiedBatch must allow one device");
			assert!(
				T::KeyRecordDeposit::get() <= T::DeviceDeposit::get(),
				"KeyRecordDeposit must be part of DeviceDeposit (it pays for the first key record)"
			);
			assert!(
				T::MaxCertifiedBatch::get() <= u32::from(u8::MAX),
				"MaxCertifiedBatch must fit the u8 index of CertifiedBatchItemFailed"
			);
			assert!(T::MaxModelAnchors::get() >= 1, "MaxModelAnchors must be at least 1");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Admits `account` as a manufacturer, or updates the name and endorsement key of an
		/// admitted one. `ManufacturerOrigin` only.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::register_manufacturer())]
		pub fn register_manufacturer(
			origin: OriginFor<T>,
			account: T::AccountId,
			name: Vec<u8>,
			endorsement_key: Option<DeviceKey>,
		) -> DispatchResult {
			T::ManufacturerOrigin::ensure_origin(origin)?;
			let name = NameOf::<T>::try_from(name).map_err(|_| Error::<T>::NameTooLong)?;
			if let Some(key) = &endorsement_key {
				key.check_strength().map_err(|_| Error::<T>::WeakKey)?;
			}
			Self::do_register_manufacturer(account, name, endorsement_key);
			Ok(())
		}

		/// Activates or deactivates a manufacturer. A deactivated manufacturer cannot add models,
		/// releases or endorsements, and its devices cannot be registered. `ManufacturerOrigin`
		/// only.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::set_manufacturer_status())]
		pub fn set_manufacturer_status(
			origin: OriginFor<T>,
			account: T::AccountId,
			active: bool,
		) -> DispatchResult {
			T::ManufacturerOrigin::ensure_origin(origin)?;
			Self::do_set_manufacturer_status(account, active)
		}

		/// Defines model `model_id` of the calling (active) manufacturer, holding `ModelDeposit`.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::register_model())]
		pub fn register_model(
			origin: OriginFor<T>,
			model_id: u32,
			name: Vec<u8>,
		) -> DispatchResult {
			let manufacturer = ensure_signed(origin)?;
			let name = NameOf::<T>::try_from(name).map_err(|_| Error::<T>::NameTooLong)?;
			Self::do_register_model(manufacturer, model_id, name)
		}

		/// Registers a device owned by the caller. `proof` is the device key's signature over the
		/// registration payload; `endorsement`, if given, the manufacturer's endorsement of the
		/// key. Holds `DeviceDeposit` from the caller.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::register_device())]
		pub fn register_device(
			origin: OriginFor<T>,
			key: DeviceKey,
			manufacturer: T::AccountId,
			model_id: u32,
			metadata: Vec<u8>,
			proof: DeviceSignature,
			endorsement: Option<DeviceSignature>,
		) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			let registration =
				DeviceRegistration { key, manufacturer, model_id, metadata, proof, endorsement };
			Self::do_register_device(&owner, registration).map_err(Error::<T>::from)?;
			Ok(())
		}

		/// Registers up to `MaxBatch` devices owned by the caller, all or none: if one fails,
		/// nothing is registered and the error names the failing index and reason.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::register_devices(devices.len() as u32))]
		pub fn register_devices(
			origin: OriginFor<T>,
			devices: BoundedVec<DeviceRegistration<T>, T::MaxBatch>,
		) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			for (index, registration) in devices.into_iter().enumerate() {
				Self::do_register_device(&owner, registration).map_err(|error| {
					// `integrity_test` guarantees that `MaxBatch` fits in a `u16`.
					let index = u16::try_from(index).unwrap_or(u16::MAX);
					Error::<T>::BatchItemFailed { index, error }
				})?;
			}
			Ok(())
		}

		/// Replaces a device's metadata. Owner only.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::update_metadata())]
		pub fn update_metadata(
			origin: OriginFor<T>,
			device: DeviceId,
			metadata: Vec<u8>,
		) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			let metadata =
				MetadataOf::<T>::try_from(metadata).map_err(|_| Error::<T>::MetadataTooLong)?;
			Self::do_update_metadata(owner, device, metadata)
		}

		/// Replaces a device's key. Owner only; `old_signature` (current key) and `new_signature`
		/// (new key) both sign the rotation payload with the device's current rotation nonce. The
		/// new key carries no factory endorsement: the device is no longer `endorsed`.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::rotate_key())]
		pub fn rotate_key(
			origin: OriginFor<T>,
			device: DeviceId,
			new_key: DeviceKey,
			old_signature: DeviceSignature,
			new_signature: DeviceSignature,
		) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			Self::do_rotate_key(&owner, device, new_key, old_signature, new_signature)
		}

		/// Suspends an active device: it can neither attest nor anchor until resumed. Owner only.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::suspend())]
		pub fn suspend(origin: OriginFor<T>, device: DeviceId) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			Self::do_suspend(owner, device)
		}

		/// Resumes a suspended device. Owner only.
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::resume())]
		pub fn resume(origin: OriginFor<T>, device: DeviceId) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			Self::do_resume(owner, device)
		}

		/// Revokes a device whose key is compromised. The device's owner or its (active)
		/// manufacturer may revoke; an owner's revocation is irreversible, a manufacturer's can be
		/// undone by `ManufacturerOrigin` (`reinstate_device`). A pending transfer is cancelled.
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::revoke())]
		pub fn revoke(origin: OriginFor<T>, device: DeviceId, reason: u8) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_revoke(who, device, reason)
		}

		/// Removes a device and releases its deposit. Its identifier and keys stay recorded, so it
		/// can never be registered again. Owner only.
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::decommission())]
		pub fn decommission(origin: OriginFor<T>, device: DeviceId) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			Self::do_decommission(owner, device)
		}

		/// Reinstates a device that its manufacturer revoked: it becomes active again. The remedy
		/// for a stolen or rogue manufacturer key; a revocation by the owner cannot be undone.
		/// `ManufacturerOrigin` only.
		#[pallet::call_index(16)]
		#[pallet::weight(T::WeightInfo::reinstate_device())]
		pub fn reinstate_device(origin: OriginFor<T>, device: DeviceId) -> DispatchResult {
			T::ManufacturerOrigin::ensure_origin(origin)?;
			Self::do_reinstate_device(device)
		}

		/// Offers a device to `to`, who becomes its owner by calling `accept_transfer`. Replaces
		/// any earlier offer. Owner only.
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::offer_transfer())]
		pub fn offer_transfer(
			origin: OriginFor<T>,
			device: DeviceId,
			to: T::AccountId,
		) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			Self::do_offer_transfer(owner, device, to)
		}

		/// Accepts a device offered to the caller; the device's deposit moves from the previous
		/// owner to the caller.
		#[pallet::call_index(12)]
		#[pallet::weight(T::WeightInfo::accept_transfer())]
		pub fn accept_transfer(origin: OriginFor<T>, device: DeviceId) -> DispatchResult {
			let new_owner = ensure_signed(origin)?;
			Self::do_accept_transfer(new_owner, device)
		}

		/// Withdraws a pending transfer offer. Owner only.
		#[pallet::call_index(13)]
		#[pallet::weight(T::WeightInfo::cancel_transfer())]
		pub fn cancel_transfer(origin: OriginFor<T>, device: DeviceId) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			Self::do_cancel_transfer(owner, device)
		}

		/// Authorises `gateway` to anchor data for the caller's devices, holding
		/// `GatewayDeposit`.
		#[pallet::call_index(14)]
		#[pallet::weight(T::WeightInfo::add_gateway())]
		pub fn add_gateway(origin: OriginFor<T>, gateway: T::AccountId) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			Self::do_add_gateway(owner, gateway)
		}

		/// Withdraws `gateway`'s authorisation and releases its deposit.
		#[pallet::call_index(15)]
		#[pallet::weight(T::WeightInfo::remove_gateway())]
		pub fn remove_gateway(origin: OriginFor<T>, gateway: T::AccountId) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			Self::do_remove_gateway(owner, gateway)
		}

		/// Registers a global trust anchor: a chip vendor's root or intermediate CA certificate
		/// (DER), which any manufacturer's models may accept. `ManufacturerOrigin` only.
		#[pallet::call_index(17)]
		#[pallet::weight(T::WeightInfo::register_trust_anchor())]
		pub fn register_trust_anchor(origin: OriginFor<T>, certificate: Vec<u8>) -> DispatchResult {
			T::ManufacturerOrigin::ensure_origin(origin)?;
			Self::do_register_anchor(iot_primitives::AnchorOwner::Global, certificate)
		}

		/// Registers the calling (active) manufacturer's own CA certificate (DER) as a trust
		/// anchor only its models may accept, holding `AnchorDeposit`.
		#[pallet::call_index(18)]
		#[pallet::weight(T::WeightInfo::register_oem_anchor())]
		pub fn register_oem_anchor(origin: OriginFor<T>, certificate: Vec<u8>) -> DispatchResult {
			let manufacturer = ensure_signed(origin)?;
			Self::do_register_anchor(
				iot_primitives::AnchorOwner::Manufacturer(manufacturer),
				certificate,
			)
		}

		/// Retires a trust anchor, for good: no new chain may end at it; devices certified
		/// before keep their certification unless a revocation says otherwise. Its owner, or the
		/// `ManufacturerOrigin` for any anchor.
		#[pallet::call_index(19)]
		#[pallet::weight(T::WeightInfo::retire_trust_anchor())]
		pub fn retire_trust_anchor(origin: OriginFor<T>, anchor: H256) -> DispatchResult {
			let authority = Self::anchor_authority(origin)?;
			Self::do_retire_anchor(authority, anchor)
		}

		/// Sets the anchors `model_id` of the calling (active) manufacturer accepts: global
		/// anchors and the manufacturer's own, at most `MaxModelAnchors` (an empty list clears
		/// them).
		#[pallet::call_index(20)]
		#[pallet::weight(T::WeightInfo::set_model_anchors(anchors.len() as u32))]
		pub fn set_model_anchors(
			origin: OriginFor<T>,
			model_id: u32,
			anchors: Vec<H256>,
		) -> DispatchResult {
			let manufacturer = ensure_signed(origin)?;
			Self::do_set_model_anchors(manufacturer, model_id, anchors)
		}

		/// Registers a device owned by the caller whose key is certified: `proof` is the device
		/// key's signature over the registration payload, `certificates` its chain to an anchor
		/// the model accepts (leaf = the device key) and, for a TPM-resident key, the TPM's EK
		/// chain it is bound to. The device counts as endorsed. Holds `DeviceDeposit` and
		/// `CertificateDeposit` from the caller.
		#[pallet::call_index(21)]
		#[pallet::weight(T::WeightInfo::register_certified_device())]
		pub fn register_certified_device(
			origin: OriginFor<T>,
			key: DeviceKey,
			manufacturer: T::AccountId,
			model_id: u32,
			metadata: Vec<u8>,
			proof: DeviceSignature,
			certificates: DeviceChains,
		) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			let registration = CertifiedRegistration {
				key,
				manufacturer,
				model_id,
				metadata,
				proof,
				certificates,
			};
			Self::do_register_certified_device(&owner, registration).map_err(Error::<T>::from)?;
			Ok(())
		}

		/// Registers up to `MaxCertifiedBatch` certified devices owned by the caller, all or
		/// none: if one fails, nothing is registered and the error names the failing index and
		/// reason.
		#[pallet::call_index(22)]
		#[pallet::weight(T::WeightInfo::register_certified_devices(devices.len() as u32))]
		pub fn register_certified_devices(
			origin: OriginFor<T>,
			devices: BoundedVec<CertifiedRegistration<T>, T::MaxCertifiedBatch>,
		) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			for (index, registration) in devices.into_iter().enumerate() {
				Self::do_register_certified_device(&owner, registration).map_err(|failure| {
					// `integrity_test` guarantees that `MaxCertifiedBatch` fits in a `u8`.
					let index = u8::try_from(index).unwrap_or(u8::MAX);
					Error::<T>::CertifiedBatchItemFailed { index, error: failure.into() }
				})?;
			}
			Ok(())
		}

		/// Attaches a certificate chain to a registered device (e.g. after a factory
		/// re-provisioning), replacing any earlier one: the leaf must certify the device's
		/// current key. The device counts as endorsed. Owner only; holds `CertificateDeposit`
		/// unless the device already had certificates.
		#[pallet::call_index(23)]
		#[pallet::weight(T::WeightInfo::attach_certificates())]
		pub fn attach_certificates(
			origin: OriginFor<T>,
			device: DeviceId,
			certificates: DeviceChains,
		) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			Self::do_attach_certificates(owner, device, certificates)
		}

		/// Revokes a certificate (issuer and serial) or an intermediate CA's key below
		/// `anchor`: every device whose chain contains it is no longer certified, at once. The
		/// anchor's owner (holding `RevocationDeposit`), or the `ManufacturerOrigin` for any
		/// anchor.
		#[pallet::call_index(24)]
		#[pallet::weight(T::WeightInfo::revoke_certificate())]
		pub fn revoke_certificate(
			origin: OriginFor<T>,
			anchor: H256,
			target: RevocationTarget,
		) -> DispatchResult {
			let authority = Self::anchor_authority(origin)?;
			Self::do_revoke_certificate(authority, anchor, target)
		}

		/// Voids every factory endorsement `manufacturer` made until this block (included): its
		/// devices no longer count as endorsed (no free attestations, no TPM quotes, identity
		/// `SelfAsserted`) unless re-endorsed (`endorse_device`) or certified. What a change of
		/// endorsement key after a leak needs (`register_manufacturer` with the new key, in the
		/// same batch); a routine key change keeps earlier endorsements. `ManufacturerOrigin`
		/// only.
		#[pallet::call_index(25)]
		#[pallet::weight(T::WeightInfo::void_endorsements())]
		pub fn void_endorsements(
			origin: OriginFor<T>,
			manufacturer: T::AccountId,
		) -> DispatchResult {
			T::ManufacturerOrigin::ensure_origin(origin)?;
			Self::do_void_endorsements(manufacturer)
		}

		/// Endorses the caller's device again: `endorsement` is its manufacturer's current
		/// endorsement key's signature over the endorsement payload (manufacturer, model, key).
		/// For devices whose endorsement was voided (`AlreadyEndorsed` otherwise).
		#[pallet::call_index(26)]
		#[pallet::weight(T::WeightInfo::endorse_device())]
		pub fn endorse_device(
			origin: OriginFor<T>,
			device: DeviceId,
			endorsement: DeviceSignature,
		) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			Self::do_endorse_device(owner, device, endorsement)
		}
	}

	impl<T: Config> Pallet<T> {
		/// The `ManufacturerOrigin`, or else a signed account.
		fn anchor_authority(
			origin: OriginFor<T>,
		) -> Result<certificates::AnchorAuthority<T::AccountId>, DispatchError> {
			match T::ManufacturerOrigin::try_origin(origin) {
				Ok(_) => Ok(certificates::AnchorAuthority::Governance),
				Err(origin) => Ok(certificates::AnchorAuthority::Account(ensure_signed(origin)?)),
			}
		}

		/// The devices `owner` owns (for the runtime API).
		pub fn devices_of(owner: &T::AccountId) -> Vec<DeviceId> {
			DevicesByOwner::<T>::iter_key_prefix(owner).collect()
		}

		/// Checks the pallet's invariants: every device is indexed under its owner and its key,
		/// owner counts match the index and their bound, and transfers point at devices.
		#[cfg(any(feature = "try-runtime", test))]
		pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
			use alloc::collections::btree_map::BTreeMap;
			let mut counts: BTreeMap<T::AccountId, u32> = BTreeMap::new();
			for (id, device) in Devices::<T>::iter() {
				ensure!(
					DevicesByOwner::<T>::contains_key(&device.owner, id),
					"device missing from its owner's index"
				);
				ensure!(KnownKeys::<T>::get(id) == Some(id), "device identifier not recorded");
				ensure!(
					KnownKeys::<T>::get(device.key.device_id()) == Some(id),
					"device key not recorded"
				);
				let count = counts.entry(device.owner.clone()).or_default();
				*count = count.saturating_add(1);
			}
			for (owner, id, ()) in DevicesByOwner::<T>::iter() {
				ensure!(
					Devices::<T>::get(id).is_some_and(|device| device.owner == owner),
					"owner index points at a device of another owner"
				);
			}
			for (owner, count) in OwnerDeviceCount::<T>::iter() {
				ensure!(count <= T::MaxDevicesPerOwner::get(), "owner exceeds MaxDevicesPerOwner");
				ensure!(counts.get(&owner) == Some(&count), "owner device count is wrong");
			}
			ensure!(
				counts.len() == OwnerDeviceCount::<T>::iter().count(),
				"owner without a device count"
			);
			for (device, _) in PendingTransfers::<T>::iter() {
				ensure!(Devices::<T>::contains_key(device), "transfer of an unknown device");
			}
			for (device, ()) in RevokedByManufacturer::<T>::iter() {
				ensure!(
					Devices::<T>::get(device).is_some_and(|d| matches!(
						d.status,
						iot_primitives::DeviceStatus::Revoked { .. }
					)),
					"a manufacturer revocation of a device that is not revoked"
				);
			}
			for (manufacturer, _, _) in Models::<T>::iter() {
				ensure!(
					Manufacturers::<T>::contains_key(&manufacturer),
					"model of an unknown manufacturer"
				);
			}
			Self::endorsements_try_state()?;
			Self::certificates_try_state()
		}
	}
}
