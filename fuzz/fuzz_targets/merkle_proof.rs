//! Merkle proofs: for arbitrary leaves, the proof of the chosen leaf verifies against the root
//! and fails for a changed leaf or (when all leaves differ) for another index; verifying
//! arbitrary proofs never panics.
#![no_main]

use iot_primitives::merkle;
use libfuzzer_sys::fuzz_target;
use sp_core::H256;
use std::collections::BTreeSet;

fuzz_target!(|data: &[u8]| {
	let Some((&control, rest)) = data.split_first() else { return };
	// Leaves: the rest of the input, cut at 0xff bytes (so leaves vary in length and number).
	let leaves: Vec<&[u8]> = rest.split(|&byte| byte == 0xff).collect();
	let count = leaves.len() as u32;
	let root = merkle::root(leaves.iter());
	let index = u32::from(control) % count;
	let leaf = leaves[index as usize];
	let proof = merkle::proof(leaves.iter(), index);
	assert!(merkle::verify(&root, &proof, count, index, leaf), "a true proof was refused");

	let mut changed = leaf.to_vec();
	changed.push(control);
	assert!(!merkle::verify(&root, &proof, count, index, &changed), "a changed leaf was accepted");
	let distinct = leaves.iter().collect::<BTreeSet<_>>().len() == leaves.len();
	if count > 1 && distinct {
		let other = (index + 1) % count;
		assert!(!merkle::verify(&root, &proof, count, other, leaf), "another index was accepted");
	}

	// Arbitrary proofs built from the input: no panic, whatever the index and count.
	let junk: Vec<H256> = rest
		.chunks(32)
		.map(|chunk| {
			let mut hash = [0u8; 32];
			hash[..chunk.len()].copy_from_slice(chunk);
			H256(hash)
		})
		.collect();
	let _ = merkle::verify(&root, &junk, u32::from(control), u32::from(control) * 7, leaf);
	let _ = merkle::verify(&root, &junk, count, u32::MAX, leaf);
});
