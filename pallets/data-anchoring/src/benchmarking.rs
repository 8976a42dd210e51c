//! Benchmarks of data anchoring (FRAME benchmarking v2): `anchor` once per signature scheme (the
//! call's weight follows the signature's scheme) and without a signature, and `anchor_batch` of
//! gateway anchors, up to the largest batch, where every item's device has its own owner whose
//! last gateway relays (one owner and one gateway list read per item); the weight of a batch adds,
//! per device-signed item, what its scheme's `anchor` costs over a gateway anchor
//! (`Pallet::anchor_batch_weight`). Trees have `MaxLeaves` leaves, and every device attested as
//! trusted, so recording the anchor's trust reads the attestation, the release and the floor.

use super::*;
use crate::Pallet as DataAnchoring;
use alloc::vec::Vec;
use frame_benchmarking::v2::*;
use frame_support::{dispatch::DispatchResult, traits::Get, BoundedVec};
use frame_system::RawOrigin;
use iot_primitives::{
	payloads, testing::TestDevice, DeviceId, KeyScheme, RegistryBenchmarkHelper,
	TrustBenchmarkHelper,
};
use sp_core::H256;

/// A registered, trusted device of `scheme` owned by owner `owner_index`, and a signed anchor
/// item of it for `root` at sequence 0.
fn signed_item<T: Config>(
	scheme: KeyScheme,
	seed: u8,
	owner_index: u32,
	root: H256,
) -> (DeviceId, AnchorItem) {
	let owner: T::AccountId = account("owner", owner_index, 0);
	let maker: T::AccountId = account("manufacturer", 0, 0);
	T::BenchmarkHelper::register_benchmark_model(&maker, 1);
	let device = TestDevice::of_scheme(scheme, seed);
	let id = T::BenchmarkHelper::register_benchmark_device(&owner, &maker, 1, device.key, true);
	T::BenchmarkHelper::make_benchmark_trusted(&id);
	let leaf_count = T::MaxLeaves::get();
	let message =
		payloads::anchor_message(&DataAnchoring::<T>::genesis_hash(), &id, 0, &root, leaf_count);
	(id, AnchorItem { device: id, root, leaf_count, signature: Some(device.sign(&message)) })
}

/// A device-signed anchor of a trusted device of one scheme, relayed by an account that is
/// neither the owner nor a gateway: what `anchor_<scheme>` measures, the same for every scheme.
struct SignedAnchor<T: Config> {
	/// The device.
	id: DeviceId,
	/// Its signed item.
	item: AnchorItem,
	/// Who relays it.
	relayer: T::AccountId,
}

impl<T: Config> SignedAnchor<T> {
	/// Registers a trusted device of `scheme` and signs its first anchor.
	fn new(scheme: KeyScheme) -> Self {
		let (id, item) = signed_item::<T>(scheme, 1, 0, H256::repeat_byte(1));
		Self { id, item, relayer: whitelisted_caller() }
	}

	/// Submits the anchor (the measured part).
	fn relay(&self) -> DispatchResult {
		let AnchorItem { device, root, leaf_count, signature } = self.item.clone();
		DataAnchoring::<T>::anchor(
			RawOrigin::Signed(self.relayer.clone()).into(),
			device,
			root,
			leaf_count,
			signature,
		)
	}

	/// Checks that the device's first anchor was recorded.
	fn assert_anchored(&self) {
		assert_eq!(NextSeq::<T>::get(self.id), 1);
	}
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn anchor_unsigned() {
		let (id, item) = signed_item::<T>(KeyScheme::Ed25519, 1, 0, H256::repeat_byte(1));
		let owner: T::AccountId = account("owner", 0, 0);
		// The submitter is the owner's last gateway: the authorisation scans the whole list.
		let gateway = T::BenchmarkHelper::register_benchmark_gateways(&owner);
		#[extrinsic_call]
		anchor(RawOrigin::Signed(gateway), item.device, item.root, item.leaf_count, None);
		assert_eq!(NextSeq::<T>::get(id), 1);
	}

	#[benchmark]
	fn anchor_ed25519() -> Result<(), BenchmarkError> {
		let signed = SignedAnchor::<T>::new(KeyScheme::Ed25519);
		#[block]
		{
			signed.relay()?;
		}
		signed.assert_anchored();
		Ok(())
	}

	#[benchmark]
	fn anchor_sr25519() -> Result<(), BenchmarkError> {
		let signed = SignedAnchor::<T>::new(KeyScheme::Sr25519);
		#[block]
		{
			signed.relay()?;
		}
		signed.assert_anchored();
		Ok(())
	}

	#[benchmark]
	fn anchor_ecdsa() -> Result<(), BenchmarkError> {
		let signed = SignedAnchor::<T>::new(KeyScheme::Ecdsa);
		#[block]
		{
			signed.relay()?;
		}
		signed.assert_anchored();
		Ok(())
	}

	#[benchmark]
	fn anchor_p256() -> Result<(), BenchmarkError> {
		let signed = SignedAnchor::<T>::new(KeyScheme::P256);
		#[block]
		{
			signed.relay()?;
		}
		signed.assert_anchored();
		Ok(())
	}

	#[benchmark]
	fn anchor_batch(n: Linear<1, { T::MaxBatch::get() }>) {
		let items: Vec<_> = (0..n)
			.map(|i| {
				let mut root = [0u8; 32];
				root[..4].copy_from_slice(&i.to_le_bytes());
				let (_, item) =
					signed_item::<T>(KeyScheme::Ed25519, (i % 250) as u8 + 1, i, H256(root));
				AnchorItem { signature: None, ..item }
			})
			.collect();
		// Every item has its own owner, each with a full gateway list whose last entry is the
		// submitter: every item reads another list and scans all of it.
		let mut gateway = whitelisted_caller();
		for i in 0..n {
			gateway = T::BenchmarkHelper::register_benchmark_gateways(&account("owner", i, 0));
		}
		#[extrinsic_call]
		_(RawOrigin::Signed(gateway), BoundedVec::truncate_from(items));
		assert_eq!(AnchorsByRoot::<T>::iter().count() as u32, n);
	}

	impl_benchmark_test_suite!(DataAnchoring, crate::mock::new_test_ext(), crate::mock::Test);
}
