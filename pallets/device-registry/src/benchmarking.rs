//! Benchmarks of the device registry (FRAME benchmarking v2). Every call is measured in its worst
//! case: P-256 keys and signatures (the slowest scheme), an endorsement where one can be checked,
//! the longest names and metadata, and the largest batch. Certificates: chains of four 2 KiB
//! certificates signed with RSA-4096 (the costliest algorithm), and a TPM EK chain of four more
//! (`iot_cert_path::bench_fixtures`).

use super::*;
use crate::Pallet as DeviceRegistry;
use alloc::{vec, vec::Vec};
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{fungible::Mutate, EnsureOrigin, Get},
	BoundedVec,
};
use frame_system::RawOrigin;
use iot_cert_path::bench_fixtures as bench;
use iot_primitives::{
	certificates::{CertificateBytes, SerialBytes, MAX_SERIAL_LEN},
	payloads,
	testing::TestDevice,
	AnchorOwner, DeviceId, DeviceStatus, RevocationTarget, TrustAnchor,
};
use sp_core::H256;
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

/// A registered device of `owner` with certificates (whose deposit is held): what rotating,
/// transferring and decommissioning it must also handle.
fn registered_device<T: Config>(owner: &T::AccountId, seed: u8) -> DeviceId {
	let maker = manufacturer::<T>();
	let id = match DeviceRegistry::<T>::do_register_device(
		owner,
		registration::<T>(owner, &maker, seed),
	) {
		Ok(id) => id,
		Err(error) => panic!("benchmark setup failed to register a device: {error:?}"),
	};
	let mut certificate = DeviceRegistry::<T>::worst_case_certificate();
	certificate.deposit = T::CertificateDeposit::get();
	if DeviceRegistry::<T>::hold_deposit(HoldReason::CertificateDeposit, owner, certificate.deposit)
		.is_err()
	{
		panic!("benchmark setup failed to hold a certificate deposit");
	}
	DeviceCertificates::<T>::insert(id, certificate);
	id
}

/// Records a trust anchor of `owner` whose certificate is `certificate`, without checks.
fn insert_anchor<T: Config>(owner: AnchorOwnerOf<T>, certificate: &[u8]) -> H256 {
	let id = DeviceRegistry::<T>::anchor_id(&owner, certificate);
	let anchor = TrustAnchor {
		owner,
		certificate: CertificateBytes::truncate_from(certificate.to_vec()),
		deposit: Zero::zero(),
		registered_at: Zero::zero(),
		retired_at: None,
		revocations: 0,
	};
	TrustAnchors::<T>::insert(id, anchor);
	id
}

/// The benchmark root as a global anchor that `maker`'s model accepts.
fn accepted_bench_anchor<T: Config>(maker: &T::AccountId) -> H256 {
	let id = insert_anchor::<T>(AnchorOwner::Global, bench::ROOT);
	ModelAnchors::<T>::insert(maker, MODEL, ModelAnchorsOf::<T>::truncate_from(vec![id]));
	id
}

/// A chain of `leaf` and the three RSA-4096 intermediates to the benchmark root.
fn bench_chain(anchor: H256, leaf: &[u8]) -> CertificateChain {
	let mut certificates = vec![leaf.to_vec()];
	certificates.extend(bench::INTERMEDIATES.iter().map(|c| c.to_vec()));
	CertificateChain { anchor, certificates }
}

/// The worst case: device leaf `i`'s chain and the EK chain it is bound to (8 RSA-4096
/// signatures).
fn bench_chains(anchor: H256, i: usize) -> DeviceChains {
	let leaf = bench::LEAVES.get(i).copied().unwrap_or_default();
	DeviceChains {
		device: bench_chain(anchor, leaf),
		tpm: Some(bench_chain(anchor, bench::EK_LEAF)),
	}
}

/// The device whose key benchmark leaf `i` certifies.
fn bench_device(i: usize) -> TestDevice {
	match TestDevice::p256_from_secret(bench::leaf_secret(i as u8)) {
		Some(device) => device,
		None => panic!("benchmark leaf secret {i} is not a P-256 scalar"),
	}
}

