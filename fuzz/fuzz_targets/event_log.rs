//! Boot event logs: parsing arbitrary bytes never panics; a log that parses iterates over exactly
//! its counted events, replays its SHA-256 bank when it has one, and one trailing byte more is
//! refused.
#![no_main]

use iot_event_log::{parse, EventLogError, TPM_ALG_SHA256};
use libfuzzer_sys::fuzz_target;

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
	let mut trailing = data.to_vec();
	trailing.push(0);
	assert!(parse(&trailing).is_err(), "a log with a trailing byte parsed");
});
