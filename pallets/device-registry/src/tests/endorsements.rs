//! Whether factory endorsements stand after the endorsement key changes (issue 31): a routine key
//! change keeps them; `ManufacturerOrigin` voids them after a leak, evaluated on read; owners of
//! genuine devices get them endorsed again by the new key; certified devices are unaffected.

use super::*;

/// ACME's endorsement key before and after the change.
fn old_endorser() -> TestDevice {
	TestDevice::p256(90)
}

fn new_endorser() -> TestDevice {
	TestDevice::p256(91)
}

/// ACME's endorsement key is `endorser`.
fn set_endorser(endorser: &TestDevice) {
	assert_ok!(Registry::register_manufacturer(
		RuntimeOrigin::root(),
		ACME,
		b"Acme".to_vec(),
		Some(endorser.key)
	));
}

/// `endorser`'s endorsement of `device` as an ACME device.
fn endorsement(endorser: &TestDevice, device: &TestDevice) -> DeviceSignature {
	endorser.sign(&payloads::endorsement_message(&ACME, ACME_MODEL, &device.key))
}

/// ALICE registers `device` with `endorser`'s endorsement.
fn register_endorsed(device: &TestDevice, endorser: &TestDevice) -> DeviceId {
	let mut r = registration(device, ALICE);
	r.endorsement = Some(endorsement(endorser, device));
	assert_ok!(register_with(ALICE, r));
	device.key.device_id()
}

/// Whether the device reads as endorsed by other pallets (and the runtime API).
fn reads_endorsed(id: DeviceId) -> bool {
	Registry::device(&id).expect("registered").endorsed
}

#[test]
fn a_routine_key_change_keeps_earlier_endorsements() {
	run_test(|| {
		set_endorser(&old_endorser());
		let id = register_endorsed(&TestDevice::ed25519(1), &old_endorser());
		set_endorser(&new_endorser());
		assert!(reads_endorsed(id));
	});
}

#[test]
fn voided_endorsements_stop_counting_at_once_and_owners_get_new_ones() {
	run_test(|| {
		set_endorser(&old_endorser());
		let genuine = TestDevice::ed25519(2);
		let genuine_id = register_endorsed(&genuine, &old_endorser());
		// The leaked key endorsed a fake device too, in the block of the change.
		System::set_block_number(5);
		let fake_id = register_endorsed(&TestDevice::sr25519(3), &old_endorser());
		set_endorser(&new_endorser());
		assert_noop!(
			Registry::void_endorsements(RuntimeOrigin::signed(ACME), ACME),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Registry::void_endorsements(RuntimeOrigin::root(), BOB),
			Error::<Test>::UnknownManufacturer
		);
		assert_ok!(Registry::void_endorsements(RuntimeOrigin::root(), ACME));
		assert_eq!(
			last_event(),
			Event::<Test>::EndorsementsVoided { manufacturer: ACME, at: 5 }.into()
		);
		assert_eq!(EndorsementsVoidedAt::<Test>::get(ACME), Some(5));
		// Both read unendorsed at once (the stored flag is untouched: evaluated on read).
		assert!(!reads_endorsed(genuine_id));
		assert!(!reads_endorsed(fake_id));
		assert!(Devices::<Test>::get(fake_id).unwrap().endorsed);
		// A device registered after the void with the new key's endorsement stands.
		System::set_block_number(6);
		let fresh_id = register_endorsed(&TestDevice::ecdsa(4), &new_endorser());
		assert!(reads_endorsed(fresh_id));

		// The genuine device's owner gets it endorsed by the new key; the fake one has none.
		let endorse = |who, id, signature| {
			Registry::endorse_device(RuntimeOrigin::signed(who), id, signature)
		};
		assert_noop!(
			endorse(ALICE, genuine_id, endorsement(&old_endorser(), &genuine)),
			Error::<Test>::BadEndorsement
		);
		assert_noop!(
			endorse(BOB, genuine_id, endorsement(&new_endorser(), &genuine)),
			Error::<Test>::NotOwner
		);
		assert_noop!(
			endorse(ALICE, DeviceId::zero(), endorsement(&new_endorser(), &genuine)),
			Error::<Test>::UnknownDevice
		);
		assert_ok!(endorse(ALICE, genuine_id, endorsement(&new_endorser(), &genuine)));
		assert_eq!(last_event(), Event::<Test>::DeviceEndorsed { device: genuine_id }.into());
		assert_eq!(EndorsedAt::<Test>::get(genuine_id), Some(6));
		assert!(reads_endorsed(genuine_id));
		assert!(!reads_endorsed(fake_id));
		assert_noop!(
			endorse(ALICE, genuine_id, endorsement(&new_endorser(), &genuine)),
			Error::<Test>::AlreadyEndorsed
		);
		assert_noop!(
			endorse(ALICE, fresh_id, endorsement(&new_endorser(), &TestDevice::ecdsa(4))),
			Error::<Test>::AlreadyEndorsed
		);
		// A rotation ends the re-endorsement with the endorsement.
		assert_ok!(rotate(genuine_id, &genuine, &TestDevice::p256(5), 0));
		assert_eq!(EndorsedAt::<Test>::get(genuine_id), None);
		assert!(!reads_endorsed(genuine_id));
	});
}

#[test]
fn endorse_device_refusals() {
	run_test(|| {
		set_endorser(&old_endorser());
		let device = TestDevice::sr25519(6);
		let id = register_endorsed(&device, &old_endorser());
		assert_ok!(Registry::void_endorsements(RuntimeOrigin::root(), ACME));
		System::set_block_number(2);
		let signature = endorsement(&old_endorser(), &device);
		let endorse = || Registry::endorse_device(RuntimeOrigin::signed(ALICE), id, signature);
		// The manufacturer has no endorsement key any more, or is deactivated.
		assert_ok!(Registry::register_manufacturer(
			RuntimeOrigin::root(),
			ACME,
			b"Acme".to_vec(),
			None
		));
		assert_noop!(endorse(), Error::<Test>::NoEndorsementKey);
		set_endorser(&old_endorser());
		assert_ok!(Registry::set_manufacturer_status(RuntimeOrigin::root(), ACME, false));
		assert_noop!(endorse(), Error::<Test>::ManufacturerInactive);
		assert_ok!(Registry::set_manufacturer_status(RuntimeOrigin::root(), ACME, true));
		// A revoked device stays unendorsed.
		assert_ok!(Registry::revoke(RuntimeOrigin::signed(ALICE), id, 1));
		assert_noop!(endorse(), Error::<Test>::Revoked);
		// Decommissioning leaves no re-endorsement behind.
		let other = TestDevice::ed25519(7);
		let other_id = register_endorsed(&other, &old_endorser());
		assert_ok!(Registry::void_endorsements(RuntimeOrigin::root(), ACME));
		System::set_block_number(3);
		assert_ok!(Registry::endorse_device(
			RuntimeOrigin::signed(ALICE),
			other_id,
			endorsement(&old_endorser(), &other)
		));
		assert_ok!(Registry::decommission(RuntimeOrigin::signed(ALICE), other_id));
		assert_eq!(EndorsedAt::<Test>::get(other_id), None);
	});
}

#[test]
fn certified_devices_stand_whatever_happens_to_the_factory_key() {
	run_test(|| {
		let (_, id) = certified_p256_device("p256_leaf");
		assert!(reads_endorsed(id));
		assert_ok!(Registry::void_endorsements(RuntimeOrigin::root(), ACME));
		assert!(reads_endorsed(id), "a certificate does not depend on the factory key");
	});
}
