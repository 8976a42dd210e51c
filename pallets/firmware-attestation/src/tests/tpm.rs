//! TPM 2.0 quotes (spec §10): release measurements, real swtpm quotes, and every rejection of
//! `submit_tpm_quote` with `assert_noop!`.

use super::*;
use frame_support::dispatch::{DispatchResult, DispatchResultWithPostInfo};
use iot_primitives::{
	boot::{BootEvidence, EventLogBytes},
	tpm::{boot_quote_nonce, marshal_quote, quote_nonce, Quote, TPM_ALG_SHA256},
	DeviceKey, PcrBank, PcrPolicy, PcrSelection, QuoteBytes, TpmClock,
};
use sp_runtime::DispatchError;

/// PCRs 0, 4 and 7 of the SHA-256 bank (firmware, boot loader, configuration).
pub(super) const PCRS: u32 = (1 << 0) | (1 << 4) | (1 << 7);
pub(super) const MEASURED: [u8; 32] = [0x3a; 32];
pub(super) const OTHER_MEASURED: [u8; 32] = [0x3b; 32];

pub(super) fn sha256_selection(pcrs: u32) -> PcrSelection {
	PcrSelection::truncate_from(vec![PcrBank { hash_alg: TPM_ALG_SHA256, pcrs }])
}

fn policy(digest: [u8; 32]) -> PcrPolicy {
	PcrPolicy { selection: sha256_selection(PCRS), digest }
}

pub(super) fn set_measurement(release: [u8; 32], measured: [u8; 32]) -> DispatchResult {
	Attestation::set_release_measurement(
		RuntimeOrigin::signed(ACME),
		MODEL,
		release,
		policy(measured),
	)
}

/// Room for two free quotes per block (the mock's default budget fits two Ed25519 attestations).
pub(super) fn budget_for_quotes() {
	MaxFreeAttestationWeight::set(<() as WeightInfo>::submit_tpm_quote(0).saturating_mul(2));
}

/// A registered, factory-endorsed P-256 device: its key stands for a TPM's attestation key.
pub(super) fn tpm_device(seed: u8) -> (TestDevice, DeviceId) {
	let device = TestDevice::p256(seed);
	let id = add_device(device.key);
	MockRegistry::set_endorsed(id, true);
	(device, id)
}

/// What a quote says, before the TPM marshals and signs it.
pub(super) struct QuoteSpec {
	nonce: [u8; 32],
	pub(super) clock: TpmClock,
	pub(super) selection: PcrSelection,
	pub(super) pcr_digest: [u8; 32],
}

impl QuoteSpec {
	/// A quote of `MEASURED` over the nonce of `device`, the previous block and `counter`.
	pub(super) fn new(device: DeviceId, counter: u32) -> Self {
		Self::claiming(device, counter, None)
	}

	/// [`QuoteSpec::new`], sent with boot evidence claiming `release` if given (the nonce binds
	/// the claim).
	pub(super) fn claiming(device: DeviceId, counter: u32, release: Option<[u8; 32]>) -> Self {
		let recent_block = System::block_number() - 1;
		let (genesis, hash) = (Attestation::genesis_hash(), block_hash(recent_block));
		let nonce = match release {
			None => quote_nonce(&genesis, &device, &recent_block, &hash, counter),
			Some(release) => {
				boot_quote_nonce(&genesis, &device, &recent_block, &hash, counter, &release)
			}
		};
		Self {
			nonce,
			clock: TpmClock { clock: 1_000, reset_count: 4, restart_count: 1, safe: true },
			selection: sha256_selection(PCRS),
			pcr_digest: MEASURED,
		}
	}

	pub(super) fn marshal(&self) -> Vec<u8> {
		marshal_quote(&Quote {
			qualified_signer: &[0x0b; 34],
			extra_data: &self.nonce,
			clock: self.clock,
			firmware_version: 0x2019_1023_0016_3636,
			selection: self.selection.clone(),
			pcr_digest: &self.pcr_digest,
		})
	}
}

