//! Decoding `DeviceKey`, `DeviceSignature` and `Evidence` from arbitrary bytes never panics, and
//! whatever decodes re-encodes to exactly the bytes it was decoded from.
#![no_main]

use codec::{Decode, Encode};
use iot_primitives::{DeviceKey, DeviceSignature, Evidence};
use libfuzzer_sys::fuzz_target;

fn round_trip<T: Decode + Encode>(data: &[u8]) {
	let mut input = data;
	if let Ok(value) = T::decode(&mut input) {
		let consumed = data.len() - input.len();
		assert_eq!(value.encode(), data[..consumed], "re-encoding differs from the input");
	}
}

fuzz_target!(|data: &[u8]| {
	round_trip::<DeviceKey>(data);
	round_trip::<DeviceSignature>(data);
	round_trip::<Evidence<u32>>(data);
});
