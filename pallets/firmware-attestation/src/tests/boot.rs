//! Measured boot (spec §13): event logs replayed against quotes, boot policies and their
//! violations, once-per-boot logs, and every rejection with `assert_noop!`.

use super::{tpm::*, *};
use frame_support::{
	dispatch::{DispatchResult, DispatchResultWithPostInfo},
	BoundedVec,
};
use iot_primitives::boot::{
	builder::LogBuilder, BootComponent, BootEvidence, BootPolicy, BootPolicyError, BootRecord,
	BootViolation, ComponentName, EventLogBytes, EventLogError, MatchedComponent,
};
use iot_primitives::tpm::TPM_ALG_SHA256;
use iot_primitives::QuoteBytes;
use iot_primitives::{PcrBank, PcrPolicy, PcrSelection};

const EV_S_CRTM_VERSION: u32 = 0x0000_0008;
const EV_SEPARATOR: u32 = 0x0000_0004;
const EV_APPLICATION: u32 = 0x8000_0003;
const SHIM: [u8; 32] = [0x51; 32];
const GRUB: [u8; 32] = [0x52; 32];
const KERNEL: [u8; 32] = [0x53; 32];
const KERNEL_NEXT: [u8; 32] = [0x54; 32];
const ROOTKIT: [u8; 32] = [0x66; 32];

/// A UEFI boot: startup locality 3, firmware version, Secure Boot `secure_boot`, then `apps` on
/// PCR 4, then the separators of PCRs 0, 4 and 7.
fn boot_log(secure_boot: bool, apps: &[[u8; 32]]) -> LogBuilder {
	let mut log = LogBuilder::sha256();
	log.startup_locality(3).measure(0, EV_S_CRTM_VERSION, b"EDK II 1.0").secure_boot(secure_boot);
	for app in apps {
		log.extend(4, EV_APPLICATION, app, b"\\EFI\\BOOT\\BOOTX64.EFI");
	}
	for pcr in [0, 4, 7] {
		log.measure(pcr, EV_SEPARATOR, &[0; 4]);
	}
	log
}

fn standard_boot() -> LogBuilder {
	boot_log(true, &[SHIM, GRUB, KERNEL])
}

fn name(text: &str) -> ComponentName {
	ComponentName::truncate_from(text.as_bytes().to_vec())
}

fn component(label: &str, digests: &[[u8; 32]], required: bool) -> BootComponent {
	BootComponent {
		name: name(label),
		pcr: 4,
		event_type: EV_APPLICATION,
		digests: BoundedVec::truncate_from(digests.to_vec()),
		required,
	}
}

/// shim and GRUB required, either of two kernels, no other application, Secure Boot on.
fn policy() -> BootPolicy {
	BootPolicy {
		components: BoundedVec::truncate_from(vec![
			component("shim", &[SHIM], true),
			component("grub", &[GRUB], true),
			component("kernel", &[KERNEL, KERNEL_NEXT], true),
		]),
		allow_unknown_applications: false,
		require_secure_boot: true,
	}
}

/// `FIRMWARE` measured as what `log` replays to, on PCRs 0, 4 and 7; a TPM device.
fn measured_boot(log: &LogBuilder) -> (TestDevice, DeviceId) {
	publish(FIRMWARE, 3);
	assert_ok!(set_measurement(FIRMWARE, log.pcrs().composite(PCRS)));
	budget_for_quotes();
	tpm_device(7)
}

fn set_policy(policy: BootPolicy) -> DispatchResult {
	Attestation::set_boot_policy(RuntimeOrigin::signed(ACME), MODEL, FIRMWARE, policy)
}

