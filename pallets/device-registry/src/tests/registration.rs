//! Registering devices, one or in batches: every key type, endorsements, proofs bound to the
//! chain and the owner, the per-owner limit, decommissioned identifiers, and every error.

use super::*;

#[test]
fn register_device_with_every_key_type() {
	run_test(|| {
		for device in TestDevice::all_schemes(1) {
			let id = register(ALICE, &device);
			let stored = Devices::<Test>::get(id).expect("registered");
			assert_eq!(stored.key, device.key);
			assert_eq!(stored.owner, ALICE);
			assert_eq!(stored.manufacturer, ACME);
			assert_eq!(stored.model, ACME_MODEL);
			assert_eq!(stored.status, DeviceStatus::Active);
			assert!(!stored.endorsed);
			assert_eq!(stored.metadata.to_vec(), b"room 4".to_vec());
			assert_eq!(stored.registered_at, 1);
			assert_eq!(stored.rotation_nonce, 0);
			assert_eq!(stored.deposit, DEVICE_DEPOSIT);
			assert!(DevicesByOwner::<Test>::contains_key(ALICE, id));
			assert_eq!(KnownKeys::<Test>::get(id), Some(id));
			assert_eq!(
				last_event(),
				Event::<Test>::DeviceRegistered {
					device: id,
					owner: ALICE,
					manufacturer: ACME,
					model: ACME_MODEL,
					endorsed: false
				}
				.into()
			);
			assert_eq!(Registry::device(&id), Some(stored));
		}
		assert_eq!(OwnerDeviceCount::<Test>::get(ALICE), 4);
		assert_eq!(held(ALICE, HoldReason::DeviceDeposit), 4 * DEVICE_DEPOSIT);
		assert_eq!(Registry::devices_of(&ALICE).len(), 4);
	});
}

#[test]
fn device_id_is_blake2_of_the_scale_encoded_key() {
	let key = DeviceKey::Ed25519([7u8; 32]);
	let mut encoded = vec![0u8];
	encoded.extend_from_slice(&[7u8; 32]);
	assert_eq!(key.device_id(), sp_core::H256(sp_io::hashing::blake2_256(&encoded)));
}

#[test]
fn endorsed_registration() {
	run_test(|| {
		let endorser = TestDevice::p256(90);
		assert_ok!(Registry::register_manufacturer(
			RuntimeOrigin::root(),
			ACME,
			b"Acme".to_vec(),
			Some(endorser.key)
		));
		let device = TestDevice::ed25519(2);
		let mut r = registration(&device, ALICE);
		r.endorsement =
			Some(endorser.sign(&payloads::endorsement_message(&ACME, ACME_MODEL, &device.key)));
		assert_ok!(register_with(ALICE, r));
		let id = device.key.device_id();
		assert!(Devices::<Test>::get(id).unwrap().endorsed);
		// The factory endorsed this key, not the next: a rotation ends the endorsement (else a
		// compromised firmware could move a TPM-endorsed device onto a software key).
		assert_ok!(rotate(id, &device, &TestDevice::p256(3), 0));
		assert!(!Devices::<Test>::get(id).unwrap().endorsed);
	});
}

#[test]
fn endorsement_errors() {
	run_test(|| {
		let device = TestDevice::sr25519(3);
		let endorser = TestDevice::p256(90);
		let endorsement =
			endorser.sign(&payloads::endorsement_message(&ACME, ACME_MODEL, &device.key));
		let mut r = registration(&device, ALICE);
		r.endorsement = Some(endorsement);
		assert_noop!(register_with(ALICE, r.clone()), Error::<Test>::NoEndorsementKey);

		assert_ok!(Registry::register_manufacturer(
			RuntimeOrigin::root(),
			ACME,
			b"Acme".to_vec(),
			Some(TestDevice::p256(91).key)
		));
		assert_noop!(register_with(ALICE, r), Error::<Test>::BadEndorsement);
	});
}

#[test]
fn register_device_errors() {
	run_test(|| {
		let device = TestDevice::p256(4);
		let metadata_too_long = vec![0u8; MAX_METADATA as usize + 1];
		let r = registration(&device, ALICE);
		assert_noop!(
			Registry::register_device(
				RuntimeOrigin::signed(ALICE),
				r.key,
				ACME,
				ACME_MODEL,
				metadata_too_long,
				r.proof,
				None
			),
			Error::<Test>::MetadataTooLong
		);
		assert_noop!(
			register_with(ALICE, DeviceRegistration { manufacturer: GLOBEX, ..r.clone() }),
			Error::<Test>::UnknownManufacturer
		);
		assert_noop!(
			register_with(ALICE, DeviceRegistration { model_id: 99, ..r.clone() }),
			Error::<Test>::UnknownModel
		);
		// A proof by another key, a proof of the wrong scheme, and a proof made for Bob.
		let other = TestDevice::p256(5);
		assert_noop!(
			register_with(ALICE, DeviceRegistration { proof: other.sign(b"x"), ..r.clone() }),
			Error::<Test>::BadProof
		);
		assert_noop!(
			register_with(
				ALICE,
				DeviceRegistration { proof: DeviceSignature::Ed25519([0; 64]), ..r.clone() }
			),
			Error::<Test>::KeyTypeMismatch
		);
		assert_noop!(register_with(BOB, r.clone()), Error::<Test>::BadProof);
		// No funds for the deposit.
		assert_noop!(
			register_with(PAUPER, registration(&device, PAUPER)),
			Error::<Test>::InsufficientBalance
		);

		assert_ok!(register_with(ALICE, r.clone()));
		assert_noop!(register_with(ALICE, r), Error::<Test>::AlreadyRegistered);

		assert_ok!(Registry::set_manufacturer_status(RuntimeOrigin::root(), ACME, false));
		assert_noop!(
			register_with(ALICE, registration(&TestDevice::p256(6), ALICE)),
			Error::<Test>::ManufacturerInactive
		);
	});
}

