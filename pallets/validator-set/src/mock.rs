//! A test runtime with the validator set, `pallet-session` (sessions of [`PERIOD`] blocks, one
//! dummy key per validator) and balances for the session keys' deposit.

use crate as pallet_validator_set;
use frame_support::{
	derive_impl,
	traits::{ConstU32, ConstU64, Hooks},
};
use sp_runtime::{
	impl_opaque_keys,
	testing::UintAuthorityId,
	traits::{ConvertInto, OpaqueKeys},
	BuildStorage, KeyTypeId, RuntimeAppPublic,
};

type Block = frame_system::mocking::MockBlock<Test>;

/// Account identifiers of the test runtime.
pub type AccountId = u64;

/// Session length of the test runtime in blocks.
pub const PERIOD: u64 = 5;
/// Most validators the test runtime allows.
pub const MAX_VALIDATORS: u32 = 6;
/// Validators at genesis.
pub const GENESIS_VALIDATORS: [AccountId; 4] = [1, 2, 3, 4];
/// An account with session keys that is not a validator at genesis.
pub const CANDIDATE: AccountId = 5;
/// An account without session keys.
pub const KEYLESS: AccountId = 6;
/// Deposit held when an account first sets session keys.
pub const KEY_DEPOSIT: u64 = 10;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		ValidatorSet: pallet_validator_set,
		Session: pallet_session,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountData = pallet_balances::AccountData<u64>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type AccountStore = System;
	type RuntimeHoldReason = RuntimeHoldReason;
}

impl_opaque_keys! {
	/// The session keys of the test runtime: one dummy key.
	pub struct MockSessionKeys {
		/// The dummy key.
		pub dummy: UintAuthorityId,
	}
}

/// The session keys of `account`.
pub fn keys_of(account: AccountId) -> MockSessionKeys {
	MockSessionKeys { dummy: UintAuthorityId(account) }
}

/// Records nothing: the validator set is what the tests check, through `pallet_session`'s storage.
pub struct NoSessionHandler;
impl pallet_session::SessionHandler<AccountId> for NoSessionHandler {
	const KEY_TYPE_IDS: &'static [KeyTypeId] = &[UintAuthorityId::ID];
	fn on_genesis_session<Ks: OpaqueKeys>(_validators: &[(AccountId, Ks)]) {}
	fn on_new_session<Ks: OpaqueKeys>(
		_changed: bool,
		_validators: &[(AccountId, Ks)],
		_queued: &[(AccountId, Ks)],
	) {
	}
	fn on_disabled(_validator_index: u32) {}
}

impl pallet_session::Config for Test {
	type RuntimeEvent = RuntimeEvent;
	type ValidatorId = AccountId;
	type ValidatorIdOf = ConvertInto;
	type ShouldEndSession =
		pallet_session::PeriodicSessions<pallet_validator_set::SessionPeriodOf<Test>, ConstU64<0>>;
	type NextSessionRotation =
		pallet_session::PeriodicSessions<pallet_validator_set::SessionPeriodOf<Test>, ConstU64<0>>;
	type SessionManager = ValidatorSet;
	type SessionHandler = NoSessionHandler;
	type Keys = MockSessionKeys;
	type DisablingStrategy = ();
	type WeightInfo = ();
	type Currency = Balances;
	type KeyDeposit = ConstU64<KEY_DEPOSIT>;
}

/// Gives benchmark accounts session keys by writing them where `session.setKeys` does.
#[cfg(feature = "runtime-benchmarks")]
pub struct MockBenchmarkHelper;
#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper<AccountId> for MockBenchmarkHelper {
	fn register_session_keys(validator: &AccountId) {
		pallet_session::NextKeys::<Test>::insert(validator, keys_of(*validator));
	}
}

impl pallet_validator_set::Config for Test {
	type AddRemoveOrigin = frame_system::EnsureRoot<AccountId>;
	type ValidatorRegistration = Session;
	type MaxValidators = ConstU32<MAX_VALIDATORS>;
	type DefaultSessionPeriod = ConstU64<100>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MockBenchmarkHelper;
}

/// Genesis: validators 1–4 with keys and a minimum of 3, [`CANDIDATE`] with keys (not a
/// validator), every account funded, sessions of [`PERIOD`] blocks.
pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: (1..=KEYLESS).map(|account| (account, 1_000)).collect(),
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	pallet_validator_set::GenesisConfig::<Test> {
		validators: GENESIS_VALIDATORS.to_vec(),
		min_validators: 3,
		session_period: PERIOD,
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	pallet_session::GenesisConfig::<Test> {
		keys: GENESIS_VALIDATORS.iter().map(|&v| (v, v, keys_of(v))).collect(),
		non_authority_keys: vec![(CANDIDATE, CANDIDATE, keys_of(CANDIDATE))],
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// Runs `test` in [`new_test_ext`], then checks the pallet's invariants.
pub fn test(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		ValidatorSet::do_try_state().expect("the invariants hold");
	});
}

/// Advances to block `n`, running the session pallet's `on_initialize` (which rotates sessions).
pub fn run_to_block(n: u64) {
	while System::block_number() < n {
		let next = System::block_number() + 1;
		System::set_block_number(next);
		<Session as Hooks<u64>>::on_initialize(next);
	}
}

/// Advances to the first block of session `index`.
pub fn run_to_session(index: u32) {
	run_to_block(u64::from(index) * PERIOD);
	assert_eq!(pallet_session::CurrentIndex::<Test>::get(), index);
}
