//! Security rules (spec §6, §9): roots are unique per device so nobody can squat another
//! device's root; proofs must be exact and leaves bounded, checked before any hashing; lookups by
//! root are bounded; decommissioned devices leave only their (permanent) anchors.

use super::*;
use iot_primitives::{Identity, OnDeviceRemoved};

/// The attack of spec §6: an attacker's own device anchors the victim's root first, without a
/// device signature (the cheapest anchor), as a front-runner watching the pool would.
#[test]
fn nobody_can_squat_another_devices_root() {
	run_test(|| {
		let victim = TestDevice::p256(40);
		let victim_id = add_device(victim.key);
		let attacker_id = add_device_of(RELAYER, TestDevice::ed25519(41).key);
		let root = root_of(0x5a);

		assert_ok!(Anchoring::anchor(RuntimeOrigin::signed(RELAYER), attacker_id, root, 8, None));
		let signature = sign_anchor(&victim, victim_id, 0, root, 8);
		assert_ok!(Anchoring::anchor(
			RuntimeOrigin::signed(GATEWAY),
			victim_id,
			root,
			8,
			Some(signature)
		));

		assert_eq!(AnchorsByRoot::<Test>::get(root, victim_id), Some(0));
		assert_eq!(AnchorsByRoot::<Test>::get(root, attacker_id), Some(0));
		let victims = Anchoring::anchor_of(&victim_id, &root).expect("the victim's anchor");
		assert!(victims.device_signed);
		let found: Vec<_> = Anchoring::find_anchors(&root).iter().map(|a| a.device).collect();
		assert_eq!(found.len(), 2);
		assert!(found.contains(&victim_id) && found.contains(&attacker_id));
		// The same device cannot anchor a root twice.
		assert_noop!(
			Anchoring::anchor(RuntimeOrigin::signed(RELAYER), attacker_id, root, 8, None),
			Error::<Test>::DuplicateRoot
		);
	});
}

#[test]
fn a_squatted_root_does_not_revert_the_victims_batch() {
	run_test(|| {
		let victim = TestDevice::ed25519(42);
		let victim_id = add_device(victim.key);
		let attacker_id = add_device_of(RELAYER, TestDevice::ed25519(43).key);
		assert_ok!(Anchoring::anchor(
			RuntimeOrigin::signed(RELAYER),
			attacker_id,
			root_of(2),
			4,
			None
		));
		let items = vec![
			AnchorItem { device: victim_id, root: root_of(1), leaf_count: 4, signature: None },
			AnchorItem { device: victim_id, root: root_of(2), leaf_count: 4, signature: None },
		];
		assert_ok!(Anchoring::anchor_batch(
			RuntimeOrigin::signed(GATEWAY),
			BoundedVec::truncate_from(items.clone())
		));
		assert_eq!(NextSeq::<Test>::get(victim_id), 2);
		// Repeating its own root is what fails, with the item's index.
		assert_noop!(
			Anchoring::anchor_batch(
				RuntimeOrigin::signed(GATEWAY),
				BoundedVec::truncate_from(vec![items[1].clone()])
			),
			Error::<Test>::BatchItemFailed { index: 0, error: AnchorError::DuplicateRoot }
		);
	});
}

