//! Unit tests of data anchoring: device-signed and gateway anchors, every error with
//! `assert_noop!`, batches, and inclusion proofs over odd, even and one-leaf trees.

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

#[test]
fn device_signed_anchor_by_any_relayer_with_every_key_type() {
	run_test(|| {
		for device in TestDevice::all_schemes(1) {
			let id = add_device(device.key);
			MockTrust::trust(id);
			let root = H256::from(device.key.device_id().0);
			let signature = sign_anchor(&device, id, 0, root, 16);
			assert_ok!(Anchoring::anchor(
				RuntimeOrigin::signed(RELAYER),
				id,
				root,
				16,
				Some(signature)
			));
			let expected = Anchor {
				device: id,
				seq: 0,
				root,
				leaf_count: 16,
				block: 5,
				timestamp: NOW_MS,
				submitter: RELAYER,
				device_signed: true,
				trusted: true,
			};
			assert_eq!(Anchors::<Test>::get(id, 0), Some(expected.clone()));
			assert_eq!(Anchoring::anchor_of(&id, &root), Some(expected.clone()));
			assert_eq!(Anchoring::find_anchors(&root), vec![expected]);
			assert_eq!(NextSeq::<Test>::get(id), 1);
			assert_eq!(
				last_event(),
				Event::<Test>::Anchored {
					device: id,
					seq: 0,
					root,
					leaf_count: 16,
					submitter: RELAYER,
					device_signed: true,
					trusted: true
				}
				.into()
			);
		}
	});
}

#[test]
fn owner_and_gateway_anchor_without_signature_and_seq_increases() {
	run_test(|| {
		let device = TestDevice::ed25519(2);
		let id = add_device(device.key);
		assert_ok!(Anchoring::anchor(RuntimeOrigin::signed(OWNER), id, root_of(1), 1, None));
		assert_ok!(Anchoring::anchor(
			RuntimeOrigin::signed(GATEWAY),
			id,
			root_of(2),
			MAX_LEAVES,
			None
		));
		let signature = sign_anchor(&device, id, 2, root_of(3), 3);
		assert_ok!(Anchoring::anchor(
			RuntimeOrigin::signed(RELAYER),
			id,
			root_of(3),
			3,
			Some(signature)
		));
		let anchors: Vec<_> = (0..3).map(|seq| Anchors::<Test>::get(id, seq).unwrap()).collect();
		assert_eq!(
			anchors.iter().map(|a| a.root).collect::<Vec<_>>(),
			vec![root_of(1), root_of(2), root_of(3)]
		);
		assert_eq!(
			anchors.iter().map(|a| a.device_signed).collect::<Vec<_>>(),
			vec![false, false, true]
		);
		assert_eq!(
			anchors.iter().map(|a| a.submitter).collect::<Vec<_>>(),
			vec![OWNER, GATEWAY, RELAYER]
		);
		assert!(anchors.iter().all(|a| !a.trusted), "the device never attested");
		assert_eq!(NextSeq::<Test>::get(id), 3);
	});
}

