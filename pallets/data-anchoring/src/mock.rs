//! A test runtime with data anchoring, the shared in-memory device registry
//! (`iot_primitives::testing::registry`) and a settable trust status.

use crate as pallet_data_anchoring;
use core::cell::RefCell;
use frame_support::{derive_impl, traits::ConstU32};
pub use iot_primitives::testing::registry::MockRegistry;
use iot_primitives::{
	Device, DeviceId, DeviceKey, DeviceTrust, EvidenceKind, Identity, TrustStatus,
};
use sp_runtime::{traits::IdentityLookup, BuildStorage};
use std::collections::BTreeMap;

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

thread_local! {
	static TRUSTED: RefCell<BTreeMap<DeviceId, Identity>> = const { RefCell::new(BTreeMap::new()) };
}

/// The manufacturer of the mock devices.
pub const MANUFACTURER: AccountId = 10;

/// Registers an active device with `key`, owned by OWNER.
pub fn add_device(key: DeviceKey) -> DeviceId {
	add_device_of(OWNER, key)
}

/// Registers an active device with `key`, owned by `owner`.
pub fn add_device_of(owner: AccountId, key: DeviceKey) -> DeviceId {
	MockRegistry::add_device_of(owner, MANUFACTURER, 1, key)
}

/// A settable trust oracle: the devices made trusted are Trusted (with the identity given), the
/// others Unknown.
pub struct MockTrust;

impl MockTrust {
	/// Makes `device` trusted, its key endorsed by its manufacturer.
	pub fn trust(device: DeviceId) {
		Self::trust_as(device, Identity::Endorsed);
	}

	/// Makes `device` trusted with `identity`.
	pub fn trust_as(device: DeviceId, identity: Identity) {
		TRUSTED.with(|t| t.borrow_mut().insert(device, identity));
	}
}

impl DeviceTrust<AccountId, BlockNumber> for MockTrust {
	fn trust_status<B, Balance, Metadata>(
		id: &DeviceId,
		_device: &Device<AccountId, B, Balance, Metadata>,
	) -> TrustStatus<BlockNumber> {
		match TRUSTED.with(|t| t.borrow().get(id).copied()) {
			Some(identity) => TrustStatus::Trusted {
				digest: [0; 32],
				security_version: 1,
				attested_at: 1,
				expires_at: 100,
				evidence: EvidenceKind::Reported,
				identity,
			},
			None => TrustStatus::Unknown,
		}
	}
}

#[cfg(feature = "runtime-benchmarks")]
impl iot_primitives::TrustBenchmarkHelper for MockTrust {
	fn make_benchmark_trusted(device: &DeviceId) {
		MockTrust::trust(*device);
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
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = (MockRegistry, MockTrust);
	type Registry = MockRegistry;
	type Trust = MockTrust;
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
		MockRegistry::reset();
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
