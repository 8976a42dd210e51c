//! Firmware releases, the reference values: publishing them (with a monotonic security version
//! and a deposit) and reading them back; a manufacturer acts only on its own active models.

use crate::{pallet::*, types::*};
use alloc::vec::Vec;
use frame_support::{ensure, pallet_prelude::*, traits::fungible::MutateHold};
use frame_system::pallet_prelude::BlockNumberFor;
use iot_primitives::{DeviceRegistry, Release};

impl<T: Config> Pallet<T> {
	/// Fails unless `manufacturer` defined `model` and is still active: a manufacturer's
	/// powers end with the manufacturer.
	pub(crate) fn ensure_active_model(manufacturer: &T::AccountId, model: u32) -> DispatchResult {
		let active =
			T::Registry::model_active(manufacturer, model).ok_or(Error::<T>::UnknownModel)?;
		ensure!(active, Error::<T>::ManufacturerInactive);
		Ok(())
	}

	pub(crate) fn do_publish_release(
		manufacturer: T::AccountId,
		model: u32,
		digest: [u8; 32],
		version: BoundedVec<u8, T::MaxVersionLength>,
		security_version: u32,
	) -> DispatchResult {
		let active =
			T::Registry::model_active(&manufacturer, model).ok_or(Error::<T>::UnknownModel)?;
		ensure!(active, Error::<T>::ManufacturerInactive);
		ensure!(
			!Releases::<T>::contains_key((&manufacturer, model, digest)),
			Error::<T>::ReleaseExists
		);
		ensure!(
			security_version >= LatestSecurityVersion::<T>::get(&manufacturer, model),
			Error::<T>::SecurityVersionDecreased
		);
		let deposit = T::ReleaseDeposit::get();
		T::Currency::hold(&HoldReason::ReleaseDeposit.into(), &manufacturer, deposit)
			.map_err(|_| Error::<T>::InsufficientBalance)?;
		Releases::<T>::insert(
			(&manufacturer, model, digest),
			Release {
				version,
				security_version,
				published_at: frame_system::Pallet::<T>::block_number(),
				revoked: None,
				deposit,
			},
		);
		LatestSecurityVersion::<T>::insert(&manufacturer, model, security_version);
		Self::deposit_event(Event::ReleasePublished {
			manufacturer,
			model,
			digest,
			security_version,
		});
		Ok(())
	}

	/// The release `digest` of `manufacturer`'s `model` (for the runtime API).
	pub fn release(
		manufacturer: &T::AccountId,
		model: u32,
		digest: [u8; 32],
	) -> Option<Release<Vec<u8>, BlockNumberFor<T>, BalanceOf<T>>> {
		Releases::<T>::get((manufacturer, model, digest)).map(|r| Release {
			version: r.version.into_inner(),
			security_version: r.security_version,
			published_at: r.published_at,
			revoked: r.revoked,
			deposit: r.deposit,
		})
	}
}
