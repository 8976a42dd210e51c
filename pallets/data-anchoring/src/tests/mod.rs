//! Unit tests of data anchoring, by concern: device-signed and gateway anchors, every error with
//! `assert_noop!` and batches (`anchors`), inclusion proofs over odd, even and one-leaf trees
//! (`inclusion`), the security rules (`security`); the shared helpers are here.

mod anchors;
mod inclusion;
mod security;

use crate::{mock::*, *};
use frame_support::{assert_noop, assert_ok, BoundedVec};
use iot_primitives::{
	merkle, payloads, testing::TestDevice, Anchor, DeviceId, DeviceSignature, DeviceStatus,
	VerifyError,
};
use sp_core::H256;

type Anchoring = Pallet<Test>;

fn root_of(label: u8) -> H256 {
	H256::repeat_byte(label)
}

fn sign_anchor(
	device: &TestDevice,
	id: DeviceId,
	seq: u64,
	root: H256,
	leaf_count: u32,
) -> DeviceSignature {
	device.sign(&payloads::anchor_message(&Anchoring::genesis_hash(), &id, seq, &root, leaf_count))
}

fn last_event() -> RuntimeEvent {
	System::events().pop().expect("an event").event
}

/// Anchors the tree over `leaves` for a new device and returns the device and the root.
fn anchor_tree(seed: u8, leaves: &[Vec<u8>]) -> (DeviceId, H256) {
	let id = add_device(TestDevice::ed25519(seed).key);
	let root = merkle::root(leaves);
	assert_ok!(Anchoring::anchor(
		RuntimeOrigin::signed(OWNER),
		id,
		root,
		leaves.len() as u32,
		None
	));
	(id, root)
}

fn readings(n: usize) -> Vec<Vec<u8>> {
	(0..n).map(|i| format!("{{\"t\":{i},\"celsius\":21.{i}}}").into_bytes()).collect()
}
