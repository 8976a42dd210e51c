//! Logs the test writes: replay follows the TCG rules, and every malformed log is refused with
//! its own error.

use iot_event_log::{
	builder::LogBuilder, event_type::*, extend_sha256, parse, Algorithm, EfiVariable,
	EventLogError, PcrValues, EFI_GLOBAL_VARIABLE, MAX_EVENT_LOG_LEN, TPM_ALG_SHA1, TPM_ALG_SHA256,
	TPM_ALG_SHA384,
};
use sha2::{Digest, Sha256};

const SHA1: Algorithm = Algorithm { id: TPM_ALG_SHA1, digest_len: 20 };
const SHA256: Algorithm = Algorithm { id: TPM_ALG_SHA256, digest_len: 32 };
const SHA384: Algorithm = Algorithm { id: TPM_ALG_SHA384, digest_len: 48 };

/// The length of a SHA-256-only log's header (`TCG_PCR_EVENT` with `Spec ID Event03`).
const HEADER_LEN: usize = 32 + 16 + 8 + 4 + 4 + 1;

fn boot() -> LogBuilder {
	let mut log = LogBuilder::sha256();
	log.startup_locality(3)
		.measure(0, EV_S_CRTM_VERSION, b"firmware 1.2")
		.measure(7, EV_EFI_VARIABLE_DRIVER_CONFIG, b"SecureBoot=1")
		.extend(4, EV_EFI_BOOT_SERVICES_APPLICATION, &[0x44; 32], b"shimx64.efi")
		.no_action(b"SP800-155 Event\0")
		.measure(4, EV_SEPARATOR, &[0; 4]);
	log
}

#[test]
fn replay_follows_the_tcg_rules() {
	let log = boot();
	let bytes = log.finish();
	let parsed = parse(&bytes).unwrap();
	assert_eq!(parsed.startup_locality(), 3);
	assert_eq!(parsed.event_count(), 6);
	let pcrs = parsed.replay_sha256().unwrap();
	assert_eq!(&pcrs, log.pcrs());
	// PCR 0 started at locality 3: 0…03, then the S-CRTM version.
	let mut reset = [0u8; 32];
	reset[31] = 3;
	let crtm: [u8; 32] = Sha256::digest(b"firmware 1.2").into();
	assert_eq!(pcrs.value(0), Some(&extend_sha256(&reset, &crtm)));
	// PCR 4: the application's logged digest (not a hash of its data), then the separator.
	let separator: [u8; 32] = Sha256::digest([0u8; 4]).into();
	assert_eq!(
		pcrs.value(4),
		Some(&extend_sha256(&extend_sha256(&[0; 32], &[0x44; 32]), &separator))
	);
	// The EV_NO_ACTION event extended nothing; untouched PCRs keep their reset values.
	for index in [1, 2, 3, 5, 6, 8, 16, 23] {
		assert_eq!(pcrs.value(index), Some(&[0; 32]), "PCR {index}");
	}
	for index in 17..=22 {
		assert_eq!(pcrs.value(index), Some(&[0xff; 32]), "PCR {index}");
	}
	assert_eq!(pcrs.value(24), None);
	let kinds: Vec<_> = parsed.events().map(|e| (e.index, e.pcr, e.event_type)).collect();
	assert_eq!(
		kinds,
		[
			(0, 0, EV_NO_ACTION),
			(1, 0, EV_S_CRTM_VERSION),
			(2, 7, EV_EFI_VARIABLE_DRIVER_CONFIG),
			(3, 4, EV_EFI_BOOT_SERVICES_APPLICATION),
			(4, 0, EV_NO_ACTION),
			(5, 4, EV_SEPARATOR),
		]
	);
	assert_eq!(parsed.events().nth(3).unwrap().data, b"shimx64.efi");
}

