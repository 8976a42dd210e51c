//! Manufacturers and their models: admission, status, model deposits, and every error.

use super::*;

#[test]
fn register_manufacturer_admits_and_updates() {
	run_test(|| {
		let endorser = TestDevice::p256(90);
		assert_ok!(Registry::register_manufacturer(
			RuntimeOrigin::root(),
			GLOBEX,
			b"Globex".to_vec(),
			Some(endorser.key)
		));
		assert_eq!(
			Manufacturers::<Test>::get(GLOBEX),
			Some(Manufacturer {
				name: BoundedVec::truncate_from(b"Globex".to_vec()),
				endorsement_key: Some(endorser.key),
				active: true,
			})
		);
		assert_eq!(
			last_event(),
			Event::<Test>::ManufacturerRegistered { manufacturer: GLOBEX }.into()
		);

		assert_ok!(Registry::set_manufacturer_status(RuntimeOrigin::root(), GLOBEX, false));
		assert_ok!(Registry::register_manufacturer(
			RuntimeOrigin::root(),
			GLOBEX,
			b"Globex Corp".to_vec(),
			None
		));
		let updated = Manufacturers::<Test>::get(GLOBEX).unwrap();
		assert_eq!(updated.name.to_vec(), b"Globex Corp".to_vec());
		assert_eq!(updated.endorsement_key, None);
		assert!(!updated.active, "an update keeps the status");
		assert_eq!(
			last_event(),
			Event::<Test>::ManufacturerUpdated { manufacturer: GLOBEX }.into()
		);
	});
}

#[test]
fn register_manufacturer_errors() {
	run_test(|| {
		assert_noop!(
			Registry::register_manufacturer(
				RuntimeOrigin::signed(ALICE),
				GLOBEX,
				b"G".to_vec(),
				None
			),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Registry::register_manufacturer(RuntimeOrigin::root(), GLOBEX, vec![b'x'; 17], None),
			Error::<Test>::NameTooLong
		);
	});
}

#[test]
fn set_manufacturer_status_toggles_and_errors() {
	run_test(|| {
		assert_ok!(Registry::set_manufacturer_status(RuntimeOrigin::root(), ACME, false));
		assert!(!Manufacturers::<Test>::get(ACME).unwrap().active);
		assert_eq!(
			last_event(),
			Event::<Test>::ManufacturerStatusChanged { manufacturer: ACME, active: false }.into()
		);
		assert_ok!(Registry::set_manufacturer_status(RuntimeOrigin::root(), ACME, true));
		assert!(Manufacturers::<Test>::get(ACME).unwrap().active);

		assert_noop!(
			Registry::set_manufacturer_status(RuntimeOrigin::signed(ACME), ACME, false),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Registry::set_manufacturer_status(RuntimeOrigin::root(), GLOBEX, true),
			Error::<Test>::UnknownManufacturer
		);
	});
}

#[test]
fn register_model_holds_deposit() {
	run_test(|| {
		assert_ok!(Registry::register_model(RuntimeOrigin::signed(ACME), 8, b"Gateway".to_vec()));
		assert_eq!(
			Models::<Test>::get(ACME, 8),
			Some(Model {
				name: BoundedVec::truncate_from(b"Gateway".to_vec()),
				deposit: MODEL_DEPOSIT
			})
		);
		assert_eq!(held(ACME, HoldReason::ModelDeposit), MODEL_DEPOSIT);
		assert_eq!(
			last_event(),
			Event::<Test>::ModelRegistered { manufacturer: ACME, model: 8 }.into()
		);
		assert_eq!(Registry::model_active(&ACME, 8), Some(true));
		assert_eq!(Registry::model_active(&ACME, 9), None);
	});
}

#[test]
fn register_model_errors() {
	run_test(|| {
		assert_noop!(
			Registry::register_model(RuntimeOrigin::signed(ACME), 8, vec![b'x'; 17]),
			Error::<Test>::NameTooLong
		);
		assert_noop!(
			Registry::register_model(RuntimeOrigin::signed(ALICE), 8, b"M".to_vec()),
			Error::<Test>::UnknownManufacturer
		);
		assert_noop!(
			Registry::register_model(RuntimeOrigin::signed(ACME), ACME_MODEL, b"M".to_vec()),
			Error::<Test>::ModelExists
		);
		assert_ok!(Registry::register_manufacturer(
			RuntimeOrigin::root(),
			PAUPER,
			b"P".to_vec(),
			None
		));
		assert_noop!(
			Registry::register_model(RuntimeOrigin::signed(PAUPER), 1, b"M".to_vec()),
			Error::<Test>::InsufficientBalance
		);
		assert_ok!(Registry::set_manufacturer_status(RuntimeOrigin::root(), ACME, false));
		assert_noop!(
			Registry::register_model(RuntimeOrigin::signed(ACME), 8, b"M".to_vec()),
			Error::<Test>::ManufacturerInactive
		);
		assert_eq!(Registry::model_active(&ACME, ACME_MODEL), Some(false), "inactive manufacturer");
	});
}
