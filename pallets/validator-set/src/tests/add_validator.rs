//! `add_validator`: adds an account with session keys (event, storage); refuses other origins, a
//! member, an account without keys and a full set.

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
		assert_noop!(ValidatorSet::add_validator(root(), KEYLESS), Error::<Test>::NoSessionKeys);
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