/// Submits `quote` signed by `signer` for `device` over the previous block with `counter`.
pub(super) fn submit_signed(
	signer: &TestDevice,
	device: DeviceId,
	quote: Vec<u8>,
	counter: u32,
) -> DispatchResultWithPostInfo {
	submit_signed_with_log(signer, device, quote, counter, None)
}

/// Submits `quote` signed by `signer` with boot evidence: the claimed release and the event log.
pub(super) fn submit_signed_with_log(
	signer: &TestDevice,
	device: DeviceId,
	quote: Vec<u8>,
	counter: u32,
	boot: Option<([u8; 32], &[u8])>,
) -> DispatchResultWithPostInfo {
	let signature = signer.sign(&quote);
	let boot = boot.map(|(release, log)| BootEvidence {
		release,
		event_log: EventLogBytes::try_from(log.to_vec()).expect("a log within 64 KiB"),
	});
	submit_raw(device, quote, signature, counter, boot)
}

fn submit_raw(
	device: DeviceId,
	quote: Vec<u8>,
	signature: DeviceSignature,
	counter: u32,
	boot: Option<BootEvidence>,
) -> DispatchResultWithPostInfo {
	let recent_block = System::block_number() - 1;
	Attestation::submit_tpm_quote(
		RuntimeOrigin::signed(RELAYER),
		device,
		QuoteBytes::try_from(quote).expect("a quote within MAX_QUOTE_LEN"),
		signature,
		recent_block,
		block_hash(recent_block),
		counter,
		boot,
	)
}

/// Publishes `FIRMWARE` (security version 3) with measurement `MEASURED`.
pub(super) fn measured_release() {
	publish(FIRMWARE, 3);
	assert_ok!(set_measurement(FIRMWARE, MEASURED));
}

// ---- release measurements ----

#[test]
fn set_release_measurement_indexes_and_holds_a_deposit_once() {
	run_test(|| {
		measured_release();
		assert_eq!(
			ReleaseMeasurements::<Test>::get((ACME, MODEL, FIRMWARE)),
			Some(Measurement { policy: policy(MEASURED), deposit: MEASUREMENT_DEPOSIT })
		);
		assert_eq!(MeasurementIndex::<Test>::get((ACME, MODEL, MEASURED)), Some(FIRMWARE));
		let held = || {
			Balances::balance_on_hold(
				&RuntimeHoldReason::FirmwareAttestation(HoldReason::MeasurementDeposit),
				&ACME,
			)
		};
		assert_eq!(held(), MEASUREMENT_DEPOSIT);
		assert_eq!(
			last_event(),
			Event::<Test>::MeasurementSet {
				manufacturer: ACME,
				model: MODEL,
				digest: FIRMWARE,
				pcr_digest: MEASURED
			}
			.into()
		);
		// A replacement moves the index entry and holds nothing more.
		assert_ok!(set_measurement(FIRMWARE, OTHER_MEASURED));
		assert_eq!(MeasurementIndex::<Test>::get((ACME, MODEL, MEASURED)), None);
		assert_eq!(MeasurementIndex::<Test>::get((ACME, MODEL, OTHER_MEASURED)), Some(FIRMWARE));
		assert_eq!(held(), MEASUREMENT_DEPOSIT);
		// The same measurement again is a no-op replacement, not a conflict with itself.
		assert_ok!(set_measurement(FIRMWARE, OTHER_MEASURED));
	});
}

