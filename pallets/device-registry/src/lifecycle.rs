//! A device's life after registration: its metadata, suspension and resumption, revocation (and
//! Root's reinstatement), decommissioning, and ownership transfers (offer, acceptance,
//! cancellation).

use crate::*;
use frame_support::{
	pallet_prelude::*,
	traits::{
		fungible::MutateHold,
		tokens::{Fortitude, Precision, Restriction},
	},
};
use iot_primitives::{DeviceId, DeviceStatus, OnDeviceRemoved};
use sp_runtime::{traits::One, Saturating};

impl<T: Config> Pallet<T> {
	/// Moves an owned device from status `from` to status `to`.
	/// Replaces the metadata of `owner`'s `device`.
	pub(crate) fn do_update_metadata(
		owner: T::AccountId,
		device: DeviceId,
		metadata: MetadataOf<T>,
	) -> DispatchResult {
		let mut record = Self::owned_device(&device, &owner)?;
		record.metadata = metadata;
		Devices::<T>::insert(device, record);
		Self::deposit_event(Event::MetadataUpdated { device });
		Ok(())
	}

	/// Suspends `owner`'s active `device`.
	pub(crate) fn do_suspend(owner: T::AccountId, device: DeviceId) -> DispatchResult {
		Self::change_status(&owner, device, DeviceStatus::Active, DeviceStatus::Suspended)?;
		Self::deposit_event(Event::DeviceSuspended { device });
		Ok(())
	}

	/// Resumes `owner`'s suspended `device`.
	pub(crate) fn do_resume(owner: T::AccountId, device: DeviceId) -> DispatchResult {
		Self::change_status(&owner, device, DeviceStatus::Suspended, DeviceStatus::Active)?;
		Self::deposit_event(Event::DeviceResumed { device });
		Ok(())
	}

	pub(crate) fn change_status(
		owner: &T::AccountId,
		device: DeviceId,
		from: DeviceStatus,
		to: DeviceStatus,
	) -> DispatchResult {
		let mut record = Self::owned_device(&device, owner)?;
		if record.status != from {
			return Err(match (record.status, from) {
				(DeviceStatus::Revoked { .. }, _) => Error::<T>::Revoked,
				(_, DeviceStatus::Suspended) => Error::<T>::NotSuspended,
				_ => Error::<T>::NotActive,
			}
			.into());
		}
		record.status = to;
		Devices::<T>::insert(device, record);
		Ok(())
	}

	/// Revokes `device` for its owner or its manufacturer. A manufacturer's power ends with
	/// the manufacturer: a deactivated one cannot revoke, and what an active one revoked is
	/// marked so that `ManufacturerOrigin` can reinstate it.
	pub(crate) fn do_revoke(who: T::AccountId, device: DeviceId, reason: u8) -> DispatchResult {
		let mut record = Devices::<T>::get(device).ok_or(Error::<T>::UnknownDevice)?;
		let by_manufacturer = record.owner != who;
		if by_manufacturer {
			ensure!(record.manufacturer == who, Error::<T>::NotOwnerOrManufacturer);
			ensure!(
				Manufacturers::<T>::get(&who).is_some_and(|m| m.active),
				Error::<T>::ManufacturerInactive
			);
		}
		ensure!(!matches!(record.status, DeviceStatus::Revoked { .. }), Error::<T>::Revoked);
		record.status = DeviceStatus::Revoked { reason };
		Devices::<T>::insert(device, record);
		if by_manufacturer {
			RevokedByManufacturer::<T>::insert(device, ());
		}
		PendingTransfers::<T>::remove(device);
		Self::deposit_event(Event::DeviceRevoked { device, by: who, reason });
		Ok(())
	}

	pub(crate) fn do_reinstate_device(device: DeviceId) -> DispatchResult {
		let mut record = Devices::<T>::get(device).ok_or(Error::<T>::UnknownDevice)?;
		ensure!(
			RevokedByManufacturer::<T>::take(device).is_some(),
			Error::<T>::NotRevokedByManufacturer
		);
		record.status = DeviceStatus::Active;
		Devices::<T>::insert(device, record);
		Self::deposit_event(Event::DeviceReinstated { device });
		Ok(())
	}

