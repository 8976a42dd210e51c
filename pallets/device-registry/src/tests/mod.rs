//! Unit tests of the device registry: every call's success path with its events and storage, and
//! every error with `assert_noop!` (nothing changes).

mod security;

use crate::{mock::*, *};
use codec::Encode;
use frame_support::{
	assert_noop, assert_ok,
	traits::fungible::{Inspect, InspectHold},
	BoundedVec,
};
use iot_primitives::{
	payloads, testing::TestDevice, DeviceId, DeviceKey, DeviceRegistry as _, DeviceSignature,
	DeviceStatus,
};
use sp_runtime::{BuildStorage, DispatchError, TokenError};

type Registry = Pallet<Test>;

fn genesis() -> sp_core::H256 {
	Registry::genesis_hash()
}

/// A registration of `device` by `owner` for ACME's model, with a valid proof.
fn registration(device: &TestDevice, owner: AccountId) -> DeviceRegistration<Test> {
	let proof = device.sign(&payloads::registration_message(&genesis(), &owner, &device.key));
	DeviceRegistration {
		key: device.key,
		manufacturer: ACME,
		model_id: ACME_MODEL,
		metadata: b"room 4".to_vec(),
		proof,
		endorsement: None,
	}
}

/// Registers `device` for `owner` through the extrinsic and returns its identifier.
fn register(owner: AccountId, device: &TestDevice) -> DeviceId {
	let r = registration(device, owner);
	assert_ok!(Registry::register_device(
		RuntimeOrigin::signed(owner),
		r.key,
		r.manufacturer,
		r.model_id,
		r.metadata,
		r.proof,
		r.endorsement,
	));
	device.key.device_id()
}

/// Calls `register_device` with the fields of `r`.
fn register_with(owner: AccountId, r: DeviceRegistration<Test>) -> sp_runtime::DispatchResult {
	Registry::register_device(
		RuntimeOrigin::signed(owner),
		r.key,
		r.manufacturer,
		r.model_id,
		r.metadata,
		r.proof,
		r.endorsement,
	)
}

fn held(who: AccountId, reason: HoldReason) -> Balance {
	<Balances as InspectHold<AccountId>>::balance_on_hold(
		&RuntimeHoldReason::DeviceRegistry(reason),
		&who,
	)
}

fn last_event() -> RuntimeEvent {
	System::events().pop().expect("an event").event
}

fn rotation_signatures(
	device: DeviceId,
	old: &TestDevice,
	new: &TestDevice,
	nonce: u32,
) -> (DeviceSignature, DeviceSignature) {
	let message = payloads::rotation_message(&genesis(), &device, &new.key, nonce);
	(old.sign(&message), new.sign(&message))
}

/// ALICE rotates `device` from `old` to `new` with both keys' signatures at `nonce`.
fn rotate(
	device: DeviceId,
	old: &TestDevice,
	new: &TestDevice,
	nonce: u32,
) -> sp_runtime::DispatchResult {
	let (old_sig, new_sig) = rotation_signatures(device, old, new, nonce);
	Registry::rotate_key(RuntimeOrigin::signed(ALICE), device, new.key, old_sig, new_sig)
}

// ---- manufacturers and models ----

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

// ---- registration ----

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
		assert_eq!(Balances::balance(&ALICE), INITIAL_BALANCE);
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

// ---- metadata and key rotation ----

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
			assert_eq!(
				last_event(),
				Event::<Test>::KeyRotated { device: id, new_key: new.key }.into()
			);
		}
		// The device keeps its identifier; retired keys cannot be registered as new devices.
		assert_noop!(register_with(BOB, registration(&sr, BOB)), Error::<Test>::KeyInUse);
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
		// Bob may decommission and gets the deposit back.
		assert_ok!(Registry::decommission(RuntimeOrigin::signed(BOB), id));
		assert_eq!(Balances::balance(&BOB), INITIAL_BALANCE + DEVICE_DEPOSIT);
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

// ---- gateways ----

#[test]
fn gateways_are_bounded_and_hold_deposits() {
	run_test(|| {
		assert_ok!(Registry::add_gateway(RuntimeOrigin::signed(ALICE), 20));
		assert_eq!(last_event(), Event::<Test>::GatewayAdded { owner: ALICE, gateway: 20 }.into());
		assert!(Registry::is_gateway(&ALICE, &20));
		assert!(!Registry::is_gateway(&BOB, &20));
		assert_eq!(held(ALICE, HoldReason::GatewayDeposit), GATEWAY_DEPOSIT);
		assert_noop!(
			Registry::add_gateway(RuntimeOrigin::signed(ALICE), 20),
			Error::<Test>::GatewayExists
		);
		assert_ok!(Registry::add_gateway(RuntimeOrigin::signed(ALICE), 21));
		assert_noop!(
			Registry::add_gateway(RuntimeOrigin::signed(ALICE), 22),
			Error::<Test>::TooManyGateways
		);
		assert_noop!(
			Registry::add_gateway(RuntimeOrigin::signed(PAUPER), 22),
			Error::<Test>::InsufficientBalance
		);
		assert_ok!(Registry::remove_gateway(RuntimeOrigin::signed(ALICE), 20));
		assert_eq!(
			last_event(),
			Event::<Test>::GatewayRemoved { owner: ALICE, gateway: 20 }.into()
		);
		assert!(!Registry::is_gateway(&ALICE, &20));
		assert_eq!(held(ALICE, HoldReason::GatewayDeposit), GATEWAY_DEPOSIT);
		assert_noop!(
			Registry::remove_gateway(RuntimeOrigin::signed(ALICE), 20),
			Error::<Test>::UnknownGateway
		);
		assert_ok!(Registry::remove_gateway(RuntimeOrigin::signed(ALICE), 21));
		assert_eq!(Gateways::<Test>::get(ALICE).len(), 0);
		assert_eq!(Balances::balance(&ALICE), INITIAL_BALANCE);
	});
}

#[test]
fn insufficient_balance_for_a_device_deposit_is_reported() {
	run_test(|| {
		let device = TestDevice::ed25519(140);
		assert_eq!(
			register_with(PAUPER, registration(&device, PAUPER)),
			Err(Error::<Test>::InsufficientBalance.into())
		);
		// The underlying token error is not leaked.
		assert_ne!(
			register_with(PAUPER, registration(&device, PAUPER)),
			Err(DispatchError::Token(TokenError::FundsUnavailable))
		);
	});
}

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