#[test]
fn set_release_measurement_errors() {
	run_test(|| {
		measured_release();
		publish(FIRMWARE_V2, 4);
		let set_by = |who, model, release, policy| {
			Attestation::set_release_measurement(RuntimeOrigin::signed(who), model, release, policy)
		};
		assert_noop!(set_by(ACME, 99, FIRMWARE, policy(MEASURED)), Error::<Test>::UnknownModel);
		assert_noop!(set_by(OWNER, MODEL, FIRMWARE, policy(MEASURED)), Error::<Test>::UnknownModel);
		assert_noop!(
			set_by(GLOBEX, MODEL, FIRMWARE, policy(MEASURED)),
			Error::<Test>::ManufacturerInactive
		);
		assert_noop!(
			set_by(ACME, MODEL, UNKNOWN_FIRMWARE, policy(MEASURED)),
			Error::<Test>::UnknownRelease
		);
		let empty = PcrPolicy { selection: PcrSelection::default(), digest: MEASURED };
		assert_noop!(set_by(ACME, MODEL, FIRMWARE_V2, empty), Error::<Test>::EmptyPcrSelection);
		let no_pcrs = PcrPolicy { selection: sha256_selection(0), digest: MEASURED };
		assert_noop!(set_by(ACME, MODEL, FIRMWARE_V2, no_pcrs), Error::<Test>::EmptyPcrSelection);
		// A PCR digest names one release: a second release may not claim FIRMWARE's measurement.
		assert_noop!(
			set_by(ACME, MODEL, FIRMWARE_V2, policy(MEASURED)),
			Error::<Test>::MeasurementInUse
		);
		// A manufacturer that cannot pay the deposit.
		Releases::<Test>::insert(
			(PAUPER_MAKER, MODEL, FIRMWARE),
			Releases::<Test>::get((ACME, MODEL, FIRMWARE)).expect("published"),
		);
		LatestSecurityVersion::<Test>::insert(PAUPER_MAKER, MODEL, 3);
		assert_noop!(
			set_by(PAUPER_MAKER, MODEL, FIRMWARE, policy(OTHER_MEASURED)),
			Error::<Test>::InsufficientMeasurementBalance
		);
	});
}

// ---- real quotes of a software TPM ----

/// primitives/fixtures/tpm/: quotes made by swtpm for this mock chain's parameters.
mod swtpm {
	pub const AK: &[u8] = include_bytes!("../../../../primitives/fixtures/tpm/ak.bin");
	pub const PCR_DIGEST: &[u8] =
		include_bytes!("../../../../primitives/fixtures/tpm/pcr-digest.bin");
	pub const QUOTE: &[u8] = include_bytes!("../../../../primitives/fixtures/tpm/quote.bin");
	pub const SIGNATURE: &[u8] =
		include_bytes!("../../../../primitives/fixtures/tpm/signature.bin");
	pub const QUOTE_REBOOTED: &[u8] =
		include_bytes!("../../../../primitives/fixtures/tpm/quote-rebooted.bin");
	pub const SIGNATURE_REBOOTED: &[u8] =
		include_bytes!("../../../../primitives/fixtures/tpm/signature-rebooted.bin");
}

fn fixture_signature(bytes: &[u8]) -> DeviceSignature {
	DeviceSignature::P256(bytes.try_into().expect("64 bytes"))
}

