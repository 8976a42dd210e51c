//! Security rules (spec §9): weak keys are refused wherever a key enters the registry, a
//! manufacturer's powers end with the manufacturer and can be undone by `ManufacturerOrigin`, and
//! decommissioning tells the other pallets to drop their per-device state.

use super::*;

/// The Ed25519 identity point `0x01 00…00`: with it, `R = identity, s = 0` verifies for every
/// message.
fn ed25519_identity() -> [u8; 32] {
	let mut key = [0u8; 32];
	key[0] = 1;
	key
}

/// The forged "signature" that the identity key accepts for every message.
fn universal_signature() -> DeviceSignature {
	let mut signature = [0u8; 64];
	signature[..32].copy_from_slice(&ed25519_identity());
	DeviceSignature::Ed25519(signature)
}

/// Keys that must be refused: the identity, a small-order point, a non-canonical encoding of the
/// identity (y = p + 1), and points that are on no curve.
fn weak_keys() -> Vec<DeviceKey> {
	let mut non_canonical = [0xffu8; 32];
	non_canonical[0] = 0xee;
	non_canonical[31] = 0x7f;
	let mut small_order = [0u8; 32];
	small_order[31] = 0x80;
	vec![
		DeviceKey::Ed25519(ed25519_identity()),
		DeviceKey::Ed25519(small_order),
		DeviceKey::Ed25519(non_canonical),
		DeviceKey::Sr25519([0; 32]),
		DeviceKey::Ecdsa([0xff; 33]),
		DeviceKey::P256([0xff; 33]),
	]
}

#[test]
fn the_identity_key_would_accept_a_universal_signature() {
	// Why WeakKey exists: the forged proof really verifies for the identity key.
	let key = DeviceKey::Ed25519(ed25519_identity());
	let message = payloads::registration_message(&sp_core::H256::zero(), &ALICE, &key);
	assert_eq!(key.verify(&message, &universal_signature()), Ok(()));
}

#[test]
fn weak_keys_cannot_register() {
	run_test(|| {
		for key in weak_keys() {
			let registration = DeviceRegistration::<Test> {
				key,
				manufacturer: ACME,
				model_id: ACME_MODEL,
				metadata: Vec::new(),
				proof: universal_signature(),
				endorsement: None,
			};
			assert_noop!(register_with(ALICE, registration), Error::<Test>::WeakKey);
		}
	});
}

#[test]
fn a_weak_key_in_a_batch_names_its_index() {
	run_test(|| {
		let good = registration(&TestDevice::ed25519(90), ALICE);
		let mut weak = registration(&TestDevice::ed25519(91), ALICE);
		weak.key = DeviceKey::Ed25519(ed25519_identity());
		weak.proof = universal_signature();
		assert_noop!(
			Registry::register_devices(
				RuntimeOrigin::signed(ALICE),
				BoundedVec::truncate_from(vec![good, weak])
			),
			Error::<Test>::BatchItemFailed { index: 1, error: RegistrationError::WeakKey }
		);
	});
}

#[test]
fn weak_keys_cannot_be_rotated_to() {
	run_test(|| {
		let old = TestDevice::ed25519(92);
		let id = register(ALICE, &old);
		for new_key in weak_keys() {
			let message = payloads::rotation_message(&genesis(), &id, &new_key, 0);
			let old_signature = old.sign(&message);
			assert_noop!(
				Registry::rotate_key(
					RuntimeOrigin::signed(ALICE),
					id,
					new_key,
					old_signature,
					universal_signature()
				),
				Error::<Test>::WeakKey
			);
		}
	});
}

#[test]
fn weak_endorsement_keys_are_refused() {
	run_test(|| {
		for key in weak_keys() {
			assert_noop!(
				Registry::register_manufacturer(
					RuntimeOrigin::root(),
					GLOBEX,
					b"Globex".to_vec(),
					Some(key)
				),
				Error::<Test>::WeakKey
			);
		}
	});
}

#[test]
fn a_deactivated_manufacturer_cannot_revoke() {
	run_test(|| {
		let id = register(ALICE, &TestDevice::p256(93));
		assert_ok!(Registry::set_manufacturer_status(RuntimeOrigin::root(), ACME, false));
		assert_noop!(
			Registry::revoke(RuntimeOrigin::signed(ACME), id, 1),
			Error::<Test>::ManufacturerInactive
		);
		// The owner's own power does not depend on the manufacturer.
		assert_ok!(Registry::revoke(RuntimeOrigin::signed(ALICE), id, 2));
		assert!(!RevokedByManufacturer::<Test>::contains_key(id));
	});
}

