//! Unit tests of the validator set: every call's errors, its events and storage, and how
//! `pallet-session` turns the planned set into the active one.

use crate::{mock::*, Error, Event, MinValidators, PlannedValidators, SessionPeriod, Validators};
use codec::Encode;
use frame_support::{assert_noop, assert_ok, traits::Get};
use sp_runtime::{testing::TestSignature, BuildStorage, DispatchError};

type SessionError = pallet_session::Error<Test>;

fn root() -> RuntimeOrigin {
	RuntimeOrigin::root()
}

/// `pallet-session`'s proof that the keys of `key_owner` are set for `account`.
fn proof(key_owner: AccountId, account: AccountId) -> Vec<u8> {
	TestSignature(key_owner, account.encode()).encode()
}

/// `account` sets its session keys, as `session.setKeys` from its own account.
fn set_keys(account: AccountId) {
	assert_ok!(Session::set_keys(
		RuntimeOrigin::signed(account),
		keys_of(account),
		proof(account, account)
	));
}

fn members() -> Vec<AccountId> {
	Validators::<Test>::get().into_inner()
}

fn active() -> Vec<AccountId> {
	pallet_session::Validators::<Test>::get()
}

fn queued() -> Vec<AccountId> {
	pallet_session::QueuedKeys::<Test>::get().into_iter().map(|(v, _)| v).collect()
}

fn last_event() -> RuntimeEvent {
	System::events().pop().expect("an event").event
}

fn validator_set_events() -> Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|record| match record.event {
			RuntimeEvent::ValidatorSet(event) => Some(event),
			_ => None,
		})
		.collect()
}

mod genesis {
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
		genesis(crate::GenesisConfig {
			validators: vec![1, 2],
			min_validators: 3,
			session_period: 0,
		});
	}

	#[test]
	#[should_panic(expected = "more genesis validators than MaxValidators")]
	fn refuses_more_than_max_validators() {
		let validators = (1..=u64::from(MAX_VALIDATORS) + 1).collect();
		genesis(crate::GenesisConfig { validators, ..Default::default() });
	}
}

mod add_validator {
	use super::*;

	#[test]
	fn adds_a_validator_with_session_keys() {
		test(|| {
			assert_ok!(ValidatorSet::add_validator(root(), CANDIDATE));
			assert_eq!(members(), [1, 2, 3, 4, CANDIDATE]);
			assert_eq!(last_event(), Event::ValidatorAdded { validator: CANDIDATE }.into());
			// Nothing changes in consensus before a session boundary.
			assert_eq!(active(), GENESIS_VALIDATORS);
			assert_eq!(PlannedValidators::<Test>::get().into_inner(), GENESIS_VALIDATORS);
		});
	}

	#[test]
	fn needs_the_add_remove_origin() {
		test(|| {
			// A candidate cannot add itself, nor can a validator add a friend.
			assert_noop!(
				ValidatorSet::add_validator(RuntimeOrigin::signed(CANDIDATE), CANDIDATE),
				DispatchError::BadOrigin
			);
			assert_noop!(
				ValidatorSet::add_validator(RuntimeOrigin::signed(1), CANDIDATE),
				DispatchError::BadOrigin
			);
		});
	}

	#[test]
	fn refuses_a_validator_twice() {
		test(|| {
			assert_noop!(ValidatorSet::add_validator(root(), 2), Error::<Test>::AlreadyValidator);
		});
	}

	#[test]
	fn refuses_an_account_without_session_keys() {
		test(|| {
			assert_noop!(
				ValidatorSet::add_validator(root(), KEYLESS),
				Error::<Test>::NoSessionKeys
			);
			set_keys(KEYLESS);
			assert_ok!(ValidatorSet::add_validator(root(), KEYLESS));
		});
	}

	#[test]
	fn refuses_more_than_max_validators() {
		test(|| {
			set_keys(KEYLESS);
			assert_ok!(ValidatorSet::add_validator(root(), CANDIDATE));
			assert_ok!(ValidatorSet::add_validator(root(), KEYLESS));
			assert_eq!(members().len() as u32, MAX_VALIDATORS);
			let one_more = 7;
			<Balances as frame_support::traits::fungible::Mutate<_>>::set_balance(&one_more, 1_000);
			set_keys(one_more);
			assert_noop!(
				ValidatorSet::add_validator(root(), one_more),
				Error::<Test>::TooManyValidators
			);
		});
	}
}

