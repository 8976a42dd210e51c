//! Boot event logs: parsing arbitrary bytes never panics; a log that parses iterates over exactly
//! its counted events, replays its SHA-256 bank when it has one, and one trailing byte more is
//! refused; judging it by a boot policy never panics and names only real events and components.
#![no_main]

use iot_event_log::{parse, EventLogError, TPM_ALG_SHA256};
use iot_primitives::boot::{check_boot_policy, BootComponent, BootPolicy, BootViolation};
use libfuzzer_sys::fuzz_target;

/// A policy over PCR 4's boot applications and PCR 0's firmware version, Secure Boot required.
fn policy() -> BootPolicy {
	let component = |name: &[u8], pcr, event_type, digest: u8| BootComponent {
		name: name.to_vec().try_into().expect("short"),
		pcr,
		event_type,
		digests: vec![[digest; 32]].try_into().expect("one digest"),
		required: true,
	};
	BootPolicy {
		components: vec![
			component(b"loader", 4, 0x8000_0003, 0x44),
			component(b"firmware", 0, 0x0000_0008, 0x08),
		]
		.try_into()
		.expect("two components"),
		allow_unknown_applications: false,
		require_secure_boot: true,
	}
}

fuzz_target!(|data: &[u8]| {
	let Ok(log) = parse(data) else { return };
	assert_eq!(log.events().count() as u32, log.event_count(), "iteration lost events");
	for (index, event) in log.events().enumerate() {
		assert_eq!(event.index as usize, index);
		assert!(event.pcr < 24);
	}
	let has_sha256 = log.algorithms().iter().any(|a| a.id == TPM_ALG_SHA256 && a.digest_len == 32);
	match log.replay_sha256() {
		Ok(_) => assert!(has_sha256),
		Err(error) => assert!(!has_sha256 && error == EventLogError::MissingBank),
	}
	let policy = policy();
	match check_boot_policy(&log, &policy, u32::MAX) {
		Ok(matched) => assert!(matched.len() <= policy.components.len()),
		Err(
			BootViolation::UnexpectedDigest { index, .. }
			| BootViolation::UnknownApplication { index, .. }
			| BootViolation::SecureBootOff { index: Some(index) },
		) => assert!(index < log.event_count(), "a violation names an event the log does not have"),
		Err(BootViolation::MissingComponent { component }) => {
			assert!(usize::from(component) < policy.components.len())
		}
		Err(BootViolation::SecureBootOff { index: None }) => {}
	}
	let mut trailing = data.to_vec();
	trailing.push(0);
	assert!(parse(&trailing).is_err(), "a log with a trailing byte parsed");
});
