//! The device registry's genesis: manufacturers, models and devices of a chain's first block (a pallet section, imported into `pallet`).

use frame_support::pallet_macros::pallet_section;

/// The device registry's genesis: manufacturers, models and devices of a chain's first block (a pallet section, imported into `pallet`).
#[pallet_section]
mod genesis {
	/// Genesis manufacturers and models (deposit-free), such as the dev chain's demo manufacturer,
	/// and devices (with their owner's `DeviceDeposit` held, as if registered in block 0).
	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// Manufacturers: account and name.
		pub manufacturers: Vec<(T::AccountId, Vec<u8>)>,
		/// Models: manufacturer, model number and name.
		pub models: Vec<(T::AccountId, u32, Vec<u8>)>,
		/// Devices: owner, SCALE-encoded [`DeviceKey`] (scheme index, then the public key),
		/// manufacturer and model number. No proof is checked: genesis is trusted.
		pub devices: Vec<GenesisDevice<T>>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			for (account, name) in &self.manufacturers {
				let name = NameOf::<T>::try_from(name.clone())
					.unwrap_or_else(|_| panic!("genesis manufacturer name is too long"));
				Manufacturers::<T>::insert(
					account,
					Manufacturer { name, endorsement_key: None, active: true },
				);
			}
			for (manufacturer, model, name) in &self.models {
				assert!(
					Manufacturers::<T>::contains_key(manufacturer),
					"genesis model of an unknown manufacturer"
				);
				let name = NameOf::<T>::try_from(name.clone())
					.unwrap_or_else(|_| panic!("genesis model name is too long"));
				Models::<T>::insert(manufacturer, model, Model { name, deposit: Zero::zero() });
			}
			for (owner, key, manufacturer, model) in &self.devices {
				let key = DeviceKey::decode(&mut &key[..])
					.unwrap_or_else(|_| panic!("genesis device key is not a SCALE DeviceKey"));
				assert!(
					Models::<T>::contains_key(manufacturer, model),
					"genesis device of an unknown model"
				);
				Pallet::<T>::ensure_new_device(key.device_id())
					.unwrap_or_else(|error| panic!("genesis device: {error:?}"));
				let deposit = T::DeviceDeposit::get();
				Pallet::<T>::hold_deposit(HoldReason::DeviceDeposit, owner, deposit)
					.unwrap_or_else(|_| panic!("genesis device owner cannot pay the deposit"));
				let count = OwnerDeviceCount::<T>::get(owner);
				assert!(count < T::MaxDevicesPerOwner::get(), "too many genesis devices");
				let registration = NewDevice {
					key,
					manufacturer: manufacturer.clone(),
					model: *model,
					endorsed: false,
					metadata: Default::default(),
					deposit,
				};
				Pallet::<T>::record_device(owner, count, registration);
			}
		}
	}
}