#[test]
fn a_swtpm_quote_of_a_published_measurement_is_trusted_and_a_reboot_is_recorded() {
	run_test(|| {
		budget_for_quotes();
		let ak = DeviceKey::P256(swtpm::AK.try_into().expect("33 bytes"));
		let id = add_device(ak);
		MockRegistry::set_endorsed(id, true);
		publish(FIRMWARE, 3);
		let measured: [u8; 32] = swtpm::PCR_DIGEST.try_into().expect("32 bytes");
		assert_ok!(set_measurement(FIRMWARE, measured));

		// Block 50, quote over block 49 with counter 1.
		let info =
			submit_raw(id, swtpm::QUOTE.to_vec(), fixture_signature(swtpm::SIGNATURE), 1, None)
				.expect("the swtpm quote is accepted");
		assert_eq!(info.pays_fee, Pays::No, "a trusted quote of an endorsed TPM is free");
		assert_eq!(verdict_of(id), Verdict::Trusted);
		assert!(matches!(
			Attestation::trust_status(&id),
			TrustStatus::Trusted { digest: FIRMWARE, security_version: 3, attested_at: 50, .. }
		));
		let first = TpmClocks::<Test>::get(id).expect("the TPM clock is recorded");
		assert_eq!(Attestations::<Test>::get(id).map(|r| r.boot_count), Some(first.reset_count));

		// Block 60: the TPM rebooted, the same firmware booted, quote over block 59, counter 2.
		run_to_block(60);
		let recent_block = 59;
		assert_ok!(Attestation::submit_tpm_quote(
			RuntimeOrigin::signed(RELAYER),
			id,
			QuoteBytes::try_from(swtpm::QUOTE_REBOOTED.to_vec()).expect("bounded"),
			fixture_signature(swtpm::SIGNATURE_REBOOTED),
			recent_block,
			block_hash(recent_block),
			2,
			None,
		));
		let rebooted = TpmClocks::<Test>::get(id).expect("recorded");
		assert_eq!(rebooted.reset_count, first.reset_count + 1);
		assert_eq!(rebooted.restart_count, 0);
		System::assert_has_event(
			Event::<Test>::TpmRebooted {
				device: id,
				reset_count: rebooted.reset_count,
				restart_count: 0,
			}
			.into(),
		);
		assert_eq!(verdict_of(id), Verdict::Trusted);

		// The first quote again: its nonce names block 49 and counter 1 — stale and replayed.
		assert_noop!(
			submit_raw(id, swtpm::QUOTE.to_vec(), fixture_signature(swtpm::SIGNATURE), 3, None),
			Error::<Test>::NonceMismatch
		);
	});
}

// ---- verdicts ----

#[test]
fn a_quote_of_a_measured_release_is_judged_like_evidence_of_it() {
	run_test(|| {
		budget_for_quotes();
		measured_release();
		let (device, id) = tpm_device(1);
		let info =
			submit_signed(&device, id, QuoteSpec::new(id, 1).marshal(), 1).expect("accepted");
		assert_eq!(info.pays_fee, Pays::No);
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
			TpmClocks::<Test>::get(id),
			Some(TpmClock { clock: 1_000, reset_count: 4, restart_count: 1, safe: true })
		);
		// Within the free interval the next trusted quote pays.
		run_to_block(52);
		let info =
			submit_signed(&device, id, QuoteSpec::new(id, 2).marshal(), 2).expect("accepted");
		assert_eq!(info.pays_fee, Pays::Yes);
		// A revocation untrusts the device at once, as for reported evidence.
		assert_ok!(Attestation::revoke_release(RuntimeOrigin::signed(ACME), MODEL, FIRMWARE, 9));
		assert_eq!(
			Attestation::trust_status(&id),
			TrustStatus::Untrusted { reason: UntrustedReason::RevokedRelease { reason: 9 } }
		);
	});
}

#[test]
fn an_unknown_measurement_is_recorded_untrusted() {
	run_test(|| {
		measured_release();
		let (device, id) = tpm_device(2);
		let mut spec = QuoteSpec::new(id, 1);
		spec.pcr_digest = OTHER_MEASURED;
		assert_ok!(submit_signed(&device, id, spec.marshal(), 1));
		let unknown = Verdict::Untrusted { reason: UntrustedReason::UnknownMeasurement };
		assert_eq!(verdict_of(id), unknown);
		assert_eq!(
			Attestations::<Test>::get(id).map(|r| r.firmware_digest),
			Some(OTHER_MEASURED),
			"the record keeps what the TPM measured"
		);
		assert_eq!(
			Attestation::trust_status(&id),
			TrustStatus::Untrusted { reason: UntrustedReason::UnknownMeasurement }
		);
		// The right digest over other PCRs is another measurement too.
		let mut spec = QuoteSpec::new(id, 2);
		spec.selection = sha256_selection(PCRS | (1 << 2));
		assert_ok!(submit_signed(&device, id, spec.marshal(), 2));
		assert_eq!(verdict_of(id), unknown);
	});
}