/// A quote of `device`'s boot `log` (boot counters `reset_count`/1) with `counter`, its nonce
/// binding a claim of `claim` if given.
fn quote_of(
	id: DeviceId,
	log: &LogBuilder,
	reset_count: u32,
	counter: u32,
	claim: Option<[u8; 32]>,
) -> Vec<u8> {
	let mut spec = QuoteSpec::claiming(id, counter, claim);
	spec.pcr_digest = log.pcrs().composite(PCRS);
	spec.clock.reset_count = reset_count;
	spec.marshal()
}

/// Submits a quote of `log`'s boot, with `log` claiming `FIRMWARE` if `with_log`.
fn submit(
	device: &TestDevice,
	id: DeviceId,
	log: &LogBuilder,
	reset_count: u32,
	counter: u32,
	with_log: bool,
) -> DispatchResultWithPostInfo {
	let claim = with_log.then_some(FIRMWARE);
	let quote = quote_of(id, log, reset_count, counter, claim);
	submit_signed_with_log(device, id, quote, counter, claim.map(|release| (release, log.bytes())))
}

fn boot_events() -> Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|record| match record.event {
			RuntimeEvent::FirmwareAttestation(event @ Event::BootVerified { .. }) => Some(event),
			RuntimeEvent::FirmwareAttestation(event @ Event::BootPolicyViolated { .. }) => {
				Some(event)
			}
			_ => None,
		})
		.collect()
}

fn matched(label: &str, index: u32, digest: [u8; 32]) -> MatchedComponent {
	MatchedComponent { name: name(label), index, digest }
}

// ---- event logs without a boot policy ----

#[test]
fn a_log_that_replays_to_the_quote_is_recorded() {
	run_test(|| {
		let log = standard_boot();
		let (device, id) = measured_boot(&log);
		assert_ok!(submit(&device, id, &log, 4, 1, true));
		assert_eq!(verdict_of(id), Verdict::Trusted);
		assert_eq!(
			VerifiedBoots::<Test>::get(id),
			Some(BootRecord {
				reset_count: 4,
				restart_count: 1,
				pcr_digest: log.pcrs().composite(PCRS),
				event_count: 9,
				secure_boot: Some(true),
				release: Some(FIRMWARE),
				components: Default::default(),
				violation: None,
				verified_at: 50,
			})
		);
		assert_eq!(
			boot_events(),
			vec![Event::BootVerified {
				device: id,
				event_count: 9,
				components: Default::default()
			}]
		);
		assert_eq!(Attestation::last_verified_boot(&id), VerifiedBoots::<Test>::get(id));
		// Without a policy the log is optional: a quote without one changes no boot record.
		System::reset_events();
		run_to_block(51);
		assert_ok!(submit(&device, id, &log, 5, 2, false));
		assert_eq!(verdict_of(id), Verdict::Trusted);
		assert_eq!(VerifiedBoots::<Test>::get(id).map(|b| b.reset_count), Some(4));
		assert_eq!(boot_events(), vec![]);
	});
}

#[test]
fn a_log_of_another_boot_is_refused() {
	run_test(|| {
		let log = standard_boot();
		let (device, id) = measured_boot(&log);
		// The quote is of the standard boot; the log shows another kernel, or one event more.
		let other = boot_log(true, &[SHIM, GRUB, ROOTKIT]);
		let mut longer = standard_boot();
		longer.extend(4, EV_APPLICATION, &ROOTKIT, b"");
		for forged in [other, longer] {
			let quote = quote_of(id, &log, 4, 1, Some(FIRMWARE));
			assert_noop!(
				submit_signed_with_log(&device, id, quote, 1, Some((FIRMWARE, forged.bytes()))),
				Error::<Test>::EventLogMismatch
			);
		}
		// Whoever sent the forged log spent nothing of the device's: the same quote still goes in.
		assert_ok!(submit(&device, id, &log, 4, 1, true));
	});
}

