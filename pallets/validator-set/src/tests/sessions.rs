//! How `pallet-session` turns the planned set into the active one: queued at the next boundary,
//! active from the one after; members without keys skipped; never fewer than the minimum.

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
		assert!(
			validator_set_events().contains(&Event::SetChangeDeferred { session: 2, with_keys: 2 })
		);
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