#[test]
fn revoked_below_floor_and_rolled_back_measurements_are_untrusted() {
	run_test(|| {
		measured_release();
		publish(FIRMWARE_V2, 5);
		assert_ok!(set_measurement(FIRMWARE_V2, OTHER_MEASURED));
		let (device, id) = tpm_device(3);
		// The device boots v2 (security version 5), then v1: a rollback.
		let mut v2 = QuoteSpec::new(id, 1);
		v2.pcr_digest = OTHER_MEASURED;
		assert_ok!(submit_signed(&device, id, v2.marshal(), 1));
		assert_eq!(verdict_of(id), Verdict::Trusted);
		assert_ok!(submit_signed(&device, id, QuoteSpec::new(id, 2).marshal(), 2));
		assert_eq!(verdict_of(id), Verdict::Untrusted { reason: UntrustedReason::Rollback });
		// Another device on v1 below a raised floor, then v2 revoked.
		let (other, other_id) = tpm_device(4);
		assert_ok!(Attestation::set_security_floor(RuntimeOrigin::signed(ACME), MODEL, 4));
		assert_ok!(submit_signed(&other, other_id, QuoteSpec::new(other_id, 1).marshal(), 1));
		assert_eq!(
			verdict_of(other_id),
			Verdict::Untrusted { reason: UntrustedReason::BelowSecurityFloor }
		);
		assert_ok!(Attestation::revoke_release(RuntimeOrigin::signed(ACME), MODEL, FIRMWARE_V2, 2));
		let mut v2 = QuoteSpec::new(other_id, 2);
		v2.pcr_digest = OTHER_MEASURED;
		assert_ok!(submit_signed(&other, other_id, v2.marshal(), 2));
		assert_eq!(
			verdict_of(other_id),
			Verdict::Untrusted { reason: UntrustedReason::RevokedRelease { reason: 2 } }
		);
	});
}

// ---- rejections ----