#[test]
fn malformed_logs_are_refused() {
	run_test(|| {
		let log = standard_boot();
		let (device, id) = measured_boot(&log);
		let quote = || quote_of(id, &log, 4, 1, Some(FIRMWARE));
		let refused = |error| Error::<Test>::EventLogRefused { error };
		let bytes = log.finish();
		let submit_log =
			|bytes: &[u8]| submit_signed_with_log(&device, id, quote(), 1, Some((FIRMWARE, bytes)));
		assert_noop!(submit_log(&bytes[..bytes.len() - 1]), refused(EventLogError::Truncated));
		assert_noop!(submit_log(&bytes[4..]), refused(EventLogError::NotCryptoAgile));
		let mut bad_pcr = LogBuilder::sha256();
		bad_pcr.measure(24, EV_SEPARATOR, &[0; 4]);
		assert_noop!(submit_log(bad_pcr.bytes()), refused(EventLogError::PcrOutOfRange));
	});
}

#[test]
fn a_boot_claims_a_measured_release_and_quotes_its_pcrs() {
	run_test(|| {
		let log = standard_boot();
		let (device, id) = measured_boot(&log);
		let claim = |release, spec: QuoteSpec| {
			submit_signed_with_log(&device, id, spec.marshal(), 1, Some((release, log.bytes())))
		};
		let spec = |release| {
			let mut spec = QuoteSpec::claiming(id, 1, Some(release));
			spec.pcr_digest = log.pcrs().composite(PCRS);
			spec
		};
		// An unpublished release, or a published one without a measurement.
		assert_noop!(claim(UNKNOWN_FIRMWARE, spec(UNKNOWN_FIRMWARE)), Error::<Test>::NotMeasured);
		publish(FIRMWARE_V2, 4);
		assert_noop!(claim(FIRMWARE_V2, spec(FIRMWARE_V2)), Error::<Test>::NotMeasured);
		// The quote selects other PCRs than the release's measurement.
		let mut other_pcrs = spec(FIRMWARE);
		other_pcrs.selection = sha256_selection(PCRS | (1 << 8));
		assert_noop!(claim(FIRMWARE, other_pcrs), Error::<Test>::PcrSelectionMismatch);
		// A release measured on two banks: its logs cannot be replayed.
		let two_banks = PcrSelection::truncate_from(vec![
			PcrBank { hash_alg: TPM_ALG_SHA256, pcrs: PCRS },
			PcrBank { hash_alg: 0x000c, pcrs: PCRS },
		]);
		assert_ok!(Attestation::set_release_measurement(
			RuntimeOrigin::signed(ACME),
			MODEL,
			FIRMWARE_V2,
			PcrPolicy { selection: two_banks.clone(), digest: OTHER_MEASURED }
		));
		let mut both_banks = spec(FIRMWARE_V2);
		both_banks.selection = two_banks;
		assert_noop!(claim(FIRMWARE_V2, both_banks), Error::<Test>::UnsupportedPcrBank);
		assert_noop!(
			Attestation::set_boot_policy(RuntimeOrigin::signed(ACME), MODEL, FIRMWARE_V2, policy()),
			Error::<Test>::UnsupportedPcrBank
		);
	});
}

#[test]
fn without_a_policy_the_claimed_releases_measurement_decides() {
	run_test(|| {
		let log = standard_boot();
		let (device, id) = measured_boot(&log);
		// Another boot (another kernel) claiming FIRMWARE: the log is the TPM's, but FIRMWARE has
		// no policy and its measurement is of the standard boot.
		let other = boot_log(true, &[SHIM, GRUB, KERNEL_NEXT]);
		assert_ok!(submit(&device, id, &other, 4, 1, true));
		assert_eq!(
			verdict_of(id),
			Verdict::Untrusted { reason: UntrustedReason::UnknownMeasurement }
		);
		let record = VerifiedBoots::<Test>::get(id).expect("the replayed boot is recorded");
		assert_eq!((record.release, record.violation), (None, None));
		assert_eq!(
			boot_events(),
			vec![Event::BootVerified {
				device: id,
				event_count: 9,
				components: Default::default()
			}]
		);
		// The same boot without the log is judged the same.
		run_to_block(51);
		assert_ok!(submit(&device, id, &other, 4, 2, false));
		assert_eq!(
			verdict_of(id),
			Verdict::Untrusted { reason: UntrustedReason::UnknownMeasurement }
		);
	});
}