#[test]
fn composite_is_sha256_of_the_selected_pcrs_in_order() {
	let pcrs = boot().pcrs().to_owned();
	let selection = (1 << 0) | (1 << 4) | (1 << 7);
	let mut concatenated = Vec::new();
	for index in [0, 4, 7] {
		concatenated.extend_from_slice(pcrs.value(index).unwrap());
	}
	let expected: [u8; 32] = Sha256::digest(&concatenated).into();
	assert_eq!(pcrs.composite(selection), expected);
	assert_ne!(pcrs.composite(selection | (1 << 8)), expected);
	assert_eq!(PcrValues::<32>::reset(0).composite(0), <[u8; 32]>::from(Sha256::digest([])));
}

#[test]
fn other_banks_are_skipped_by_their_declared_sizes() {
	let mut log = LogBuilder::with_algorithms(&[SHA1, SHA256, SHA384]);
	log.measure(0, EV_POST_CODE, b"pei").measure(4, EV_EFI_BOOT_SERVICES_APPLICATION, b"grub");
	let bytes = log.finish();
	let parsed = parse(&bytes).unwrap();
	assert_eq!(parsed.algorithms(), &[SHA1, SHA256, SHA384]);
	assert_eq!(&parsed.replay_sha256().unwrap(), log.pcrs());
	let event = parsed.events().nth(1).unwrap();
	assert_eq!(event.digest(TPM_ALG_SHA1), Some(&[0xab; 20][..]));
	assert_eq!(event.digest(TPM_ALG_SHA384), Some(&[0xab; 48][..]));
	// A bank the log does not carry, or carries at another size, cannot be replayed.
	let sha256_only = LogBuilder::sha256().finish();
	let parsed_sha256 = parse(&sha256_only).unwrap();
	assert_eq!(
		parsed_sha256.replay::<20>(TPM_ALG_SHA1, |_, d| *d),
		Err(EventLogError::MissingBank)
	);
	assert_eq!(parsed.replay::<20>(TPM_ALG_SHA256, |_, d| *d), Err(EventLogError::MissingBank));
}

#[test]
fn an_empty_log_replays_to_reset_values() {
	let bytes = LogBuilder::sha256().finish();
	assert_eq!(bytes.len(), HEADER_LEN);
	let parsed = parse(&bytes).unwrap();
	assert_eq!(parsed.event_count(), 0);
	assert_eq!(parsed.replay_sha256().unwrap(), PcrValues::reset(0));
}

/// The byte offset of event `n`'s fields in a log of `boot()`-style events written by `log`.
fn offset_of_event(bytes: &[u8], n: usize) -> usize {
	let parsed = parse(bytes).unwrap();
	let mut offset = HEADER_LEN;
	for event in parsed.events().take(n) {
		offset += 12 + 2 + 32 + 4 + event.data.len();
	}
	offset
}

fn set_u32(bytes: &mut [u8], at: usize, value: u32) {
	bytes[at..at + 4].copy_from_slice(&value.to_le_bytes());
}

#[test]
fn logs_longer_than_64_kib_are_refused() {
	let mut log = LogBuilder::sha256();
	let mut within = 0;
	while log.bytes().len() <= MAX_EVENT_LOG_LEN {
		within = log.bytes().len();
		log.measure(8, EV_IPL, &[0x5a; 1000]);
	}
	let bytes = log.finish();
	assert_eq!(parse(&bytes), Err(EventLogError::TooLong));
	assert_eq!(parse(&bytes[..within]).unwrap().event_count(), 62);
}

#[test]
fn non_agile_headers_are_refused() {
	let good = boot().finish();
	for (at, value) in [(0, 1), (4, EV_POST_CODE)] {
		let mut bytes = good.clone();
		set_u32(&mut bytes, at, value);
		assert_eq!(parse(&bytes), Err(EventLogError::NotCryptoAgile), "field at {at}");
	}
	let mut bytes = good.clone();
	bytes[32 + 13] = b'2'; // "Spec ID Event02": a TPM 1.2 log's header
	assert_eq!(parse(&bytes), Err(EventLogError::NotCryptoAgile));
	assert_eq!(parse(&good[..20]), Err(EventLogError::NotCryptoAgile));
	assert_eq!(parse(&[]), Err(EventLogError::NotCryptoAgile));
}

