//! Devices registered in the genesis config: deposits held, unknown models refused.

use super::*;

#[test]
fn genesis_devices_are_registered_with_their_deposit_held() {
	let ed25519 = TestDevice::ed25519(40);
	let p256 = TestDevice::p256(41);
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: vec![(ALICE, INITIAL_BALANCE), (ACME, INITIAL_BALANCE)],
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	GenesisConfig::<Test> {
		manufacturers: vec![(ACME, b"Acme".to_vec())],
		models: vec![(ACME, ACME_MODEL, b"Sensor".to_vec())],
		devices: vec![
			(ALICE, ed25519.key.encode(), ACME, ACME_MODEL),
			(ALICE, p256.key.encode(), ACME, ACME_MODEL),
		],
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	sp_io::TestExternalities::from(storage).execute_with(|| {
		for device in [&ed25519, &p256] {
			let id = device.key.device_id();
			let record = Devices::<Test>::get(id).expect("registered at genesis");
			assert_eq!(record.key, device.key);
			assert_eq!(
				(record.owner, record.manufacturer, record.model),
				(ALICE, ACME, ACME_MODEL)
			);
			assert_eq!(record.status, DeviceStatus::Active);
			assert_eq!((record.registered_at, record.rotation_nonce), (0, 0));
			assert_eq!(record.deposit, DEVICE_DEPOSIT);
			assert!(!record.endorsed && record.metadata.is_empty());
			assert_eq!(KnownKeys::<Test>::get(id), Some(id));
			assert!(DevicesByOwner::<Test>::contains_key(ALICE, id));
		}
		assert_eq!(OwnerDeviceCount::<Test>::get(ALICE), 2);
		assert_eq!(held(ALICE, HoldReason::DeviceDeposit), 2 * DEVICE_DEPOSIT);
		Registry::do_try_state().expect("genesis devices satisfy the invariants");
	});
}

#[test]
#[should_panic(expected = "genesis device of an unknown model")]
fn genesis_device_of_an_unknown_model_is_refused() {
	GenesisConfig::<Test> {
		devices: vec![(ALICE, TestDevice::ed25519(42).key.encode(), ACME, ACME_MODEL)],
		..Default::default()
	}
	.build_storage()
	.unwrap();
}
