//! Benchmarks of the validator set (FRAME benchmarking v2), each in its worst case: the list at
//! its largest, the account looked for at its end.

use super::*;
use alloc::vec::Vec;
use frame_benchmarking::v2::*;
use frame_support::traits::{EnsureOrigin, Get};

/// Fills the set with `count` validators (with session keys) and a minimum of 1.
fn fill<T: Config>(count: u32) -> Vec<T::AccountId> {
	let validators: Vec<T::AccountId> = (0..count).map(|i| account("validator", i, 0)).collect();
	for validator in &validators {
		T::BenchmarkHelper::register_session_keys(validator);
	}
	Validators::<T>::put(ValidatorsOf::<T>::truncate_from(validators.clone()));
	MinValidators::<T>::put(1);
	validators
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// A set one short of `MaxValidators`: the duplicate check reads the whole list.
	#[benchmark]
	fn add_validator() -> Result<(), BenchmarkError> {
		let origin =
			T::AddRemoveOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		fill::<T>(T::MaxValidators::get().saturating_sub(1));
		let validator: T::AccountId = account("candidate", 0, 0);
		T::BenchmarkHelper::register_session_keys(&validator);

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, validator.clone());

		assert_eq!(Validators::<T>::get().last(), Some(&validator));
		Ok(())
	}

	/// A full set, the last member removed.
	#[benchmark]
	fn remove_validator() -> Result<(), BenchmarkError> {
		let origin =
			T::AddRemoveOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let validators = fill::<T>(T::MaxValidators::get());
		let last = validators.last().cloned().ok_or(BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, last.clone());

		assert!(!Validators::<T>::get().contains(&last));
		Ok(())
	}

	/// A full set, the minimum raised to its size.
	#[benchmark]
	fn set_min_validators() -> Result<(), BenchmarkError> {
		let origin =
			T::AddRemoveOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		fill::<T>(T::MaxValidators::get());

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, T::MaxValidators::get());

		assert_eq!(MinValidators::<T>::get(), T::MaxValidators::get());
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