/// The certified registration of benchmark device `i` by `owner`, the longest metadata.
fn certified_registration<T: Config>(
	owner: &T::AccountId,
	maker: &T::AccountId,
	anchor: H256,
	i: usize,
) -> CertifiedRegistration<T> {
	let device = bench_device(i);
	let message =
		payloads::registration_message(&DeviceRegistry::<T>::genesis_hash(), owner, &device.key);
	CertifiedRegistration {
		key: device.key,
		manufacturer: maker.clone(),
		model_id: MODEL,
		metadata: longest_metadata::<T>(),
		proof: device.sign(&message),
		certificates: bench_chains(anchor, i),
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

	#[benchmark]
	fn void_endorsements() -> Result<(), BenchmarkError> {
		let origin = T::ManufacturerOrigin::try_successful_origin()
			.map_err(|_| BenchmarkError::Weightless)?;
		let maker = manufacturer::<T>();
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, maker.clone());
		assert!(EndorsementsVoidedAt::<T>::contains_key(&maker));
		Ok(())
	}

	/// The slowest path: every endorsement look-up (voided this block, an earlier
	/// re-endorsement, no certificate) and a P-256 endorsement checked.
	#[benchmark]
	fn endorse_device() -> Result<(), BenchmarkError> {
		let owner = funded::<T>("owner", 0);
		let maker = manufacturer::<T>();
		let registration = registration::<T>(&owner, &maker, 1);
		let endorsement = registration.endorsement.ok_or(BenchmarkError::Stop("no endorsement"))?;
		let id = DeviceRegistry::<T>::do_register_device(&owner, registration)
			.map_err(|_| BenchmarkError::Stop("registration"))?;
		EndorsedAt::<T>::insert(id, frame_system::Pallet::<T>::block_number());
		EndorsementsVoidedAt::<T>::insert(&maker, frame_system::Pallet::<T>::block_number());
		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id, endorsement);
		assert!(EndorsedAt::<T>::contains_key(id));
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

	#[benchmark]
	fn register_trust_anchor() -> Result<(), BenchmarkError> {
		let origin = T::ManufacturerOrigin::try_successful_origin()
			.map_err(|_| BenchmarkError::Weightless)?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, bench::ROOT.to_vec());
		let id = DeviceRegistry::<T>::anchor_id(&AnchorOwner::Global, bench::ROOT);
		assert!(TrustAnchors::<T>::contains_key(id));
		Ok(())
	}

	#[benchmark]
	fn register_oem_anchor() {
		let maker = manufacturer::<T>();
		ManufacturerAnchorCount::<T>::insert(&maker, T::MaxAnchorsPerManufacturer::get() - 1);
		#[extrinsic_call]
		_(RawOrigin::Signed(maker.clone()), bench::ROOT.to_vec());
		let id = DeviceRegistry::<T>::anchor_id(&AnchorOwner::Manufacturer(maker), bench::ROOT);
		assert!(TrustAnchors::<T>::contains_key(id));
	}

	#[benchmark]
	fn retire_trust_anchor() {
		let maker = manufacturer::<T>();
		let anchor = insert_anchor::<T>(AnchorOwner::Manufacturer(maker.clone()), bench::ROOT);
		#[extrinsic_call]
		_(RawOrigin::Signed(maker), anchor);
		assert!(TrustAnchors::<T>::get(anchor).is_some_and(|a| a.retired_at.is_some()));
	}

	#[benchmark]
	fn set_model_anchors(n: Linear<1, { T::MaxModelAnchors::get() }>) {
		let maker = manufacturer::<T>();
		let anchors: Vec<H256> = (0..n)
			.map(|i| {
				// Distinct 2 KiB certificates of the manufacturer's own.
				let mut certificate = bench::ROOT.to_vec();
				certificate[100] = i as u8;
				insert_anchor::<T>(AnchorOwner::Manufacturer(maker.clone()), &certificate)
			})
			.collect();
		#[extrinsic_call]
		_(RawOrigin::Signed(maker.clone()), MODEL, anchors);
		assert_eq!(ModelAnchors::<T>::get(&maker, MODEL).len() as u32, n);
	}

	#[benchmark]
	fn register_certified_device() {
		let owner = funded::<T>("owner", 0);
		let maker = manufacturer::<T>();
		let anchor = accepted_bench_anchor::<T>(&maker);
		let r = certified_registration::<T>(&owner, &maker, anchor, 0);
		let id = r.key.device_id();
		#[extrinsic_call]
		_(RawOrigin::Signed(owner), r.key, maker, MODEL, r.metadata, r.proof, r.certificates);
		assert!(DeviceCertificates::<T>::get(id).is_some_and(|c| c.tpm.is_some()));
	}

	#[benchmark]
	fn register_certified_devices(n: Linear<1, { T::MaxCertifiedBatch::get() }>) {
		let owner = funded::<T>("owner", 0);
		let maker = manufacturer::<T>();
		let anchor = accepted_bench_anchor::<T>(&maker);
		let devices: Vec<CertifiedRegistration<T>> = (0..n as usize)
			.map(|i| certified_registration::<T>(&owner, &maker, anchor, i))
			.collect();
		let last = devices.last().map(|d| d.key.device_id());
		let devices = BoundedVec::truncate_from(devices);
		#[extrinsic_call]
		_(RawOrigin::Signed(owner), devices);
		assert!(last.is_some_and(DeviceCertificates::<T>::contains_key));
	}

	#[benchmark]
	fn attach_certificates() {
		let owner = funded::<T>("owner", 0);
		let maker = manufacturer::<T>();
		let anchor = accepted_bench_anchor::<T>(&maker);
		let r = certified_registration::<T>(&owner, &maker, anchor, 0);
		let plain = DeviceRegistration {
			key: r.key,
			manufacturer: maker,
			model_id: MODEL,
			metadata: r.metadata,
			proof: r.proof,
			endorsement: None,
		};
		let device = match DeviceRegistry::<T>::do_register_device(&owner, plain) {
			Ok(id) => id,
			Err(error) => panic!("benchmark setup failed to register a device: {error:?}"),
		};
		#[extrinsic_call]
		_(RawOrigin::Signed(owner), device, r.certificates);
		assert!(DeviceCertificates::<T>::contains_key(device));
	}

	#[benchmark]
	fn revoke_certificate() {
		let maker = manufacturer::<T>();
		let anchor = insert_anchor::<T>(AnchorOwner::Manufacturer(maker.clone()), bench::ROOT);
		let target = RevocationTarget::Certificate {
			issuer: H256::repeat_byte(1),
			serial: SerialBytes::truncate_from(vec![0xff; MAX_SERIAL_LEN as usize]),
		};
		let id = target.id();
		#[extrinsic_call]
		_(RawOrigin::Signed(maker), anchor, target);
		assert!(RevokedCertificates::<T>::contains_key(anchor, id));
	}

	/// Path validation alone, per algorithm and length (not a call's weight: the figures of
	/// docs/performance.md): a 3-certificate P-256 chain.
	#[benchmark]
	fn verify_chain_p256_3() -> Result<(), BenchmarkError> {
		let anchor = iot_cert_path::Anchor::parse(bench::P256_ROOT)
			.map_err(|_| BenchmarkError::Stop("P-256 root"))?;
		let result;
		#[block]
		{
			result = iot_cert_path::verify_chain(&bench::P256_CHAIN, &anchor, bench::VALID_AT);
		}
		assert!(result.is_ok());
		Ok(())
	}

	/// Path validation alone: a TPM EK chain, RSA-3072 root → P-384 CA → EK certificate.
	#[benchmark]
	fn verify_chain_rsa3072_p384() -> Result<(), BenchmarkError> {
		let anchor = iot_cert_path::Anchor::parse(bench::RSA3072_ROOT)
			.map_err(|_| BenchmarkError::Stop("RSA-3072 root"))?;
		let result;
		#[block]
		{
			result = iot_cert_path::verify_chain(&bench::EK_CHAIN, &anchor, bench::VALID_AT);
		}
		assert!(result.is_ok());
		Ok(())
	}

	/// Path validation alone: four 2 KiB certificates signed with RSA-4096 (the worst case).
	#[benchmark]
	fn verify_chain_rsa4096_4() -> Result<(), BenchmarkError> {
		let anchor = iot_cert_path::Anchor::parse(bench::ROOT)
			.map_err(|_| BenchmarkError::Stop("RSA-4096 root"))?;
		let chain = [
			bench::LEAVES[0],
			bench::INTERMEDIATES[0],
			bench::INTERMEDIATES[1],
			bench::INTERMEDIATES[2],
		];
		let result;
		#[block]
		{
			result = iot_cert_path::verify_chain(&chain, &anchor, bench::VALID_AT);
		}
		assert!(result.is_ok());
		Ok(())
	}

	impl_benchmark_test_suite!(DeviceRegistry, crate::mock::new_test_ext(), crate::mock::Test);
}