// ---- boot policies ----

#[test]
fn set_boot_policy_holds_a_deposit_once_and_remove_releases_it() {
	run_test(|| {
		measured_boot(&standard_boot());
		let held = || {
			Balances::balance_on_hold(
				&RuntimeHoldReason::FirmwareAttestation(HoldReason::BootPolicyDeposit),
				&ACME,
			)
		};
		assert_ok!(set_policy(policy()));
		assert_eq!(
			last_event(),
			Event::BootPolicySet { manufacturer: ACME, model: MODEL, digest: FIRMWARE }.into()
		);
		assert_eq!(
			BootPolicies::<Test>::get((ACME, MODEL, FIRMWARE)),
			Some(BootPolicyRecord { policy: policy(), deposit: BOOT_POLICY_DEPOSIT })
		);
		assert_eq!(held(), BOOT_POLICY_DEPOSIT);
		// Replacing keeps the one deposit.
		let mut relaxed = policy();
		relaxed.require_secure_boot = false;
		assert_ok!(set_policy(relaxed.clone()));
		assert_eq!(Attestation::boot_policy(&ACME, MODEL, FIRMWARE), Some(relaxed));
		assert_eq!(held(), BOOT_POLICY_DEPOSIT);
		assert_ok!(Attestation::remove_boot_policy(RuntimeOrigin::signed(ACME), MODEL, FIRMWARE));
		assert_eq!(
			last_event(),
			Event::BootPolicyRemoved { manufacturer: ACME, model: MODEL, digest: FIRMWARE }.into()
		);
		assert_eq!(held(), 0);
		assert_eq!(BootPolicies::<Test>::get((ACME, MODEL, FIRMWARE)), None);
		assert_noop!(
			Attestation::remove_boot_policy(RuntimeOrigin::signed(ACME), MODEL, FIRMWARE),
			Error::<Test>::NoBootPolicy
		);
	});
}

#[test]
fn set_boot_policy_rejects_bad_policies_and_strangers() {
	run_test(|| {
		publish(FIRMWARE, 3);
		assert_noop!(set_policy(policy()), Error::<Test>::NotMeasured);
		assert_ok!(set_measurement(FIRMWARE, MEASURED));
		let refused = |error| Error::<Test>::BootPolicyRefused { error };
		let with = |change: fn(&mut BootComponent)| {
			let mut policy = policy();
			change(&mut policy.components[1]);
			policy
		};
		assert_noop!(set_policy(with(|c| c.digests.clear())), refused(BootPolicyError::NoDigests));
		assert_noop!(set_policy(with(|c| c.pcr = 24)), refused(BootPolicyError::PcrOutOfRange));
		assert_noop!(set_policy(with(|c| c.event_type = 3)), refused(BootPolicyError::NotMeasured));
		assert_noop!(
			set_policy(with(|c| c.name = name("shim"))),
			refused(BootPolicyError::DuplicateName)
		);
		// Only the model's manufacturer, while active, and able to pay.
		assert_noop!(
			Attestation::set_boot_policy(RuntimeOrigin::signed(RELAYER), MODEL, FIRMWARE, policy()),
			Error::<Test>::UnknownModel
		);
		assert_noop!(
			Attestation::remove_boot_policy(RuntimeOrigin::signed(RELAYER), MODEL, FIRMWARE),
			Error::<Test>::UnknownModel
		);
		// Only PCRs the release's quotes select can be verified (its measurement quotes 0, 4, 7).
		assert_noop!(set_policy(with(|c| c.pcr = 8)), refused(BootPolicyError::PcrNotQuoted));
		let mut secure_boot_unquoted = policy();
		secure_boot_unquoted.components.truncate(0);
		assert_ok!(set_measurement(FIRMWARE, MEASURED));
		let quotes_0_4 = PcrPolicy { selection: sha256_selection(0b1_0001), digest: MEASURED };
		assert_ok!(Attestation::set_release_measurement(
			RuntimeOrigin::signed(ACME),
			MODEL,
			FIRMWARE,
			quotes_0_4
		));
		assert_noop!(set_policy(secure_boot_unquoted), refused(BootPolicyError::PcrNotQuoted));
		assert_ok!(set_measurement(FIRMWARE, MEASURED));
		assert_ok!(Balances::transfer_all(RuntimeOrigin::signed(ACME), RELAYER, false));
		assert_noop!(set_policy(policy()), Error::<Test>::InsufficientBootPolicyBalance);
	});
}

