//! Admitting manufacturers and models, registering devices (one or a batch) with their proof of
//! possession and endorsement, the owner index and deposits, and key rotation.

use crate::*;
use frame_support::{
	pallet_prelude::*,
	traits::{
		fungible::MutateHold,
		tokens::{Fortitude, Precision},
	},
};
use frame_system::pallet_prelude::*;
use iot_primitives::{
	payloads, DeviceId, DeviceKey, DeviceSignature, DeviceStatus, SignatureError,
};
use sp_core::H256;
use sp_runtime::traits::{CheckedAdd, Zero};

impl<T: Config> Pallet<T> {
	/// The chain's genesis hash, which every device payload but the endorsement commits to.
	pub fn genesis_hash() -> H256 {
		frame_system::Pallet::<T>::block_hash(BlockNumberFor::<T>::zero())
	}

	/// The device `id` if `who` owns it.
	pub(crate) fn owned_device(
		id: &DeviceId,
		who: &T::AccountId,
	) -> Result<DeviceOf<T>, DispatchError> {
		let device = Devices::<T>::get(id).ok_or(Error::<T>::UnknownDevice)?;
		ensure!(device.owner == *who, Error::<T>::NotOwner);
		Ok(device)
	}

	/// Adds `device` to the index of `owner`, who had `count` devices.
	pub(crate) fn index_device(owner: &T::AccountId, device: DeviceId, count: u32) {
		DevicesByOwner::<T>::insert(owner, device, ());
		OwnerDeviceCount::<T>::insert(owner, count.saturating_add(1));
	}

	/// Removes `device` from the index of `owner`.
	pub(crate) fn unindex_device(owner: &T::AccountId, device: DeviceId) {
		DevicesByOwner::<T>::remove(owner, device);
		OwnerDeviceCount::<T>::mutate_exists(owner, |count| {
			let remaining = count.unwrap_or_default().saturating_sub(1);
			*count = (remaining > 0).then_some(remaining);
		});
	}

	/// Holds `amount` of `reason` from `who`.
	pub(crate) fn hold_deposit(
		reason: HoldReason,
		who: &T::AccountId,
		amount: BalanceOf<T>,
	) -> Result<(), Error<T>> {
		T::Currency::hold(&reason.into(), who, amount).map_err(|_| Error::<T>::InsufficientBalance)
	}

	/// Burns `amount` of `reason` held from `who` (the price of permanent state).
	pub(crate) fn burn_deposit(reason: HoldReason, who: &T::AccountId, amount: BalanceOf<T>) {
		// Best effort, as for releases: a deposit can only be less than recorded if slashed.
		let _ = T::Currency::burn_held(
			&reason.into(),
			who,
			amount,
			Precision::BestEffort,
			Fortitude::Force,
		);
	}

	/// Releases `amount` of `reason` held from `who`.
	pub(crate) fn release_deposit(reason: HoldReason, who: &T::AccountId, amount: BalanceOf<T>) {
		// Best effort: a deposit can only be less than recorded if it was slashed.
		let _ = T::Currency::release(&reason.into(), who, amount, Precision::BestEffort);
	}

	pub(crate) fn do_register_manufacturer(
		account: T::AccountId,
		name: NameOf<T>,
		endorsement_key: Option<DeviceKey>,
	) {
		match Manufacturers::<T>::get(&account) {
			Some(existing) => {
				let updated = Manufacturer { name, endorsement_key, active: existing.active };
				Manufacturers::<T>::insert(&account, updated);
				Self::deposit_event(Event::ManufacturerUpdated { manufacturer: account });
			}
			None => {
				Manufacturers::<T>::insert(
					&account,
					Manufacturer { name, endorsement_key, active: true },
				);
				Self::deposit_event(Event::ManufacturerRegistered { manufacturer: account });
			}
		}
	}

	/// Activates or deactivates `account`, an admitted manufacturer.
	pub(crate) fn do_set_manufacturer_status(
		account: T::AccountId,
		active: bool,
	) -> DispatchResult {
		Manufacturers::<T>::try_mutate(&account, |manufacturer| {
			let manufacturer = manufacturer.as_mut().ok_or(Error::<T>::UnknownManufacturer)?;
			manufacturer.active = active;
			Ok::<_, DispatchError>(())
		})?;
		Self::deposit_event(Event::ManufacturerStatusChanged { manufacturer: account, active });
		Ok(())
	}

