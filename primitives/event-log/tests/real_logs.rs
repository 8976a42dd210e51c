//! Real machines' event logs (tests/fixtures, see its README): they parse, and replaying them
//! gives the PCR values their machines' TPMs reported.

use iot_event_log::{
	event_type::*, parse, Algorithm, EventLogError, TPM_ALG_SHA1, TPM_ALG_SHA256, TPM_ALG_SHA384,
};
use sha1::{Digest, Sha1};

fn fixture(name: &str) -> Vec<u8> {
	let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
	std::fs::read(&path).unwrap_or_else(|error| panic!("{path}: {error}"))
}

/// PCR 10 is the Linux kernel's (IMA): its measurements are in the kernel's own list, not in the
/// firmware's event log, so no firmware log replays it.
const IMA_PCR: usize = 10;

/// The published PCR values of `sb_cert_eventlog`'s machine, bank `bank`, but PCR 10's.
fn published_pcrs(bank: &str) -> Vec<(usize, Vec<u8>)> {
	let json: serde_json::Value =
		serde_json::from_slice(&fixture("sb_cert_eventlog.pcrs.json")).unwrap();
	let values = json[bank].as_array().unwrap().iter();
	let values: Vec<_> =
		values.map(|v| hex::decode(v.as_str().unwrap()).unwrap()).enumerate().collect();
	assert_eq!(values.len(), 24);
	values.into_iter().filter(|(index, _)| *index != IMA_PCR).collect()
}

fn extend_sha1(value: &[u8; 20], digest: &[u8; 20]) -> [u8; 20] {
	let mut hasher = Sha1::new();
	hasher.update(value);
	hasher.update(digest);
	hasher.finalize().into()
}

#[test]
fn sb_cert_log_replays_to_its_machines_sha256_pcrs() {
	let bytes = fixture("sb_cert_eventlog.bin");
	let log = parse(&bytes).unwrap();
	assert_eq!(
		log.algorithms(),
		&[
			Algorithm { id: TPM_ALG_SHA1, digest_len: 20 },
			Algorithm { id: TPM_ALG_SHA256, digest_len: 32 },
			Algorithm { id: TPM_ALG_SHA384, digest_len: 48 },
		]
	);
	let replayed = log.replay_sha256().unwrap();
	for (index, published) in published_pcrs("sha256") {
		assert_eq!(replayed.value(index).unwrap().as_slice(), published, "SHA-256 PCR {index}");
	}
	// The machine's PCR 0 (S-CRTM version), 4 (three boot applications), 5 (GPT) and 7 (Secure
	// Boot variables and authorities) are what the log made them.
	assert_ne!(replayed.value(7), Some(&[0; 32]));
}

#[test]
fn sb_cert_log_replays_to_its_machines_sha1_pcrs() {
	let bytes = fixture("sb_cert_eventlog.bin");
	let replayed = parse(&bytes).unwrap().replay::<20>(TPM_ALG_SHA1, extend_sha1).unwrap();
	for (index, published) in published_pcrs("sha1") {
		assert_eq!(replayed.value(index).unwrap().as_slice(), published, "SHA-1 PCR {index}");
	}
}

#[test]
fn sb_cert_log_names_its_boot_components() {
	let bytes = fixture("sb_cert_eventlog.bin");
	let log = parse(&bytes).unwrap();
	let events: Vec<_> = log.events().collect();
	assert_eq!(events.len() as u32, log.event_count());
	assert!(events.iter().enumerate().all(|(i, event)| event.index == i as u32));
	let count = |pcr: u32, kind: u32| {
		events.iter().filter(|e| e.pcr == pcr && e.event_type == kind).count()
	};
	assert_eq!(events.len(), 14);
	assert_eq!(count(0, EV_S_CRTM_VERSION), 1);
	assert_eq!(count(4, EV_EFI_BOOT_SERVICES_APPLICATION), 3);
	assert_eq!(count(7, EV_EFI_VARIABLE_DRIVER_CONFIG), 5);
	assert_eq!(count(7, EV_EFI_VARIABLE_AUTHORITY), 3);
	assert_eq!(count(7, EV_SEPARATOR), 1);
	// Every event carries a digest of each of the header's banks.
	for event in &events {
		assert_eq!(event.digest(TPM_ALG_SHA1).map(<[u8]>::len), Some(20));
		assert_eq!(event.digest(TPM_ALG_SHA256).map(<[u8]>::len), Some(32));
		assert_eq!(event.digest(TPM_ALG_SHA384).map(<[u8]>::len), Some(48));
		assert_eq!(event.digest(0x0012), None);
	}
}

#[test]
fn shielded_vm_logs_parse_and_replay() {
	for (name, startup_locality) in [
		("crypto_agile_eventlog.bin", 0),
		("ubuntu_2104_shielded_vm_no_secure_boot_eventlog.bin", 0),
		("coreos_36_shielded_vm_no_secure_boot_eventlog.bin", 0),
	] {
		let bytes = fixture(name);
		let log = parse(&bytes).unwrap_or_else(|error| panic!("{name}: {error:?}"));
		assert_eq!(log.startup_locality(), startup_locality, "{name}");
		assert!(log.event_count() > 20, "{name}: {} events", log.event_count());
		let replayed = log.replay_sha256().unwrap();
		assert_ne!(replayed.value(4), Some(&[0; 32]), "{name}: PCR 4 was extended");
		assert_eq!(replayed.value(17), Some(&[0xff; 32]), "{name}: dynamic PCRs stay at reset");
		let mut separators: Vec<u32> =
			log.events().filter(|e| e.event_type == EV_SEPARATOR).map(|e| e.pcr).collect();
		separators.sort();
		assert_eq!(separators, [0, 1, 2, 3, 4, 5, 6, 7], "{name}: one separator per PCR 0-7");
		// The log ends where its last event ends: one byte more is a truncated event.
		let mut longer = bytes.clone();
		longer.push(0);
		assert_eq!(parse(&longer), Err(EventLogError::Truncated), "{name}");
		assert_eq!(parse(&bytes[..bytes.len() - 1]), Err(EventLogError::Truncated), "{name}");
	}
}

#[test]
fn a_sha1_only_log_is_not_crypto_agile() {
	// A TPM 1.2-style log: its first event is `StartupLocality`, not `Spec ID Event03`.
	assert_eq!(parse(&fixture("short_no_action_eventlog.bin")), Err(EventLogError::NotCryptoAgile));
}

#[test]
fn secure_boot_state_is_read_from_pcr_7() {
	let state = |name: &str| parse(&fixture(name)).unwrap().secure_boot().map(|(_, on)| on);
	assert_eq!(state("sb_cert_eventlog.bin"), Some(true));
	assert_eq!(state("ubuntu_2104_shielded_vm_no_secure_boot_eventlog.bin"), Some(false));
	assert_eq!(state("coreos_36_shielded_vm_no_secure_boot_eventlog.bin"), Some(false));
}
