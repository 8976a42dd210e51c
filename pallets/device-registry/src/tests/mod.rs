//! Unit tests of the device registry, by concern: every call's success path with its events and
//! storage, and every error with `assert_noop!` (nothing changes). The helpers here build
//! registrations and rotations with real signatures.

mod anchors;
mod certified;
mod endorsements;
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
	traits::fungible::{Inspect, InspectHold, Mutate},
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

// --- Certificates (spec §12): fixtures of iot-cert-path, anchors, chains ---------------------

use iot_cert_path::fixtures;
use iot_primitives::AnchorOwner;
use sp_core::H256;

/// A generated certificate fixture's DER.
fn der(name: &str) -> Vec<u8> {
	fixtures::generated(name)
}

/// Registers the generated fixture `name` as a global anchor (Root) and returns its identifier.
fn global_anchor(name: &str) -> H256 {
	assert_ok!(Registry::register_trust_anchor(RuntimeOrigin::root(), der(name)));
	Registry::anchor_id(&AnchorOwner::Global, &der(name))
}

/// Registers the generated fixture `name` as `manufacturer`'s own anchor.
fn oem_anchor(manufacturer: AccountId, name: &str) -> H256 {
	assert_ok!(Registry::register_oem_anchor(RuntimeOrigin::signed(manufacturer), der(name)));
	Registry::anchor_id(&AnchorOwner::Manufacturer(manufacturer), &der(name))
}

/// ACME's model accepts exactly `anchors`.
fn accept(anchors: &[H256]) {
	assert_ok!(Registry::set_model_anchors(
		RuntimeOrigin::signed(ACME),
		ACME_MODEL,
		anchors.to_vec()
	));
}

/// The P-256 device whose key the fixture `leaf` certifies (its secret is in the manifest).
fn certified_key(leaf: &str) -> TestDevice {
	TestDevice::p256_from_secret(fixtures::manifest_bytes(&format!("{leaf}_secret")))
		.expect("a valid P-256 secret")
}

/// A chain of generated fixtures (leaf first) ending at `anchor`.
fn chain(anchor: H256, names: &[&str]) -> CertificateChain {
	CertificateChain { anchor, certificates: names.iter().map(|n| der(n)).collect() }
}

/// The 3-certificate P-256 chain of `leaf` (signed by p256_int2) to the anchor of p256_root.
fn p256_chains(anchor: H256, leaf: &str) -> DeviceChains {
	DeviceChains { device: chain(anchor, &[leaf, "p256_int2", "p256_int1"]), tpm: None }
}

/// A certified registration of `device` by `owner` for ACME's model, with a valid proof.
fn certified(
	device: &TestDevice,
	owner: AccountId,
	certificates: DeviceChains,
) -> CertifiedRegistration<Test> {
	let r = registration(device, owner);
	CertifiedRegistration {
		key: r.key,
		manufacturer: r.manufacturer,
		model_id: r.model_id,
		metadata: r.metadata,
		proof: r.proof,
		certificates,
	}
}

/// Calls `register_certified_device` with the fields of `r`.
fn register_certified(
	owner: AccountId,
	r: CertifiedRegistration<Test>,
) -> sp_runtime::DispatchResult {
	Registry::register_certified_device(
		RuntimeOrigin::signed(owner),
		r.key,
		r.manufacturer,
		r.model_id,
		r.metadata,
		r.proof,
		r.certificates,
	)
}

/// ACME's model accepting p256_root (global) and ALICE's device of fixture `leaf` registered
/// with its 3-certificate chain: returns the anchor and the device.
fn certified_p256_device(leaf: &str) -> (H256, DeviceId) {
	let anchor = Registry::anchor_id(&AnchorOwner::Global, &der("p256_root"));
	if !TrustAnchors::<Test>::contains_key(anchor) {
		global_anchor("p256_root");
		accept(&[anchor]);
	}
	let device = certified_key(leaf);
	assert_ok!(register_certified(ALICE, certified(&device, ALICE, p256_chains(anchor, leaf))));
	(anchor, device.key.device_id())
}
