//! Weights of `pallet_validator_set`: placeholder until `scripts/benchmark.sh` generates this file.

#![allow(missing_docs)]

use core::marker::PhantomData;
use frame_support::weights::{constants::ParityDbWeight, Weight};

/// Weight functions needed for `pallet_validator_set`.
pub trait WeightInfo {
	fn add_validator() -> Weight;
	fn remove_validator() -> Weight;
	fn set_min_validators() -> Weight;
}

/// Weights for `pallet_validator_set`.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn add_validator() -> Weight {
		<() as WeightInfo>::add_validator()
	}
	fn remove_validator() -> Weight {
		<() as WeightInfo>::remove_validator()
	}
	fn set_min_validators() -> Weight {
		<() as WeightInfo>::set_min_validators()
	}
}

impl WeightInfo for () {
	fn add_validator() -> Weight {
		Weight::from_parts(50_000_000, 4000)
			.saturating_add(ParityDbWeight::get().reads_writes(2, 1))
	}
	fn remove_validator() -> Weight {
		Weight::from_parts(50_000_000, 4000)
			.saturating_add(ParityDbWeight::get().reads_writes(2, 1))
	}
	fn set_min_validators() -> Weight {
		Weight::from_parts(50_000_000, 4000)
			.saturating_add(ParityDbWeight::get().reads_writes(1, 1))
	}
}
