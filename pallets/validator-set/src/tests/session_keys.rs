//! Session keys: nobody can claim a validator's public keys, and setting keys holds a deposit.

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
			Session::set_keys(RuntimeOrigin::signed(CANDIDATE), keys_of(1), proof(1, CANDIDATE)),
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