mod remove_validator {
	use super::*;

	#[test]
	fn removes_a_validator() {
		test(|| {
			assert_ok!(ValidatorSet::remove_validator(root(), 2));
			assert_eq!(members(), [1, 3, 4]);
			assert_eq!(last_event(), Event::ValidatorRemoved { validator: 2 }.into());
			assert_eq!(active(), GENESIS_VALIDATORS);
		});
	}

	#[test]
	fn needs_the_add_remove_origin() {
		test(|| {
			// A validator cannot remove a rival, nor itself.
			assert_noop!(
				ValidatorSet::remove_validator(RuntimeOrigin::signed(1), 2),
				DispatchError::BadOrigin
			);
			assert_noop!(
				ValidatorSet::remove_validator(RuntimeOrigin::signed(2), 2),
				DispatchError::BadOrigin
			);
		});
	}

	#[test]
	fn refuses_an_account_that_is_not_a_validator() {
		test(|| {
			assert_noop!(
				ValidatorSet::remove_validator(root(), CANDIDATE),
				Error::<Test>::NotValidator
			);
		});
	}

	#[test]
	fn refuses_to_go_below_the_minimum() {
		test(|| {
			assert_ok!(ValidatorSet::remove_validator(root(), 4));
			assert_noop!(
				ValidatorSet::remove_validator(root(), 3),
				Error::<Test>::TooFewValidators
			);
			assert_eq!(members(), [1, 2, 3]);
		});
	}
}

mod set_min_validators {
	use super::*;

	#[test]
	fn sets_the_minimum() {
		test(|| {
			assert_ok!(ValidatorSet::set_min_validators(root(), 4));
			assert_eq!(MinValidators::<Test>::get(), 4);
			assert_eq!(last_event(), Event::MinValidatorsSet { min: 4 }.into());
			assert_noop!(
				ValidatorSet::remove_validator(root(), 4),
				Error::<Test>::TooFewValidators
			);
			assert_ok!(ValidatorSet::set_min_validators(root(), 1));
			assert_ok!(ValidatorSet::remove_validator(root(), 4));
		});
	}

	#[test]
	fn needs_the_add_remove_origin() {
		test(|| {
			assert_noop!(
				ValidatorSet::set_min_validators(RuntimeOrigin::signed(1), 1),
				DispatchError::BadOrigin
			);
		});
	}

	#[test]
	fn refuses_zero() {
		test(|| {
			assert_noop!(ValidatorSet::set_min_validators(root(), 0), Error::<Test>::ZeroMinimum);
		});
	}

	#[test]
	fn refuses_a_minimum_above_the_set_size() {
		test(|| {
			assert_noop!(
				ValidatorSet::set_min_validators(root(), 5),
				Error::<Test>::TooFewValidators
			);
		});
	}
}

mod sessions {
	use super::*;

	#[test]
	fn an_added_validator_is_queued_at_the_next_boundary_and_active_at_the_one_after() {
		test(|| {
			assert_ok!(ValidatorSet::add_validator(root(), CANDIDATE));
			let with_candidate = vec![1, 2, 3, 4, CANDIDATE];

			run_to_session(1);
			assert_eq!(active(), GENESIS_VALIDATORS);
			assert_eq!(queued(), with_candidate);
			assert_eq!(PlannedValidators::<Test>::get().into_inner(), with_candidate);
			assert!(validator_set_events().contains(&Event::NewSetPlanned {
				session: 2,
				validators: with_candidate.clone().try_into().unwrap(),
			}));
			assert!(pallet_session::QueuedChanged::<Test>::get());

			run_to_session(2);
			assert_eq!(active(), with_candidate);
			// Nothing new to plan: the session keeps its set and reports no change.
			assert_eq!(queued(), with_candidate);
			assert!(!pallet_session::QueuedChanged::<Test>::get());
		});
	}