/// Issue 31: an attacker anchors the victim's root first from many devices (fees only). A
/// lookup by root visits at most `MaxAnchorsPerQuery` entries, whatever the flood, and every
/// anchor stays reachable: page by page in device-identifier order, or filtered by owner.
#[test]
fn a_flood_of_anchors_of_a_root_neither_hides_the_victims_nor_costs_more() {
	run_test(|| {
		let root = root_of(0x77);
		let attackers: Vec<_> =
			(50u8..57).map(|seed| add_device_of(RELAYER, TestDevice::ed25519(seed).key)).collect();
		for id in &attackers {
			assert_ok!(Anchoring::anchor(RuntimeOrigin::signed(RELAYER), *id, root, 2, None));
		}
		let victim = add_device(TestDevice::sr25519(57).key);
		assert_ok!(Anchoring::anchor(RuntimeOrigin::signed(OWNER), victim, root, 2, None));

		// Pages of at most MAX_ANCHORS_PER_QUERY, in device order, until `next` is None.
		let mut all = Vec::new();
		let mut after = None;
		let mut pages = 0;
		loop {
			let page = Anchoring::find_anchors_page(&root, after, None);
			assert!(page.anchors.len() <= MAX_ANCHORS_PER_QUERY as usize);
			pages += 1;
			all.extend(page.anchors.iter().map(|anchor| anchor.device));
			match page.next {
				Some(next) => {
					assert_eq!(page.anchors.last().map(|anchor| anchor.device), Some(next));
					after = Some(next);
				}
				None => break,
			}
		}
		let mut expected = attackers.clone();
		expected.push(victim);
		expected.sort();
		assert_eq!(all, expected, "every anchor once, in device-identifier order");
		assert_eq!(pages, 3);
		// The first page is what find_anchors returns.
		let first = Anchoring::find_anchors_page(&root, None, None);
		assert_eq!(
			Anchoring::find_anchors(&root).iter().map(|a| a.device).collect::<Vec<_>>(),
			expected[..MAX_ANCHORS_PER_QUERY as usize].to_vec()
		);
		assert_eq!(first.next, Some(expected[MAX_ANCHORS_PER_QUERY as usize - 1]));

		// The owner's filter: the victim's anchor on whichever page holds it, no one else's.
		let mut mine = Vec::new();
		let mut after = None;
		loop {
			let page = Anchoring::find_anchors_page(&root, after, Some(&OWNER));
			mine.extend(page.anchors.iter().map(|anchor| (anchor.device, anchor.seq)));
			match page.next {
				Some(next) => after = Some(next),
				None => break,
			}
		}
		assert_eq!(mine, vec![(victim, 0)]);
		// Knowing the device, the lookup is direct.
		assert_eq!(Anchoring::anchor_of(&victim, &root).map(|anchor| anchor.device), Some(victim));
		// An unknown root, and a page after the last device: empty, nothing to continue.
		let empty = Anchoring::find_anchors_page(&root_of(0x78), None, None);
		assert_eq!((empty.anchors.len(), empty.next), (0, None));
		let past = Anchoring::find_anchors_page(&root, expected.last().copied(), None);
		assert_eq!((past.anchors.len(), past.next), (0, None));
	});
}

/// The second-preimage attack of spec §6 on a 4-leaf tree: the inner node H(l0) ++ H(l1)
/// passed off as a 64-byte leaf with the one-hash proof [H(H(l2) ++ H(l3))].
#[test]
fn an_inner_node_cannot_pass_as_a_leaf() {
	run_test(|| {
		let leaves = readings(4);
		let (id, root) = anchor_tree(60, &leaves);
		let hash = |bytes: &[u8]| H256(sp_io::hashing::blake2_256(bytes));
		let h: Vec<H256> = leaves.iter().map(|leaf| hash(leaf)).collect();
		let forged_leaf = [h[0].0, h[1].0].concat();
		let forged_proof = vec![hash(&[h[2].0, h[3].0].concat())];
		// The unchecked crate accepts it: the hole is real.
		assert!(binary_merkle_tree::verify_proof::<sp_runtime::traits::BlakeTwo256, _, _>(
			&root,
			forged_proof.clone(),
			4,
			0,
			&forged_leaf
		));
		assert_eq!(
			Anchoring::verify_inclusion(&id, &root, &forged_leaf, &forged_proof, 0),
			Err(VerifyError::BadProofLength)
		);
		let honest = merkle::proof(&leaves, 0);
		assert!(Anchoring::verify_inclusion(&id, &root, &leaves[0], &honest, 0).is_ok());
	});
}