	pub(crate) fn do_register_model(
		manufacturer: T::AccountId,
		model_id: u32,
		name: NameOf<T>,
	) -> DispatchResult {
		let record =
			Manufacturers::<T>::get(&manufacturer).ok_or(Error::<T>::UnknownManufacturer)?;
		ensure!(record.active, Error::<T>::ManufacturerInactive);
		ensure!(!Models::<T>::contains_key(&manufacturer, model_id), Error::<T>::ModelExists);
		let deposit = T::ModelDeposit::get();
		Self::hold_deposit(HoldReason::ModelDeposit, &manufacturer, deposit)?;
		Models::<T>::insert(&manufacturer, model_id, Model { name, deposit });
		Self::deposit_event(Event::ModelRegistered { manufacturer, model: model_id });
		Ok(())
	}

	/// Checks a registration (cheap checks first, signatures last), then holds the deposit and
	/// records the device. Changes nothing on error.
	pub(crate) fn do_register_device(
		owner: &T::AccountId,
		registration: DeviceRegistration<T>,
	) -> Result<DeviceId, RegistrationError> {
		Self::register_checked(owner, registration, |_| Ok(None))
	}

	/// Registers a certified device: a registration whose key is certified by `chains`, which
	/// are verified after the proof of possession (the costliest check last). The device counts
	/// as endorsed and its certificates are recorded with their deposit.
	pub(crate) fn do_register_certified_device(
		owner: &T::AccountId,
		registration: CertifiedRegistration<T>,
	) -> Result<DeviceId, RegisterFailure> {
		let CertifiedRegistration { key, manufacturer, model_id, metadata, proof, certificates } =
			registration;
		let registration =
			DeviceRegistration { key, manufacturer, model_id, metadata, proof, endorsement: None };
		Self::register_checked(owner, registration, |registration| {
			let DeviceRegistration { key, manufacturer, model_id, .. } = registration;
			Self::verify_device_chains(manufacturer, *model_id, key, &certificates).map(Some)
		})
	}

	/// The registration checks shared by plain and certified registrations; `certify` runs
	/// last and returns the device's verified certificates, if it has any.
	fn register_checked<E: From<RegistrationError>>(
		owner: &T::AccountId,
		registration: DeviceRegistration<T>,
		certify: impl FnOnce(&DeviceRegistration<T>) -> Result<Option<DeviceCertificateOf<T>>, E>,
	) -> Result<DeviceId, E> {
		let metadata = MetadataOf::<T>::try_from(registration.metadata.clone())
			.map_err(|_| RegistrationError::MetadataTooLong)?;
		let DeviceRegistration { key, manufacturer, model_id, proof, endorsement, .. } =
			&registration;
		let maker =
			Manufacturers::<T>::get(manufacturer).ok_or(RegistrationError::UnknownManufacturer)?;
		ensure!(maker.active, RegistrationError::ManufacturerInactive);
		ensure!(Models::<T>::contains_key(manufacturer, model_id), RegistrationError::UnknownModel);
		let id = key.device_id();
		Self::ensure_new_device(id)?;
		let count = OwnerDeviceCount::<T>::get(owner);
		ensure!(count < T::MaxDevicesPerOwner::get(), RegistrationError::TooManyDevices);
		key.check_strength().map_err(|_| RegistrationError::WeakKey)?;

		let message = payloads::registration_message(&Self::genesis_hash(), owner, key);
		key.verify(&message, proof).map_err(|error| match error {
			SignatureError::SchemeMismatch => RegistrationError::KeyTypeMismatch,
			SignatureError::Invalid => RegistrationError::BadProof,
		})?;
		let factory_endorsed = match endorsement {
			Some(signature) => {
				let endorsement_key =
					maker.endorsement_key.ok_or(RegistrationError::NoEndorsementKey)?;
				let message = payloads::endorsement_message(manufacturer, *model_id, key);
				endorsement_key
					.verify(&message, signature)
					.map_err(|_| RegistrationError::BadEndorsement)?;
				true
			}
			None => false,
		};
		let certificate = certify(&registration)?;
		let endorsed = factory_endorsed || certificate.is_some();

		let deposit = T::DeviceDeposit::get();
		Self::hold_deposit(HoldReason::DeviceDeposit, owner, deposit)
			.map_err(|_| RegistrationError::InsufficientBalance)?;
		let DeviceRegistration { key, manufacturer, model_id, .. } = registration;
		let new = NewDevice {
			key,
			manufacturer: manufacturer.clone(),
			model: model_id,
			endorsed,
			metadata,
			deposit,
		};
		Self::record_device(owner, count, new);
		Self::deposit_event(Event::DeviceRegistered {
			device: id,
			owner: owner.clone(),
			manufacturer,
			model: model_id,
			endorsed,
		});
		if let Some(certificate) = certificate {
			Self::record_certificates(owner, id, certificate)?;
		}
		Ok(id)
	}

