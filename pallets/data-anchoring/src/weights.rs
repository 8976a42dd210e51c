//! Weights of data anchoring. PLACEHOLDER until `scripts/benchmark.sh` regenerates this file.
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use core::marker::PhantomData;
use frame_support::{traits::Get, weights::{constants::RocksDbWeight, Weight}};

/// Weight functions needed for `pallet_data_anchoring`.
pub trait WeightInfo {
	fn anchor() -> Weight;
	fn anchor_batch(n: u32, ) -> Weight;
}

/// Weights for `pallet_data_anchoring` using the node's recommended hardware.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn anchor() -> Weight { Weight::from_parts(1_000_000_000, 10_000) }
	fn anchor_batch(n: u32, ) -> Weight { Weight::from_parts(1_000_000_000, 10_000).saturating_mul(n.into()) }
}
impl WeightInfo for () {
	fn anchor() -> Weight { Weight::from_parts(1_000_000_000, 10_000) }
	fn anchor_batch(n: u32, ) -> Weight { Weight::from_parts(1_000_000_000, 10_000).saturating_mul(n.into()) }
}