#[test]
fn anchor_errors_change_nothing() {
	run_test(|| {
		let device = TestDevice::p256(3);
		let id = add_device(device.key);
		let anchor = |who, root, count, sig| {
			Anchoring::anchor(RuntimeOrigin::signed(who), id, root, count, sig)
		};

		assert_noop!(anchor(OWNER, root_of(1), 0, None), Error::<Test>::BadLeafCount);
		assert_noop!(anchor(OWNER, root_of(1), MAX_LEAVES + 1, None), Error::<Test>::BadLeafCount);
		assert_noop!(
			Anchoring::anchor(RuntimeOrigin::signed(OWNER), DeviceId::zero(), root_of(1), 1, None),
			Error::<Test>::UnknownDevice
		);
		assert_noop!(anchor(RELAYER, root_of(1), 1, None), Error::<Test>::NotAuthorized);
		// Wrong sequence number, wrong root, another key, another chain.
		assert_noop!(
			anchor(RELAYER, root_of(1), 1, Some(sign_anchor(&device, id, 1, root_of(1), 1))),
			Error::<Test>::BadSignature
		);
		assert_noop!(
			anchor(RELAYER, root_of(1), 1, Some(sign_anchor(&device, id, 0, root_of(2), 1))),
			Error::<Test>::BadSignature
		);
		assert_noop!(
			anchor(
				RELAYER,
				root_of(1),
				1,
				Some(sign_anchor(&TestDevice::p256(4), id, 0, root_of(1), 1))
			),
			Error::<Test>::BadSignature
		);
		let foreign =
			device.sign(&payloads::anchor_message(&H256::repeat_byte(9), &id, 0, &root_of(1), 1));
		assert_noop!(anchor(RELAYER, root_of(1), 1, Some(foreign)), Error::<Test>::BadSignature);

		assert_ok!(anchor(OWNER, root_of(1), 1, None));
		assert_noop!(anchor(OWNER, root_of(1), 1, None), Error::<Test>::DuplicateRoot);

		MockRegistry::set_status(id, DeviceStatus::Suspended);
		assert_noop!(anchor(OWNER, root_of(2), 1, None), Error::<Test>::DeviceInactive);
		MockRegistry::set_status(id, DeviceStatus::Revoked { reason: 1 });
		assert_noop!(anchor(OWNER, root_of(2), 1, None), Error::<Test>::DeviceInactive);

		MockRegistry::set_status(id, DeviceStatus::Active);
		NextSeq::<Test>::insert(id, u64::MAX);
		assert_noop!(anchor(OWNER, root_of(2), 1, None), Error::<Test>::SequenceExhausted);
		NextSeq::<Test>::insert(id, 1);
	});
}

#[test]
fn replayed_device_signature_is_rejected() {
	run_test(|| {
		let device = TestDevice::sr25519(5);
		let id = add_device(device.key);
		let signature = sign_anchor(&device, id, 0, root_of(7), 8);
		assert_ok!(Anchoring::anchor(
			RuntimeOrigin::signed(RELAYER),
			id,
			root_of(7),
			8,
			Some(signature)
		));
		// The same signature for another root at the next seq does not verify.
		assert_noop!(
			Anchoring::anchor(RuntimeOrigin::signed(RELAYER), id, root_of(8), 8, Some(signature)),
			Error::<Test>::BadSignature
		);
	});
}

#[test]
fn anchor_batch_is_all_or_nothing_with_the_failing_index() {
	run_test(|| {
		let a = TestDevice::ecdsa(6);
		let b = TestDevice::p256(7);
		let (ia, ib) = (add_device(a.key), add_device(b.key));
		let good = vec![
			AnchorItem { device: ia, root: root_of(1), leaf_count: 4, signature: None },
			AnchorItem {
				device: ib,
				root: root_of(2),
				leaf_count: 4,
				signature: Some(sign_anchor(&b, ib, 0, root_of(2), 4)),
			},
			AnchorItem {
				device: ia,
				root: root_of(3),
				leaf_count: 4,
				signature: Some(sign_anchor(&a, ia, 1, root_of(3), 4)),
			},
		];
		let mut bad = good.clone();
		bad[2].signature = Some(sign_anchor(&a, ia, 0, root_of(3), 4));
		assert_noop!(
			Anchoring::anchor_batch(RuntimeOrigin::signed(GATEWAY), BoundedVec::truncate_from(bad)),
			Error::<Test>::BatchItemFailed { index: 2, error: AnchorError::BadSignature }
		);
		assert_ok!(Anchoring::anchor_batch(
			RuntimeOrigin::signed(GATEWAY),
			BoundedVec::truncate_from(good)
		));
		assert_eq!(NextSeq::<Test>::get(ia), 2);
		assert_eq!(NextSeq::<Test>::get(ib), 1);
		assert_eq!(Anchors::<Test>::get(ia, 1).unwrap().root, root_of(3));
	});
}

