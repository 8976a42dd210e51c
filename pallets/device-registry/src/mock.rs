//! A test runtime with the device registry, balances and Root as the manufacturer origin.

use crate as pallet_device_registry;
use frame_support::{derive_impl, parameter_types, traits::ConstU32};
use iot_primitives::{DeviceId, OnDeviceRemoved};
use sp_runtime::{traits::IdentityLookup, BuildStorage};

type Block = frame_system::mocking::MockBlock<Test>;

/// Account identifiers of the test runtime: plain numbers.
pub type AccountId = u64;
/// Balance type of the test runtime.
pub type Balance = u64;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		DeviceRegistry: pallet_device_registry,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountId = AccountId;
	type Lookup = IdentityLookup<AccountId>;
	type AccountData = pallet_balances::AccountData<Balance>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type AccountStore = System;
	type RuntimeHoldReason = RuntimeHoldReason;
}

/// Device deposit of the test runtime.
pub const DEVICE_DEPOSIT: Balance = 100;
/// Price of a permanent key record, burned at decommissioning per key the device had.
pub const KEY_RECORD_DEPOSIT: Balance = 10;
/// Model deposit of the test runtime.
pub const MODEL_DEPOSIT: Balance = 50;
/// Gateway deposit of the test runtime.
pub const GATEWAY_DEPOSIT: Balance = 10;
/// Maximum metadata length of the test runtime.
pub const MAX_METADATA: u32 = 64;
/// Maximum devices per owner of the test runtime.
pub const MAX_DEVICES: u32 = 5;
/// Maximum batch of the test runtime.
pub const MAX_BATCH: u32 = 4;

/// Anchor deposit of the test runtime.
pub const ANCHOR_DEPOSIT: Balance = 200;
/// Revocation deposit of the test runtime.
pub const REVOCATION_DEPOSIT: Balance = 5;
/// Certificate deposit of the test runtime.
pub const CERTIFICATE_DEPOSIT: Balance = 20;
/// Maximum anchors per manufacturer of the test runtime.
pub const MAX_ANCHORS: u32 = 3;
/// Maximum anchors per model of the test runtime.
pub const MAX_MODEL_ANCHORS: u32 = 3;
/// Maximum revocations per anchor of the test runtime.
pub const MAX_REVOCATIONS: u32 = 3;

parameter_types! {
	pub const AnchorDeposit: Balance = ANCHOR_DEPOSIT;
	pub const RevocationDeposit: Balance = REVOCATION_DEPOSIT;
	pub const CertificateDeposit: Balance = CERTIFICATE_DEPOSIT;
	pub const DeviceDeposit: Balance = DEVICE_DEPOSIT;
	pub const KeyRecordDeposit: Balance = KEY_RECORD_DEPOSIT;
	pub const ModelDeposit: Balance = MODEL_DEPOSIT;
	pub const GatewayDeposit: Balance = GATEWAY_DEPOSIT;
}

impl pallet_device_registry::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type ManufacturerOrigin = frame_system::EnsureRoot<AccountId>;
	type DeviceDeposit = DeviceDeposit;
	type KeyRecordDeposit = KeyRecordDeposit;
	type ModelDeposit = ModelDeposit;
	type GatewayDeposit = GatewayDeposit;
	type MaxNameLength = ConstU32<16>;
	type MaxMetadataLength = ConstU32<MAX_METADATA>;
	type MaxDevicesPerOwner = ConstU32<MAX_DEVICES>;
	type MaxGateways = ConstU32<2>;
	type MaxBatch = ConstU32<MAX_BATCH>;
	type UnixTime = MockTime;
	type AnchorDeposit = AnchorDeposit;
	type RevocationDeposit = RevocationDeposit;
	type CertificateDeposit = CertificateDeposit;
	type MaxAnchorsPerManufacturer = ConstU32<MAX_ANCHORS>;
	type MaxModelAnchors = ConstU32<MAX_MODEL_ANCHORS>;
	type MaxRevocationsPerAnchor = ConstU32<MAX_REVOCATIONS>;
	type MaxCertifiedBatch = ConstU32<MAX_BATCH>;
	type OnDeviceRemoved = RecordRemovals;
	type WeightInfo = ();
}

/// The tests' chain time by default: 2026-06-01T00:00:00Z, when the certificate fixtures of
/// `iot-cert-path` are valid.
pub const TEST_TIME_SECS: u64 = 1_780_272_000;

std::thread_local! {
	static NOW: core::cell::Cell<u64> = const { core::cell::Cell::new(TEST_TIME_SECS) };
}

/// The test runtime's clock: [`TEST_TIME_SECS`] unless a test sets another time.
pub struct MockTime;

impl frame_support::traits::UnixTime for MockTime {
	fn now() -> core::time::Duration {
		core::time::Duration::from_secs(NOW.with(|now| now.get()))
	}
}

/// Sets the chain time the registry checks certificates against (in this test's thread).
pub fn set_time(secs: u64) {
	NOW.with(|now| now.set(secs));
}

std::thread_local! {
	static REMOVED: core::cell::RefCell<Vec<DeviceId>> = const { core::cell::RefCell::new(Vec::new()) };
}

/// The test runtime's `OnDeviceRemoved`: records the devices it was told about.
pub struct RecordRemovals;

impl OnDeviceRemoved for RecordRemovals {
	fn on_device_removed(device: &DeviceId) {
		REMOVED.with(|removed| removed.borrow_mut().push(*device));
	}
}

/// The devices `OnDeviceRemoved` was called with so far (in this test's thread).
pub fn removed_devices() -> Vec<DeviceId> {
	REMOVED.with(|removed| removed.borrow().clone())
}

/// The genesis manufacturer of the tests.
pub const ACME: AccountId = 10;
/// A second, initially inactive manufacturer.
pub const GLOBEX: AccountId = 11;
/// A model of ACME, defined at genesis.
pub const ACME_MODEL: u32 = 7;
/// Device owners.
pub const ALICE: AccountId = 1;
/// A second owner.
pub const BOB: AccountId = 2;
/// An account without funds.
pub const PAUPER: AccountId = 3;
/// Initial balance of the funded accounts.
pub const INITIAL_BALANCE: Balance = 10_000;

/// Test externalities: ACME (active, model 7) and funded ALICE, BOB, ACME, GLOBEX. The chain is at
/// block 1, so the genesis hash is recorded.
pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: vec![
			(ALICE, INITIAL_BALANCE),
			(BOB, INITIAL_BALANCE),
			(ACME, INITIAL_BALANCE),
			(GLOBEX, INITIAL_BALANCE),
		],
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	pallet_device_registry::GenesisConfig::<Test> {
		manufacturers: vec![(ACME, b"Acme".to_vec())],
		models: vec![(ACME, ACME_MODEL, b"Sensor".to_vec())],
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	let mut ext: sp_io::TestExternalities = storage.into();
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// Runs `test` in fresh externalities and checks the pallet's invariants afterwards.
pub fn run_test(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		crate::Pallet::<Test>::do_try_state().expect("invariants hold after the test");
	});
}
