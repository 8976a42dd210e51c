//! `remove_validator`: removes a member (event, storage); refuses other origins, a non-member and
//! going below the minimum.

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
		assert_noop!(ValidatorSet::remove_validator(root(), 3), Error::<Test>::TooFewValidators);
		assert_eq!(members(), [1, 2, 3]);
	});
}