#[test]
fn a_boot_meeting_its_policy_is_trusted_and_needs_one_log_per_boot() {
	run_test(|| {
		let log = standard_boot();
		let (device, id) = measured_boot(&log);
		assert_ok!(set_policy(policy()));
		// The first quote of a boot needs its log.
		assert_noop!(submit(&device, id, &log, 4, 1, false), Error::<Test>::EventLogRequired);
		assert_ok!(submit(&device, id, &log, 4, 1, true));
		assert_eq!(verdict_of(id), Verdict::Trusted);
		let components =
			vec![matched("shim", 3, SHIM), matched("grub", 4, GRUB), matched("kernel", 5, KERNEL)];
		assert_eq!(
			boot_events(),
			vec![Event::BootVerified {
				device: id,
				event_count: 9,
				components: BoundedVec::truncate_from(components.clone()),
			}]
		);
		let record = VerifiedBoots::<Test>::get(id).expect("recorded");
		assert_eq!((record.components.to_vec(), record.secure_boot), (components, Some(true)));
		// Later quotes of the same boot need none.
		run_to_block(51);
		assert_ok!(submit(&device, id, &log, 4, 2, false));
		assert_eq!(verdict_of(id), Verdict::Trusted);
		// A reboot (the TPM's reset counter grew) needs the new boot's log again.
		run_to_block(52);
		assert_noop!(submit(&device, id, &log, 5, 3, false), Error::<Test>::EventLogRequired);
		// The other allowed kernel meets the policy: the boot counts as FIRMWARE although its PCR
		// digest is not FIRMWARE's measurement.
		let next = boot_log(true, &[SHIM, GRUB, KERNEL_NEXT]);
		assert_ne!(next.pcrs().composite(PCRS), log.pcrs().composite(PCRS));
		assert_ok!(submit(&device, id, &next, 5, 3, true));
		assert_eq!(verdict_of(id), Verdict::Trusted);
		assert_eq!(Attestations::<Test>::get(id).map(|r| r.firmware_digest), Some(FIRMWARE));
		let record = VerifiedBoots::<Test>::get(id).expect("recorded");
		assert_eq!(record.components.last(), Some(&matched("kernel", 5, KERNEL_NEXT)));
		assert_eq!((record.reset_count, record.release), (5, Some(FIRMWARE)));
		// Its later quotes need no log either, though no measurement names their PCR digest.
		run_to_block(53);
		assert_ok!(submit(&device, id, &next, 5, 4, false));
		assert_eq!(verdict_of(id), Verdict::Trusted);
	});
}

