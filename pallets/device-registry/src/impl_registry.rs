//! The pallet as the [`iot_primitives::DeviceRegistry`] other pallets read devices through.

use crate::*;
use frame_system::pallet_prelude::*;
use iot_primitives::DeviceId;
#[cfg(feature = "runtime-benchmarks")]
use {
	frame_support::pallet_prelude::*, iot_primitives::DeviceKey, sp_core::H256,
	sp_runtime::traits::Zero,
};

impl<T: Config> iot_primitives::DeviceRegistry<T::AccountId> for Pallet<T> {
	type BlockNumber = BlockNumberFor<T>;
	type Balance = BalanceOf<T>;
	type Metadata = MetadataOf<T>;

	fn device(id: &DeviceId) -> Option<DeviceOf<T>> {
		Self::device_as_read(id)
	}

	fn is_gateway(owner: &T::AccountId, account: &T::AccountId) -> bool {
		Gateways::<T>::get(owner).iter().any(|(gateway, _)| gateway == account)
	}

	fn model_active(manufacturer: &T::AccountId, model: u32) -> Option<bool> {
		if !Models::<T>::contains_key(manufacturer, model) {
			return None;
		}
		Some(Manufacturers::<T>::get(manufacturer).is_some_and(|m| m.active))
	}

	fn certification(id: &DeviceId) -> iot_primitives::Certification {
		Self::certification(id)
	}
}

/// Benchmark setup for the pallets that read the registry (their `Config::BenchmarkHelper`).
#[cfg(feature = "runtime-benchmarks")]
impl<T: Config> iot_primitives::RegistryBenchmarkHelper<T::AccountId> for Pallet<T> {
	fn register_benchmark_model(manufacturer: &T::AccountId, model: u32) {
		let name = NameOf::<T>::default();
		Manufacturers::<T>::insert(
			manufacturer,
			Manufacturer { name: name.clone(), endorsement_key: None, active: true },
		);
		Models::<T>::insert(manufacturer, model, Model { name, deposit: Zero::zero() });
	}

	fn register_benchmark_gateways(owner: &T::AccountId) -> T::AccountId {
		let mut last = owner.clone();
		let mut gateways = BoundedVec::new();
		for index in 0..T::MaxGateways::get() {
			last = frame_benchmarking::account("gateway", index, 0);
			if gateways.try_push((last.clone(), Zero::zero())).is_err() {
				break;
			}
		}
		Gateways::<T>::insert(owner, gateways);
		last
	}

	fn register_benchmark_device(
		owner: &T::AccountId,
		manufacturer: &T::AccountId,
		model: u32,
		key: DeviceKey,
		endorsed: bool,
	) -> DeviceId {
		let count = OwnerDeviceCount::<T>::get(owner);
		let new = NewDevice {
			key,
			manufacturer: manufacturer.clone(),
			model,
			endorsed,
			metadata: Default::default(),
			deposit: Zero::zero(),
		};
		let id = Self::record_device(owner, count, new);
		if endorsed {
			// The slowest endorsement check: voided this block, still standing by a certificate.
			EndorsementsVoidedAt::<T>::insert(
				manufacturer,
				frame_system::Pallet::<T>::block_number(),
			);
			DeviceCertificates::<T>::insert(id, Self::worst_case_certificate());
		}
		id
	}
}

#[cfg(feature = "runtime-benchmarks")]
impl<T: Config> Pallet<T> {
	/// Benchmark setup: a certificate record with both chains at full length, whose revocation
	/// identifiers are all looked up (none revoked) and whose removal releases a deposit.
	pub(crate) fn worst_case_certificate() -> DeviceCertificateOf<T> {
		let full_chain = |seed: u8| iot_primitives::certificates::CertifiedChain {
			anchor: H256::repeat_byte(seed),
			certificates: BoundedVec::truncate_from(alloc::vec![H256::repeat_byte(seed); 4]),
			revocation_ids: BoundedVec::truncate_from(
				(0..7u8).map(|i| H256::repeat_byte(seed ^ i)).collect(),
			),
		};
		iot_primitives::DeviceCertificate {
			chain: full_chain(0xc0),
			tpm: Some(full_chain(0xe0)),
			certified_at: Zero::zero(),
			deposit: Zero::zero(),
		}
	}
}
