//! A device's life after registration: metadata, key rotation, suspension, revocation and
//! two-step transfers, with every error.

use super::*;

#[test]
fn update_metadata_works_and_errors() {
	run_test(|| {
		let id = register(ALICE, &TestDevice::ed25519(40));
		assert_ok!(Registry::update_metadata(RuntimeOrigin::signed(ALICE), id, b"roof".to_vec()));
		assert_eq!(Devices::<Test>::get(id).unwrap().metadata.to_vec(), b"roof".to_vec());
		assert_eq!(last_event(), Event::<Test>::MetadataUpdated { device: id }.into());
		assert_noop!(
			Registry::update_metadata(RuntimeOrigin::signed(BOB), id, b"x".to_vec()),
			Error::<Test>::NotOwner
		);
		assert_noop!(
			Registry::update_metadata(
				RuntimeOrigin::signed(ALICE),
				id,
				vec![0; MAX_METADATA as usize + 1]
			),
			Error::<Test>::MetadataTooLong
		);
		assert_noop!(
			Registry::update_metadata(RuntimeOrigin::signed(ALICE), DeviceId::zero(), vec![]),
			Error::<Test>::UnknownDevice
		);
	});
}

#[test]
fn rotate_key_across_every_key_type() {
	run_test(|| {
		let [ed, sr, ec, p] = TestDevice::all_schemes(50);
		let id = register(ALICE, &ed);
		// Rotate through all four schemes: ed25519 → sr25519 → ecdsa → p256.
		for (nonce, (old, new)) in [(&ed, &sr), (&sr, &ec), (&ec, &p)].into_iter().enumerate() {
			assert_ok!(rotate(id, old, new, nonce as u32));
			let stored = Devices::<Test>::get(id).unwrap();
			assert_eq!(stored.key, new.key);
			assert_eq!(stored.rotation_nonce, nonce as u32 + 1);
			assert_eq!(KnownKeys::<Test>::get(new.key.device_id()), Some(id));
			// Each new key's permanent record is paid with the device deposit.
			let deposit = DEVICE_DEPOSIT + KEY_RECORD_DEPOSIT * (nonce as u64 + 1);
			assert_eq!(stored.deposit, deposit);
			assert_eq!(held(ALICE, HoldReason::DeviceDeposit), deposit);
			assert_eq!(
				last_event(),
				Event::<Test>::KeyRotated { device: id, new_key: new.key }.into()
			);
		}
		// The device keeps its identifier; retired keys cannot be registered as new devices.
		assert_noop!(register_with(BOB, registration(&sr, BOB)), Error::<Test>::KeyInUse);
		// Leaving, it pays for the four key records that stay: burned, the rest refunded.
		let issuance = Balances::total_issuance();
		assert_ok!(Registry::decommission(RuntimeOrigin::signed(ALICE), id));
		assert_eq!(held(ALICE, HoldReason::DeviceDeposit), 0);
		assert_eq!(Balances::balance(&ALICE), INITIAL_BALANCE - 4 * KEY_RECORD_DEPOSIT);
		assert_eq!(Balances::total_issuance(), issuance - 4 * KEY_RECORD_DEPOSIT);
	});
}

#[test]
fn rotate_key_errors() {
	run_test(|| {
		let old = TestDevice::p256(60);
		let new = TestDevice::ed25519(61);
		let id = register(ALICE, &old);
		let (old_sig, new_sig) = rotation_signatures(id, &old, &new, 0);

		assert_noop!(
			Registry::rotate_key(RuntimeOrigin::signed(BOB), id, new.key, old_sig, new_sig),
			Error::<Test>::NotOwner
		);
		assert_noop!(
			Registry::rotate_key(
				RuntimeOrigin::signed(ALICE),
				DeviceId::zero(),
				new.key,
				old_sig,
				new_sig
			),
			Error::<Test>::UnknownDevice
		);
		// Replayed old signature with a wrong nonce.
		let (stale_old, stale_new) = rotation_signatures(id, &old, &new, 1);
		assert_noop!(
			Registry::rotate_key(RuntimeOrigin::signed(ALICE), id, new.key, stale_old, new_sig),
			Error::<Test>::BadProof
		);
		assert_noop!(
			Registry::rotate_key(RuntimeOrigin::signed(ALICE), id, new.key, old_sig, stale_new),
			Error::<Test>::BadNewKeyProof
		);
		assert_noop!(
			Registry::rotate_key(RuntimeOrigin::signed(ALICE), id, new.key, new_sig, new_sig),
			Error::<Test>::KeyTypeMismatch
		);
		// Rotating to a key of another device.
		let other = TestDevice::sr25519(62);
		register(BOB, &other);
		let (o, n) = rotation_signatures(id, &old, &other, 0);
		assert_noop!(
			Registry::rotate_key(RuntimeOrigin::signed(ALICE), id, other.key, o, n),
			Error::<Test>::KeyInUse
		);
		// An owner who cannot pay for the new key's record.
		let free = Balances::balance(&ALICE);
		<Balances as Mutate<AccountId>>::set_balance(&ALICE, KEY_RECORD_DEPOSIT - 1);
		assert_noop!(
			Registry::rotate_key(RuntimeOrigin::signed(ALICE), id, new.key, old_sig, new_sig),
			Error::<Test>::InsufficientBalance
		);
		<Balances as Mutate<AccountId>>::set_balance(&ALICE, free);
		assert_ok!(Registry::revoke(RuntimeOrigin::signed(ALICE), id, 1));
		assert_noop!(
			Registry::rotate_key(RuntimeOrigin::signed(ALICE), id, new.key, old_sig, new_sig),
			Error::<Test>::Revoked
		);
	});
}

