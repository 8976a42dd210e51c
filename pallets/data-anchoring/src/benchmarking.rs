//! Benchmarks of data anchoring (FRAME benchmarking v2), in the worst case: device-signed anchors
//! with P-256 signatures (the slowest scheme) of trees with `MaxLeaves` leaves, and the largest
//! batch.

use super::*;
use crate::Pallet as DataAnchoring;
use alloc::vec::Vec;
use frame_benchmarking::v2::*;
use frame_support::{traits::Get, BoundedVec};
use frame_system::RawOrigin;
use iot_primitives::{payloads, testing::TestDevice, DeviceId, DeviceRegistry};
use sp_core::H256;

/// A registered P-256 device and a signed anchor item of it for `root` at sequence 0.
fn signed_item<T: Config>(seed: u8, root: H256) -> (DeviceId, AnchorItem) {
	let owner: T::AccountId = account("owner", 0, 0);
	let maker: T::AccountId = account("manufacturer", 0, 0);
	T::Registry::register_benchmark_model(&maker, 1);
	let device = TestDevice::p256(seed);
	let id = T::Registry::register_benchmark_device(&owner, &maker, 1, device.key);
	let leaf_count = T::MaxLeaves::get();
	let message =
		payloads::anchor_message(&DataAnchoring::<T>::genesis_hash(), &id, 0, &root, leaf_count);
	(id, AnchorItem { device: id, root, leaf_count, signature: Some(device.sign(&message)) })
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn anchor() {
		let (id, item) = signed_item::<T>(1, H256::repeat_byte(1));
		let relayer: T::AccountId = whitelisted_caller();
		#[extrinsic_call]
		_(RawOrigin::Signed(relayer), item.device, item.root, item.leaf_count, item.signature);
		assert_eq!(NextSeq::<T>::get(id), 1);
	}

	#[benchmark]
	fn anchor_batch(n: Linear<1, { T::MaxBatch::get() }>) {
		let items: Vec<_> = (0..n)
			.map(|i| {
				let mut root = [0u8; 32];
				root[..4].copy_from_slice(&i.to_le_bytes());
				signed_item::<T>((i % 250) as u8 + 1, H256(root)).1
			})
			.collect();
		let relayer: T::AccountId = whitelisted_caller();
		#[extrinsic_call]
		_(RawOrigin::Signed(relayer), BoundedVec::truncate_from(items));
		assert_eq!(AnchorsByRoot::<T>::iter().count() as u32, n);
	}

	impl_benchmark_test_suite!(DataAnchoring, crate::mock::new_test_ext(), crate::mock::Test);
}
