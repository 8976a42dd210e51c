//! Merkle trees of device readings (spec §6), with the `binary-merkle-tree` crate and blake2-256:
//! leaf hash = `blake2_256(leaf bytes)`, parent = `blake2_256(left ++ right)`, an odd last node is
//! carried up unchanged, a one-leaf tree's root is that leaf's hash, and proofs list sibling
//! hashes bottom-up. The runtime verifies proofs with [`verify`]; the node's `merkle` subcommands
//! build roots and proofs with [`root`] and [`proof`].
//!
//! Leaves and inner nodes hash alike (no domain separation: that is the crate's and the spec's
//! format), so an inner node's two children, concatenated, would pass for a 64-byte leaf with a
//! shortened proof. [`verify`] closes that hole by accepting only proofs whose length is exactly
//! the path length of the leaf's index in a tree of the anchored leaf count ([`proof_length`]),
//! checked before any hashing.

use alloc::vec::Vec;
use sp_core::H256;
use sp_runtime::traits::BlakeTwo256;

/// The root of the tree over `leaves`.
pub fn root<I, T>(leaves: I) -> H256
where
	I: IntoIterator<Item = T>,
	T: AsRef<[u8]>,
{
	binary_merkle_tree::merkle_root::<BlakeTwo256, _>(leaves)
}

/// The sibling hashes (bottom-up) that prove leaf `leaf_index` of `leaves`.
pub fn proof<I, T>(leaves: I, leaf_index: u32) -> Vec<H256>
where
	I: IntoIterator<Item = T>,
	I::IntoIter: ExactSizeIterator,
	T: AsRef<[u8]>,
{
	binary_merkle_tree::merkle_proof::<BlakeTwo256, _, _>(leaves, leaf_index).proof
}

/// The number of sibling hashes in the proof of leaf `leaf_index` of a tree of `leaf_count`
/// leaves: one per level at which the node on the leaf's path has a sibling (an odd last node is
/// carried up without one). `None` if the index is not below the leaf count.
pub fn proof_length(leaf_count: u32, leaf_index: u32) -> Option<u32> {
	if leaf_index >= leaf_count {
		return None;
	}
	let (mut position, mut width, mut length) = (leaf_index, leaf_count, 0u32);
	while width > 1 {
		// A left child has a sibling unless it is the odd last node; a right child always has one.
		if position % 2 == 1 || position.saturating_add(1) < width {
			length = length.saturating_add(1);
		}
		position /= 2;
		width = width.div_ceil(2);
	}
	Some(length)
}

/// Whether `proof` shows that `leaf` is leaf `leaf_index` of a tree of `leaf_count` leaves with
/// root `root`. An index at or beyond `leaf_count`, or a proof whose length is not
/// [`proof_length`], never verifies, and both are refused before any hashing.
pub fn verify(root: &H256, proof: &[H256], leaf_count: u32, leaf_index: u32, leaf: &[u8]) -> bool {
	let Some(expected) = proof_length(leaf_count, leaf_index) else { return false };
	if !usize::try_from(expected).is_ok_and(|expected| proof.len() == expected) {
		return false;
	}
	binary_merkle_tree::verify_proof::<BlakeTwo256, _, _>(
		root,
		proof.iter().copied(),
		leaf_count,
		leaf_index,
		&leaf,
	)
}

#[cfg(test)]
mod tests {
	use super::*;
	use sp_io::hashing::blake2_256;

	/// Every level of the tree over `count` leaves, bottom-up, built here independently of the
	/// crate: `levels[0]` are the leaf hashes, the last level is the root.
	fn levels(count: u32) -> Vec<Vec<H256>> {
		let mut levels = vec![(0..count).map(|i| H256(blake2_256(&leaf(i)))).collect::<Vec<_>>()];
		while levels.last().is_some_and(|level| level.len() > 1) {
			let below = levels.last().cloned().unwrap_or_default();
			let above = below
				.chunks(2)
				.map(|pair| match pair {
					[left, right] => H256(blake2_256(&[left.0, right.0].concat())),
					[odd] => *odd,
					_ => unreachable!("chunks(2)"),
				})
				.collect();
			levels.push(above);
		}
		levels
	}