#[test]
fn oversized_proofs_and_leaves_are_refused_before_hashing() {
	run_test(|| {
		let leaves = readings(4);
		let (id, root) = anchor_tree(61, &leaves);
		let mut long = merkle::proof(&leaves, 1);
		long.extend(core::iter::repeat_n(H256::repeat_byte(7), 60_000));
		assert_eq!(
			Anchoring::verify_inclusion(&id, &root, &leaves[1], &long, 1),
			Err(VerifyError::BadProofLength)
		);
		let huge = vec![0u8; MAX_LEAF_LENGTH as usize + 1];
		assert_eq!(
			Anchoring::verify_inclusion(&id, &root, &huge, &[], 0),
			Err(VerifyError::LeafTooLong)
		);
		// The bound is checked before the anchor is even looked up.
		assert_eq!(
			Anchoring::verify_inclusion(&DeviceId::zero(), &root, &huge, &[], 0),
			Err(VerifyError::LeafTooLong)
		);
		let largest = vec![1u8; MAX_LEAF_LENGTH as usize];
		assert_eq!(
			Anchoring::verify_inclusion(&id, &root, &largest, &merkle::proof(&leaves, 1), 1),
			Err(VerifyError::BadProof)
		);
	});
}

#[test]
fn a_proof_names_the_device_whose_anchor_it_trusts() {
	run_test(|| {
		let leaves = readings(3);
		let (id, root) = anchor_tree(62, &leaves);
		let other = add_device(TestDevice::ed25519(63).key);
		let proof = merkle::proof(&leaves, 2);
		assert_eq!(
			Anchoring::verify_inclusion(&other, &root, &leaves[2], &proof, 2),
			Err(VerifyError::UnknownRoot)
		);
		assert_eq!(
			Anchoring::verify_inclusion(&id, &root, &leaves[2], &proof, 2).map(|a| a.device),
			Ok(id)
		);
	});
}

#[test]
fn a_removed_device_keeps_its_anchors_but_not_its_counter() {
	run_test(|| {
		let leaves = readings(2);
		let (id, root) = anchor_tree(64, &leaves);
		assert_eq!(NextSeq::<Test>::get(id), 1);
		<Anchoring as OnDeviceRemoved>::on_device_removed(&id);
		assert!(!NextSeq::<Test>::contains_key(id));
		assert!(Anchoring::anchor_of(&id, &root).is_some());
		let proof = merkle::proof(&leaves, 0);
		assert!(Anchoring::verify_inclusion(&id, &root, &leaves[0], &proof, 0).is_ok());
	});
}

/// Issue 31: a software key anyone can register under any model reaches `Trusted` by reporting a
/// public firmware digest; its anchors must not read `trusted`. Only a vouched-for key (endorsed
/// or certified) makes a trusted anchor.
#[test]
fn anchors_of_a_self_asserted_key_are_never_trusted() {
	run_test(|| {
		let software = TestDevice::ed25519(50);
		let software_id = add_device(software.key);
		MockTrust::trust_as(software_id, Identity::SelfAsserted);
		let endorsed = TestDevice::ed25519(51);
		let endorsed_id = add_device(endorsed.key);
		MockTrust::trust_as(endorsed_id, Identity::Endorsed);
		let certified = TestDevice::ed25519(52);
		let certified_id = add_device(certified.key);
		MockTrust::trust_as(certified_id, Identity::Certified);
		let root = root_of(0x51);
		for (device, id, trusted) in [
			(&software, software_id, false),
			(&endorsed, endorsed_id, true),
			(&certified, certified_id, true),
		] {
			let signature = sign_anchor(device, id, 0, root, 4);
			assert_ok!(Anchoring::anchor(
				RuntimeOrigin::signed(RELAYER),
				id,
				root,
				4,
				Some(signature)
			));
			assert_eq!(
				Anchoring::anchor_of(&id, &root).map(|anchor| anchor.trusted),
				Some(trusted)
			);
		}
	});
}
