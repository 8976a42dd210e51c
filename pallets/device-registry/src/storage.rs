//! The device registry's storage items (a pallet section, imported into `pallet`).

use frame_support::pallet_macros::pallet_section;

/// The device registry's storage items (a pallet section, imported into `pallet`).
#[pallet_section]
mod storage {
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
}
