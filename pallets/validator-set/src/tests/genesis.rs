//! Genesis: the set, the minimum and the session period it builds, the defaults, and the
//! configurations it refuses (a duplicate, fewer than the minimum, more than `MaxValidators`).

use super::*;

#[test]
fn builds_the_set_the_minimum_and_the_period() {
	test(|| {
		assert_eq!(members(), GENESIS_VALIDATORS);
		assert_eq!(PlannedValidators::<Test>::get().into_inner(), GENESIS_VALIDATORS);
		assert_eq!(active(), GENESIS_VALIDATORS);
		assert_eq!(queued(), GENESIS_VALIDATORS);
		assert_eq!(MinValidators::<Test>::get(), 3);
		assert_eq!(SessionPeriod::<Test>::get(), PERIOD);
		assert_eq!(crate::SessionPeriodOf::<Test>::get(), PERIOD);
		assert_eq!(ValidatorSet::validators(), GENESIS_VALIDATORS);
	});
}

/// The storage a genesis of only this pallet (and System) builds.
fn genesis(config: crate::GenesisConfig<Test>) -> sp_runtime::Storage {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	config.assimilate_storage(&mut storage).unwrap();
	storage
}

#[test]
fn defaults_apply_when_the_genesis_leaves_them_zero() {
	let storage = genesis(crate::GenesisConfig { validators: vec![1], ..Default::default() });
	sp_io::TestExternalities::new(storage).execute_with(|| {
		assert_eq!(MinValidators::<Test>::get(), 1);
		assert_eq!(SessionPeriod::<Test>::get(), 100);
		assert_eq!(members(), vec![1]);
	});
}

#[test]
#[should_panic(expected = "a genesis validator is listed twice")]
fn refuses_a_duplicate() {
	genesis(crate::GenesisConfig { validators: vec![1, 2, 1], ..Default::default() });
}

#[test]
#[should_panic(expected = "fewer genesis validators than min_validators")]
fn refuses_fewer_validators_than_the_minimum() {
	genesis(crate::GenesisConfig { validators: vec![1, 2], min_validators: 3, session_period: 0 });
}

#[test]
#[should_panic(expected = "more genesis validators than MaxValidators")]
fn refuses_more_than_max_validators() {
	let validators = (1..=u64::from(MAX_VALIDATORS) + 1).collect();
	genesis(crate::GenesisConfig { validators, ..Default::default() });
}