/// Boots `apps` with Secure Boot `secure_boot` under `policy` and returns the violation recorded.
fn violation_of(policy: BootPolicy, secure_boot: bool, apps: &[[u8; 32]]) -> BootViolation {
	let log = boot_log(secure_boot, apps);
	let (device, id) = measured_boot(&log);
	assert_ok!(set_policy(policy));
	assert_ok!(submit(&device, id, &log, 4, 1, true));
	assert_eq!(verdict_of(id), Verdict::Untrusted { reason: UntrustedReason::BootPolicyViolation });
	let record = VerifiedBoots::<Test>::get(id).expect("the replayed boot is recorded");
	let violation = record.violation.expect("a violation");
	assert_eq!(boot_events(), vec![Event::BootPolicyViolated { device: id, violation }]);
	// The same boot stays in violation without a new log.
	run_to_block(51);
	assert_ok!(submit(&device, id, &log, 4, 2, false));
	assert_eq!(verdict_of(id), Verdict::Untrusted { reason: UntrustedReason::BootPolicyViolation });
	violation
}

#[test]
fn an_unknown_kernel_names_its_event_and_digest() {
	run_test(|| {
		assert_eq!(
			violation_of(policy(), true, &[SHIM, GRUB, ROOTKIT]),
			BootViolation::UnknownApplication { index: 5, digest: ROOTKIT }
		);
	});
}

#[test]
fn an_unexpected_firmware_version_names_its_event_and_digest() {
	run_test(|| {
		let mut with_firmware = policy();
		let approved = sp_io::hashing::sha2_256(b"EDK II 2.0");
		let firmware = BootComponent {
			name: name("firmware"),
			pcr: 0,
			event_type: EV_S_CRTM_VERSION,
			digests: BoundedVec::truncate_from(vec![approved]),
			required: true,
		};
		with_firmware.components.try_push(firmware).unwrap();
		let logged = sp_io::hashing::sha2_256(b"EDK II 1.0");
		assert_eq!(
			violation_of(with_firmware, true, &[SHIM, GRUB, KERNEL]),
			BootViolation::UnexpectedDigest {
				index: 1,
				pcr: 0,
				event_type: EV_S_CRTM_VERSION,
				digest: logged
			}
		);
	});
}

#[test]
fn unknown_applications_are_refused_unless_allowed() {
	run_test(|| {
		let mut shim_only = policy();
		shim_only.components.truncate(1);
		assert_eq!(
			violation_of(shim_only, true, &[SHIM, GRUB]),
			BootViolation::UnknownApplication { index: 4, digest: GRUB }
		);
	});
	run_test(|| {
		let mut shim_only = policy();
		shim_only.components.truncate(1);
		shim_only.allow_unknown_applications = true;
		let log = boot_log(true, &[SHIM, GRUB]);
		let (device, id) = measured_boot(&log);
		assert_ok!(set_policy(shim_only));
		assert_ok!(submit(&device, id, &log, 4, 1, true));
		assert_eq!(verdict_of(id), Verdict::Trusted);
		let components = VerifiedBoots::<Test>::get(id).map(|b| b.components.to_vec());
		assert_eq!(components, Some(vec![matched("shim", 3, SHIM)]));
	});
}

#[test]
fn a_missing_required_component_is_named() {
	run_test(|| {
		let mut optional_kernel = policy();
		optional_kernel.components[2].required = false;
		optional_kernel.components[1].digests.try_push(KERNEL).unwrap();
		// GRUB's slot also allows the kernel, so the kernel matches "grub"; "kernel" is optional
		// and "shim" is missing.
		assert_eq!(
			violation_of(optional_kernel, true, &[GRUB, KERNEL]),
			BootViolation::MissingComponent { component: 0 }
		);
	});
}

#[test]
fn secure_boot_off_or_unmeasured_breaks_a_policy_that_requires_it() {
	run_test(|| {
		assert_eq!(
			violation_of(policy(), false, &[SHIM, GRUB, KERNEL]),
			BootViolation::SecureBootOff { index: Some(2) }
		);
	});
	run_test(|| {
		let mut log = LogBuilder::sha256();
		for app in [SHIM, GRUB, KERNEL] {
			log.extend(4, EV_APPLICATION, &app, b"");
		}
		let (device, id) = measured_boot(&log);
		assert_ok!(set_policy(policy()));
		assert_ok!(submit(&device, id, &log, 4, 1, true));
		assert_eq!(
			VerifiedBoots::<Test>::get(id).and_then(|b| b.violation),
			Some(BootViolation::SecureBootOff { index: None })
		);
	});
}

