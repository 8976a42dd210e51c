//! Releases and security floors: publishing with its deposit, revoking, floors that only rise, and
//! every refusal with `assert_noop!`.

use super::*;

#[test]
fn publish_release_records_and_holds_deposit() {
	run_test(|| {
		publish(FIRMWARE, 3);
		let release = Attestation::release(&ACME, MODEL, FIRMWARE).expect("published");
		assert_eq!(release.version, b"1.0.0".to_vec());
		assert_eq!(release.security_version, 3);
		assert_eq!(release.published_at, 50);
		assert_eq!(release.revoked, None);
		assert_eq!(release.deposit, RELEASE_DEPOSIT);
		assert_eq!(LatestSecurityVersion::<Test>::get(ACME, MODEL), 3);
		assert_eq!(
			Balances::balance_on_hold(
				&RuntimeHoldReason::FirmwareAttestation(HoldReason::ReleaseDeposit),
				&ACME
			),
			RELEASE_DEPOSIT
		);
		assert_eq!(
			last_event(),
			Event::<Test>::ReleasePublished {
				manufacturer: ACME,
				model: MODEL,
				digest: FIRMWARE,
				security_version: 3
			}
			.into()
		);
		// Equal security versions are allowed (a build without security changes).
		publish(FIRMWARE_V2, 3);
	});
}

#[test]
fn publish_release_errors() {
	run_test(|| {
		let publish_by = |who, model, digest, version: Vec<u8>, sv| {
			Attestation::publish_release(RuntimeOrigin::signed(who), model, digest, version, sv)
		};
		assert_noop!(publish_by(ACME, 99, FIRMWARE, vec![], 1), Error::<Test>::UnknownModel);
		assert_noop!(publish_by(OWNER, MODEL, FIRMWARE, vec![], 1), Error::<Test>::UnknownModel);
		assert_noop!(
			publish_by(GLOBEX, MODEL, FIRMWARE, vec![], 1),
			Error::<Test>::ManufacturerInactive
		);
		assert_noop!(
			publish_by(ACME, MODEL, FIRMWARE, vec![b'1'; 17], 1),
			Error::<Test>::VersionTooLong
		);
		assert_noop!(
			publish_by(PAUPER_MAKER, MODEL, FIRMWARE, vec![], 1),
			Error::<Test>::InsufficientBalance
		);
		publish(FIRMWARE, 3);
		assert_noop!(publish_by(ACME, MODEL, FIRMWARE, vec![], 4), Error::<Test>::ReleaseExists);
		assert_noop!(
			publish_by(ACME, MODEL, FIRMWARE_V2, vec![], 2),
			Error::<Test>::SecurityVersionDecreased
		);
	});
}

#[test]
fn revoke_release_works_and_errors() {
	run_test(|| {
		publish(FIRMWARE, 3);
		assert_ok!(Attestation::revoke_release(RuntimeOrigin::signed(ACME), MODEL, FIRMWARE, 4));
		assert_eq!(Attestation::release(&ACME, MODEL, FIRMWARE).unwrap().revoked, Some(4));
		assert_eq!(
			last_event(),
			Event::<Test>::ReleaseRevoked {
				manufacturer: ACME,
				model: MODEL,
				digest: FIRMWARE,
				reason: 4
			}
			.into()
		);
		assert_noop!(
			Attestation::revoke_release(RuntimeOrigin::signed(ACME), MODEL, FIRMWARE, 4),
			Error::<Test>::AlreadyRevoked
		);
		assert_noop!(
			Attestation::revoke_release(RuntimeOrigin::signed(ACME), MODEL, FIRMWARE_V2, 4),
			Error::<Test>::UnknownRelease
		);
		assert_noop!(
			Attestation::revoke_release(RuntimeOrigin::signed(PAUPER_MAKER), MODEL, FIRMWARE, 4),
			Error::<Test>::UnknownRelease
		);
		assert_noop!(
			Attestation::revoke_release(RuntimeOrigin::signed(GLOBEX), MODEL, FIRMWARE, 4),
			Error::<Test>::ManufacturerInactive
		);
	});
}

#[test]
fn security_floor_only_rises() {
	run_test(|| {
		assert_ok!(Attestation::set_security_floor(RuntimeOrigin::signed(ACME), MODEL, 2));
		assert_eq!(SecurityFloor::<Test>::get(ACME, MODEL), 2);
		assert_eq!(
			last_event(),
			Event::<Test>::SecurityFloorRaised { manufacturer: ACME, model: MODEL, floor: 2 }
				.into()
		);
		assert_noop!(
			Attestation::set_security_floor(RuntimeOrigin::signed(ACME), MODEL, 1),
			Error::<Test>::FloorLowered
		);
		assert_noop!(
			Attestation::set_security_floor(RuntimeOrigin::signed(ACME), 99, 5),
			Error::<Test>::UnknownModel
		);
	});
}
