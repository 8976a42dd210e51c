//! The device record and the trait through which pallets look devices up.

use crate::{Certification, DeviceId, DeviceKey};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

/// The life-cycle state of a registered device.
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
pub enum DeviceStatus {
	/// The device may attest and anchor.
	Active,
	/// Its owner paused the device; it may neither attest nor anchor until resumed.
	Suspended,
	/// Its key is compromised; irreversible.
	Revoked {
		/// Why it was revoked (an application-defined code).
		reason: u8,
	},
}

/// A registered device.
///
/// `Metadata` is the owner's free-form description: a bounded vector in storage, a plain vector in
/// runtime API answers.
#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct Device<AccountId, BlockNumber, Balance, Metadata> {
	/// The device's current public key.
	pub key: DeviceKey,
	/// The account that owns the device (and holds its deposit).
	pub owner: AccountId,
	/// The manufacturer that made it.
	pub manufacturer: AccountId,
	/// The manufacturer's model number.
	pub model: u32,
	/// Life-cycle state.
	pub status: DeviceStatus,
	/// Whether the manufacturer endorsed the device key at the factory.
	pub endorsed: bool,
	/// Owner-supplied metadata.
	pub metadata: Metadata,
	/// The block in which the device was registered.
	pub registered_at: BlockNumber,
	/// The number of key rotations so far; the next rotation signs this value.
	pub rotation_nonce: u32,
	/// The deposit held from the owner while the device is registered.
	pub deposit: Balance,
}

impl<AccountId, BlockNumber, Balance, Metadata> Device<AccountId, BlockNumber, Balance, Metadata> {
	/// Whether the device may attest and anchor.
	pub fn is_active(&self) -> bool {
		self.status == DeviceStatus::Active
	}

	/// The same device with its metadata converted (for example from bounded to plain vector).
	pub fn map_metadata<M>(
		self,
		convert: impl FnOnce(Metadata) -> M,
	) -> Device<AccountId, BlockNumber, Balance, M> {
		Device {
			key: self.key,
			owner: self.owner,
			manufacturer: self.manufacturer,
			model: self.model,
			status: self.status,
			endorsed: self.endorsed,
			metadata: convert(self.metadata),
			registered_at: self.registered_at,
			rotation_nonce: self.rotation_nonce,
			deposit: self.deposit,
		}
	}
}

/// The device record of a [`DeviceRegistry`] implementation.
pub type RegisteredDevice<AccountId, R> = Device<
	AccountId,
	<R as DeviceRegistry<AccountId>>::BlockNumber,
	<R as DeviceRegistry<AccountId>>::Balance,
	<R as DeviceRegistry<AccountId>>::Metadata,
>;

/// Read access to the device registry for other pallets (firmware attestation, data anchoring),
/// so that they do not depend on the registry pallet's crate.
pub trait DeviceRegistry<AccountId> {
	/// The block number type.
	type BlockNumber;
	/// The balance type of deposits.
	type Balance;
	/// The metadata type of stored devices.
	type Metadata;

	/// The device `id`, if registered (and not decommissioned).
	fn device(id: &DeviceId) -> Option<RegisteredDevice<AccountId, Self>>;

	/// Whether `account` is one of the gateways `owner` authorised to anchor for its devices.
	fn is_gateway(owner: &AccountId, account: &AccountId) -> bool;

	/// `Some(active)` if `manufacturer` defined `model`, where `active` tells whether the
	/// manufacturer is active; `None` if there is no such model.
	fn model_active(manufacturer: &AccountId, model: u32) -> Option<bool>;

	/// `id`'s certification now (spec §12): uncertified, certified by an X.509 chain, or
	/// revoked through a certificate of its chains. Registries without certificates certify
	/// nothing.
	fn certification(_id: &DeviceId) -> Certification {
		Certification::Uncertified
	}
}

/// Benchmark setup of the pallets that read the registry: registers what their worst cases need
/// without checks or deposits. A pallet's `Config::BenchmarkHelper` (runtime-benchmarks only), so
/// that the production [`DeviceRegistry`] trait carries no benchmark methods; the registry pallet
/// implements it for the runtime, the pallets' mocks for their tests.
#[cfg(feature = "runtime-benchmarks")]
pub trait RegistryBenchmarkHelper<AccountId> {
	/// Benchmark setup: makes `manufacturer` an active manufacturer with `model`.
	fn register_benchmark_model(manufacturer: &AccountId, model: u32);

	/// Benchmark setup: authorises the most gateways `owner` may have and returns the one that is
	/// found last (the worst case of [`DeviceRegistry::is_gateway`]).
	fn register_benchmark_gateways(owner: &AccountId) -> AccountId;

	/// Benchmark setup: registers an active device of `manufacturer`'s `model` with `key`, owned
	/// by `owner`, without checks or deposits; `endorsed` as if the factory endorsed it.
	fn register_benchmark_device(
		owner: &AccountId,
		manufacturer: &AccountId,
		model: u32,
		key: DeviceKey,
		endorsed: bool,
	) -> DeviceId;
}

/// A pair of helpers, as a pallet that needs devices and trust takes them
/// (`type BenchmarkHelper = (Registry, Trust)`): the registry part is the first's.
#[cfg(feature = "runtime-benchmarks")]
impl<AccountId, R: RegistryBenchmarkHelper<AccountId>, T> RegistryBenchmarkHelper<AccountId>
	for (R, T)
{
	fn register_benchmark_model(manufacturer: &AccountId, model: u32) {
		R::register_benchmark_model(manufacturer, model)
	}

	fn register_benchmark_gateways(owner: &AccountId) -> AccountId {
		R::register_benchmark_gateways(owner)
	}

	fn register_benchmark_device(
		owner: &AccountId,
		manufacturer: &AccountId,
		model: u32,
		key: DeviceKey,
		endorsed: bool,
	) -> DeviceId {
		R::register_benchmark_device(owner, manufacturer, model, key, endorsed)
	}
}

/// What other pallets do when a device leaves the registry (`decommission`): remove their
/// per-device entries, so that state which outlives a device is only the registry's fixed-size
/// tombstone of its key. The registry calls it; the attestation and anchoring pallets implement
/// it; the runtime lists them as a tuple. Anchors themselves are permanent evidence and stay.
pub trait OnDeviceRemoved {
	/// Removes every per-device entry of `device`.
	fn on_device_removed(device: &DeviceId);
}

impl OnDeviceRemoved for () {
	fn on_device_removed(_device: &DeviceId) {}
}

impl<A: OnDeviceRemoved, B: OnDeviceRemoved> OnDeviceRemoved for (A, B) {
	fn on_device_removed(device: &DeviceId) {
		A::on_device_removed(device);
		B::on_device_removed(device);
	}
}
