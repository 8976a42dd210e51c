//! The device SDK's streaming Merkle tree (iot-device-sdk): arbitrary readings never panic it, and
//! its root and the tracked reading's proof are the runtime's (`iot_primitives::merkle`), which
//! verifies them; a reading over 64 KiB is refused and leaves the tree as it was.
//!
//! Input: a 2-byte big-endian index of the reading to track, then readings, each a 1-byte length
//! and its bytes.
#![no_main]

use iot_device_sdk::{Error, MerkleRoot};
use iot_primitives::merkle;
use libfuzzer_sys::fuzz_target;
use sp_core::H256;

fuzz_target!(|data: &[u8]| {
	let Some((index, mut rest)) = data.split_first_chunk::<2>() else { return };
	let index = u32::from(u16::from_be_bytes(*index));
	let mut readings = Vec::new();
	while let Some((len, tail)) = rest.split_first() {
		let len = usize::from(*len).min(tail.len());
		readings.push(&tail[..len]);
		rest = &tail[len..];
	}
	let mut tree = MerkleRoot::tracking(index);
	for reading in &readings {
		assert_eq!(tree.push(reading), Ok(()));
	}
	let oversized = vec![0u8; iot_device_sdk::MAX_LEAF_LEN + 1];
	assert_eq!(tree.push(&oversized), Err(Error::ReadingTooLong));
	assert_eq!(tree.leaf_count() as usize, readings.len());
	match tree.finish() {
		// Checked first: also an empty tree's answer (index 0 is not below 0 readings).
		Err(Error::IndexOutOfRange) => assert!(index as usize >= readings.len()),
		Err(other) => panic!("unexpected {other:?}"),
		Ok(batch) => {
			let root = merkle::root(readings.iter());
			assert_eq!(H256(batch.root), root);
			let proof: Vec<H256> = batch.proof.siblings().iter().map(|s| H256(*s)).collect();
			assert_eq!(proof, merkle::proof(readings.iter(), index));
			let leaf = readings[index as usize];
			assert!(merkle::verify(&root, &proof, batch.leaf_count, index, leaf));
		}
	}
});
