//! Merkle roots of readings, streaming: the tree of the runtime and `iot-node merkle` (spec §6) —
//! leaf hash = `blake2_256(reading)`, parent = `blake2_256(left ++ right)`, an odd last node
//! carried up unchanged — computed one reading at a time in O(log n) memory.
//!
//! Only the roots of complete subtrees still waiting for a sibling are kept, one per level at
//! most (like the bits of the reading count); at the end they are folded right to left, which is
//! exactly where carrying odd nodes up makes them meet.

use crate::{
	hash::{blake2_256, blake2_256_pair},
	Error, MAX_LEAF_LEN,
};

/// The most levels a tree of a `u32` count of readings has above its leaves, and so the most
/// pending subtrees and proof siblings.
pub const MAX_DEPTH: usize = 32;

/// The root of a complete subtree waiting for its sibling.
#[derive(Clone, Copy, Default)]
struct Node {
	hash: [u8; 32],
	level: u8,
	/// Whether the tracked reading is under this node.
	tracked: bool,
}

/// The sibling hashes, bottom-up, that prove one reading of a batch (what `iot_verifyInclusion`
/// and the light-client verifier take as `proof`).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Proof {
	/// The reading's index in the batch.
	pub leaf_index: u32,
	siblings: [[u8; 32]; MAX_DEPTH],
	len: usize,
}

impl Proof {
	/// The sibling hashes, bottom-up.
	pub fn siblings(&self) -> &[[u8; 32]] {
		self.siblings.get(..self.len).unwrap_or_default()
	}

	fn push(&mut self, sibling: &[u8; 32]) -> Result<(), Error> {
		let slot = self.siblings.get_mut(self.len).ok_or(Error::TooManyReadings)?;
		*slot = *sibling;
		self.len = self.len.saturating_add(1);
		Ok(())
	}
}

/// A finished batch of readings: what a device anchors.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Batch {
	/// The Merkle root of the readings.
	pub root: [u8; 32],
	/// The number of readings.
	pub leaf_count: u32,
	/// The proof of the reading chosen with [`MerkleRoot::tracking`], if any.
	pub proof: Option<Proof>,
}

/// A Merkle root being computed over a stream of readings, in about 2 KiB whatever their count.
///
/// ```
/// use iot_device_sdk::MerkleRoot;
///
/// let mut tree = MerkleRoot::tracking(1); // also keep the proof of reading 1
/// for reading in [b"a", b"b", b"c"] {
///     tree.push(reading)?;
/// }
/// let batch = tree.finish()?;
/// assert_eq!(batch.leaf_count, 3);
/// assert_eq!(batch.proof.map(|proof| proof.siblings().len()), Some(2));
/// # Ok::<(), iot_device_sdk::Error>(())
/// ```
#[derive(Clone)]
pub struct MerkleRoot {
	pending: [Node; MAX_DEPTH],
	depth: usize,
	leaf_count: u32,
	proof: Option<Proof>,
}

impl Default for MerkleRoot {
	fn default() -> Self {
		Self::new()
	}
}

impl MerkleRoot {
	/// An empty tree.
	pub const fn new() -> Self {
		Self {
			pending: [Node { hash: [0; 32], level: 0, tracked: false }; MAX_DEPTH],
			depth: 0,
			leaf_count: 0,
			proof: None,
		}
	}

	/// An empty tree that also keeps the proof of reading `leaf_index` (its 0-based position in
	/// the stream); [`MerkleRoot::finish`] fails with [`Error::IndexOutOfRange`] if fewer readings
	/// came.
	pub const fn tracking(leaf_index: u32) -> Self {
		let mut tree = Self::new();
		tree.proof = Some(Proof { leaf_index, siblings: [[0; 32]; MAX_DEPTH], len: 0 });
		tree
	}

	/// The number of readings pushed so far.
	pub fn leaf_count(&self) -> u32 {
		self.leaf_count
	}

	/// Adds the next reading (its bytes are the leaf, verbatim).
	pub fn push(&mut self, reading: &[u8]) -> Result<(), Error> {
		if reading.len() > MAX_LEAF_LEN {
			return Err(Error::ReadingTooLong);
		}
		if self.leaf_count == u32::MAX {
			return Err(Error::TooManyReadings);
		}
		let tracked = self.proof.is_some_and(|proof| proof.leaf_index == self.leaf_count);
		let mut node = Node { hash: blake2_256(reading), level: 0, tracked };
		while let Some(left) = self.depth.checked_sub(1).and_then(|top| self.pending.get(top)) {
			if left.level != node.level {
				break;
			}
			let left = *left;
			node = self.parent(&left, &node)?;
			self.depth = self.depth.saturating_sub(1);
		}
		let slot = self.pending.get_mut(self.depth).ok_or(Error::TooManyReadings)?;
		*slot = node;
		self.depth = self.depth.saturating_add(1);
		self.leaf_count = self.leaf_count.saturating_add(1);
		Ok(())
	}

	/// The root of the readings pushed, their count and the tracked reading's proof.
	pub fn finish(mut self) -> Result<Batch, Error> {
		if self.proof.is_some_and(|proof| proof.leaf_index >= self.leaf_count) {
			return Err(Error::IndexOutOfRange);
		}
		let pending = self.pending;
		let mut nodes = pending.get(..self.depth).unwrap_or_default().iter().rev();
		let mut root = *nodes.next().ok_or(Error::NoReadings)?;
		for left in nodes {
			root = self.parent(left, &root)?;
		}
		Ok(Batch { root: root.hash, leaf_count: self.leaf_count, proof: self.proof })
	}

	/// The parent of `left` and `right`, noting the sibling on the tracked reading's path.
	fn parent(&mut self, left: &Node, right: &Node) -> Result<Node, Error> {
		if let Some(proof) = self.proof.as_mut() {
			if left.tracked {
				proof.push(&right.hash)?;
			} else if right.tracked {
				proof.push(&left.hash)?;
			}
		}
		Ok(Node {
			hash: blake2_256_pair(&left.hash, &right.hash),
			level: left.level.saturating_add(1),
			tracked: left.tracked || right.tracked,
		})
	}
}
