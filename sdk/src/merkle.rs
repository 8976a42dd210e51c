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
///
/// ```
/// assert_eq!(iot_device_sdk::MAX_DEPTH, 32);
/// ```
pub const MAX_DEPTH: usize = 32;

/// The root of a complete subtree waiting for its sibling.
#[derive(Clone, Copy, Default)]
struct Node {
	hash: [u8; 32],
	level: u8,
	/// Whether the tracked reading is under this node.
	tracked: bool,
}

/// What a tree keeps besides its root: nothing ([`NoProof`], the default) or the proof of one
/// reading ([`Proof`], 1 KiB more).
///
/// ```
/// use iot_device_sdk::{MerkleRoot, NoProof, Proof};
///
/// let _roots_only: MerkleRoot<NoProof> = MerkleRoot::new();
/// let _with_proof: MerkleRoot<Proof> = MerkleRoot::tracking(0);
/// ```
pub trait Tracker: Copy {
	/// Whether reading `index` is the tracked one.
	fn tracks(&self, index: u32) -> bool;
	/// Notes the next sibling (bottom-up) on the tracked reading's path.
	fn push(&mut self, sibling: &[u8; 32]) -> Result<(), Error>;
	/// The tracked reading's index, if any.
	fn leaf_index(&self) -> Option<u32>;
}

/// No reading tracked: a tree that only computes its root.
///
/// ```
/// let mut tree = iot_device_sdk::MerkleRoot::new();
/// tree.push(b"x")?;
/// assert_eq!(tree.finish()?.proof, iot_device_sdk::NoProof);
/// # Ok::<(), iot_device_sdk::Error>(())
/// ```
#[derive(Clone, Copy, Default, PartialEq, Eq, Debug)]
pub struct NoProof;

impl Tracker for NoProof {
	fn tracks(&self, _: u32) -> bool {
		false
	}

	fn push(&mut self, _: &[u8; 32]) -> Result<(), Error> {
		Ok(())
	}

	fn leaf_index(&self) -> Option<u32> {
		None
	}
}

/// The sibling hashes, bottom-up, that prove one reading of a batch (what `iot_verifyInclusion`
/// and the light-client verifier take as `proof`).
///
/// ```
/// use iot_device_sdk::{blake2_256, MerkleRoot};
///
/// let mut tree = MerkleRoot::tracking(0);
/// tree.push(b"a")?;
/// tree.push(b"b")?;
/// let batch = tree.finish()?;
/// assert_eq!(batch.proof.leaf_index, 0);
/// assert_eq!(batch.proof.siblings(), &[blake2_256(b"b")]);
/// # Ok::<(), iot_device_sdk::Error>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Proof {
	/// The reading's index in the batch.
	pub leaf_index: u32,
	siblings: [[u8; 32]; MAX_DEPTH],
	len: usize,
}

impl Proof {
	/// The sibling hashes, bottom-up (none for a one-reading batch).
	///
	/// ```
	/// let mut tree = iot_device_sdk::MerkleRoot::tracking(0);
	/// tree.push(b"only")?;
	/// assert!(tree.finish()?.proof.siblings().is_empty());
	/// # Ok::<(), iot_device_sdk::Error>(())
	/// ```
	pub fn siblings(&self) -> &[[u8; 32]] {
		self.siblings.get(..self.len).unwrap_or_default()
	}
}

impl Tracker for Proof {
	fn tracks(&self, index: u32) -> bool {
		self.leaf_index == index
	}

	fn push(&mut self, sibling: &[u8; 32]) -> Result<(), Error> {
		let slot = self.siblings.get_mut(self.len).ok_or(Error::TooManyReadings)?;
		*slot = *sibling;
		self.len = self.len.saturating_add(1);
		Ok(())
	}

	fn leaf_index(&self) -> Option<u32> {
		Some(self.leaf_index)
	}
}

/// A finished batch of readings: what a device anchors.
///
/// ```
/// use iot_device_sdk::{blake2_256, MerkleRoot};
///
/// let mut tree = MerkleRoot::new();
/// tree.push(b"only")?;
/// let batch = tree.finish()?;
/// assert_eq!((batch.root, batch.leaf_count), (blake2_256(b"only"), 1)); // a leaf's hash
/// # Ok::<(), iot_device_sdk::Error>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Batch<P = NoProof> {
	/// The Merkle root of the readings.
	pub root: [u8; 32],
	/// The number of readings.
	pub leaf_count: u32,
	/// The proof of the reading chosen with [`MerkleRoot::tracking`] ([`NoProof`] otherwise).
	pub proof: P,
}

/// A Merkle root being computed over a stream of readings, in 1.2 KiB whatever their count (2.2
/// KiB when it also keeps one reading's proof).
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
/// assert_eq!(batch.proof.siblings().len(), 2);
/// # Ok::<(), iot_device_sdk::Error>(())
/// ```
#[derive(Clone)]
pub struct MerkleRoot<P = NoProof> {
	pending: [Node; MAX_DEPTH],
	depth: usize,
	leaf_count: u32,
	tracker: P,
}

impl Default for MerkleRoot {
	fn default() -> Self {
		Self::new()
	}
}