// ---- status ----

#[test]
fn suspend_and_resume() {
	run_test(|| {
		let id = register(ALICE, &TestDevice::ecdsa(70));
		assert_ok!(Registry::suspend(RuntimeOrigin::signed(ALICE), id));
		assert_eq!(Devices::<Test>::get(id).unwrap().status, DeviceStatus::Suspended);
		assert_eq!(last_event(), Event::<Test>::DeviceSuspended { device: id }.into());
		assert!(!Registry::device(&id).unwrap().is_active());
		assert_noop!(Registry::suspend(RuntimeOrigin::signed(ALICE), id), Error::<Test>::NotActive);

		assert_ok!(Registry::resume(RuntimeOrigin::signed(ALICE), id));
		assert_eq!(Devices::<Test>::get(id).unwrap().status, DeviceStatus::Active);
		assert_eq!(last_event(), Event::<Test>::DeviceResumed { device: id }.into());
		assert_noop!(
			Registry::resume(RuntimeOrigin::signed(ALICE), id),
			Error::<Test>::NotSuspended
		);
		assert_noop!(Registry::suspend(RuntimeOrigin::signed(BOB), id), Error::<Test>::NotOwner);
		assert_noop!(Registry::resume(RuntimeOrigin::signed(BOB), id), Error::<Test>::NotOwner);
	});
}

#[test]
fn revoke_by_owner_or_manufacturer_is_irreversible() {
	run_test(|| {
		let by_owner = register(ALICE, &TestDevice::ed25519(80));
		let by_maker = register(ALICE, &TestDevice::ed25519(81));
		assert_ok!(Registry::offer_transfer(RuntimeOrigin::signed(ALICE), by_owner, BOB));
		assert_ok!(Registry::revoke(RuntimeOrigin::signed(ALICE), by_owner, 3));
		assert_eq!(
			Devices::<Test>::get(by_owner).unwrap().status,
			DeviceStatus::Revoked { reason: 3 }
		);
		assert_eq!(PendingTransfers::<Test>::get(by_owner), None, "revocation cancels transfers");
		assert_eq!(
			last_event(),
			Event::<Test>::DeviceRevoked { device: by_owner, by: ALICE, reason: 3 }.into()
		);
		assert_ok!(Registry::revoke(RuntimeOrigin::signed(ACME), by_maker, 9));
		assert_eq!(
			Devices::<Test>::get(by_maker).unwrap().status,
			DeviceStatus::Revoked { reason: 9 }
		);

		assert_noop!(
			Registry::revoke(RuntimeOrigin::signed(ALICE), by_owner, 1),
			Error::<Test>::Revoked
		);
		assert_noop!(
			Registry::resume(RuntimeOrigin::signed(ALICE), by_owner),
			Error::<Test>::Revoked
		);
		assert_noop!(
			Registry::suspend(RuntimeOrigin::signed(ALICE), by_owner),
			Error::<Test>::Revoked
		);
		assert_noop!(
			Registry::offer_transfer(RuntimeOrigin::signed(ALICE), by_owner, BOB),
			Error::<Test>::Revoked
		);
		let other = register(ALICE, &TestDevice::ed25519(82));
		assert_noop!(
			Registry::revoke(RuntimeOrigin::signed(BOB), other, 1),
			Error::<Test>::NotOwnerOrManufacturer
		);
		assert_noop!(
			Registry::revoke(RuntimeOrigin::signed(ALICE), DeviceId::zero(), 1),
			Error::<Test>::UnknownDevice
		);
	});
}