#[test]
fn submit_tpm_quote_rejects_devices_that_cannot_quote() {
	run_test(|| {
		measured_release();
		let (device, id) = tpm_device(5);
		let quote = || QuoteSpec::new(id, 1).marshal();
		assert_noop!(
			submit_signed(&device, H256::repeat_byte(9), quote(), 1),
			Error::<Test>::UnknownDevice
		);
		MockRegistry::set_status(id, DeviceStatus::Suspended);
		assert_noop!(submit_signed(&device, id, quote(), 1), Error::<Test>::DeviceInactive);
		MockRegistry::set_status(id, DeviceStatus::Active);
		MockRegistry::set_endorsed(id, false);
		assert_noop!(submit_signed(&device, id, quote(), 1), Error::<Test>::NotEndorsed);
		let software = TestDevice::ed25519(6);
		let software_id = add_device(software.key);
		MockRegistry::set_endorsed(software_id, true);
		assert_noop!(
			submit_signed(&software, software_id, QuoteSpec::new(software_id, 1).marshal(), 1),
			Error::<Test>::NotTpmKey
		);
		assert_noop!(
			Attestation::submit_tpm_quote(
				RuntimeOrigin::none(),
				id,
				QuoteBytes::default(),
				device.sign(b""),
				49,
				block_hash(49),
				1,
				None,
			),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn submit_tpm_quote_rejects_stale_replayed_and_foreign_quotes() {
	run_test(|| {
		measured_release();
		let (device, id) = tpm_device(7);
		assert_ok!(submit_signed(&device, id, QuoteSpec::new(id, 5).marshal(), 5));
		// Replay: the counter must grow (the same quote, or a fresh quote with an old counter).
		assert_noop!(
			submit_signed(&device, id, QuoteSpec::new(id, 5).marshal(), 5),
			Error::<Test>::Replay
		);
		// Freshness: a block beyond the window, a future block, a wrong hash.
		let quote = QuoteSpec::new(id, 6).marshal();
		let signature = device.sign(&quote);
		let submit_at = |block, hash| {
			Attestation::submit_tpm_quote(
				RuntimeOrigin::signed(RELAYER),
				id,
				QuoteBytes::try_from(quote.clone()).expect("bounded"),
				signature,
				block,
				hash,
				6,
				None,
			)
		};
		assert_noop!(submit_at(50 - FRESHNESS - 1, block_hash(39)), Error::<Test>::StaleEvidence);
		assert_noop!(submit_at(50, block_hash(50)), Error::<Test>::FutureBlock);
		assert_noop!(submit_at(49, block_hash(48)), Error::<Test>::BlockHashMismatch);
		// The nonce binds the counter, the device and the block: any other is a mismatch.
		assert_noop!(submit_signed(&device, id, quote.clone(), 7), Error::<Test>::NonceMismatch);
		let (other, other_id) = tpm_device(8);
		let other_quote = QuoteSpec::new(other_id, 6).marshal();
		assert_noop!(submit_signed(&device, id, other_quote, 6), Error::<Test>::NonceMismatch);
		// Another TPM's AK signing this device's quote; a flipped PCR digest byte.
		assert_noop!(submit_signed(&other, id, quote.clone(), 6), Error::<Test>::BadSignature);
		let mut flipped = quote.clone();
		let last = flipped.len() - 1;
		flipped[last] ^= 1;
		assert_noop!(submit_raw(id, flipped, signature, 6, None), Error::<Test>::BadSignature);
	});
}

#[test]
fn submit_tpm_quote_rejects_what_is_not_a_wellformed_quote() {
	run_test(|| {
		measured_release();
		let (device, id) = tpm_device(9);
		let quote = QuoteSpec::new(id, 1).marshal();
		let mut bad_magic = quote.clone();
		bad_magic[0] = 0;
		assert_noop!(submit_signed(&device, id, bad_magic, 1), Error::<Test>::BadMagic);
		let mut time_attestation = quote.clone();
		time_attestation[4..6].copy_from_slice(&0x8019u16.to_be_bytes());
		assert_noop!(submit_signed(&device, id, time_attestation, 1), Error::<Test>::NotAQuote);
		let truncated = quote[..quote.len() - 1].to_vec();
		assert_noop!(submit_signed(&device, id, truncated, 1), Error::<Test>::MalformedQuote);
		let mut trailing = quote.clone();
		trailing.push(0);
		assert_noop!(submit_signed(&device, id, trailing, 1), Error::<Test>::MalformedQuote);
	});
}

#[test]
fn the_tpm_boot_counters_never_go_back() {
	run_test(|| {
		measured_release();
		let (device, id) = tpm_device(10);
		assert_ok!(submit_signed(&device, id, QuoteSpec::new(id, 1).marshal(), 1));
		let events_before = System::events().len();
		// Same boot: no reboot event.
		assert_ok!(submit_signed(&device, id, QuoteSpec::new(id, 2).marshal(), 2));
		assert!(!System::events()[events_before..].iter().any(|r| matches!(
			r.event,
			RuntimeEvent::FirmwareAttestation(Event::TpmRebooted { .. })
		)));
		// A restart counter that went back in the same reset, and a reset counter that went back.
		for (reset_count, restart_count) in [(4, 0), (3, 9)] {
			let mut spec = QuoteSpec::new(id, 3);
			spec.clock = TpmClock { reset_count, restart_count, ..spec.clock };
			assert_noop!(
				submit_signed(&device, id, spec.marshal(), 3),
				Error::<Test>::TpmClockRollback
			);
		}
		// A reset zeroes the restart counter: accepted and recorded.
		let mut spec = QuoteSpec::new(id, 3);
		spec.clock = TpmClock { reset_count: 5, restart_count: 0, ..spec.clock };
		assert_ok!(submit_signed(&device, id, spec.marshal(), 3));
		System::assert_has_event(
			Event::<Test>::TpmRebooted { device: id, reset_count: 5, restart_count: 0 }.into(),
		);
		assert_eq!(Attestations::<Test>::get(id).map(|r| r.boot_count), Some(5));
		// Decommissioning removes the TPM state with the rest.
		<Attestation as iot_primitives::OnDeviceRemoved>::on_device_removed(&id);
		assert_eq!(TpmClocks::<Test>::get(id), None);
	});
}
