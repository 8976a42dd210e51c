//! Device-signature verification with arbitrary keys, signatures and messages never panics, a
//! key of one scheme never accepts a signature of another, and the answer is deterministic; the
//! weak-key check (`check_strength`) never panics either, and is deterministic too.
#![no_main]

use codec::Decode;
use iot_primitives::{DeviceKey, DeviceSignature, SignatureError};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
	let mut input = data;
	let (Ok(key), Ok(signature)) =
		(DeviceKey::decode(&mut input), DeviceSignature::decode(&mut input))
	else {
		return;
	};
	let message = input;
	let verdict = key.verify(message, &signature);
	if key.scheme() != signature.scheme() {
		assert_eq!(verdict, Err(SignatureError::SchemeMismatch));
	}
	assert_eq!(verdict, key.verify(message, &signature), "verification is not deterministic");
	assert_eq!(key.check_strength(), key.check_strength(), "the key check is not deterministic");
});
