//! A test runtime with data anchoring, an in-memory device registry and a settable trust status.

use crate as pallet_data_anchoring;
use core::cell::RefCell;
use frame_support::{derive_impl, traits::ConstU32};
use iot_primitives::{
	Device, DeviceId, DeviceKey, DeviceRegistry, DeviceStatus, DeviceTrust, TrustStatus,
};
use sp_runtime::{traits::IdentityLookup, BuildStorage};
use std::collections::{BTreeMap, BTreeSet};

type Block = frame_system::mocking::MockBlock<Test>;

/// Account identifiers of the test runtime.
pub type AccountId = u64;
/// Block numbers of the test runtime.
pub type BlockNumber = u64;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Timestamp: pallet_timestamp,
		DataAnchoring: pallet_data_anchoring,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountId = AccountId;
	type Lookup = IdentityLookup<AccountId>;
}

impl pallet_timestamp::Config for Test {
	type Moment = u64;
	type OnTimestampSet = ();
	type MinimumPeriod = ConstU64<1>;
	type WeightInfo = ();
}

use frame_support::traits::ConstU64;

/// A device as the mock registry stores it.
pub type MockDevice = Device<AccountId, BlockNumber, u64, ()>;

thread_local! {
	static DEVICES: RefCell<BTreeMap<DeviceId, MockDevice>> = const { RefCell::new(BTreeMap::new()) };
	static GATEWAYS: RefCell<BTreeSet<(AccountId, AccountId)>> = const { RefCell::new(BTreeSet::new()) };
	static TRUSTED: RefCell<BTreeSet<DeviceId>> = const { RefCell::new(BTreeSet::new()) };
}

/// An in-memory device registry and trust oracle.
pub struct MockRegistry;

impl MockRegistry {
	/// Registers an active device with `key`, owned by OWNER.
	pub fn add_device(key: DeviceKey) -> DeviceId {
		Self::add_device_of(OWNER, key)
	}

	/// Registers an active device with `key`, owned by `owner`.
	pub fn add_device_of(owner: AccountId, key: DeviceKey) -> DeviceId {
		let device = Device {
			key,
			owner,
			manufacturer: 10,
			model: 1,
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

	/// Sets a device's status.
	pub fn set_status(id: DeviceId, status: DeviceStatus) {
		DEVICES.with(|d| {
			if let Some(device) = d.borrow_mut().get_mut(&id) {
				device.status = status;
			}
		});
	}

	/// Authorises `gateway` for `owner`.
	pub fn add_gateway(owner: AccountId, gateway: AccountId) {
		GATEWAYS.with(|g| g.borrow_mut().insert((owner, gateway)));
	}

	/// Makes `device` trusted.
	pub fn trust(device: DeviceId) {
		TRUSTED.with(|t| t.borrow_mut().insert(device));
	}
}

impl DeviceRegistry<AccountId> for MockRegistry {
	type BlockNumber = BlockNumber;
	type Balance = u64;
	type Metadata = ();

	fn device(id: &DeviceId) -> Option<MockDevice> {
		DEVICES.with(|d| d.borrow().get(id).cloned())
	}

	fn is_gateway(owner: &AccountId, account: &AccountId) -> bool {
		GATEWAYS.with(|g| g.borrow().contains(&(*owner, *account)))
	}

	fn model_active(_manufacturer: &AccountId, _model: u32) -> Option<bool> {
		Some(true)
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn register_benchmark_model(_manufacturer: &AccountId, _model: u32) {}

	#[cfg(feature = "runtime-benchmarks")]
	fn register_benchmark_gateways(owner: &AccountId) -> AccountId {
		let gateway = 99;
		Self::add_gateway(*owner, gateway);
		gateway
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn register_benchmark_device(
		owner: &AccountId,
		_manufacturer: &AccountId,
		_model: u32,
		key: DeviceKey,
		_endorsed: bool,
	) -> DeviceId {
		Self::add_device_of(*owner, key)
	}
}

impl DeviceTrust<BlockNumber> for MockRegistry {
	fn trust_status(device: &DeviceId) -> TrustStatus<BlockNumber> {
		if TRUSTED.with(|t| t.borrow().contains(device)) {
			TrustStatus::Trusted {
				digest: [0; 32],
				security_version: 1,
				attested_at: 1,
				expires_at: 100,
			}
		} else {
			TrustStatus::Unknown
		}
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn make_benchmark_trusted(device: &DeviceId) {
		Self::trust(*device);
	}
}

/// Maximum leaves of the test runtime (2^20).
pub const MAX_LEAVES: u32 = 1 << 20;
/// Maximum batch of the test runtime.
pub const MAX_BATCH: u32 = 4;
/// Maximum leaf length of the test runtime (64 KiB).
pub const MAX_LEAF_LENGTH: u32 = 1 << 16;
/// Maximum anchors per `find_anchors` answer in the test runtime.
pub const MAX_ANCHORS_PER_QUERY: u32 = 3;

impl pallet_data_anchoring::Config for Test {
	type Registry = MockRegistry;
	type Trust = MockRegistry;
	type Time = Timestamp;
	type MaxLeaves = ConstU32<MAX_LEAVES>;
	type MaxBatch = ConstU32<MAX_BATCH>;
	type MaxLeafLength = ConstU32<MAX_LEAF_LENGTH>;
	type MaxAnchorsPerQuery = ConstU32<MAX_ANCHORS_PER_QUERY>;
	type WeightInfo = ();
}

/// The devices' owner.
pub const OWNER: AccountId = 1;
/// A gateway of OWNER.
pub const GATEWAY: AccountId = 2;
/// A relayer that is neither owner nor gateway.
pub const RELAYER: AccountId = 3;
/// The timestamp of the test block.
pub const NOW_MS: u64 = 1_764_000_000_000;

/// Test externalities at block 5 with a timestamp, GATEWAY authorised for OWNER.
pub fn new_test_ext() -> sp_io::TestExternalities {
	let storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	let mut ext: sp_io::TestExternalities = storage.into();
	ext.execute_with(|| {
		DEVICES.with(|d| d.borrow_mut().clear());
		GATEWAYS.with(|g| g.borrow_mut().clear());
		TRUSTED.with(|t| t.borrow_mut().clear());
		MockRegistry::add_gateway(OWNER, GATEWAY);
		System::set_block_number(5);
		pallet_timestamp::Now::<Test>::put(NOW_MS);
	});
	ext
}

/// Runs `test` in fresh externalities and checks the pallet's invariants afterwards.
pub fn run_test(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		crate::Pallet::<Test>::do_try_state().expect("invariants hold after the test");
	});
}
