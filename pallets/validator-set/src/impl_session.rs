//! The pallet as `pallet-session`'s [`SessionManager`], and the session length it serves.

use crate::{
	Config, Event, MinValidators, Pallet, PlannedValidators, SessionPeriod, Validators,
	ValidatorsOf,
};
use alloc::vec::Vec;
use core::marker::PhantomData;
use frame_support::traits::{Get, ValidatorRegistration};
use frame_system::pallet_prelude::BlockNumberFor;
use pallet_session::SessionManager;
use sp_runtime::traits::One;

/// [`SessionPeriod`] as a `Get`, for `pallet_session::PeriodicSessions` (never 0: a period of 0
/// would divide by zero there).
pub struct SessionPeriodOf<T>(PhantomData<T>);

impl<T: Config> Get<BlockNumberFor<T>> for SessionPeriodOf<T> {
	fn get() -> BlockNumberFor<T> {
		SessionPeriod::<T>::get().max(One::one())
	}
}

impl<T: Config> Pallet<T> {
	/// The set for session `session`: the members with session keys, if they are at least
	/// [`MinValidators`] and differ from the set planned last; `None` keeps the current set.
	pub(crate) fn plan_session(session: u32) -> Option<Vec<T::AccountId>> {
		let mut with_keys = Vec::new();
		for validator in Validators::<T>::get() {
			if T::ValidatorRegistration::is_registered(&validator) {
				with_keys.push(validator);
			} else {
				Self::deposit_event(Event::ValidatorSkipped { validator, session });
			}
		}
		let count = with_keys.len() as u32;
		if count == 0 || count < MinValidators::<T>::get() {
			Self::deposit_event(Event::SetChangeDeferred { session, with_keys: count });
			return None;
		}
		// A subset of a bounded list: never truncated.
		let planned = ValidatorsOf::<T>::truncate_from(with_keys);
		if planned == PlannedValidators::<T>::get() {
			return None;
		}
		PlannedValidators::<T>::put(&planned);
		Self::deposit_event(Event::NewSetPlanned { session, validators: planned.clone() });
		Some(planned.into_inner())
	}
}

impl<T: Config> SessionManager<T::AccountId> for Pallet<T> {
	fn new_session(new_index: u32) -> Option<Vec<T::AccountId>> {
		Self::plan_session(new_index)
	}

	fn new_session_genesis(_new_index: u32) -> Option<Vec<T::AccountId>> {
		let validators = Validators::<T>::get();
		(!validators.is_empty()).then(|| validators.into_inner())
	}

	fn end_session(_end_index: u32) {}

	fn start_session(_start_index: u32) {}
}
