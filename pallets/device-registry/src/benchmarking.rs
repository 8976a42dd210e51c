//! Benchmarks of the device registry (FRAME benchmarking v2). Every call is measured in its worst
//! case: P-256 keys and signatures (the slowest scheme), an endorsement where one can be checked,
//! the longest names and metadata, and the largest batch.

use super::*;
use crate::Pallet as DeviceRegistry;
use alloc::{vec, vec::Vec};
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{fungible::Mutate, EnsureOrigin, Get},
	BoundedVec,
};
use frame_system::RawOrigin;
use iot_primitives::{payloads, testing::TestDevice, DeviceId, DeviceStatus};
use sp_runtime::traits::{Bounded, Zero};

/// Seed of the manufacturer's endorsement key.
const ENDORSER_SEED: u8 = 255;
/// The model every benchmark device belongs to.
const MODEL: u32 = 1;

fn funded<T: Config>(name: &'static str, index: u32) -> T::AccountId {
	let account: T::AccountId = account(name, index, 0);
	T::Currency::set_balance(&account, BalanceOf::<T>::max_value() / 4u32.into());
	account
}

/// An active manufacturer with a P-256 endorsement key, the longest name and one model.
fn manufacturer<T: Config>() -> T::AccountId {
	let maker = funded::<T>("manufacturer", 0);
	let name = NameOf::<T>::truncate_from(vec![b'm'; T::MaxNameLength::get() as usize]);
	Manufacturers::<T>::insert(
		&maker,
		Manufacturer {
			name: name.clone(),
			endorsement_key: Some(TestDevice::p256(ENDORSER_SEED).key),
			active: true,
		},
	);
	Models::<T>::insert(&maker, MODEL, Model { name, deposit: Zero::zero() });
	maker
}

fn longest_metadata<T: Config>() -> Vec<u8> {
	vec![b'd'; T::MaxMetadataLength::get() as usize]
}

/// A complete, endorsed registration of the P-256 device `seed` by `owner`.
fn registration<T: Config>(
	owner: &T::AccountId,
	maker: &T::AccountId,
	seed: u8,
) -> DeviceRegistration<T> {
	let device = TestDevice::p256(seed);
	let proof = device.sign(&payloads::registration_message(
		&DeviceRegistry::<T>::genesis_hash(),
		owner,
		&device.key,
	));
	let endorser = TestDevice::p256(ENDORSER_SEED);
	let endorsement = endorser.sign(&payloads::endorsement_message(maker, MODEL, &device.key));
	DeviceRegistration {
		key: device.key,
		manufacturer: maker.clone(),
		model_id: MODEL,
		metadata: longest_metadata::<T>(),
		proof,
		endorsement: Some(endorsement),
	}
}