#[test]
fn bad_algorithm_lists_are_refused() {
	for algorithms in [
		&[][..],
		&[SHA256, SHA256],
		&[SHA256, Algorithm { id: 0x0012, digest_len: 0 }],
		&[SHA256, Algorithm { id: 0x0012, digest_len: 65 }],
		&[
			SHA1,
			SHA256,
			SHA384,
			Algorithm { id: 0x0d, digest_len: 64 },
			SHA1,
			SHA1,
			SHA1,
			SHA1,
			SHA1,
		],
	] {
		let bytes = LogBuilder::with_algorithms(algorithms).finish();
		assert_eq!(parse(&bytes), Err(EventLogError::BadAlgorithms), "{algorithms:?}");
	}
}

#[test]
fn truncated_structures_are_refused() {
	let good = boot().finish();
	// Every proper prefix that cuts an event is truncated (cuts in the header: not agile).
	for len in HEADER_LEN..good.len() {
		let parsed = parse(&good[..len]);
		let boundary = (0..=6).any(|n| offset_of_event(&good, n) == len);
		assert_eq!(parsed.is_ok(), boundary, "prefix of {len} bytes");
		if !boundary {
			assert_eq!(parsed, Err(EventLogError::Truncated), "prefix of {len} bytes");
		}
	}
	// The header's data declared one byte longer than the Spec ID structure.
	let mut bytes = good.clone();
	set_u32(&mut bytes, 28, 34);
	bytes.insert(32 + 33, 0);
	assert_eq!(parse(&bytes), Err(EventLogError::Truncated));
	// An event size beyond the log.
	let mut bytes = good.clone();
	let last = offset_of_event(&good, 5);
	set_u32(&mut bytes, last + 12 + 34, u32::MAX);
	assert_eq!(parse(&bytes), Err(EventLogError::Truncated));
}

#[test]
fn digest_lists_must_match_the_header() {
	let good = boot().finish();
	let first = offset_of_event(&good, 1);
	let mut bytes = good.clone();
	set_u32(&mut bytes, first + 8, 2); // two digests where the header lists one bank
	assert_eq!(parse(&bytes), Err(EventLogError::BadDigestList));
	let mut bytes = good.clone();
	bytes[first + 12..first + 14].copy_from_slice(&TPM_ALG_SHA1.to_le_bytes());
	assert_eq!(parse(&bytes), Err(EventLogError::BadDigestList));
	// Two banks, one digest given twice.
	let mut log = LogBuilder::with_algorithms(&[SHA256, SHA384]);
	log.measure(4, EV_IPL, b"x");
	let mut bytes = log.finish();
	let event = bytes.len() - (12 + 2 + 32 + 2 + 48 + 4 + 1);
	bytes[event + 12 + 34..event + 12 + 36].copy_from_slice(&TPM_ALG_SHA256.to_le_bytes());
	assert_eq!(parse(&bytes), Err(EventLogError::BadDigestList));
}

#[test]
fn pcrs_above_23_are_refused() {
	let mut log = LogBuilder::sha256();
	log.measure(24, EV_IPL, b"x");
	assert_eq!(parse(&log.finish()), Err(EventLogError::PcrOutOfRange));
	let mut log = LogBuilder::sha256();
	log.measure(23, EV_IPL, b"x");
	assert!(parse(&log.finish()).is_ok());
}

