//! Merkle trees of device readings (SPEC §6), with the `binary-merkle-tree` crate and blake2-256:
//! leaf hash = `blake2_256(leaf bytes)`, parent = `blake2_256(left ++ right)`, an odd last node is
//! carried up unchanged, a one-leaf tree's root is that leaf's hash, and proofs list sibling
//! hashes bottom-up. The runtime verifies proofs with [`verify`]; the node's `merkle` subcommands
//! build roots and proofs with [`root`] and [`proof`].

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

/// Whether `proof` shows that `leaf` is leaf `leaf_index` of a tree of `leaf_count` leaves with
/// root `root`. An index at or beyond `leaf_count` never verifies.
pub fn verify(root: &H256, proof: &[H256], leaf_count: u32, leaf_index: u32, leaf: &[u8]) -> bool {
	binary_merkle_tree::verify_proof::<BlakeTwo256, _, _>(
		root,
		proof.iter().copied(),
		leaf_count,
		leaf_index,
		&leaf,
	)
}
