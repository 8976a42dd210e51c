//! Which evidence a verdict rests on and who vouches for the key (issue 31): a TPM model's
//! devices attest only by quotes (self-reported evidence, which their AK can sign through a
//! `TPM2_Hash` ticket, is refused and no longer counts once the model is measured); only devices
//! of a TPM model quote; the trust status names the evidence and the identity.

use super::{tpm::*, *};

/// A model of ACME without measurements: its devices are no TPM devices.
const PLAIN_MODEL: u32 = MODEL + 1;

#[test]
fn a_tpm_models_devices_cannot_attest_by_reported_evidence() {
	run_test(|| {
		measured_release();
		// The AK signs reported evidence of the published firmware (a TPM2_Hash ticket makes
		// that possible): refused, endorsed or not, whatever the firmware.
		let (device, id) = tpm_device(20);
		let reported = evidence(id, FIRMWARE, 3, 1);
		let signature = sign(&device, &reported);
		assert_noop!(
			Attestation::submit_attestation(RuntimeOrigin::signed(RELAYER), reported, signature),
			Error::<Test>::QuoteRequired
		);
		let software = TestDevice::ed25519(21);
		let software_id = add_device(software.key);
		let reported = evidence(software_id, FIRMWARE, 3, 1);
		let signature = sign(&software, &reported);
		assert_noop!(
			Attestation::submit_attestation(RuntimeOrigin::signed(RELAYER), reported, signature),
			Error::<Test>::QuoteRequired
		);
		// The quote path stays open and records its kind.
		assert_ok!(submit_signed(&device, id, QuoteSpec::new(id, 1).marshal(), 1));
		assert_eq!(
			Attestations::<Test>::get(id).map(|record| (record.verdict, record.evidence)),
			Some((Verdict::Trusted, EvidenceKind::TpmQuote))
		);
		// After a trusted quote, reported evidence still cannot overwrite a later verdict.
		let mut unknown = QuoteSpec::new(id, 2);
		unknown.pcr_digest = [0x77; 32];
		assert_ok!(submit_signed(&device, id, unknown.marshal(), 2));
		let reported = evidence(id, FIRMWARE, 3, 3);
		let signature = sign(&device, &reported);
		assert_noop!(
			Attestation::submit_attestation(RuntimeOrigin::signed(RELAYER), reported, signature),
			Error::<Test>::QuoteRequired
		);
		assert_eq!(
			Attestation::trust_status(&id),
			TrustStatus::Untrusted { reason: UntrustedReason::UnknownMeasurement }
		);
	});
}

#[test]
fn reported_results_stop_counting_when_the_model_is_measured() {
	run_test(|| {
		budget_for_quotes();
		publish(FIRMWARE, 3);
		let (device, id) = tpm_device(22);
		attest(&device, evidence(id, FIRMWARE, 3, 1));
		let reported_trust = TrustStatus::Trusted {
			digest: FIRMWARE,
			security_version: 3,
			attested_at: 50,
			expires_at: 150,
			evidence: EvidenceKind::Reported,
			identity: Identity::Endorsed,
		};
		assert_eq!(Attestation::trust_status(&id), reported_trust);
		// The manufacturer measures the release: the model is a TPM model from now on.
		assert_ok!(set_measurement(FIRMWARE, MEASURED));
		let quote_required = TrustStatus::Untrusted { reason: UntrustedReason::QuoteRequired };
		assert_eq!(Attestation::trust_status(&id), quote_required);
		assert_eq!(trust_seen_by_pallets(&id), quote_required);
		// The stored result did not change; a quote makes the device trusted again.
		assert_eq!(verdict_of(id), Verdict::Trusted);
		assert_ok!(submit_signed(&device, id, QuoteSpec::new(id, 2).marshal(), 2));
		assert_eq!(
			Attestation::trust_status(&id),
			TrustStatus::Trusted {
				digest: FIRMWARE,
				security_version: 3,
				attested_at: 50,
				expires_at: 150,
				evidence: EvidenceKind::TpmQuote,
				identity: Identity::Endorsed,
			}
		);
	});
}

#[test]
fn only_devices_of_a_tpm_model_quote() {
	run_test(|| {
		measured_release();
		MockRegistry::set_model(ACME, PLAIN_MODEL, true);
		// An endorsed P-256 key of a model without measurements — a secure element's, say, which
		// could sign a fabricated TPMS_ATTEST — is no TPM attestation key.
		let device = TestDevice::p256(23);
		let id = MockRegistry::add_device_of(OWNER, ACME, PLAIN_MODEL, device.key);
		MockRegistry::set_endorsed(id, true);
		assert_noop!(
			submit_signed(&device, id, QuoteSpec::new(id, 1).marshal(), 1),
			Error::<Test>::NotTpmModel
		);
		// It attests by reported evidence instead (no release of its model: UnknownFirmware).
		attest(&device, evidence(id, FIRMWARE, 3, 1));
		assert_eq!(
			Attestations::<Test>::get(id).map(|record| (record.verdict, record.evidence)),
			Some((
				Verdict::Untrusted { reason: UntrustedReason::UnknownFirmware },
				EvidenceKind::Reported
			))
		);
	});
}

#[test]
fn the_trust_status_names_who_vouches_for_the_key() {
	run_test(|| {
		publish(FIRMWARE, 3);
		let trusted = |identity| TrustStatus::Trusted {
			digest: FIRMWARE,
			security_version: 3,
			attested_at: 50,
			expires_at: 150,
			evidence: EvidenceKind::Reported,
			identity,
		};
		let attested = |seed| {
			let device = TestDevice::sr25519(seed);
			let id = add_device(device.key);
			attest(&device, evidence(id, FIRMWARE, 3, 1));
			id
		};
		// A software key anyone could register under the model: trusted, but self-asserted.
		let software = attested(24);
		assert_eq!(Attestation::trust_status(&software), trusted(Identity::SelfAsserted));
		assert!(!Attestation::trust_status(&software).is_trusted_and_vouched());
		let endorsed = attested(25);
		MockRegistry::set_endorsed(endorsed, true);
		assert_eq!(Attestation::trust_status(&endorsed), trusted(Identity::Endorsed));
		assert!(Attestation::trust_status(&endorsed).is_trusted_and_vouched());
		// A certified key (the registry marks it endorsed too): readers see `Certified`; other
		// pallets, which do not look certificates up, `Endorsed`.
		let certified = attested(26);
		MockRegistry::set_endorsed(certified, true);
		MockRegistry::set_certification(
			certified,
			Certification::Certified { anchor: H256::repeat_byte(3), tpm_anchor: None },
		);
		assert_eq!(Attestation::trust_status(&certified), trusted(Identity::Certified));
		assert_eq!(trust_seen_by_pallets(&certified), trusted(Identity::Endorsed));
	});
}

#[test]
fn state_builders_cannot_record_reported_evidence_of_a_tpm_model() {
	run_test(|| {
		measured_release();
		let (_, id) = tpm_device(22);
		let reported = evidence(id, FIRMWARE, 3, 1);
		assert_noop!(Attestation::record_trusted_evidence(&reported), Error::<Test>::QuoteRequired);
	});
}
