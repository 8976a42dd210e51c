//! Storage migrations of data anchoring.
//!
//! - **v1 → v2** ([`v2::MigrateToV2`]): roots become unique per device. Version 1's
//!   `AnchorsByRoot` mapped a root (an `Identity` key) to the one `(device, seq)` that anchored
//!   it; version 2 maps `(root, device)` (`Blake2_128Concat` root) to `seq`. Every entry is moved;
//!   anchors themselves (`Anchors`) and sequence counters are unchanged.
//!
//! It runs in one block: iot-chain is pre-release, and its chains hold few anchors. A chain with
//! millions of anchors would move them with a multi-block migration (`pallet-migrations`)
//! instead; see `docs/operations.md`.

use crate::{Config, Pallet};
use frame_support::{
	migrations::VersionedMigration,
	pallet_prelude::*,
	storage_alias,
	traits::{Get, UncheckedOnRuntimeUpgrade},
	weights::Weight,
};
use iot_primitives::DeviceId;
use sp_core::H256;

/// The migration from storage version 1 to 2.
pub mod v2 {
	// `#[storage_alias]` generates an undocumented prefix struct for each alias.
	#![allow(missing_docs)]
	use super::*;
	#[cfg(feature = "try-runtime")]
	use alloc::vec::Vec;

	/// Version 1's `AnchorsByRoot`: root → (device, seq), one anchor per root chain-wide.
	#[storage_alias]
	pub type AnchorsByRoot<T: Config> = StorageMap<Pallet<T>, Identity, H256, (DeviceId, u64)>;

	/// Re-indexes every root (unversioned; use [`MigrateToV2`]).
	pub struct InnerMigrateToV2<T>(core::marker::PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for InnerMigrateToV2<T> {
		fn on_runtime_upgrade() -> Weight {
			// Drain first: the old and the new keys share the map's prefix.
			let entries: alloc::vec::Vec<_> = AnchorsByRoot::<T>::drain().collect();
			let count = entries.len() as u64;
			for (root, (device, seq)) in entries {
				crate::AnchorsByRoot::<T>::insert(root, device, seq);
			}
			log::info!(target: "runtime::data-anchoring", "migrated {count} root index entries to v2");
			T::DbWeight::get().reads_writes(count, count.saturating_mul(2))
		}

		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<Vec<u8>, sp_runtime::TryRuntimeError> {
			let entries: Vec<(H256, (DeviceId, u64))> = AnchorsByRoot::<T>::iter().collect();
			Ok(entries.encode())
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			let before = Vec::<(H256, (DeviceId, u64))>::decode(&mut &state[..])
				.map_err(|_| "pre_upgrade state does not decode")?;
			ensure!(
				crate::AnchorsByRoot::<T>::iter().count() == before.len(),
				"the number of indexed roots changed"
			);
			for (root, (device, seq)) in before {
				ensure!(
					crate::AnchorsByRoot::<T>::get(root, device) == Some(seq),
					"a root lost its anchor"
				);
				ensure!(
					Pallet::<T>::anchor_of(&device, &root).is_some_and(|a| a.seq == seq),
					"an indexed root does not lead to its anchor"
				);
			}
			Pallet::<T>::do_try_state()
		}
	}

	/// The root index re-keyed per device, run only when the on-chain storage version is 1; sets
	/// it to 2.
	pub type MigrateToV2<T> = VersionedMigration<
		1,
		2,
		InnerMigrateToV2<T>,
		Pallet<T>,
		<T as frame_system::Config>::DbWeight,
	>;
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::{mock::*, Anchors, AnchorsByRoot, NextSeq};
	use frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion};
	use iot_primitives::Anchor;

	fn anchor(device: DeviceId, seq: u64, root: H256) -> crate::AnchorOf<Test> {
		Anchor {
			device,
			seq,
			root,
			leaf_count: 4,
			block: 3,
			timestamp: NOW_MS,
			submitter: OWNER,
			device_signed: seq == 0,
			trusted: false,
		}
	}

	#[test]
	fn v1_roots_are_indexed_per_device() {
		new_test_ext().execute_with(|| {
			StorageVersion::new(1).put::<Pallet<Test>>();
			let (a, b) = (DeviceId::repeat_byte(0xa), DeviceId::repeat_byte(0xb));
			let roots: Vec<_> = (1u8..=3).map(H256::repeat_byte).collect();
			let v1 = [(a, 0, roots[0]), (a, 1, roots[1]), (b, 0, roots[2])];
			for (device, seq, root) in v1 {
				Anchors::<Test>::insert(device, seq, anchor(device, seq, root));
				v2::AnchorsByRoot::<Test>::insert(root, (device, seq));
			}
			NextSeq::<Test>::insert(a, 2);
			NextSeq::<Test>::insert(b, 1);

			v2::MigrateToV2::<Test>::on_runtime_upgrade();

			assert_eq!(Pallet::<Test>::on_chain_storage_version(), 2);
			assert_eq!(AnchorsByRoot::<Test>::iter().count(), 3);
			for (device, seq, root) in v1 {
				assert_eq!(AnchorsByRoot::<Test>::get(root, device), Some(seq));
				assert_eq!(
					Pallet::<Test>::anchor_of(&device, &root),
					Some(anchor(device, seq, root))
				);
				assert_eq!(Pallet::<Test>::find_anchors(&root), vec![anchor(device, seq, root)]);
			}
			assert_eq!(v2::AnchorsByRoot::<Test>::iter().count(), 0);
			Pallet::<Test>::do_try_state().expect("v2 invariants hold");
		});
	}

	#[test]
	fn the_migration_runs_once() {
		new_test_ext().execute_with(|| {
			StorageVersion::new(2).put::<Pallet<Test>>();
			let weight = v2::MigrateToV2::<Test>::on_runtime_upgrade();
			let db: frame_support::weights::RuntimeDbWeight =
				<Test as frame_system::Config>::DbWeight::get();
			assert_eq!(weight, db.reads(1), "only the storage version was read");
		});
	}
}