#[test]
fn anchor_batch_weight_follows_each_items_scheme() {
	use frame_support::dispatch::GetDispatchInfo;
	let item =
		|signature| AnchorItem { device: H256::zero(), root: root_of(1), leaf_count: 1, signature };
	let ed25519 = Some(DeviceSignature::Ed25519([0; 64]));
	let p256 = Some(DeviceSignature::P256([0; 64]));
	let gateway = <() as WeightInfo>::anchor_unsigned();
	let ed25519_extra = <() as WeightInfo>::anchor_ed25519().saturating_sub(gateway);
	let p256_extra = <() as WeightInfo>::anchor_p256().saturating_sub(gateway);
	let weight = |items: Vec<AnchorItem>| Anchoring::anchor_batch_weight(&items);

	assert_eq!(weight(vec![item(None), item(None)]), <() as WeightInfo>::anchor_batch(2));
	assert_eq!(
		weight(vec![item(p256), item(None), item(ed25519)]),
		<() as WeightInfo>::anchor_batch(3) + p256_extra + ed25519_extra
	);
	assert!(weight(vec![item(ed25519); 100]).ref_time() < weight(vec![item(p256); 100]).ref_time());
	// The call is charged exactly that.
	let items = vec![item(ed25519), item(p256)];
	let call = Call::<Test>::anchor_batch { items: BoundedVec::truncate_from(items.clone()) };
	assert_eq!(call.get_dispatch_info().call_weight, weight(items));
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

#[test]
fn inclusion_proofs_of_first_middle_and_last_leaves_of_odd_and_even_trees() {
	run_test(|| {
		for (seed, n) in [(10u8, 1usize), (11, 2), (12, 7), (13, 8), (14, 1000)] {
			let leaves = readings(n);
			let (id, root) = anchor_tree(seed, &leaves);
			for index in [0, n / 2, n - 1] {
				let proof = merkle::proof(&leaves, index as u32);
				let anchor =
					Anchoring::verify_inclusion(&id, &root, &leaves[index], &proof, index as u32)
						.unwrap_or_else(|e| panic!("leaf {index} of {n}: {e:?}"));
				assert_eq!(anchor.root, root);
				assert_eq!(anchor.leaf_count, n as u32);
			}
		}
	});
}

#[test]
fn one_leaf_tree_root_is_the_leaf_hash() {
	let leaf = b"single reading".to_vec();
	assert_eq!(merkle::root([&leaf]), H256(sp_io::hashing::blake2_256(&leaf)));
	assert!(merkle::proof([&leaf], 0).is_empty());
}

#[test]
fn tampered_leaves_proofs_and_indices_fail() {
	run_test(|| {
		let leaves = readings(7);
		let (id, root) = anchor_tree(20, &leaves);
		let proof = merkle::proof(&leaves, 3);
		assert_eq!(
			Anchoring::verify_inclusion(&id, &root, b"{\"t\":3,\"celsius\":99.9}", &proof, 3),
			Err(VerifyError::BadProof)
		);
		let mut tampered = proof.clone();
		tampered[0] = H256::repeat_byte(1);
		assert_eq!(
			Anchoring::verify_inclusion(&id, &root, &leaves[3], &tampered, 3),
			Err(VerifyError::BadProof)
		);
		// Leaf 6 of 7 (carried up once) has a shorter proof; leaf 4's is as long but fails.
		assert_eq!(
			Anchoring::verify_inclusion(&id, &root, &leaves[3], &proof, 6),
			Err(VerifyError::BadProofLength)
		);
		assert_eq!(
			Anchoring::verify_inclusion(&id, &root, &leaves[3], &proof, 4),
			Err(VerifyError::BadProof)
		);
		assert_eq!(
			Anchoring::verify_inclusion(&id, &root, &leaves[3], &proof, 7),
			Err(VerifyError::IndexOutOfRange)
		);
		assert_eq!(
			Anchoring::verify_inclusion(&id, &root_of(0xaa), &leaves[3], &proof, 3),
			Err(VerifyError::UnknownRoot)
		);
	});
}