#[test]
fn registration_proof_of_another_chain_is_rejected() {
	run_test(|| {
		let device = TestDevice::ecdsa(8);
		let other_genesis = sp_core::H256::repeat_byte(1);
		let mut r = registration(&device, ALICE);
		r.proof = device.sign(&payloads::registration_message(&other_genesis, &ALICE, &device.key));
		assert_noop!(register_with(ALICE, r), Error::<Test>::BadProof);
	});
}

#[test]
fn too_many_devices() {
	run_test(|| {
		for seed in 0..MAX_DEVICES as u8 {
			register(ALICE, &TestDevice::ed25519(seed + 10));
		}
		assert_noop!(
			register_with(ALICE, registration(&TestDevice::ed25519(99), ALICE)),
			Error::<Test>::TooManyDevices
		);
	});
}

#[test]
fn decommissioned_device_never_returns() {
	run_test(|| {
		let device = TestDevice::sr25519(9);
		let id = register(ALICE, &device);
		assert_ok!(Registry::decommission(RuntimeOrigin::signed(ALICE), id));
		assert_eq!(Devices::<Test>::get(id), None);
		assert!(!DevicesByOwner::<Test>::contains_key(ALICE, id));
		assert_eq!(OwnerDeviceCount::<Test>::get(ALICE), 0);
		assert_eq!(held(ALICE, HoldReason::DeviceDeposit), 0);
		// The key's permanent record (the tombstone) is paid: burned, not refunded.
		assert_eq!(Balances::balance(&ALICE), INITIAL_BALANCE - KEY_RECORD_DEPOSIT);
		assert_eq!(
			last_event(),
			Event::<Test>::DeviceDecommissioned { device: id, owner: ALICE }.into()
		);
		assert_noop!(
			register_with(ALICE, registration(&device, ALICE)),
			Error::<Test>::Decommissioned
		);
	});
}

#[test]
fn decommission_errors() {
	run_test(|| {
		let id = register(ALICE, &TestDevice::p256(12));
		assert_noop!(
			Registry::decommission(RuntimeOrigin::signed(BOB), id),
			Error::<Test>::NotOwner
		);
		assert_noop!(
			Registry::decommission(RuntimeOrigin::signed(ALICE), DeviceId::zero()),
			Error::<Test>::UnknownDevice
		);
	});
}

// ---- batches ----

#[test]
fn register_devices_registers_all() {
	run_test(|| {
		let devices = TestDevice::all_schemes(20);
		let batch: Vec<_> = devices.iter().map(|d| registration(d, BOB)).collect();
		assert_ok!(Registry::register_devices(
			RuntimeOrigin::signed(BOB),
			BoundedVec::truncate_from(batch)
		));
		for device in &devices {
			assert_eq!(Devices::<Test>::get(device.key.device_id()).unwrap().owner, BOB);
		}
		assert_eq!(OwnerDeviceCount::<Test>::get(BOB), 4);
		assert_eq!(held(BOB, HoldReason::DeviceDeposit), 4 * DEVICE_DEPOSIT);
	});
}

#[test]
fn register_devices_is_all_or_nothing_and_names_the_failing_item() {
	run_test(|| {
		let devices = TestDevice::all_schemes(30);
		let mut batch: Vec<_> = devices.iter().map(|d| registration(d, BOB)).collect();
		batch[2].proof = devices[1].sign(b"not the payload");
		assert_noop!(
			Registry::register_devices(
				RuntimeOrigin::signed(BOB),
				BoundedVec::truncate_from(batch)
			),
			Error::<Test>::BatchItemFailed { index: 2, error: RegistrationError::KeyTypeMismatch }
		);
		let mut batch: Vec<_> = devices.iter().map(|d| registration(d, BOB)).collect();
		batch[3] = batch[0].clone();
		assert_noop!(
			Registry::register_devices(
				RuntimeOrigin::signed(BOB),
				BoundedVec::truncate_from(batch)
			),
			Error::<Test>::BatchItemFailed {
				index: 3,
				error: RegistrationError::AlreadyRegistered
			}
		);
		let mut batch: Vec<_> = devices.iter().map(|d| registration(d, BOB)).collect();
		batch[1].metadata = vec![b'm'; MAX_METADATA as usize + 1];
		assert_noop!(
			Registry::register_devices(
				RuntimeOrigin::signed(BOB),
				BoundedVec::truncate_from(batch)
			),
			Error::<Test>::BatchItemFailed { index: 1, error: RegistrationError::MetadataTooLong }
		);
	});
}
