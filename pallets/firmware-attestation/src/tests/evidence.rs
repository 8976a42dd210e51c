//! Device-signed evidence: trusted verdicts with every key type, every rejection with
//! `assert_noop!` and every untrusted verdict, replay, trust evaluated on read (revocations,
//! floors, certificates, expiry), free attestations and the integrity test of their budget.

use super::*;
#[test]
fn trusted_attestation_with_every_key_type() {
	run_test(|| {
		publish(FIRMWARE, 3);
		for device in TestDevice::all_schemes(1) {
			let id = add_device(device.key);
			assert_eq!(Attestation::trust_status(&id), TrustStatus::Unknown);
			// Software keys (not factory-endorsed) always pay; see tests/security.rs.
			assert_eq!(attest(&device, evidence(id, FIRMWARE, 3, 1)), Pays::Yes);
			assert_eq!(
				Attestations::<Test>::get(id),
				Some(AttestationRecord {
					firmware_digest: FIRMWARE,
					security_version: 3,
					boot_count: 3,
					attested_at: 50,
					verdict: Verdict::Trusted,
					evidence: EvidenceKind::Reported,
				})
			);
			assert_eq!(Counters::<Test>::get(id).last_counter, 1);
			assert_eq!(
				last_event(),
				Event::<Test>::Attested {
					device: id,
					firmware_digest: FIRMWARE,
					security_version: 3,
					verdict: Verdict::Trusted
				}
				.into()
			);
			assert_eq!(
				trust_seen_by_pallets(&id),
				TrustStatus::Trusted {
					digest: FIRMWARE,
					security_version: 3,
					attested_at: 50,
					expires_at: 150,
					evidence: EvidenceKind::Reported,
					identity: Identity::SelfAsserted,
				}
			);
		}
	});
}

#[test]
fn a_revoked_certificate_makes_a_trusted_device_untrusted_at_once() {
	run_test(|| {
		publish(FIRMWARE, 3);
		let device = TestDevice::p256(1);
		let id = add_device(device.key);
		attest(&device, evidence(id, FIRMWARE, 3, 1));
		assert!(matches!(Attestation::trust_status(&id), TrustStatus::Trusted { .. }));
		MockRegistry::set_certification(id, revoked_certificate());
		assert_eq!(
			Attestation::trust_status(&id),
			TrustStatus::Untrusted { reason: UntrustedReason::CertificateRevoked }
		);
		// Nothing stored changed: the verdict is the registry's, read now. Other pallets (an
		// anchor's `trusted` flag) read the firmware trust, which it does not change.
		assert_eq!(Attestations::<Test>::get(id).map(|r| r.verdict), Some(Verdict::Trusted));
		assert!(matches!(trust_seen_by_pallets(&id), TrustStatus::Trusted { .. }));
		// A device that never attested is untrusted too; a suspended one stays inactive.
		let fresh = add_device(TestDevice::p256(5).key);
		MockRegistry::set_certification(fresh, revoked_certificate());
		assert_eq!(
			Attestation::trust_status(&fresh),
			TrustStatus::Untrusted { reason: UntrustedReason::CertificateRevoked }
		);
		MockRegistry::set_status(fresh, DeviceStatus::Suspended);
		assert_eq!(Attestation::trust_status(&fresh), TrustStatus::Inactive);
	});
}

#[test]
fn rejected_evidence_changes_nothing() {
	run_test(|| {
		publish(FIRMWARE, 3);
		let device = TestDevice::p256(2);
		let id = add_device(device.key);
		let submit = |e: Evidence<u64>, s: DeviceSignature| {
			Attestation::submit_attestation(RuntimeOrigin::signed(RELAYER), e, s)
		};

		let unknown = TestDevice::ed25519(3);
		let e = evidence(unknown.key.device_id(), FIRMWARE, 3, 1);
		assert_noop!(submit(e.clone(), sign(&unknown, &e)), Error::<Test>::UnknownDevice);

		let e = evidence(id, FIRMWARE, 3, 1);
		assert_noop!(
			submit(e.clone(), TestDevice::p256(9).sign(b"other")),
			Error::<Test>::BadSignature
		);
		assert_noop!(
			submit(e.clone(), DeviceSignature::Ed25519([0; 64])),
			Error::<Test>::BadSignature
		);

		// Evidence signed for another chain's genesis.
		let foreign = device.sign(&payloads::attestation_message(&H256::repeat_byte(7), &e));
		assert_noop!(submit(e.clone(), foreign), Error::<Test>::BadSignature);

		let mut future = e.clone();
		future.recent_block = 50;
		assert_noop!(submit(future.clone(), sign(&device, &future)), Error::<Test>::FutureBlock);

		let mut stale = e.clone();
		stale.recent_block = 50 - FRESHNESS - 1;
		stale.recent_hash = block_hash(stale.recent_block);
		assert_noop!(submit(stale.clone(), sign(&device, &stale)), Error::<Test>::StaleEvidence);

		let mut forged = e.clone();
		forged.recent_hash = H256::repeat_byte(0xab);
		assert_noop!(
			submit(forged.clone(), sign(&device, &forged)),
			Error::<Test>::BlockHashMismatch
		);

		let zero = evidence(id, FIRMWARE, 3, 0);
		assert_noop!(submit(zero.clone(), sign(&device, &zero)), Error::<Test>::Replay);

		MockRegistry::set_status(id, DeviceStatus::Suspended);
		assert_noop!(submit(e.clone(), sign(&device, &e)), Error::<Test>::DeviceInactive);
		assert_eq!(Attestation::trust_status(&id), TrustStatus::Inactive);
	});
}

