//! Firmware releases, the reference values, and security floors: publishing releases (with a
//! monotonic security version and a deposit), revoking them, raising floors, `ForceOrigin`'s
//! remedies (setting a floor, reinstating a release) and reading releases back; a manufacturer
//! acts only on its own active models.

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

	/// Revokes `manufacturer`'s release `digest` of `model` with `reason`.
	pub(crate) fn do_revoke_release(
		manufacturer: T::AccountId,
		model: u32,
		digest: [u8; 32],
		reason: u8,
	) -> DispatchResult {
		Self::ensure_active_model(&manufacturer, model)?;
		Releases::<T>::try_mutate((&manufacturer, model, digest), |release| {
			let release = release.as_mut().ok_or(Error::<T>::UnknownRelease)?;
			ensure!(release.revoked.is_none(), Error::<T>::AlreadyRevoked);
			release.revoked = Some(reason);
			Ok::<_, DispatchError>(())
		})?;
		Self::deposit_event(Event::ReleaseRevoked { manufacturer, model, digest, reason });
		Ok(())
	}

	/// Raises the security floor of `manufacturer`'s `model` (never lowers it).
	pub(crate) fn do_raise_security_floor(
		manufacturer: T::AccountId,
		model: u32,
		floor: u32,
	) -> DispatchResult {
		Self::ensure_active_model(&manufacturer, model)?;
		SecurityFloor::<T>::try_mutate(&manufacturer, model, |current| {
			ensure!(floor >= *current, Error::<T>::FloorLowered);
			*current = floor;
			Ok::<_, DispatchError>(())
		})?;
		Self::deposit_event(Event::SecurityFloorRaised { manufacturer, model, floor });
		Ok(())
	}

	/// Sets the security floor of `manufacturer`'s `model`, lowering it if need be (`ForceOrigin`,
	/// whether or not the manufacturer is active).
	pub(crate) fn do_force_security_floor(
		manufacturer: T::AccountId,
		model: u32,
		floor: u32,
	) -> DispatchResult {
		T::Registry::model_active(&manufacturer, model).ok_or(Error::<T>::UnknownModel)?;
		SecurityFloor::<T>::insert(&manufacturer, model, floor);
		Self::deposit_event(Event::SecurityFloorForced { manufacturer, model, floor });
		Ok(())
	}

	/// Reinstates `manufacturer`'s revoked release `digest` of `model` (`ForceOrigin`).
	pub(crate) fn do_reinstate_release(
		manufacturer: T::AccountId,
		model: u32,
		digest: [u8; 32],
	) -> DispatchResult {
		Releases::<T>::try_mutate((&manufacturer, model, digest), |release| {
			let release = release.as_mut().ok_or(Error::<T>::UnknownRelease)?;
			ensure!(release.revoked.is_some(), Error::<T>::NotRevoked);
			release.revoked = None;
			Ok::<_, DispatchError>(())
		})?;
		Self::deposit_event(Event::ReleaseReinstated { manufacturer, model, digest });
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