	/// Removes `device` with every per-device entry of every pallet (through
	/// `OnDeviceRemoved`); only the tombstones of its keys stay.
	pub(crate) fn do_decommission(owner: T::AccountId, device: DeviceId) -> DispatchResult {
		let record = Self::owned_device(&device, &owner)?;
		Devices::<T>::remove(device);
		Self::unindex_device(&owner, device);
		PendingTransfers::<T>::remove(device);
		RevokedByManufacturer::<T>::remove(device);
		Self::remove_certificates(&owner, &device);
		EndorsedAt::<T>::remove(device);
		T::OnDeviceRemoved::on_device_removed(&device);
		// The key records stay forever: their price is burned, the rest of the deposit refunded.
		let keys = BalanceOf::<T>::from(record.rotation_nonce).saturating_add(One::one());
		let burned = T::KeyRecordDeposit::get().saturating_mul(keys).min(record.deposit);
		Self::burn_deposit(HoldReason::DeviceDeposit, &owner, burned);
		Self::release_deposit(
			HoldReason::DeviceDeposit,
			&owner,
			record.deposit.saturating_sub(burned),
		);
		Self::deposit_event(Event::DeviceDecommissioned { device, owner });
		Ok(())
	}

	/// Offers `owner`'s `device` to `to` (replacing an earlier offer).
	pub(crate) fn do_offer_transfer(
		owner: T::AccountId,
		device: DeviceId,
		to: T::AccountId,
	) -> DispatchResult {
		let record = Self::owned_device(&device, &owner)?;
		ensure!(!matches!(record.status, DeviceStatus::Revoked { .. }), Error::<T>::Revoked);
		ensure!(to != owner, Error::<T>::SelfTransfer);
		PendingTransfers::<T>::insert(device, &to);
		Self::deposit_event(Event::TransferOffered { device, from: owner, to });
		Ok(())
	}

	/// Withdraws the pending offer of `owner`'s `device`.
	pub(crate) fn do_cancel_transfer(owner: T::AccountId, device: DeviceId) -> DispatchResult {
		Self::owned_device(&device, &owner)?;
		PendingTransfers::<T>::take(device).ok_or(Error::<T>::NoPendingTransfer)?;
		Self::deposit_event(Event::TransferCancelled { device });
		Ok(())
	}

	pub(crate) fn do_accept_transfer(new_owner: T::AccountId, device: DeviceId) -> DispatchResult {
		let recipient = PendingTransfers::<T>::get(device).ok_or(Error::<T>::NoPendingTransfer)?;
		ensure!(recipient == new_owner, Error::<T>::NotRecipient);
		let mut record = Devices::<T>::get(device).ok_or(Error::<T>::UnknownDevice)?;
		let count = OwnerDeviceCount::<T>::get(&new_owner);
		ensure!(count < T::MaxDevicesPerOwner::get(), Error::<T>::TooManyDevices);
		let previous_owner = record.owner.clone();
		T::Currency::transfer_on_hold(
			&HoldReason::DeviceDeposit.into(),
			&previous_owner,
			&new_owner,
			record.deposit,
			Precision::Exact,
			Restriction::OnHold,
			Fortitude::Polite,
		)
		.map_err(|_| Error::<T>::InsufficientBalance)?;
		// The deposit of the device's certificates moves with it too.
		if let Some(certificate) = DeviceCertificates::<T>::get(device) {
			T::Currency::transfer_on_hold(
				&HoldReason::CertificateDeposit.into(),
				&previous_owner,
				&new_owner,
				certificate.deposit,
				Precision::Exact,
				Restriction::OnHold,
				Fortitude::Polite,
			)
			.map_err(|_| Error::<T>::InsufficientBalance)?;
		}

		Self::unindex_device(&previous_owner, device);
		Self::index_device(&new_owner, device, count);
		record.owner = new_owner.clone();
		Devices::<T>::insert(device, record);
		PendingTransfers::<T>::remove(device);
		Self::deposit_event(Event::DeviceTransferred {
			device,
			from: previous_owner,
			to: new_owner,
		});
		Ok(())
	}
}
