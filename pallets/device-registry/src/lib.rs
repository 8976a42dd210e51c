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

pub use pallet::*;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod certificates;
mod endorsements;
mod gateways;
mod impl_registry;
mod lifecycle;
#[cfg(test)]
mod mock;
mod registration;
#[cfg(test)]
mod tests;
pub mod types;
pub mod weights;

pub use certificates::TCG_SV_TPM20;
pub use types::*;
pub use weights::WeightInfo;

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

	/// Admitted manufacturers.
	#[pallet::storage]
	pub type Manufacturers<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, Manufacturer<T::MaxNameLength>>;

	/// Device models, by manufacturer and model number.
	#[pallet::storage]
	pub type Models<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Twox64Concat,
		u32,
		Model<T::MaxNameLength, BalanceOf<T>>,
	>;

	/// Registered devices (revoked ones included; decommissioned ones removed).
	#[pallet::storage]
	pub type Devices<T: Config> = StorageMap<_, Identity, DeviceId, DeviceOf<T>>;

	/// The devices of each owner, enumerable by owner.
	#[pallet::storage]
	pub type DevicesByOwner<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, T::AccountId, Identity, DeviceId, ()>;

	/// How many devices each owner has (at most `MaxDevicesPerOwner`).
	#[pallet::storage]
	pub type OwnerDeviceCount<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, u32, ValueQuery>;

	/// Every device key ever registered or rotated to, by its hash `blake2_256(SCALE(key))`, with
	/// the device it belongs or belonged to. Entries are never removed: they are the tombstones
	/// that keep decommissioned devices and retired keys from coming back.
	#[pallet::storage]
	pub type KnownKeys<T: Config> = StorageMap<_, Identity, H256, DeviceId>;

	/// Devices revoked by their manufacturer (not by their owner): the ones `ManufacturerOrigin`
	/// may reinstate with `reinstate_device`, the remedy for a stolen manufacturer key.
	#[pallet::storage]
	pub type RevokedByManufacturer<T: Config> = StorageMap<_, Identity, DeviceId, ()>;

	/// Ownership transfers offered and not yet accepted: device → proposed new owner.
	#[pallet::storage]
	pub type PendingTransfers<T: Config> = StorageMap<_, Identity, DeviceId, T::AccountId>;

	/// The gateways each owner authorised, with the deposit held for each.
	#[pallet::storage]
	pub type Gateways<T: Config> = StorageMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		BoundedVec<(T::AccountId, BalanceOf<T>), T::MaxGateways>,
		ValueQuery,
	>;

	/// Trust anchors by identifier (`blake2_256(SCALE(owner, certificate))`), retired ones
	/// included: certified devices keep pointing at them.
	#[pallet::storage]
	pub type TrustAnchors<T: Config> = StorageMap<_, Identity, H256, TrustAnchorOf<T>>;

	/// How many trust anchors each manufacturer owns (at most `MaxAnchorsPerManufacturer`).
	#[pallet::storage]
	pub type ManufacturerAnchorCount<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, u32, ValueQuery>;

	/// The anchors each model accepts for its devices' (and their TPMs') chains.
	#[pallet::storage]
	pub type ModelAnchors<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Twox64Concat,
		u32,
		ModelAnchorsOf<T>,
		ValueQuery,
	>;

	/// Revocations under each anchor, by revocation identifier
	/// ([`RevocationTarget::id`]), with the deposit held for each.
	#[pallet::storage]
	pub type RevokedCertificates<T: Config> =
		StorageDoubleMap<_, Identity, H256, Identity, H256, BalanceOf<T>>;

	/// Manufacturers whose factory endorsements `ManufacturerOrigin` voided, with the block:
	/// endorsements made until then (that block included) no longer count, unless the device was
	/// re-endorsed later or a certificate chain vouches for it.
	#[pallet::storage]
	pub type EndorsementsVoidedAt<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, BlockNumberFor<T>>;

	/// The block of each device's last re-endorsement (`endorse_device`), for devices endorsed
	/// again after their registration.
	#[pallet::storage]
	pub type EndorsedAt<T: Config> = StorageMap<_, Identity, DeviceId, BlockNumberFor<T>>;

	/// The certificates of certified devices.
	#[pallet::storage]
	pub type DeviceCertificates<T: Config> =
		StorageMap<_, Identity, DeviceId, DeviceCertificateOf<T>>;

	/// Genesis manufacturers and models (deposit-free), such as the dev chain's demo manufacturer,
	/// and devices (with their owner's `DeviceDeposit` held, as if registered in block 0).
	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// Manufacturers: account and name.
		pub manufacturers: Vec<(T::AccountId, Vec<u8>)>,
		/// Models: manufacturer, model number and name.
		pub models: Vec<(T::AccountId, u32, Vec<u8>)>,
		/// Devices: owner, SCALE-encoded [`DeviceKey`] (scheme index, then the public key),
		/// manufacturer and model number. No proof is checked: genesis is trusted.
		pub devices: Vec<GenesisDevice<T>>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			for (account, name) in &self.manufacturers {
				let name = NameOf::<T>::try_from(name.clone())
					.unwrap_or_else(|_| panic!("genesis manufacturer name is too long"));
				Manufacturers::<T>::insert(
					account,
					Manufacturer { name, endorsement_key: None, active: true },
				);
			}
			for (manufacturer, model, name) in &self.models {
				assert!(
					Manufacturers::<T>::contains_key(manufacturer),
					"genesis model of an unknown manufacturer"
				);
				let name = NameOf::<T>::try_from(name.clone())
					.unwrap_or_else(|_| panic!("genesis model name is too long"));
				Models::<T>::insert(manufacturer, model, Model { name, deposit: Zero::zero() });
			}
			for (owner, key, manufacturer, model) in &self.devices {
				let key = DeviceKey::decode(&mut &key[..])
					.unwrap_or_else(|_| panic!("genesis device key is not a SCALE DeviceKey"));
				assert!(
					Models::<T>::contains_key(manufacturer, model),
					"genesis device of an unknown model"
				);
				Pallet::<T>::ensure_new_device(key.device_id())
					.unwrap_or_else(|error| panic!("genesis device: {error:?}"));
				let deposit = T::DeviceDeposit::get();
				Pallet::<T>::hold_deposit(HoldReason::DeviceDeposit, owner, deposit)
					.unwrap_or_else(|_| panic!("genesis device owner cannot pay the deposit"));
				let count = OwnerDeviceCount::<T>::get(owner);
				assert!(count < T::MaxDevicesPerOwner::get(), "too many genesis devices");
				let registration = NewDevice {
					key,
					manufacturer: manufacturer.clone(),
					model: *model,
					endorsed: false,
					metadata: Default::default(),
					deposit,
				};
				Pallet::<T>::record_device(owner, count, registration);
			}
		}
	}

	/// Events of the device registry.
	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A manufacturer was admitted.
		ManufacturerRegistered {
			/// The manufacturer's account.
			manufacturer: T::AccountId,
		},
		/// An admitted manufacturer's name or endorsement key changed.
		ManufacturerUpdated {
			/// The manufacturer's account.
			manufacturer: T::AccountId,
		},
		/// A manufacturer was activated or deactivated.
		ManufacturerStatusChanged {
			/// The manufacturer's account.
			manufacturer: T::AccountId,
			/// Whether the manufacturer is active now.
			active: bool,
		},
		/// A manufacturer defined a model.
		ModelRegistered {
			/// The manufacturer's account.
			manufacturer: T::AccountId,
			/// The model's identifier.
			model: u32,
		},
		/// A device was registered.
		DeviceRegistered {
			/// The device.
			device: DeviceId,
			/// The owner.
			owner: T::AccountId,
			/// The manufacturer's account.
			manufacturer: T::AccountId,
			/// The model's identifier.
			model: u32,
			/// Whether the manufacturer's factory endorsed the device key.
			endorsed: bool,
		},
		/// A device's metadata changed.
		MetadataUpdated {
			/// The device.
			device: DeviceId,
		},
		/// A device's key was rotated.
		KeyRotated {
			/// The device.
			device: DeviceId,
			/// The device's new key.
			new_key: DeviceKey,
		},
		/// A device was suspended by its owner.
		DeviceSuspended {
			/// The device.
			device: DeviceId,
		},
		/// A suspended device was resumed.
		DeviceResumed {
			/// The device.
			device: DeviceId,
		},
		/// A device was revoked by its owner or manufacturer.
		DeviceRevoked {
			/// The device.
			device: DeviceId,
			/// Who revoked it: the owner or the manufacturer.
			by: T::AccountId,
			/// The reason code given.
			reason: u8,
		},
		/// `ManufacturerOrigin` reinstated a device that its manufacturer had revoked.
		DeviceReinstated {
			/// The device.
			device: DeviceId,
		},
		/// `ManufacturerOrigin` voided a manufacturer's factory endorsements made until `at`.
		EndorsementsVoided {
			/// The manufacturer's account.
			manufacturer: T::AccountId,
			/// The block until which (included) its endorsements no longer count.
			at: BlockNumberFor<T>,
		},
		/// A device's owner got it endorsed again by its manufacturer's current key.
		DeviceEndorsed {
			/// The device.
			device: DeviceId,
		},
		/// A device was decommissioned and its deposit released.
		DeviceDecommissioned {
			/// The device.
			device: DeviceId,
			/// The owner.
			owner: T::AccountId,
		},
		/// An owner offered a device to another account.
		TransferOffered {
			/// The device.
			device: DeviceId,
			/// The owner giving the device away.
			from: T::AccountId,
			/// The account receiving the device.
			to: T::AccountId,
		},
		/// A device changed owner; its deposit moved with it.
		DeviceTransferred {
			/// The device.
			device: DeviceId,
			/// The owner giving the device away.
			from: T::AccountId,
			/// The account receiving the device.
			to: T::AccountId,
		},
		/// A pending transfer was cancelled.
		TransferCancelled {
			/// The device.
			device: DeviceId,
		},
		/// An owner authorised a gateway.
		GatewayAdded {
			/// The owner.
			owner: T::AccountId,
			/// The gateway account.
			gateway: T::AccountId,
		},
		/// An owner withdrew a gateway's authorisation.
		GatewayRemoved {
			/// The owner.
			owner: T::AccountId,
			/// The gateway account.
			gateway: T::AccountId,
		},
		/// A trust anchor was registered.
		TrustAnchorRegistered {
			/// The anchor's identifier.
			anchor: H256,
			/// Global (a vendor root) or a manufacturer's own.
			owner: AnchorOwnerOf<T>,
		},
		/// A trust anchor was retired: no new chain may end at it.
		TrustAnchorRetired {
			/// The anchor's identifier.
			anchor: H256,
		},
		/// A manufacturer set the anchors a model accepts.
		ModelAnchorsSet {
			/// The manufacturer's account.
			manufacturer: T::AccountId,
			/// The model's identifier.
			model: u32,
			/// The accepted anchors.
			anchors: ModelAnchorsOf<T>,
		},
		/// A device's certificate chain verified and was recorded: it counts as endorsed.
		DeviceCertified {
			/// The device.
			device: DeviceId,
			/// The anchor of its chain.
			anchor: H256,
			/// The anchor of its TPM's EK chain, for a TPM-bound key.
			tpm_anchor: Option<H256>,
		},
		/// An anchor's owner revoked a certificate or an intermediate key below it.
		CertificateRevoked {
			/// The anchor.
			anchor: H256,
			/// The revocation's identifier.
			revocation: H256,
			/// What was revoked.
			target: RevocationTarget,
		},
	}

	/// Errors of the device registry.
	#[pallet::error]
	pub enum Error<T> {
		/// The name is longer than `MaxNameLength`.
		///
		/// Fix: shorten the name to `MaxNameLength` bytes.
		NameTooLong,
		/// The metadata is longer than `MaxMetadataLength`.
		///
		/// Fix: shorten the metadata to `MaxMetadataLength` bytes (store a hash or a URI for more).
		MetadataTooLong,
		/// The account is not an admitted manufacturer.
		///
		/// Fix: sign with the manufacturer account Root registered (`registerManufacturer`), or ask
		/// Root to register it.
		UnknownManufacturer,
		/// The manufacturer is deactivated.
		///
		/// Fix: ask Root to reactivate the manufacturer (`setManufacturerStatus`); until then none of its models can register
		/// devices.
		ManufacturerInactive,
		/// The manufacturer already defined this model.
		///
		/// Fix: use a new model id, or the existing model.
		ModelExists,
		/// The manufacturer has no such model.
		///
		/// Fix: use a model the manufacturer registered (`registerModel`).
		UnknownModel,
		/// The registration proof (or the old key's rotation signature) does not verify.
		///
		/// Fix: sign the exact registration (or rotation) payload of docs/device-integration.md
		/// with the device key, with this chain's genesis hash and the caller's account; check
		/// against docs/test-vectors/signing.json.
		BadProof,
		/// The new key's rotation signature does not verify.
		///
		/// Fix: sign the rotation payload with the new key as well (both signatures cover the same
		/// bytes).
		BadNewKeyProof,
		/// A signature's scheme does not match the key's scheme.
		///
		/// Fix: sign with the key's own scheme (an Ed25519 key needs an Ed25519 signature).
		KeyTypeMismatch,
		/// The endorsement does not verify with the manufacturer's endorsement key.
		///
		/// Fix: have the manufacturer sign the endorsement payload with the endorsement key it was
		/// registered with (`registerManufacturer`).
		BadEndorsement,
		/// An endorsement was given but the manufacturer has no endorsement key.
		///
		/// Fix: register without an endorsement, or have Root register the manufacturer with an
		/// endorsement key.
		NoEndorsementKey,
		/// The device is already registered.
		///
		/// Fix: nothing to do: the device is registered (`iot_device` shows its owner); a second
		/// key needs a new device.
		AlreadyRegistered,
		/// The device was decommissioned; its identifier can never be registered again.
		///
		/// Fix: a decommissioned device stays retired: give the hardware a new key (a new device
		/// id).
		Decommissioned,
		/// The key is, or was, the key of a device.
		///
		/// Fix: generate a fresh key on the device: keys are never reused, not even after rotation.
		KeyInUse,
		/// No such device.
		///
		/// Fix: check the device id (the blake2_256 of the key's SCALE encoding) or register the
		/// device first.
		UnknownDevice,
		/// The caller does not own the device.
		///
		/// Fix: sign with the device's owner account.
		NotOwner,
		/// The caller is neither the device's owner nor its manufacturer.
		///
		/// Fix: sign with the device's owner or its manufacturer.
		NotOwnerOrManufacturer,
		/// The owner already has `MaxDevicesPerOwner` devices.
		///
		/// Fix: decommission devices or register the rest under another account.
		TooManyDevices,
		/// The account cannot pay the deposit.
		///
		/// Fix: fund the account with the deposit plus fees (`DeviceDeposit`, shown in the
		/// constants).
		InsufficientBalance,
		/// The device is revoked.
		///
		/// Fix: a revoked device cannot act; its manufacturer may undo a manufacturer revocation
		/// (`reinstateDevice`).
		Revoked,
		/// The device is not active.
		///
		/// Fix: the owner resumes the device first (`resume`).
		NotActive,
		/// The device is not suspended.
		///
		/// Fix: nothing to resume: the device is not suspended.
		NotSuspended,
		/// A device cannot be transferred to its owner.
		///
		/// Fix: transfer to another account.
		SelfTransfer,
		/// The device has no pending transfer.
		///
		/// Fix: the owner offers the transfer first (`offerTransfer`).
		NoPendingTransfer,
		/// The caller is not the recipient of the pending transfer.
		///
		/// Fix: accept with the account the transfer names.
		NotRecipient,
		/// The gateway is already authorised.
		///
		/// Fix: nothing to do: the gateway is authorised.
		GatewayExists,
		/// The gateway is not authorised.
		///
		/// Fix: check the gateway account; add it with `addGateway`.
		UnknownGateway,
		/// The owner already has `MaxGateways` gateways.
		///
		/// Fix: remove a gateway (`removeGateway`) before adding another.
		TooManyGateways,
		/// A device of a `register_devices` batch failed; nothing was registered.
		///
		/// Fix: fix the item at `index` as its `error` says and submit the batch again.
		BatchItemFailed {
			/// Position of the failing device in the batch.
			index: u16,
			/// Why it failed.
			error: RegistrationError,
		},
		/// The key is not a usable point of its scheme: invalid, non-canonical, the identity or
		/// of small order.
		///
		/// Fix: generate a new key with a standard library: the bytes are not a valid, canonical
		/// public key of the scheme.
		WeakKey,
		/// The device's factory endorsement still stands (or it is certified).
		///
		/// Fix: nothing to do; re-endorse only devices whose endorsement was voided.
		AlreadyEndorsed,
		/// The device is not revoked by its manufacturer (only such revocations can be undone).
		///
		/// Fix: only the manufacturer's revocations can be undone; an owner's revocation is final.
		NotRevokedByManufacturer,
		/// The certificate is not usable as a trust anchor (`error` says why).
		///
		/// Fix: register a CA certificate (`basicConstraints` cA, `keyUsage` keyCertSign) in DER,
		/// at most 2,048 bytes, with a P-256, P-384 or RSA 2,048–4,096-bit key
		/// (docs/certificates.md).
		AnchorRefused {
			/// Why.
			error: iot_primitives::CertError,
		},
		/// The device's certificate chain was refused: certificate `index` (0 the leaf, the
		/// chain's length the anchor) failed as `error` says.
		///
		/// Fix: see `error` in docs/certificates.md; `CertificatesApi::verifyCertificateChain`
		/// checks a chain without a transaction.
		CertificateRefused {
			/// The position of the certificate at fault.
			index: u8,
			/// Why.
			error: iot_primitives::CertError,
		},
		/// The TPM's endorsement-key chain was refused: certificate `index` failed as `error`
		/// says.
		///
		/// Fix: as for `CertificateRefused`, for the EK certificate and its vendor's CAs.
		TpmCertificateRefused {
			/// The position of the certificate at fault.
			index: u8,
			/// Why.
			error: iot_primitives::CertError,
		},
		/// The same owner already registered this anchor certificate.
		///
		/// Fix: nothing to do: the anchor exists (`CertificatesApi::trustAnchors`).
		AnchorExists,
		/// No such trust anchor.
		///
		/// Fix: use the identifier `TrustAnchorRegistered` reported
		/// (`blake2_256(SCALE(owner, certificate))`).
		UnknownAnchor,
		/// The trust anchor is retired.
		///
		/// Fix: use an anchor in force; a retired anchor stays retired.
		AnchorRetired,
		/// The device's model does not accept the chain's anchor.
		///
		/// Fix: the manufacturer adds the anchor to the model (`setModelAnchors`).
		AnchorNotAccepted,
		/// The anchor is another manufacturer's own.
		///
		/// Fix: accept global anchors or your own (`registerOemAnchor`).
		ForeignAnchor,
		/// The same anchor is listed twice.
		///
		/// Fix: list each anchor once.
		DuplicateAnchor,
		/// The manufacturer already owns `MaxAnchorsPerManufacturer` anchors.
		///
		/// Fix: reuse an anchor; retired anchors still count.
		TooManyAnchors,
		/// More anchors than `MaxModelAnchors` for one model.
		///
		/// Fix: list at most `MaxModelAnchors` anchors.
		TooManyModelAnchors,
		/// Only the anchor's owner (or the `ManufacturerOrigin`) may do this.
		///
		/// Fix: sign with the manufacturer that registered the anchor; global anchors are the
		/// `ManufacturerOrigin`'s.
		NotAnchorOwner,
		/// The certificate or key is already revoked under this anchor.
		///
		/// Fix: nothing to do.
		AlreadyRevoked,
		/// The anchor already has `MaxRevocationsPerAnchor` revocations.
		///
		/// Fix: revoke the intermediate's key instead of its certificates one by one, or retire
		/// the anchor.
		TooManyRevocations,
		/// The leaf certificate certifies another key than the device's.
		///
		/// Fix: the leaf must be the device key's certificate (P-256 or Ed25519 key, the same
		/// point).
		LeafKeyMismatch,
		/// The leaf certificate's `keyUsage` does not allow `digitalSignature`.
		///
		/// Fix: issue the device certificate with `digitalSignature` (the key signs proofs).
		LeafNotForSigning,
		/// The device certificate's `hardwareModuleName` does not name the TPM's EK certificate
		/// (type `tcg-sv-tpm20`, serial = the EK certificate's serial number).
		///
		/// Fix: issue the IAK/IDevID certificate with the EK certificate's serial number.
		TpmBindingMismatch,
		/// A device of a `register_certified_devices` batch failed; nothing was registered.
		///
		/// Fix: fix the item at `index` as its `error` says and submit the batch again.
		CertifiedBatchItemFailed {
			/// Position of the failing device in the batch.
			index: u8,
			/// Why it failed.
			error: CertifiedItemError,
		},
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