#[test]
fn replayed_evidence_is_rejected() {
	run_test(|| {
		publish(FIRMWARE, 3);
		let device = TestDevice::sr25519(4);
		let id = add_device(device.key);
		let e = evidence(id, FIRMWARE, 3, 5);
		let signature = sign(&device, &e);
		assert_ok!(Attestation::submit_attestation(
			RuntimeOrigin::signed(RELAYER),
			e.clone(),
			signature
		));
		assert_noop!(
			Attestation::submit_attestation(RuntimeOrigin::signed(RELAYER), e, signature),
			Error::<Test>::Replay
		);
		let older = evidence(id, FIRMWARE, 3, 4);
		assert_noop!(
			Attestation::submit_attestation(
				RuntimeOrigin::signed(RELAYER),
				older.clone(),
				sign(&device, &older)
			),
			Error::<Test>::Replay
		);
	});
}

#[test]
fn every_untrusted_verdict_is_recorded() {
	run_test(|| {
		publish(FIRMWARE, 3);
		publish(FIRMWARE_V2, 5);
		let cases = [
			(UNKNOWN_FIRMWARE, 3, UntrustedReason::UnknownFirmware),
			(FIRMWARE, 4, UntrustedReason::SecurityVersionMismatch),
		];
		for (seed, (digest, sv, reason)) in cases.into_iter().enumerate() {
			let device = TestDevice::ecdsa(10 + seed as u8);
			let id = add_device(device.key);
			assert_eq!(attest(&device, evidence(id, digest, sv, 1)), Pays::Yes, "untrusted pays");
			assert_eq!(verdict_of(id), Verdict::Untrusted { reason });
			assert_eq!(Attestation::trust_status(&id), TrustStatus::Untrusted { reason });
			assert_eq!(
				last_event(),
				Event::<Test>::Attested {
					device: id,
					firmware_digest: digest,
					security_version: sv,
					verdict: Verdict::Untrusted { reason }
				}
				.into()
			);
		}

		// Rollback: after attesting security version 5, version 3 is a rollback.
		let device = TestDevice::ed25519(20);
		let id = add_device(device.key);
		attest(&device, evidence(id, FIRMWARE_V2, 5, 1));
		attest(&device, evidence(id, FIRMWARE, 3, 2));
		assert_eq!(verdict_of(id), Verdict::Untrusted { reason: UntrustedReason::Rollback });
		assert_eq!(Counters::<Test>::get(id).highest_security_version, 5);

		// Revoked release at attestation time.
		assert_ok!(Attestation::revoke_release(RuntimeOrigin::signed(ACME), MODEL, FIRMWARE, 9));
		let device = TestDevice::p256(21);
		let id = add_device(device.key);
		attest(&device, evidence(id, FIRMWARE, 3, 1));
		assert_eq!(
			verdict_of(id),
			Verdict::Untrusted { reason: UntrustedReason::RevokedRelease { reason: 9 } }
		);

		// Below the floor at attestation time.
		assert_ok!(Attestation::set_security_floor(RuntimeOrigin::signed(ACME), MODEL, 6));
		let device = TestDevice::p256(22);
		let id = add_device(device.key);
		attest(&device, evidence(id, FIRMWARE_V2, 5, 1));
		assert_eq!(
			verdict_of(id),
			Verdict::Untrusted { reason: UntrustedReason::BelowSecurityFloor }
		);
	});
}

#[test]
fn revocation_after_attestation_untrusts_at_once() {
	run_test(|| {
		publish(FIRMWARE, 3);
		let device = TestDevice::ed25519(30);
		let id = add_device(device.key);
		attest(&device, evidence(id, FIRMWARE, 3, 1));
		assert!(Attestation::trust_status(&id).is_trusted());
		assert_ok!(Attestation::revoke_release(RuntimeOrigin::signed(ACME), MODEL, FIRMWARE, 2));
		assert_eq!(
			Attestation::trust_status(&id),
			TrustStatus::Untrusted { reason: UntrustedReason::RevokedRelease { reason: 2 } }
		);
		assert_eq!(verdict_of(id), Verdict::Trusted, "the stored result is unchanged");
	});
}