#[test]
fn startup_locality_is_checked() {
	for locality in [0, 3, 4] {
		let mut log = LogBuilder::sha256();
		log.startup_locality(locality).measure(0, EV_POST_CODE, b"x");
		let bytes = log.finish();
		let parsed = parse(&bytes).unwrap();
		assert_eq!(parsed.startup_locality(), locality);
		assert_eq!(&parsed.replay_sha256().unwrap(), log.pcrs());
	}
	let refused = |log: &LogBuilder| parse(log.bytes()).err();
	let bad = Some(EventLogError::BadStartupLocality);
	let mut log = LogBuilder::sha256();
	assert_eq!(refused(log.startup_locality(2)), bad, "locality 2");
	let mut log = LogBuilder::sha256();
	assert_eq!(refused(log.startup_locality(3).startup_locality(3)), bad, "twice");
	let mut log = LogBuilder::sha256();
	assert_eq!(refused(log.measure(0, EV_POST_CODE, b"x").startup_locality(3)), bad, "late");
	let mut log = LogBuilder::sha256();
	assert_eq!(refused(log.no_action(b"StartupLocality\0\x03\x00")), bad, "18 bytes");
	// Measurements of other PCRs before it are fine.
	let mut log = LogBuilder::sha256();
	assert_eq!(refused(log.measure(7, EV_POST_CODE, b"x").startup_locality(3)), None);
	// On another PCR.
	let mut log = LogBuilder::sha256();
	log.startup_locality(3);
	let mut bytes = log.finish();
	set_u32(&mut bytes, HEADER_LEN, 1);
	assert_eq!(parse(&bytes), Err(EventLogError::BadStartupLocality));
}

#[test]
fn secure_boot_is_the_last_secure_boot_variable_of_pcr_7() {
	let state = |log: &LogBuilder| parse(log.bytes()).unwrap().secure_boot();
	let mut log = LogBuilder::sha256();
	assert_eq!(state(&log), None);
	log.secure_boot(true);
	assert_eq!(state(&log), Some((0, true)));
	log.secure_boot(false);
	assert_eq!(state(&log), Some((1, false)));
	// Another variable, another vendor, another PCR or a malformed variable does not count.
	let mut log = LogBuilder::sha256();
	log.efi_variable(7, EV_EFI_VARIABLE_DRIVER_CONFIG, EFI_GLOBAL_VARIABLE, "PK", &[1])
		.efi_variable(7, EV_EFI_VARIABLE_DRIVER_CONFIG, [0; 16], "SecureBoot", &[1])
		.efi_variable(1, EV_EFI_VARIABLE_DRIVER_CONFIG, EFI_GLOBAL_VARIABLE, "SecureBoot", &[1])
		.measure(7, EV_EFI_VARIABLE_DRIVER_CONFIG, b"short");
	assert_eq!(state(&log), None);
	// A value of 2 is not "on".
	let mut log = LogBuilder::sha256();
	log.efi_variable(7, EV_EFI_VARIABLE_DRIVER_CONFIG, EFI_GLOBAL_VARIABLE, "SecureBoot", &[2]);
	assert_eq!(state(&log), Some((0, false)));
}

#[test]
fn efi_variables_must_account_for_every_byte() {
	let mut data = EFI_GLOBAL_VARIABLE.to_vec();
	data.extend_from_slice(&2u64.to_le_bytes());
	data.extend_from_slice(&1u64.to_le_bytes());
	data.extend_from_slice(b"P\0K\0");
	data.push(1);
	let variable = EfiVariable::parse(&data).unwrap();
	assert_eq!((variable.name, variable.value), (&b"P\0K\0"[..], &[1][..]));
	assert!(!variable.is_secure_boot());
	data.push(0);
	assert_eq!(EfiVariable::parse(&data), None);
	assert_eq!(EfiVariable::parse(&data[..20]), None);
	let mut huge = EFI_GLOBAL_VARIABLE.to_vec();
	huge.extend_from_slice(&u64::MAX.to_le_bytes());
	huge.extend_from_slice(&0u64.to_le_bytes());
	assert_eq!(EfiVariable::parse(&huge), None);
}
