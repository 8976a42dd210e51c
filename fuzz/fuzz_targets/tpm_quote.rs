//! TPM 2.0 quotes: parsing arbitrary bytes never panics; whatever parses marshals back into bytes
//! that parse to the same quote, and no byte may trail a quote.
#![no_main]

use iot_primitives::tpm::{marshal_quote, parse_quote, MAX_QUOTE_LEN};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
	let Ok(quote) = parse_quote(data) else { return };
	assert!(data.len() <= MAX_QUOTE_LEN as usize, "a quote longer than MAX_QUOTE_LEN parsed");
	let again = marshal_quote(&quote);
	assert_eq!(parse_quote(&again).as_ref(), Ok(&quote), "a marshalled quote parsed differently");
	let mut trailing = data.to_vec();
	trailing.push(0);
	assert!(parse_quote(&trailing).is_err(), "a quote with a trailing byte parsed");
});
