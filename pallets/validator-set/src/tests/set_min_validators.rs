//! `set_min_validators`: sets the minimum (event, storage); refuses other origins, zero and a
//! minimum above the set's size.

use super::*;

#[test]
fn sets_the_minimum() {
	test(|| {
		assert_ok!(ValidatorSet::set_min_validators(root(), 4));
		assert_eq!(MinValidators::<Test>::get(), 4);
		assert_eq!(last_event(), Event::MinValidatorsSet { min: 4 }.into());
		assert_noop!(ValidatorSet::remove_validator(root(), 4), Error::<Test>::TooFewValidators);
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
		assert_noop!(ValidatorSet::set_min_validators(root(), 5), Error::<Test>::TooFewValidators);
	});
}