#[test]
fn root_reinstates_what_a_manufacturer_revoked() {
	run_test(|| {
		let id = register(ALICE, &TestDevice::p256(94));
		assert_ok!(Registry::revoke(RuntimeOrigin::signed(ACME), id, 9));
		assert!(RevokedByManufacturer::<Test>::contains_key(id));
		assert_noop!(
			Registry::reinstate_device(RuntimeOrigin::signed(ALICE), id),
			DispatchError::BadOrigin
		);
		assert_ok!(Registry::reinstate_device(RuntimeOrigin::root(), id));
		assert_eq!(Devices::<Test>::get(id).map(|d| d.status), Some(DeviceStatus::Active));
		assert!(!RevokedByManufacturer::<Test>::contains_key(id));
		assert_eq!(last_event(), Event::<Test>::DeviceReinstated { device: id }.into());
		// Reinstated once; it is active now.
		assert_noop!(
			Registry::reinstate_device(RuntimeOrigin::root(), id),
			Error::<Test>::NotRevokedByManufacturer
		);
	});
}

#[test]
fn reinstate_errors() {
	run_test(|| {
		let id = register(ALICE, &TestDevice::p256(95));
		assert_ok!(Registry::revoke(RuntimeOrigin::signed(ALICE), id, 1));
		// The owner's revocation (a compromised key) is final.
		assert_noop!(
			Registry::reinstate_device(RuntimeOrigin::root(), id),
			Error::<Test>::NotRevokedByManufacturer
		);
		assert_noop!(
			Registry::reinstate_device(RuntimeOrigin::root(), DeviceId::zero()),
			Error::<Test>::UnknownDevice
		);
	});
}

#[test]
fn decommission_tells_the_other_pallets_and_drops_revocation_marks() {
	run_test(|| {
		let id = register(ALICE, &TestDevice::ed25519(96));
		assert_ok!(Registry::revoke(RuntimeOrigin::signed(ACME), id, 4));
		assert!(removed_devices().is_empty());
		assert_ok!(Registry::decommission(RuntimeOrigin::signed(ALICE), id));
		assert_eq!(removed_devices(), vec![id]);
		assert!(!RevokedByManufacturer::<Test>::contains_key(id));
		// Only the tombstone of the key stays.
		assert_eq!(KnownKeys::<Test>::get(id), Some(id));
	});
}

/// Issue 31: permanent state is paid for. Register/decommission cycles and key rotations each
/// leave a `KnownKeys` record forever; each costs `KeyRecordDeposit`, burned, so filling state
/// costs more than fees.
#[test]
fn every_permanent_key_record_is_paid_for() {
	run_test(|| {
		let issuance = Balances::total_issuance();
		for seed in 0..5u8 {
			let id = register(ALICE, &TestDevice::ed25519(200 + seed));
			assert_ok!(Registry::decommission(RuntimeOrigin::signed(ALICE), id));
			assert_eq!(KnownKeys::<Test>::get(id), Some(id), "the tombstone stays");
		}
		assert_eq!(Balances::balance(&ALICE), INITIAL_BALANCE - 5 * KEY_RECORD_DEPOSIT);
		assert_eq!(Balances::total_issuance(), issuance - 5 * KEY_RECORD_DEPOSIT);
		assert_eq!(held(ALICE, HoldReason::DeviceDeposit), 0);
		// A rotation holds the new record's price at once; it is burned when the device leaves.
		let old = TestDevice::sr25519(210);
		let new = TestDevice::p256(211);
		let id = register(ALICE, &old);
		assert_ok!(rotate(id, &old, &new, 0));
		assert_eq!(held(ALICE, HoldReason::DeviceDeposit), DEVICE_DEPOSIT + KEY_RECORD_DEPOSIT);
		assert_ok!(Registry::decommission(RuntimeOrigin::signed(ALICE), id));
		assert_eq!(Balances::balance(&ALICE), INITIAL_BALANCE - 7 * KEY_RECORD_DEPOSIT);
		assert_eq!(Balances::total_issuance(), issuance - 7 * KEY_RECORD_DEPOSIT);
	});
}