	#[test]
	fn a_removed_validator_leaves_at_the_second_boundary() {
		test(|| {
			assert_ok!(ValidatorSet::remove_validator(root(), 4));
			run_to_session(1);
			assert_eq!(active(), GENESIS_VALIDATORS);
			assert_eq!(queued(), [1, 2, 3]);
			run_to_session(2);
			assert_eq!(active(), [1, 2, 3]);
		});
	}

	#[test]
	fn an_unchanged_set_plans_nothing() {
		test(|| {
			run_to_session(3);
			assert_eq!(active(), GENESIS_VALIDATORS);
			assert!(!validator_set_events()
				.iter()
				.any(|event| matches!(event, Event::NewSetPlanned { .. })));
			assert!(!pallet_session::QueuedChanged::<Test>::get());
		});
	}

	#[test]
	fn a_validator_that_purged_its_keys_is_skipped() {
		test(|| {
			assert_ok!(Session::purge_keys(RuntimeOrigin::signed(4)));
			run_to_session(1);
			let events = validator_set_events();
			assert!(events.contains(&Event::ValidatorSkipped { validator: 4, session: 2 }));
			assert!(events.contains(&Event::NewSetPlanned {
				session: 2,
				validators: vec![1, 2, 3].try_into().unwrap(),
			}));
			assert_eq!(queued(), [1, 2, 3]);
			// Still a member: once it sets keys again it is planned again.
			assert_eq!(members(), GENESIS_VALIDATORS);
			set_keys(4);
			run_to_session(2);
			assert_eq!(queued(), GENESIS_VALIDATORS);
		});
	}

	#[test]
	fn too_few_validators_with_keys_keep_the_current_set() {
		test(|| {
			for validator in [2, 3] {
				assert_ok!(Session::purge_keys(RuntimeOrigin::signed(validator)));
			}
			run_to_session(1);
			assert!(validator_set_events()
				.contains(&Event::SetChangeDeferred { session: 2, with_keys: 2 }));
			assert_eq!(PlannedValidators::<Test>::get().into_inner(), GENESIS_VALIDATORS);
			// pallet-session keeps the set; members without keys drop out of its queue.
			assert_eq!(queued(), [1, 4]);
			assert_eq!(active(), GENESIS_VALIDATORS);
		});
	}

	#[test]
	fn sessions_last_the_genesis_period() {
		test(|| {
			run_to_block(PERIOD - 1);
			assert_eq!(pallet_session::CurrentIndex::<Test>::get(), 0);
			run_to_block(PERIOD);
			assert_eq!(pallet_session::CurrentIndex::<Test>::get(), 1);
			run_to_block(3 * PERIOD);
			assert_eq!(pallet_session::CurrentIndex::<Test>::get(), 3);
		});
	}

	#[test]
	fn a_zero_period_in_storage_is_served_as_one() {
		test(|| {
			SessionPeriod::<Test>::put(0);
			assert_eq!(crate::SessionPeriodOf::<Test>::get(), 1);
			assert!(ValidatorSet::do_try_state().is_err());
			SessionPeriod::<Test>::put(PERIOD);
		});
	}
}

mod session_keys {
	use super::*;

	#[test]
	fn nobody_can_claim_a_validators_public_keys() {
		test(|| {
			// The candidate front-runs validator 1's `setKeys` with 1's keys and the proof 1 made
			// for its own account: the proof names the owner, so it does not transfer.
			assert_noop!(
				Session::set_keys(RuntimeOrigin::signed(CANDIDATE), keys_of(1), proof(1, 1)),
				SessionError::InvalidProof
			);
			// With a proof for its own account (which needs 1's private key) the keys are still
			// taken: one key, one validator.
			assert_noop!(
				Session::set_keys(
					RuntimeOrigin::signed(CANDIDATE),
					keys_of(1),
					proof(1, CANDIDATE)
				),
				SessionError::DuplicatedKey
			);
		});
	}

	#[test]
	fn setting_keys_holds_the_deposit() {
		test(|| {
			set_keys(KEYLESS);
			assert_eq!(Balances::free_balance(KEYLESS), 1_000 - KEY_DEPOSIT);
		});
	}
}
