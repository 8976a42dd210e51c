//! Unit tests of the validator set, by concern (genesis, each call, sessions, session keys): every
//! call's errors, its events and storage, and how `pallet-session` turns the planned set into the
//! active one. The shared helpers are here.

mod add_validator;
mod genesis;
mod remove_validator;
mod session_keys;
mod sessions;
mod set_min_validators;

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
