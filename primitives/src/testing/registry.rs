//! An in-memory device registry for the unit tests of pallets that read devices through
//! [`DeviceRegistry`] (firmware attestation, data anchoring): one implementation instead of a copy
//! per pallet. Accounts, block numbers and balances are `u64`, as in FRAME's test runtimes; the
//! state is per thread (each test runs on its own thread) and [`MockRegistry::reset`] clears it.

use crate::{Certification, Device, DeviceId, DeviceKey, DeviceRegistry, DeviceStatus};
use core::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};

/// Accounts of the mock registry.
pub type AccountId = u64;

/// A device as the mock registry stores it.
pub type MockDevice = Device<AccountId, u64, u64, ()>;

/// The gateway [`MockRegistry`] authorises for benchmarks.
pub const BENCHMARK_GATEWAY: AccountId = 99;

thread_local! {
	static DEVICES: RefCell<BTreeMap<DeviceId, MockDevice>> = const { RefCell::new(BTreeMap::new()) };
	static MODELS: RefCell<BTreeMap<(AccountId, u32), bool>> = const { RefCell::new(BTreeMap::new()) };
	static GATEWAYS: RefCell<BTreeSet<(AccountId, AccountId)>> = const { RefCell::new(BTreeSet::new()) };
	static CERTIFICATIONS: RefCell<BTreeMap<DeviceId, Certification>> = const { RefCell::new(BTreeMap::new()) };
}

/// An in-memory device registry: devices, models (with their manufacturer's status) and gateways.
pub struct MockRegistry;

impl MockRegistry {
	/// Forgets every device, model and gateway of this thread.
	pub fn reset() {
		DEVICES.with(|d| d.borrow_mut().clear());
		MODELS.with(|m| m.borrow_mut().clear());
		GATEWAYS.with(|g| g.borrow_mut().clear());
		CERTIFICATIONS.with(|c| c.borrow_mut().clear());
	}

	/// Registers an active, unendorsed device of `manufacturer`'s `model` with `key`, owned by
	/// `owner`, registered at block 1 without a deposit.
	pub fn add_device_of(
		owner: AccountId,
		manufacturer: AccountId,
		model: u32,
		key: DeviceKey,
	) -> DeviceId {
		let device = Device {
			key,
			owner,
			manufacturer,
			model,
			status: DeviceStatus::Active,
			endorsed: false,
			metadata: (),
			registered_at: 1,
			rotation_nonce: 0,
			deposit: 0,
		};
		let id = key.device_id();
		DEVICES.with(|d| d.borrow_mut().insert(id, device));
		id
	}

	/// Marks a device as endorsed (or not) by its manufacturer at the factory.
	pub fn set_endorsed(id: DeviceId, endorsed: bool) {
		Self::update(id, |device| device.endorsed = endorsed);
	}

	/// Sets a device's status.
	pub fn set_status(id: DeviceId, status: DeviceStatus) {
		Self::update(id, |device| device.status = status);
	}

	/// Defines a model; `active` is its manufacturer's status.
	pub fn set_model(manufacturer: AccountId, model: u32, active: bool) {
		MODELS.with(|m| m.borrow_mut().insert((manufacturer, model), active));
	}

	/// Sets a device's certification (spec §12); devices start uncertified.
	pub fn set_certification(id: DeviceId, certification: Certification) {
		CERTIFICATIONS.with(|c| c.borrow_mut().insert(id, certification));
	}

	/// Authorises `gateway` for `owner`.
	pub fn add_gateway(owner: AccountId, gateway: AccountId) {
		GATEWAYS.with(|g| g.borrow_mut().insert((owner, gateway)));
	}

	fn update(id: DeviceId, change: impl FnOnce(&mut MockDevice)) {
		DEVICES.with(|d| d.borrow_mut().get_mut(&id).map(change));
	}
}

impl DeviceRegistry<AccountId> for MockRegistry {
	type BlockNumber = u64;
	type Balance = u64;
	type Metadata = ();

	fn device(id: &DeviceId) -> Option<MockDevice> {
		DEVICES.with(|d| d.borrow().get(id).cloned())
	}

	fn is_gateway(owner: &AccountId, account: &AccountId) -> bool {
		GATEWAYS.with(|g| g.borrow().contains(&(*owner, *account)))
	}

	fn model_active(manufacturer: &AccountId, model: u32) -> Option<bool> {
		MODELS.with(|m| m.borrow().get(&(*manufacturer, model)).copied())
	}

	fn certification(id: &DeviceId) -> Certification {
		CERTIFICATIONS.with(|c| c.borrow().get(id).cloned()).unwrap_or(Certification::Uncertified)
	}
}

#[cfg(feature = "runtime-benchmarks")]
impl crate::RegistryBenchmarkHelper<AccountId> for MockRegistry {
	fn register_benchmark_model(manufacturer: &AccountId, model: u32) {
		Self::set_model(*manufacturer, model, true);
	}

	fn register_benchmark_gateways(owner: &AccountId) -> AccountId {
		Self::add_gateway(*owner, BENCHMARK_GATEWAY);
		BENCHMARK_GATEWAY
	}

	fn register_benchmark_device(
		owner: &AccountId,
		manufacturer: &AccountId,
		model: u32,
		key: DeviceKey,
		endorsed: bool,
	) -> DeviceId {
		let id = Self::add_device_of(*owner, *manufacturer, model, key);
		Self::set_endorsed(id, endorsed);
		id
	}
}