// ---- transfers ----

#[test]
fn two_step_transfer_moves_the_deposit() {
	run_test(|| {
		let id = register(ALICE, &TestDevice::p256(100));
		assert_ok!(Registry::offer_transfer(RuntimeOrigin::signed(ALICE), id, BOB));
		assert_eq!(PendingTransfers::<Test>::get(id), Some(BOB));
		assert_eq!(
			last_event(),
			Event::<Test>::TransferOffered { device: id, from: ALICE, to: BOB }.into()
		);
		assert_ok!(Registry::accept_transfer(RuntimeOrigin::signed(BOB), id));
		assert_eq!(Devices::<Test>::get(id).unwrap().owner, BOB);
		assert_eq!(PendingTransfers::<Test>::get(id), None);
		assert!(DevicesByOwner::<Test>::contains_key(BOB, id));
		assert!(!DevicesByOwner::<Test>::contains_key(ALICE, id));
		assert_eq!(OwnerDeviceCount::<Test>::get(ALICE), 0);
		assert_eq!(OwnerDeviceCount::<Test>::get(BOB), 1);
		assert_eq!(held(ALICE, HoldReason::DeviceDeposit), 0);
		assert_eq!(held(BOB, HoldReason::DeviceDeposit), DEVICE_DEPOSIT);
		assert_eq!(Balances::total_balance(&ALICE), INITIAL_BALANCE - DEVICE_DEPOSIT);
		assert_eq!(Balances::total_balance(&BOB), INITIAL_BALANCE + DEVICE_DEPOSIT);
		assert_eq!(
			last_event(),
			Event::<Test>::DeviceTransferred { device: id, from: ALICE, to: BOB }.into()
		);
		// Bob may decommission and gets the deposit back, but for the key record's price.
		assert_ok!(Registry::decommission(RuntimeOrigin::signed(BOB), id));
		assert_eq!(Balances::balance(&BOB), INITIAL_BALANCE + DEVICE_DEPOSIT - KEY_RECORD_DEPOSIT);
	});
}

#[test]
fn transfer_errors() {
	run_test(|| {
		let id = register(ALICE, &TestDevice::sr25519(110));
		assert_noop!(
			Registry::offer_transfer(RuntimeOrigin::signed(ALICE), id, ALICE),
			Error::<Test>::SelfTransfer
		);
		assert_noop!(
			Registry::offer_transfer(RuntimeOrigin::signed(BOB), id, BOB),
			Error::<Test>::NotOwner
		);
		assert_noop!(
			Registry::accept_transfer(RuntimeOrigin::signed(BOB), id),
			Error::<Test>::NoPendingTransfer
		);
		assert_noop!(
			Registry::cancel_transfer(RuntimeOrigin::signed(ALICE), id),
			Error::<Test>::NoPendingTransfer
		);
		assert_ok!(Registry::offer_transfer(RuntimeOrigin::signed(ALICE), id, BOB));
		assert_noop!(
			Registry::accept_transfer(RuntimeOrigin::signed(ACME), id),
			Error::<Test>::NotRecipient
		);
		assert_noop!(
			Registry::cancel_transfer(RuntimeOrigin::signed(BOB), id),
			Error::<Test>::NotOwner
		);
		for seed in 0..MAX_DEVICES as u8 {
			register(BOB, &TestDevice::ed25519(seed + 120));
		}
		assert_noop!(
			Registry::accept_transfer(RuntimeOrigin::signed(BOB), id),
			Error::<Test>::TooManyDevices
		);
		assert_ok!(Registry::cancel_transfer(RuntimeOrigin::signed(ALICE), id));
		assert_eq!(PendingTransfers::<Test>::get(id), None);
		assert_eq!(last_event(), Event::<Test>::TransferCancelled { device: id }.into());
	});
}

#[test]
fn accept_transfer_of_a_device_whose_deposit_was_lost_fails() {
	run_test(|| {
		let id = register(ALICE, &TestDevice::p256(130));
		assert_ok!(Registry::offer_transfer(RuntimeOrigin::signed(ALICE), id, BOB));
		// The held deposit vanished (a slash): the transfer cannot move it.
		assert_ok!(<Balances as frame_support::traits::fungible::MutateHold<AccountId>>::release(
			&RuntimeHoldReason::DeviceRegistry(HoldReason::DeviceDeposit),
			&ALICE,
			DEVICE_DEPOSIT,
			frame_support::traits::tokens::Precision::Exact,
		));
		assert_noop!(
			Registry::accept_transfer(RuntimeOrigin::signed(BOB), id),
			Error::<Test>::InsufficientBalance
		);
	});
}
