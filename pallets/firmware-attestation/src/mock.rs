//! A test runtime with firmware attestation, balances and the shared in-memory device registry
//! (`iot_primitives::testing::registry`).

use crate as pallet_firmware_attestation;
use frame_support::{derive_impl, parameter_types, traits::ConstU32};
pub use iot_primitives::testing::registry::MockRegistry;
use iot_primitives::{DeviceId, DeviceKey};
use sp_core::H256;
use sp_runtime::{traits::IdentityLookup, BuildStorage};

type Block = frame_system::mocking::MockBlock<Test>;

/// Account identifiers of the test runtime.
pub type AccountId = u64;
/// Balance type of the test runtime.
pub type Balance = u64;
/// Block numbers of the test runtime.
pub type BlockNumber = u64;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		FirmwareAttestation: pallet_firmware_attestation,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountId = AccountId;
	type Lookup = IdentityLookup<AccountId>;
	type AccountData = pallet_balances::AccountData<Balance>;
	type BlockHashCount = frame_support::traits::ConstU64<250>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type AccountStore = System;
	type RuntimeHoldReason = RuntimeHoldReason;
}

/// Registers an active device of ACME's model with `key`, owned by OWNER.
pub fn add_device(key: DeviceKey) -> DeviceId {
	MockRegistry::add_device_of(OWNER, ACME, MODEL, key)
}

/// Release deposit of the test runtime.
pub const RELEASE_DEPOSIT: Balance = 25;
/// Deposit per release measurement.
pub const MEASUREMENT_DEPOSIT: Balance = 15;
/// Deposit per boot policy.
pub const BOOT_POLICY_DEPOSIT: Balance = 12;
/// Freshness window of the test runtime.
pub const FRESHNESS: BlockNumber = 10;
/// Attestation validity of the test runtime.
pub const VALIDITY: BlockNumber = 100;
/// Minimum interval between free attestations.
pub const FREE_INTERVAL: BlockNumber = 20;

parameter_types! {
	pub const ReleaseDeposit: Balance = RELEASE_DEPOSIT;
	pub const MeasurementDeposit: Balance = MEASUREMENT_DEPOSIT;
	pub const BootPolicyDeposit: Balance = BOOT_POLICY_DEPOSIT;
	pub const FreshnessWindow: BlockNumber = FRESHNESS;
	pub const AttestationValidity: BlockNumber = VALIDITY;
	pub const MinAttestationInterval: BlockNumber = FREE_INTERVAL;
	/// Room for exactly two free Ed25519 attestations per block (tests may set another budget).
	pub static MaxFreeAttestationWeight: frame_support::weights::Weight =
		<() as crate::WeightInfo>::submit_attestation_ed25519().saturating_mul(2);
}

impl pallet_firmware_attestation::Config for Test {
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MockRegistry;
	type Registry = MockRegistry;
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type ReleaseDeposit = ReleaseDeposit;
	type MeasurementDeposit = MeasurementDeposit;
	type BootPolicyDeposit = BootPolicyDeposit;
	type MaxVersionLength = ConstU32<16>;
	type FreshnessWindow = FreshnessWindow;
	type AttestationValidity = AttestationValidity;
	type MinAttestationInterval = MinAttestationInterval;
	type MaxFreeAttestationWeight = MaxFreeAttestationWeight;
	type ForceOrigin = frame_system::EnsureRoot<AccountId>;
	type WeightInfo = ();
}

/// The manufacturer of the tests, with model MODEL.
pub const ACME: AccountId = 10;
/// A deactivated manufacturer with model MODEL.
pub const GLOBEX: AccountId = 11;
/// A manufacturer without funds, with model MODEL.
pub const PAUPER_MAKER: AccountId = 12;
/// The model of the tests.
pub const MODEL: u32 = 7;
/// The devices' owner.
pub const OWNER: AccountId = 1;
/// A relayer that submits evidence.
pub const RELAYER: AccountId = 2;

/// The hash the mock chain gives block `n`.
pub fn block_hash(n: BlockNumber) -> H256 {
	H256::from_low_u64_be(0xb10c_0000 + n)
}

/// Moves the chain to block `n`, recording the hashes of the blocks before it.
pub fn run_to_block(n: BlockNumber) {
	for b in System::block_number()..n {
		if b > 0 {
			frame_system::BlockHash::<Test>::insert(b, block_hash(b));
		}
	}
	System::set_block_number(n);
}

/// Test externalities at block 50, with funded ACME and RELAYER and the models defined.
pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: vec![(ACME, 10_000), (GLOBEX, 10_000), (RELAYER, 10_000)],
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	let mut ext: sp_io::TestExternalities = storage.into();
	ext.execute_with(|| {
		MockRegistry::reset();
		MockRegistry::set_model(ACME, MODEL, true);
		MockRegistry::set_model(GLOBEX, MODEL, false);
		MockRegistry::set_model(PAUPER_MAKER, MODEL, true);
		run_to_block(50);
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
