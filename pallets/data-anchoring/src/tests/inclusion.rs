//! Inclusion proofs: the first, middle and last readings of odd and even trees, the one-leaf tree,
//! and tampered leaves, proofs and indices.

use super::*;

#[test]
fn inclusion_proofs_of_first_middle_and_last_leaves_of_odd_and_even_trees() {
	run_test(|| {
		for (seed, n) in [(10u8, 1usize), (11, 2), (12, 7), (13, 8), (14, 1000)] {
			let leaves = readings(n);
			let (id, root) = anchor_tree(seed, &leaves);
			for index in [0, n / 2, n - 1] {
				let proof = merkle::proof(&leaves, index as u32);
				let anchor =
					Anchoring::verify_inclusion(&id, &root, &leaves[index], &proof, index as u32)
						.unwrap_or_else(|e| panic!("leaf {index} of {n}: {e:?}"));
				assert_eq!(anchor.root, root);
				assert_eq!(anchor.leaf_count, n as u32);
			}
		}
	});
}

#[test]
fn one_leaf_tree_root_is_the_leaf_hash() {
	let leaf = b"single reading".to_vec();
	assert_eq!(merkle::root([&leaf]), H256(sp_io::hashing::blake2_256(&leaf)));
	assert!(merkle::proof([&leaf], 0).is_empty());
}

#[test]
fn tampered_leaves_proofs_and_indices_fail() {
	run_test(|| {
		let leaves = readings(7);
		let (id, root) = anchor_tree(20, &leaves);
		let proof = merkle::proof(&leaves, 3);
		assert_eq!(
			Anchoring::verify_inclusion(&id, &root, b"{\"t\":3,\"celsius\":99.9}", &proof, 3),
			Err(VerifyError::BadProof)
		);
		let mut tampered = proof.clone();
		tampered[0] = H256::repeat_byte(1);
		assert_eq!(
			Anchoring::verify_inclusion(&id, &root, &leaves[3], &tampered, 3),
			Err(VerifyError::BadProof)
		);
		// Leaf 6 of 7 (carried up once) has a shorter proof; leaf 4's is as long but fails.
		assert_eq!(
			Anchoring::verify_inclusion(&id, &root, &leaves[3], &proof, 6),
			Err(VerifyError::BadProofLength)
		);
		assert_eq!(
			Anchoring::verify_inclusion(&id, &root, &leaves[3], &proof, 4),
			Err(VerifyError::BadProof)
		);
		assert_eq!(
			Anchoring::verify_inclusion(&id, &root, &leaves[3], &proof, 7),
			Err(VerifyError::IndexOutOfRange)
		);
		assert_eq!(
			Anchoring::verify_inclusion(&id, &root_of(0xaa), &leaves[3], &proof, 3),
			Err(VerifyError::UnknownRoot)
		);
	});
}