#[test]
fn removing_the_device_forgets_its_boot() {
	run_test(|| {
		let log = standard_boot();
		let (device, id) = measured_boot(&log);
		assert_ok!(submit(&device, id, &log, 4, 1, true));
		assert!(VerifiedBoots::<Test>::contains_key(id));
		<Attestation as iot_primitives::OnDeviceRemoved>::on_device_removed(&id);
		assert!(!VerifiedBoots::<Test>::contains_key(id));
	});
}

#[test]
fn a_measurement_cannot_stop_quoting_its_boot_policys_pcrs() {
	run_test(|| {
		measured_boot(&standard_boot());
		assert_ok!(set_policy(policy()));
		let quotes_0_7 = PcrPolicy { selection: sha256_selection(0b1000_0001), digest: MEASURED };
		assert_noop!(
			Attestation::set_release_measurement(
				RuntimeOrigin::signed(ACME),
				MODEL,
				FIRMWARE,
				quotes_0_7
			),
			Error::<Test>::BootPolicyRefused { error: BootPolicyError::PcrNotQuoted }
		);
	});
}

#[test]
fn events_of_unquoted_pcrs_count_for_nothing() {
	run_test(|| {
		// An application logged into PCR 8, which the quote does not cover: the log still
		// replays to the quote (PCR 8 is not in it) and the policy does not see the event.
		let mut log = standard_boot();
		log.extend(8, EV_APPLICATION, &ROOTKIT, b"");
		let (device, id) = measured_boot(&log);
		assert_ok!(set_policy(policy()));
		assert_ok!(submit(&device, id, &log, 4, 1, true));
		assert_eq!(verdict_of(id), Verdict::Trusted);
		assert_eq!(VerifiedBoots::<Test>::get(id).map(|b| b.event_count), Some(10));
	});
}

#[test]
fn a_relayer_can_neither_change_nor_strip_the_claim() {
	run_test(|| {
		let log = standard_boot();
		let (device, id) = measured_boot(&log);
		publish(FIRMWARE_V2, 4);
		assert_ok!(set_measurement(FIRMWARE_V2, OTHER_MEASURED));
		let mut strict = policy();
		strict.components[2].digests = BoundedVec::truncate_from(vec![KERNEL_NEXT]);
		assert_ok!(Attestation::set_boot_policy(
			RuntimeOrigin::signed(ACME),
			MODEL,
			FIRMWARE_V2,
			strict
		));
		// The device's quote claims FIRMWARE; a relayer claiming FIRMWARE_V2 (whose policy the
		// boot breaks) or sending the quote without its log would need another nonce.
		let quote = quote_of(id, &log, 4, 1, Some(FIRMWARE));
		let signature = device.sign(&quote);
		let bounded = || QuoteBytes::try_from(quote.clone()).expect("bounded");
		let relay = |boot: Option<BootEvidence>| {
			Attestation::submit_tpm_quote(
				RuntimeOrigin::signed(RELAYER),
				id,
				bounded(),
				signature,
				49,
				block_hash(49),
				1,
				boot,
			)
		};
		let evidence = |release| BootEvidence {
			release,
			event_log: EventLogBytes::try_from(log.finish()).expect("bounded"),
		};
		assert_noop!(relay(Some(evidence(FIRMWARE_V2))), Error::<Test>::NonceMismatch);
		assert_noop!(relay(None), Error::<Test>::NonceMismatch);
		assert_ok!(relay(Some(evidence(FIRMWARE))));
		assert_eq!(verdict_of(id), Verdict::Trusted);
	});
}
