//! Security rules (spec §5, §9): a manufacturer's powers end with the manufacturer and
//! `ForceOrigin` can undo them; free attestations only for factory-endorsed devices, once per
//! interval, within a per-block budget; decommissioned devices leave no attestation state.

use super::*;
use frame_support::weights::Weight;
use iot_primitives::OnDeviceRemoved;
use sp_runtime::DispatchError;

/// A registered, factory-endorsed Ed25519 device.
fn endorsed_device(seed: u8) -> (TestDevice, DeviceId) {
	let device = TestDevice::ed25519(seed);
	let id = add_device(device.key);
	MockRegistry::set_endorsed(id, true);
	(device, id)
}

#[test]
fn a_deactivated_manufacturer_loses_its_powers() {
	run_test(|| {
		publish(FIRMWARE, 3);
		MockRegistry::set_model(ACME, MODEL, false);
		assert_noop!(
			Attestation::set_security_floor(RuntimeOrigin::signed(ACME), MODEL, 4_000_000_000),
			Error::<Test>::ManufacturerInactive
		);
		assert_noop!(
			Attestation::revoke_release(RuntimeOrigin::signed(ACME), MODEL, FIRMWARE, 1),
			Error::<Test>::ManufacturerInactive
		);
		assert_noop!(
			Attestation::publish_release(
				RuntimeOrigin::signed(ACME),
				MODEL,
				FIRMWARE_V2,
				b"2".to_vec(),
				4
			),
			Error::<Test>::ManufacturerInactive
		);
		assert_noop!(
			Attestation::revoke_release(RuntimeOrigin::signed(ACME), 99, FIRMWARE, 1),
			Error::<Test>::UnknownModel
		);
	});
}

#[test]
fn root_lowers_a_floor_raised_out_of_reach() {
	run_test(|| {
		publish(FIRMWARE, 3);
		let (device, id) = endorsed_device(40);
		attest(&device, evidence(id, FIRMWARE, 3, 1));
		assert_ok!(Attestation::set_security_floor(
			RuntimeOrigin::signed(ACME),
			MODEL,
			4_000_000_000
		));
		assert_eq!(
			Attestation::trust_status(&id),
			TrustStatus::Untrusted { reason: UntrustedReason::BelowSecurityFloor }
		);
		assert_ok!(Attestation::force_set_security_floor(RuntimeOrigin::root(), ACME, MODEL, 1));
		assert_eq!(SecurityFloor::<Test>::get(ACME, MODEL), 1);
		assert_eq!(
			last_event(),
			Event::<Test>::SecurityFloorForced { manufacturer: ACME, model: MODEL, floor: 1 }
				.into()
		);
		assert!(Attestation::trust_status(&id).is_trusted());
	});
}

#[test]
fn force_set_security_floor_errors() {
	run_test(|| {
		assert_noop!(
			Attestation::force_set_security_floor(RuntimeOrigin::signed(ACME), ACME, MODEL, 1),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Attestation::force_set_security_floor(RuntimeOrigin::root(), ACME, 99, 1),
			Error::<Test>::UnknownModel
		);
	});
}

#[test]
fn root_reinstates_a_revoked_release() {
	run_test(|| {
		publish(FIRMWARE, 3);
		let (device, id) = endorsed_device(41);
		attest(&device, evidence(id, FIRMWARE, 3, 1));
		assert_ok!(Attestation::revoke_release(RuntimeOrigin::signed(ACME), MODEL, FIRMWARE, 6));
		assert!(!Attestation::trust_status(&id).is_trusted());
		assert_ok!(Attestation::force_reinstate_release(
			RuntimeOrigin::root(),
			ACME,
			MODEL,
			FIRMWARE
		));
		assert_eq!(Attestation::release(&ACME, MODEL, FIRMWARE).map(|r| r.revoked), Some(None));
		assert_eq!(
			last_event(),
			Event::<Test>::ReleaseReinstated { manufacturer: ACME, model: MODEL, digest: FIRMWARE }
				.into()
		);
		assert!(Attestation::trust_status(&id).is_trusted());
	});
}

#[test]
fn force_reinstate_release_errors() {
	run_test(|| {
		publish(FIRMWARE, 3);
		assert_noop!(
			Attestation::force_reinstate_release(
				RuntimeOrigin::signed(ACME),
				ACME,
				MODEL,
				FIRMWARE
			),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Attestation::force_reinstate_release(RuntimeOrigin::root(), ACME, MODEL, FIRMWARE),
			Error::<Test>::NotRevoked
		);
		assert_noop!(
			Attestation::force_reinstate_release(RuntimeOrigin::root(), ACME, MODEL, FIRMWARE_V2),
			Error::<Test>::UnknownRelease
		);
	});
}

#[test]
fn software_keys_always_pay() {
	run_test(|| {
		publish(FIRMWARE, 3);
		let device = TestDevice::ed25519(42);
		let id = add_device(device.key);
		assert_eq!(attest(&device, evidence(id, FIRMWARE, 3, 1)), Pays::Yes);
		assert!(Attestation::trust_status(&id).is_trusted(), "trusted, but not free");
		assert_eq!(Counters::<Test>::get(id).last_free_at, None);
		assert_eq!(FreeAttestationWeight::<Test>::get(), (0, Weight::zero()));
	});
}

#[test]
fn free_attestations_share_a_per_block_budget() {
	run_test(|| {
		publish(FIRMWARE, 3);
		let devices: Vec<_> = (50..54).map(endorsed_device).collect();
		let one = <() as crate::WeightInfo>::submit_attestation_ed25519();
		// The mock's budget is two Ed25519 attestations per block.
		let pays: Vec<_> = devices[..3]
			.iter()
			.map(|(device, id)| attest(device, evidence(*id, FIRMWARE, 3, 1)))
			.collect();
		assert_eq!(pays, vec![Pays::No, Pays::No, Pays::Yes]);
		assert_eq!(FreeAttestationWeight::<Test>::get(), (50, one.saturating_mul(2)));
		assert_eq!(Counters::<Test>::get(devices[2].1).last_free_at, None);
		// The budget is per block.
		run_to_block(51);
		let (device, id) = &devices[3];
		assert_eq!(attest(device, evidence(*id, FIRMWARE, 3, 1)), Pays::No);
		assert_eq!(FreeAttestationWeight::<Test>::get(), (51, one));
	});
}

#[test]
fn untrusted_results_of_endorsed_devices_pay() {
	run_test(|| {
		let (device, id) = endorsed_device(55);
		assert_eq!(attest(&device, evidence(id, UNKNOWN_FIRMWARE, 3, 1)), Pays::Yes);
	});
}

#[test]
fn a_removed_device_leaves_no_attestation_state() {
	run_test(|| {
		publish(FIRMWARE, 3);
		let (device, id) = endorsed_device(56);
		attest(&device, evidence(id, FIRMWARE, 3, 1));
		assert!(Attestations::<Test>::contains_key(id));
		assert!(Counters::<Test>::contains_key(id));
		<Attestation as OnDeviceRemoved>::on_device_removed(&id);
		assert!(!Attestations::<Test>::contains_key(id));
		assert!(!Counters::<Test>::contains_key(id));
	});
}