/// No pending subtree.
const EMPTY: [Node; MAX_DEPTH] = [Node { hash: [0; 32], level: 0, tracked: false }; MAX_DEPTH];

impl MerkleRoot {
	/// An empty tree.
	///
	/// ```
	/// assert_eq!(iot_device_sdk::MerkleRoot::new().leaf_count(), 0);
	/// ```
	pub const fn new() -> Self {
		Self { pending: EMPTY, depth: 0, leaf_count: 0, tracker: NoProof }
	}
}

impl MerkleRoot<Proof> {
	/// An empty tree that also keeps the proof of reading `leaf_index` (its 0-based position in
	/// the stream); [`MerkleRoot::finish`] fails with [`Error::IndexOutOfRange`] if fewer readings
	/// came.
	///
	/// ```
	/// use iot_device_sdk::{Error, MerkleRoot};
	///
	/// let mut tree = MerkleRoot::tracking(5);
	/// tree.push(b"a")?;
	/// assert_eq!(tree.finish().err(), Some(Error::IndexOutOfRange));
	/// # Ok::<(), Error>(())
	/// ```
	pub const fn tracking(leaf_index: u32) -> Self {
		let proof = Proof { leaf_index, siblings: [[0; 32]; MAX_DEPTH], len: 0 };
		Self { pending: EMPTY, depth: 0, leaf_count: 0, tracker: proof }
	}
}

impl<P: Tracker> MerkleRoot<P> {
	/// The number of readings pushed so far.
	///
	/// ```
	/// let mut tree = iot_device_sdk::MerkleRoot::new();
	/// tree.push(b"a")?;
	/// assert_eq!(tree.leaf_count(), 1);
	/// # Ok::<(), iot_device_sdk::Error>(())
	/// ```
	pub fn leaf_count(&self) -> u32 {
		self.leaf_count
	}

	/// Adds the next reading (its bytes are the leaf, verbatim); a reading over
	/// [`MAX_LEAF_LEN`](crate::MAX_LEAF_LEN) is refused and the tree is unchanged.
	///
	/// ```
	/// use iot_device_sdk::{Error, MerkleRoot, MAX_LEAF_LEN};
	///
	/// let mut tree = MerkleRoot::new();
	/// tree.push(br#"{"t":1764000000,"celsius":21.5}"#)?;
	/// assert_eq!(tree.push(&[0; MAX_LEAF_LEN + 1]), Err(Error::ReadingTooLong));
	/// assert_eq!(tree.leaf_count(), 1);
	/// # Ok::<(), Error>(())
	/// ```
	pub fn push(&mut self, reading: &[u8]) -> Result<(), Error> {
		if reading.len() > MAX_LEAF_LEN {
			return Err(Error::ReadingTooLong);
		}
		if self.leaf_count == u32::MAX {
			return Err(Error::TooManyReadings);
		}
		let tracked = self.tracker.tracks(self.leaf_count);
		let mut node = Node { hash: blake2_256(reading), level: 0, tracked };
		while let Some(left) = self.depth.checked_sub(1).and_then(|top| self.pending.get(top)) {
			if left.level != node.level {
				break;
			}
			node = parent(&mut self.tracker, left, &node)?;
			self.depth = self.depth.saturating_sub(1);
		}
		let slot = self.pending.get_mut(self.depth).ok_or(Error::TooManyReadings)?;
		*slot = node;
		self.depth = self.depth.saturating_add(1);
		self.leaf_count = self.leaf_count.saturating_add(1);
		Ok(())
	}

	/// The root of the readings pushed, their count and the tracked reading's proof; the tree is
	/// unchanged (more readings may follow for a later root).
	///
	/// ```
	/// use iot_device_sdk::{Error, MerkleRoot};
	///
	/// let mut tree = MerkleRoot::new();
	/// assert_eq!(tree.finish().err(), Some(Error::NoReadings));
	/// tree.push(b"a")?;
	/// assert_eq!(tree.finish()?.leaf_count, 1);
	/// # Ok::<(), Error>(())
	/// ```
	pub fn finish(&self) -> Result<Batch<P>, Error> {
		let mut tracker = self.tracker;
		if tracker.leaf_index().is_some_and(|index| index >= self.leaf_count) {
			return Err(Error::IndexOutOfRange);
		}
		let mut nodes = self.pending.get(..self.depth).unwrap_or_default().iter().rev();
		let mut root = *nodes.next().ok_or(Error::NoReadings)?;
		for left in nodes {
			root = parent(&mut tracker, left, &root)?;
		}
		Ok(Batch { root: root.hash, leaf_count: self.leaf_count, proof: tracker })
	}
}

/// The parent of `left` and `right`, noting the sibling on the tracked reading's path.
fn parent<P: Tracker>(tracker: &mut P, left: &Node, right: &Node) -> Result<Node, Error> {
	if left.tracked {
		tracker.push(&right.hash)?;
	} else if right.tracked {
		tracker.push(&left.hash)?;
	}
	Ok(Node {
		hash: blake2_256_pair(&left.hash, &right.hash),
		level: left.level.saturating_add(1),
		tracked: left.tracked || right.tracked,
	})
}