/// A registered device of `owner`.
fn registered_device<T: Config>(owner: &T::AccountId, seed: u8) -> DeviceId {
	let maker = manufacturer::<T>();
	match DeviceRegistry::<T>::do_register_device(owner, registration::<T>(owner, &maker, seed)) {
		Ok(id) => id,
		Err(error) => panic!("benchmark setup failed to register a device: {error:?}"),
	}
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn register_manufacturer() -> Result<(), BenchmarkError> {
		let origin = T::ManufacturerOrigin::try_successful_origin()
			.map_err(|_| BenchmarkError::Weightless)?;
		let maker = manufacturer::<T>();
		let name = vec![b'n'; T::MaxNameLength::get() as usize];
		let key = Some(TestDevice::p256(1).key);
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, maker.clone(), name, key);
		assert_eq!(Manufacturers::<T>::get(&maker).and_then(|m| m.endorsement_key), key);
		Ok(())
	}

	#[benchmark]
	fn set_manufacturer_status() -> Result<(), BenchmarkError> {
		let origin = T::ManufacturerOrigin::try_successful_origin()
			.map_err(|_| BenchmarkError::Weightless)?;
		let maker = manufacturer::<T>();
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, maker.clone(), false);
		assert_eq!(Manufacturers::<T>::get(&maker).map(|m| m.active), Some(false));
		Ok(())
	}

	#[benchmark]
	fn register_model() {
		let maker = manufacturer::<T>();
		let name = vec![b'n'; T::MaxNameLength::get() as usize];
		#[extrinsic_call]
		_(RawOrigin::Signed(maker.clone()), MODEL + 1, name);
		assert!(Models::<T>::contains_key(&maker, MODEL + 1));
	}

	#[benchmark]
	fn register_device() {
		let owner = funded::<T>("owner", 0);
		let maker = manufacturer::<T>();
		let r = registration::<T>(&owner, &maker, 1);
		let id = r.key.device_id();
		#[extrinsic_call]
		_(
			RawOrigin::Signed(owner.clone()),
			r.key,
			r.manufacturer,
			r.model_id,
			r.metadata,
			r.proof,
			r.endorsement,
		);
		assert!(Devices::<T>::get(id).is_some_and(|d| d.endorsed && d.owner == owner));
	}

	#[benchmark]
	fn register_devices(n: Linear<1, { T::MaxBatch::get() }>) {
		let owner = funded::<T>("owner", 0);
		let maker = manufacturer::<T>();
		let batch: Vec<_> =
			(0..n).map(|i| registration::<T>(&owner, &maker, (i % 250) as u8 + 1)).collect();
		let batch = BoundedVec::truncate_from(batch);
		#[extrinsic_call]
		_(RawOrigin::Signed(owner.clone()), batch);
		assert_eq!(OwnerDeviceCount::<T>::get(&owner), n);
	}

	#[benchmark]
	fn update_metadata() {
		let owner = funded::<T>("owner", 0);
		let id = registered_device::<T>(&owner, 1);
		let metadata = vec![b'u'; T::MaxMetadataLength::get() as usize];
		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id, metadata.clone());
		assert_eq!(Devices::<T>::get(id).map(|d| d.metadata.to_vec()), Some(metadata));
	}

	#[benchmark]
	fn rotate_key() {
		let owner = funded::<T>("owner", 0);
		let id = registered_device::<T>(&owner, 1);
		let old = TestDevice::p256(1);
		let new = TestDevice::p256(2);
		let message =
			payloads::rotation_message(&DeviceRegistry::<T>::genesis_hash(), &id, &new.key, 0);
		let (old_signature, new_signature) = (old.sign(&message), new.sign(&message));
		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id, new.key, old_signature, new_signature);
		assert_eq!(Devices::<T>::get(id).map(|d| d.key), Some(new.key));
	}

	#[benchmark]
	fn suspend() {
		let owner = funded::<T>("owner", 0);
		let id = registered_device::<T>(&owner, 1);
		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id);
		assert_eq!(Devices::<T>::get(id).map(|d| d.status), Some(DeviceStatus::Suspended));
	}

	#[benchmark]
	fn resume() {
		let owner = funded::<T>("owner", 0);
		let id = registered_device::<T>(&owner, 1);
		Devices::<T>::mutate(id, |d| {
			if let Some(d) = d {
				d.status = DeviceStatus::Suspended
			}
		});
		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id);
		assert_eq!(Devices::<T>::get(id).map(|d| d.status), Some(DeviceStatus::Active));
	}

	/// The worst case is the manufacturer's revocation: it also reads the manufacturer (is it
	/// still active?) and marks the revocation as reinstatable.
	#[benchmark]
	fn revoke() {
		let owner = funded::<T>("owner", 0);
		let id = registered_device::<T>(&owner, 1);
		PendingTransfers::<T>::insert(id, funded::<T>("recipient", 0));
		let maker = manufacturer::<T>();
		#[extrinsic_call]
		_(RawOrigin::Signed(maker), id, 7);
		assert_eq!(
			Devices::<T>::get(id).map(|d| d.status),
			Some(DeviceStatus::Revoked { reason: 7 })
		);
		assert!(RevokedByManufacturer::<T>::contains_key(id));
	}

	#[benchmark]
	fn reinstate_device() -> Result<(), BenchmarkError> {
		let origin = T::ManufacturerOrigin::try_successful_origin()
			.map_err(|_| BenchmarkError::Weightless)?;
		let owner = funded::<T>("owner", 0);
		let id = registered_device::<T>(&owner, 1);
		let maker = manufacturer::<T>();
		DeviceRegistry::<T>::revoke(RawOrigin::Signed(maker).into(), id, 7)
			.map_err(|_| BenchmarkError::Stop("the manufacturer could not revoke"))?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, id);
		assert_eq!(Devices::<T>::get(id).map(|d| d.status), Some(DeviceStatus::Active));
		Ok(())
	}

	/// In the runtime, `OnDeviceRemoved` removes the device's entries in the attestation and
	/// anchoring pallets too, so their writes are part of the measured weight.
	#[benchmark]
	fn decommission() {
		let owner = funded::<T>("owner", 0);
		let id = registered_device::<T>(&owner, 1);
		PendingTransfers::<T>::insert(id, funded::<T>("recipient", 0));
		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id);
		assert!(Devices::<T>::get(id).is_none());
	}

	#[benchmark]
	fn offer_transfer() {
		let owner = funded::<T>("owner", 0);
		let recipient = funded::<T>("recipient", 0);
		let id = registered_device::<T>(&owner, 1);
		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id, recipient.clone());
		assert_eq!(PendingTransfers::<T>::get(id), Some(recipient));
	}

	#[benchmark]
	fn accept_transfer() {
		let owner = funded::<T>("owner", 0);
		let recipient = funded::<T>("recipient", 0);
		let id = registered_device::<T>(&owner, 1);
		PendingTransfers::<T>::insert(id, recipient.clone());
		#[extrinsic_call]
		_(RawOrigin::Signed(recipient.clone()), id);
		assert_eq!(Devices::<T>::get(id).map(|d| d.owner), Some(recipient));
	}

	#[benchmark]
	fn cancel_transfer() {
		let owner = funded::<T>("owner", 0);
		let id = registered_device::<T>(&owner, 1);
		PendingTransfers::<T>::insert(id, funded::<T>("recipient", 0));
		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id);
		assert!(PendingTransfers::<T>::get(id).is_none());
	}

	#[benchmark]
	fn add_gateway() {
		let owner = funded::<T>("owner", 0);
		// The list is full but for one place: the duplicate scan covers every entry.
		for i in 1..T::MaxGateways::get() {
			let gateway: T::AccountId = account("gateway", i, 0);
			Gateways::<T>::mutate(&owner, |list| list.try_push((gateway, Zero::zero())).ok());
		}
		let gateway: T::AccountId = account("gateway", 0, 0);
		#[extrinsic_call]
		_(RawOrigin::Signed(owner.clone()), gateway.clone());
		assert!(<DeviceRegistry<T> as iot_primitives::DeviceRegistry<_>>::is_gateway(
			&owner, &gateway
		));
	}

	#[benchmark]
	fn remove_gateway() -> Result<(), BenchmarkError> {
		let owner = funded::<T>("owner", 0);
		// A full list whose last entry is removed.
		for i in 1..T::MaxGateways::get() {
			let gateway: T::AccountId = account("gateway", i, 0);
			Gateways::<T>::mutate(&owner, |list| list.try_push((gateway, Zero::zero())).ok());
		}
		let gateway: T::AccountId = account("gateway", 0, 0);
		DeviceRegistry::<T>::add_gateway(RawOrigin::Signed(owner.clone()).into(), gateway.clone())
			.map_err(|_| BenchmarkError::Stop("the gateway could not be added"))?;
		#[extrinsic_call]
		_(RawOrigin::Signed(owner.clone()), gateway.clone());
		assert!(!<DeviceRegistry<T> as iot_primitives::DeviceRegistry<_>>::is_gateway(
			&owner, &gateway
		));
		Ok(())
	}

	impl_benchmark_test_suite!(DeviceRegistry, crate::mock::new_test_ext(), crate::mock::Test);
}