	fn leaf(index: u32) -> Vec<u8> {
		format!("reading {index}").into_bytes()
	}

	/// The siblings on the path of node `position` of `level` up to the root.
	fn path(levels: &[Vec<H256>], level: usize, mut position: usize) -> Vec<H256> {
		let mut proof = Vec::new();
		for nodes in &levels[level..levels.len() - 1] {
			let sibling = position ^ 1;
			if sibling < nodes.len() {
				proof.push(nodes[sibling]);
			}
			position /= 2;
		}
		proof
	}

	#[test]
	fn proof_length_is_the_path_length_of_the_crate_proofs() {
		for count in 1..=64u32 {
			let leaves: Vec<_> = (0..count).map(leaf).collect();
			for index in 0..count {
				let crate_proof = proof(leaves.iter(), index);
				assert_eq!(proof_length(count, index), Some(crate_proof.len() as u32));
			}
			assert_eq!(proof_length(count, count), None);
		}
		assert_eq!(proof_length(1, 0), Some(0));
		assert_eq!(proof_length(1 << 20, 12345), Some(20));
		assert_eq!(proof_length(u32::MAX, u32::MAX - 1), Some(31));
	}

	#[test]
	fn every_honest_proof_verifies() {
		for count in 1..=64u32 {
			let levels = levels(count);
			let leaves: Vec<_> = (0..count).map(leaf).collect();
			let tree_root = root(leaves.iter());
			assert_eq!(levels.last().map(|top| top[0]), Some(tree_root));
			for index in 0..count {
				let honest = path(&levels, 0, index as usize);
				assert_eq!(honest, proof(leaves.iter(), index), "{count} leaves, index {index}");
				assert!(verify(&tree_root, &honest, count, index, &leaf(index)));
				assert!(!verify(&tree_root, &honest, count, index, b"tampered"));
			}
		}
	}

	/// The second-preimage attack: an inner node's children, concatenated, passed off as a
	/// 64-byte leaf with the inner node's own (shorter) proof, at any index of the tree.
	#[test]
	fn no_inner_node_passes_as_a_leaf() {
		for count in 1..=64u32 {
			let levels = levels(count);
			let tree_root = levels.last().map(|top| top[0]).unwrap_or_default();
			for level in 1..levels.len() {
				let below = &levels[level - 1];
				for position in 0..levels[level].len() {
					let (Some(left), Some(right)) =
						(below.get(2 * position), below.get(2 * position + 1))
					else {
						continue; // a carried-up odd node has no children of its own
					};
					let forged_leaf = [left.0, right.0].concat();
					let forged_proof = path(&levels, level, position);
					for index in 0..count {
						assert!(
							!verify(&tree_root, &forged_proof, count, index, &forged_leaf),
							"{count} leaves: inner node {level}/{position} passed as leaf {index}"
						);
					}
					// Without the length check, the crate accepts it at the inner node's
					// leftmost leaf index whenever the forged proof is honest for that path.
					let index = (position << level) as u32;
					if binary_merkle_tree::verify_proof::<BlakeTwo256, _, _>(
						&tree_root,
						forged_proof.iter().copied(),
						count,
						index,
						&forged_leaf,
					) {
						assert_ne!(proof_length(count, index), Some(forged_proof.len() as u32));
					}
				}
			}
		}
	}

	#[test]
	fn proofs_of_the_wrong_length_are_refused_before_hashing() {
		let leaves: Vec<_> = (0..4u32).map(leaf).collect();
		let tree_root = root(leaves.iter());
		let mut long = proof(leaves.iter(), 0);
		long.extend(core::iter::repeat_n(H256::zero(), 60_000));
		assert!(!verify(&tree_root, &long, 4, 0, &leaf(0)));
		assert!(!verify(&tree_root, &[], 4, 0, &leaf(0)));
		assert!(!verify(&tree_root, &proof(leaves.iter(), 0), 4, 4, &leaf(0)));
	}
}
