//! Decoding a call of each iot pallet (`DeviceRegistry` 8, `FirmwareAttestation` 9,
//! `DataAnchoring` 10) from arbitrary bytes, as the runtime decodes extrinsics, never panics, and a
//! decoded call re-encodes to the bytes it came from.
#![no_main]

use codec::{Decode, DecodeLimit, Encode};
use iot_runtime::RuntimeCall;
use libfuzzer_sys::fuzz_target;

/// The nesting limit the runtime applies to extrinsics (`frame_support::MAX_EXTRINSIC_DEPTH`).
const MAX_DEPTH: u32 = 256;

fuzz_target!(|data: &[u8]| {
	let Some((&selector, rest)) = data.split_first() else { return };
	let mut bytes = Vec::with_capacity(data.len());
	bytes.push(8 + selector % 3);
	bytes.extend_from_slice(rest);
	let mut input = &bytes[..];
	if let Ok(call) = RuntimeCall::decode_with_depth_limit(MAX_DEPTH, &mut input) {
		let consumed = bytes.len() - input.len();
		assert_eq!(call.encode(), bytes[..consumed], "re-encoding differs from the input");
		let _ = RuntimeCall::decode(&mut &bytes[..consumed]).expect("decodes again");
	}
});
