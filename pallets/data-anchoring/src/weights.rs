//! Weights of data anchoring. PLACEHOLDER until `scripts/benchmark.sh` regenerates this file.
#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(missing_docs)]

use core::marker::PhantomData;
use frame_support::weights::Weight;

/// Weight functions needed for `pallet_data_anchoring`.
pub trait WeightInfo {
	fn anchor_unsigned() -> Weight;
	fn anchor_ed25519() -> Weight;
	fn anchor_sr25519() -> Weight;
	fn anchor_ecdsa() -> Weight;
	fn anchor_p256() -> Weight;
	fn anchor_batch(n: u32, ) -> Weight;
}

/// Weights for `pallet_data_anchoring`.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn anchor_unsigned() -> Weight { Weight::from_parts(1_000_000_000, 10_000) }
	fn anchor_ed25519() -> Weight { Weight::from_parts(1_000_000_000, 10_000) }
	fn anchor_sr25519() -> Weight { Weight::from_parts(1_000_000_000, 10_000) }
	fn anchor_ecdsa() -> Weight { Weight::from_parts(1_000_000_000, 10_000) }
	fn anchor_p256() -> Weight { Weight::from_parts(1_000_000_000, 10_000) }
	fn anchor_batch(n: u32, ) -> Weight { Weight::from_parts(1_000_000_000, 10_000).saturating_mul(n.into()) }
}
impl WeightInfo for () {
	fn anchor_unsigned() -> Weight { Weight::from_parts(1_000_000_000, 10_000) }
	fn anchor_ed25519() -> Weight { Weight::from_parts(1_000_000_000, 10_000) }
	fn anchor_sr25519() -> Weight { Weight::from_parts(1_000_000_000, 10_000) }
	fn anchor_ecdsa() -> Weight { Weight::from_parts(1_000_000_000, 10_000) }
	fn anchor_p256() -> Weight { Weight::from_parts(1_000_000_000, 10_000) }
	fn anchor_batch(n: u32, ) -> Weight { Weight::from_parts(1_000_000_000, 10_000).saturating_mul(n.into()) }
}
