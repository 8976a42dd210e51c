//! Unit tests of the device registry, by concern: every call's success path with its events and
//! storage, and every error with `assert_noop!` (nothing changes). The helpers here build
//! registrations and rotations with real signatures.

mod gateways;
mod genesis;
mod lifecycle;
mod manufacturers;
mod registration;
mod security;

use crate::{mock::*, *};
use codec::Encode;
use frame_support::{
	assert_noop, assert_ok,
	traits::fungible::{Inspect, InspectHold},
	BoundedVec,
};
use iot_primitives::{
	payloads, testing::TestDevice, DeviceId, DeviceKey, DeviceRegistry as _, DeviceSignature,
	DeviceStatus,
};
use sp_runtime::{BuildStorage, DispatchError, TokenError};

type Registry = Pallet<Test>;

fn genesis() -> sp_core::H256 {
	Registry::genesis_hash()
}

/// A registration of `device` by `owner` for ACME's model, with a valid proof.
fn registration(device: &TestDevice, owner: AccountId) -> DeviceRegistration<Test> {
	let proof = device.sign(&payloads::registration_message(&genesis(), &owner, &device.key));
	DeviceRegistration {
		key: device.key,
		manufacturer: ACME,
		model_id: ACME_MODEL,
		metadata: b"room 4".to_vec(),
		proof,
		endorsement: None,
	}
}

/// Registers `device` for `owner` through the extrinsic and returns its identifier.
fn register(owner: AccountId, device: &TestDevice) -> DeviceId {
	let r = registration(device, owner);
	assert_ok!(Registry::register_device(
		RuntimeOrigin::signed(owner),
		r.key,
		r.manufacturer,
		r.model_id,
		r.metadata,
		r.proof,
		r.endorsement,
	));
	device.key.device_id()
}

/// Calls `register_device` with the fields of `r`.
fn register_with(owner: AccountId, r: DeviceRegistration<Test>) -> sp_runtime::DispatchResult {
	Registry::register_device(
		RuntimeOrigin::signed(owner),
		r.key,
		r.manufacturer,
		r.model_id,
		r.metadata,
		r.proof,
		r.endorsement,
	)
}

fn held(who: AccountId, reason: HoldReason) -> Balance {
	<Balances as InspectHold<AccountId>>::balance_on_hold(
		&RuntimeHoldReason::DeviceRegistry(reason),
		&who,
	)
}

fn last_event() -> RuntimeEvent {
	System::events().pop().expect("an event").event
}

fn rotation_signatures(
	device: DeviceId,
	old: &TestDevice,
	new: &TestDevice,
	nonce: u32,
) -> (DeviceSignature, DeviceSignature) {
	let message = payloads::rotation_message(&genesis(), &device, &new.key, nonce);
	(old.sign(&message), new.sign(&message))
}

/// ALICE rotates `device` from `old` to `new` with both keys' signatures at `nonce`.
fn rotate(
	device: DeviceId,
	old: &TestDevice,
	new: &TestDevice,
	nonce: u32,
) -> sp_runtime::DispatchResult {
	let (old_sig, new_sig) = rotation_signatures(device, old, new, nonce);
	Registry::rotate_key(RuntimeOrigin::signed(ALICE), device, new.key, old_sig, new_sig)
}
