//! Anchors: device-signed by any relayer with every key type, by the owner or its gateway without
//! a signature, every error with `assert_noop!`, replays, and all-or-nothing batches weighed by
//! each item's scheme.

use super::*;

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
