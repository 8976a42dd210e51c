//! Factory endorsements after a manufacturer's endorsement key changes (issue 31): whether the
//! endorsements made under the earlier key stand is `ManufacturerOrigin`'s decision
//! (`void_endorsements`), evaluated when a device is read, with no per-device iteration; owners of
//! genuine devices get a new endorsement (`endorse_device`).
//!
//! A device's factory endorsement stands unless its manufacturer's endorsements were voided at a
//! block after which neither its registration nor its last re-endorsement came, and no X.509
//! chain certifies it (a certificate does not depend on the factory key).

use crate::*;
use frame_support::pallet_prelude::*;
use iot_primitives::{payloads, DeviceId, DeviceSignature, DeviceStatus};

impl<T: Config> Pallet<T> {
	/// The device `id` as other pallets and readers see it: `endorsed` only while its endorsement
	/// stands ([`Self::endorsement_stands`]).
	pub fn device_as_read(id: &DeviceId) -> Option<DeviceOf<T>> {
		let mut device = Devices::<T>::get(id)?;
		device.endorsed = Self::endorsement_stands(id, &device);
		Some(device)
	}

	/// Whether `device`'s stored endorsement still counts: the manufacturer's endorsements were
	/// not voided after the device's registration or re-endorsement, or a certificate chain
	/// vouches for the key.
	pub(crate) fn endorsement_stands(id: &DeviceId, device: &DeviceOf<T>) -> bool {
		if !device.endorsed {
			return false;
		}
		let Some(voided_at) = EndorsementsVoidedAt::<T>::get(&device.manufacturer) else {
			return true;
		};
		let endorsed_at = EndorsedAt::<T>::get(id)
			.map_or(device.registered_at, |at| at.max(device.registered_at));
		endorsed_at > voided_at || DeviceCertificates::<T>::contains_key(id)
	}

	/// Voids every factory endorsement `manufacturer` made until now (this block included).
	pub(crate) fn do_void_endorsements(manufacturer: T::AccountId) -> DispatchResult {
		ensure!(Manufacturers::<T>::contains_key(&manufacturer), Error::<T>::UnknownManufacturer);
		let at = frame_system::Pallet::<T>::block_number();
		EndorsementsVoidedAt::<T>::insert(&manufacturer, at);
		Self::deposit_event(Event::EndorsementsVoided { manufacturer, at });
		Ok(())
	}

	/// Endorses `owner`'s `device` again with its manufacturer's current endorsement key.
	pub(crate) fn do_endorse_device(
		owner: T::AccountId,
		device: DeviceId,
		endorsement: DeviceSignature,
	) -> DispatchResult {
		let mut record = Self::owned_device(&device, &owner)?;
		ensure!(!matches!(record.status, DeviceStatus::Revoked { .. }), Error::<T>::Revoked);
		ensure!(!Self::endorsement_stands(&device, &record), Error::<T>::AlreadyEndorsed);
		let maker =
			Manufacturers::<T>::get(&record.manufacturer).ok_or(Error::<T>::UnknownManufacturer)?;
		ensure!(maker.active, Error::<T>::ManufacturerInactive);
		let key = maker.endorsement_key.ok_or(Error::<T>::NoEndorsementKey)?;
		let message =
			payloads::endorsement_message(&record.manufacturer, record.model, &record.key);
		key.verify(&message, &endorsement).map_err(|_| Error::<T>::BadEndorsement)?;
		record.endorsed = true;
		Devices::<T>::insert(device, record);
		EndorsedAt::<T>::insert(device, frame_system::Pallet::<T>::block_number());
		Self::deposit_event(Event::DeviceEndorsed { device });
		Ok(())
	}

	/// Checks that every re-endorsement belongs to a registered, endorsed device.
	#[cfg(any(feature = "try-runtime", test))]
	pub(crate) fn endorsements_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		for id in EndorsedAt::<T>::iter_keys() {
			ensure!(
				Devices::<T>::get(id).is_some_and(|device| device.endorsed),
				"a re-endorsement of no endorsed device"
			);
		}
		Ok(())
	}
}