	/// Stores a checked, paid-for device of `owner` (who had `count` devices), indexes it under
	/// its owner and records its key forever. Returns its identifier.
	pub(crate) fn record_device(owner: &T::AccountId, count: u32, new: NewDevice<T>) -> DeviceId {
		let NewDevice { key, manufacturer, model, endorsed, metadata, deposit } = new;
		let id = key.device_id();
		let device = DeviceOf::<T> {
			key,
			owner: owner.clone(),
			manufacturer,
			model,
			status: DeviceStatus::Active,
			endorsed,
			metadata,
			registered_at: frame_system::Pallet::<T>::block_number(),
			rotation_nonce: 0,
			deposit,
		};
		Devices::<T>::insert(id, device);
		Self::index_device(owner, id, count);
		KnownKeys::<T>::insert(id, id);
		id
	}

	/// Fails unless the identifier `id` (the hash of a key) was never used.
	pub(crate) fn ensure_new_device(id: DeviceId) -> Result<(), RegistrationError> {
		ensure!(!Devices::<T>::contains_key(id), RegistrationError::AlreadyRegistered);
		match KnownKeys::<T>::get(id) {
			None => Ok(()),
			Some(owner_device) if owner_device == id => Err(RegistrationError::Decommissioned),
			Some(_) => Err(RegistrationError::KeyInUse),
		}
	}

	pub(crate) fn do_rotate_key(
		owner: &T::AccountId,
		device: DeviceId,
		new_key: DeviceKey,
		old_signature: DeviceSignature,
		new_signature: DeviceSignature,
	) -> DispatchResult {
		let mut record = Self::owned_device(&device, owner)?;
		ensure!(!matches!(record.status, DeviceStatus::Revoked { .. }), Error::<T>::Revoked);
		let new_key_hash = new_key.device_id();
		ensure!(!KnownKeys::<T>::contains_key(new_key_hash), Error::<T>::KeyInUse);
		new_key.check_strength().map_err(|_| Error::<T>::WeakKey)?;
		let key_record = T::KeyRecordDeposit::get();
		let deposit =
			record.deposit.checked_add(&key_record).ok_or(Error::<T>::InsufficientBalance)?;
		let message = payloads::rotation_message(
			&Self::genesis_hash(),
			&device,
			&new_key,
			record.rotation_nonce,
		);
		record.key.verify(&message, &old_signature).map_err(|error| match error {
			SignatureError::SchemeMismatch => Error::<T>::KeyTypeMismatch,
			SignatureError::Invalid => Error::<T>::BadProof,
		})?;
		new_key.verify(&message, &new_signature).map_err(|error| match error {
			SignatureError::SchemeMismatch => Error::<T>::KeyTypeMismatch,
			SignatureError::Invalid => Error::<T>::BadNewKeyProof,
		})?;
		// The new key's permanent record is paid with the device deposit (burned when it leaves).
		Self::hold_deposit(HoldReason::DeviceDeposit, owner, key_record)?;
		record.deposit = deposit;
		record.key = new_key;
		// The factory endorsed the old key, not this one: a rotated device is no longer
		// endorsed (no free attestations, no TPM quotes), or a compromised firmware could move
		// a TPM-endorsed device onto a software key and forge "hardware" evidence.
		record.endorsed = false;
		// Its certificates certified the old key too, and a re-endorsement endorsed it.
		Self::remove_certificates(owner, &device);
		EndorsedAt::<T>::remove(device);
		record.rotation_nonce = record.rotation_nonce.saturating_add(1);
		Devices::<T>::insert(device, record);
		KnownKeys::<T>::insert(new_key_hash, device);
		Self::deposit_event(Event::KeyRotated { device, new_key });
		Ok(())
	}
}