#[test]
fn raised_floor_after_attestation_untrusts_at_once() {
	run_test(|| {
		publish(FIRMWARE, 3);
		let device = TestDevice::sr25519(31);
		let id = add_device(device.key);
		attest(&device, evidence(id, FIRMWARE, 3, 1));
		assert_ok!(Attestation::set_security_floor(RuntimeOrigin::signed(ACME), MODEL, 3));
		assert!(Attestation::trust_status(&id).is_trusted(), "a floor at the release's version");
		assert_ok!(Attestation::set_security_floor(RuntimeOrigin::signed(ACME), MODEL, 4));
		assert_eq!(
			Attestation::trust_status(&id),
			TrustStatus::Untrusted { reason: UntrustedReason::BelowSecurityFloor }
		);
	});
}

#[test]
fn results_expire_and_inactive_devices_read_inactive() {
	run_test(|| {
		publish(FIRMWARE, 3);
		let device = TestDevice::ecdsa(32);
		let id = add_device(device.key);
		attest(&device, evidence(id, FIRMWARE, 3, 1));
		run_to_block(50 + VALIDITY - 1);
		assert!(Attestation::trust_status(&id).is_trusted());
		run_to_block(50 + VALIDITY);
		assert_eq!(Attestation::trust_status(&id), TrustStatus::Expired { last_attested_at: 50 });
		MockRegistry::set_status(id, DeviceStatus::Revoked { reason: 1 });
		assert_eq!(Attestation::trust_status(&id), TrustStatus::Inactive);
		assert_eq!(Attestation::trust_status(&DeviceId::zero()), TrustStatus::Unknown);
	});
}

#[test]
fn trusted_attestation_is_free_once_per_interval() {
	run_test(|| {
		publish(FIRMWARE, 3);
		let device = TestDevice::ed25519(33);
		let id = add_device(device.key);
		MockRegistry::set_endorsed(id, true);
		assert_eq!(attest(&device, evidence(id, FIRMWARE, 3, 1)), Pays::No);
		run_to_block(51);
		assert_eq!(attest(&device, evidence(id, FIRMWARE, 3, 2)), Pays::Yes);
		run_to_block(50 + FREE_INTERVAL);
		assert_eq!(attest(&device, evidence(id, FIRMWARE, 3, 3)), Pays::No);
		assert_eq!(Counters::<Test>::get(id).last_free_at, Some(50 + FREE_INTERVAL));
	});
}

/// `integrity_test` (run on the mock by `construct_runtime!`'s `runtime_integrity_tests`) refuses
/// a free-attestation budget that could crowd paying transactions out of a block.
#[test]
#[should_panic(
	expected = "MaxFreeAttestationWeight must leave most of a block to paying transactions"
)]
fn integrity_test_refuses_a_free_budget_above_half_a_block() {
	use frame_support::traits::Hooks;
	let max_block = <<Test as frame_system::Config>::BlockWeights as frame_support::traits::Get<
		frame_system::limits::BlockWeights,
	>>::get()
	.max_block;
	crate::mock::MaxFreeAttestationWeight::set(max_block);
	<Attestation as Hooks<u64>>::integrity_test();
}

/// `record_trusted_evidence` (the node's `scale:` chains build their genesis with it) records
/// what a signed `submit_attestation` records, and keeps its refusals.
#[test]
fn state_builders_record_evidence_as_submit_attestation_does() {
	run_test(|| {
		publish(FIRMWARE, 3);
		let signed = TestDevice::ed25519(1);
		let built = TestDevice::ed25519(2);
		let (signed_id, built_id) = (add_device(signed.key), add_device(built.key));
		attest(&signed, evidence(signed_id, FIRMWARE, 3, 1));
		let recorded = evidence(built_id, FIRMWARE, 3, 1);
		assert_eq!(Attestation::record_trusted_evidence(&recorded), Ok(Pays::Yes));
		assert_eq!(Attestations::<Test>::get(built_id), Attestations::<Test>::get(signed_id));
		assert_eq!(Counters::<Test>::get(built_id), Counters::<Test>::get(signed_id));
		assert_eq!(
			last_event(),
			Event::<Test>::Attested {
				device: built_id,
				firmware_digest: FIRMWARE,
				security_version: 3,
				verdict: Verdict::Trusted
			}
			.into()
		);

		assert_noop!(Attestation::record_trusted_evidence(&recorded), Error::<Test>::Replay);
		let unknown = evidence(H256::repeat_byte(9), FIRMWARE, 3, 1);
		assert_noop!(Attestation::record_trusted_evidence(&unknown), Error::<Test>::UnknownDevice);
		MockRegistry::set_status(built_id, DeviceStatus::Suspended);
		let later = evidence(built_id, FIRMWARE, 3, 2);
		assert_noop!(Attestation::record_trusted_evidence(&later), Error::<Test>::DeviceInactive);
	});
}
