//! Storage migrations of firmware attestation.
//!
//! - **v1 → v2** ([`v2::MigrateToV2`]): `Releases` is keyed by `Blake2_128Concat` of the firmware
//!   digest instead of `Identity` (the manufacturer chooses the digest, so an unhashed key would let
//!   it shape the trie). Every release is moved to its new key, unchanged.
//! - **v2 → v3** ([`v3::MigrateToV3`]): an attestation result records the evidence that produced
//!   it ([`iot_primitives::EvidenceKind`]). Results recorded before cannot tell, so they become
//!   `Reported`: a device of a TPM model reads `Untrusted { QuoteRequired }` until its next quote
//!   (the safe side: a result that might have come from self-reported evidence does not vouch for
//!   a measured boot).

use crate::{AttestationRecord, Config, Pallet, ReleaseOf};
use frame_support::{
	migrations::VersionedMigration,
	pallet_prelude::*,
	storage_alias,
	traits::{Get, UncheckedOnRuntimeUpgrade},
	weights::Weight,
};

/// The migration from storage version 1 to 2.
pub mod v2 {
	// `#[storage_alias]` generates an undocumented prefix struct for each alias.
	#![allow(missing_docs)]
	use super::*;
	#[cfg(feature = "try-runtime")]
	use alloc::vec::Vec;

	/// Version 1's `Releases`: the digest was an `Identity` key.
	#[storage_alias]
	pub type Releases<T: Config> = StorageNMap<
		Pallet<T>,
		(
			NMapKey<Blake2_128Concat, <T as frame_system::Config>::AccountId>,
			NMapKey<Twox64Concat, u32>,
			NMapKey<Identity, [u8; 32]>,
		),
		ReleaseOf<T>,
	>;

	/// Re-keys every release (unversioned; use [`MigrateToV2`]).
	pub struct InnerMigrateToV2<T>(core::marker::PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for InnerMigrateToV2<T> {
		fn on_runtime_upgrade() -> Weight {
			// Drain first: the old and the new keys share the map's prefix.
			let releases: alloc::vec::Vec<_> = Releases::<T>::drain().collect();
			let count = releases.len() as u64;
			for ((manufacturer, model, digest), release) in releases {
				crate::Releases::<T>::insert((manufacturer, model, digest), release);
			}
			log::info!(target: "runtime::firmware-attestation", "migrated {count} releases to v2");
			T::DbWeight::get().reads_writes(count, count.saturating_mul(2))
		}

		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<Vec<u8>, sp_runtime::TryRuntimeError> {
			let releases: Vec<_> = Releases::<T>::iter().collect();
			Ok(releases.encode())
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			type Entry<T> = ((<T as frame_system::Config>::AccountId, u32, [u8; 32]), ReleaseOf<T>);
			let before = Vec::<Entry<T>>::decode(&mut &state[..])
				.map_err(|_| "pre_upgrade state does not decode")?;
			ensure!(
				crate::Releases::<T>::iter().count() == before.len(),
				"the number of releases changed"
			);
			for ((manufacturer, model, digest), release) in before {
				ensure!(
					crate::Releases::<T>::get((manufacturer, model, digest)) == Some(release),
					"a release was lost or changed"
				);
			}
			Ok(())
		}
	}

	/// `Releases` re-keyed, run only when the on-chain storage version is 1; sets it to 2.
	pub type MigrateToV2<T> = VersionedMigration<
		1,
		2,
		InnerMigrateToV2<T>,
		Pallet<T>,
		<T as frame_system::Config>::DbWeight,
	>;
}

/// The migration from storage version 2 to 3.
pub mod v3 {
	use super::*;
	#[cfg(feature = "try-runtime")]
	use alloc::vec::Vec;
	use frame_system::pallet_prelude::BlockNumberFor;
	use iot_primitives::{EvidenceKind, Verdict};

	/// Version 2's attestation result: no evidence kind.
	#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
	pub struct AttestationRecordV2<BlockNumber> {
		/// Digest of the attested firmware.
		pub firmware_digest: [u8; 32],
		/// Security version the evidence claimed.
		pub security_version: u32,
		/// The device's boot counter.
		pub boot_count: u32,
		/// Block of the attestation.
		pub attested_at: BlockNumber,
		/// The verdict at that block.
		pub verdict: Verdict,
	}

	impl<BlockNumber> AttestationRecordV2<BlockNumber> {
		/// The version-3 record: the evidence is taken as `Reported`.
		pub fn upgraded(self) -> AttestationRecord<BlockNumber> {
			AttestationRecord {
				firmware_digest: self.firmware_digest,
				security_version: self.security_version,
				boot_count: self.boot_count,
				attested_at: self.attested_at,
				verdict: self.verdict,
				evidence: EvidenceKind::Reported,
			}
		}
	}

	/// Adds the evidence kind to every attestation result (unversioned; use [`MigrateToV3`]).
	pub struct InnerMigrateToV3<T>(core::marker::PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for InnerMigrateToV3<T> {
		fn on_runtime_upgrade() -> Weight {
			let mut count = 0u64;
			crate::Attestations::<T>::translate::<AttestationRecordV2<BlockNumberFor<T>>, _>(
				|_, old| {
					count = count.saturating_add(1);
					Some(old.upgraded())
				},
			);
			log::info!(target: "runtime::firmware-attestation", "migrated {count} attestation results to v3");
			T::DbWeight::get().reads_writes(count, count)
		}

		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<Vec<u8>, sp_runtime::TryRuntimeError> {
			let count = crate::Attestations::<T>::iter_keys().count() as u64;
			Ok(count.encode())
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			let before =
				u64::decode(&mut &state[..]).map_err(|_| "pre_upgrade state does not decode")?;
			let after = crate::Attestations::<T>::iter_values()
				.filter(|record| record.evidence == EvidenceKind::Reported)
				.count() as u64;
			ensure!(after == before, "an attestation result was lost");
			Ok(())
		}
	}

	/// The evidence kind added, run only when the on-chain storage version is 2; sets it to 3.
	pub type MigrateToV3<T> = VersionedMigration<
		2,
		3,
		InnerMigrateToV3<T>,
		Pallet<T>,
		<T as frame_system::Config>::DbWeight,
	>;
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::mock::*;
	use frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion};
	use iot_primitives::Release;

	fn release(security_version: u32) -> ReleaseOf<Test> {
		Release {
			version: BoundedVec::truncate_from(b"1.0".to_vec()),
			security_version,
			published_at: 3,
			revoked: (security_version == 2).then_some(5),
			deposit: 25,
		}
	}

	#[test]
	fn v1_releases_move_to_hashed_keys() {
		new_test_ext().execute_with(|| {
			StorageVersion::new(1).put::<Pallet<Test>>();
			for (index, digest) in [[1u8; 32], [2; 32], [3; 32]].into_iter().enumerate() {
				v2::Releases::<Test>::insert((ACME, MODEL, digest), release(index as u32 + 1));
			}
			// Under the v2 layout nothing is found before the migration.
			assert_eq!(crate::Releases::<Test>::get((ACME, MODEL, [1u8; 32])), None);

			v2::MigrateToV2::<Test>::on_runtime_upgrade();

			assert_eq!(Pallet::<Test>::on_chain_storage_version(), 2);
			assert_eq!(crate::Releases::<Test>::iter().count(), 3);
			for (index, digest) in [[1u8; 32], [2; 32], [3; 32]].into_iter().enumerate() {
				assert_eq!(
					crate::Releases::<Test>::get((ACME, MODEL, digest)),
					Some(release(index as u32 + 1))
				);
			}
			// Nothing is left under the old keys.
			assert!(!v2::Releases::<Test>::contains_key((ACME, MODEL, [1u8; 32])));
		});
	}

	#[test]
	fn v2_results_become_reported_evidence() {
		use frame_system::pallet_prelude::BlockNumberFor;
		use iot_primitives::{EvidenceKind, UntrustedReason, Verdict};
		use sp_core::H256;
		#[frame_support::storage_alias]
		type Attestations<T: Config> = StorageMap<
			Pallet<T>,
			Identity,
			iot_primitives::DeviceId,
			v3::AttestationRecordV2<BlockNumberFor<T>>,
		>;
		new_test_ext().execute_with(|| {
			StorageVersion::new(2).put::<Pallet<Test>>();
			let old = |verdict| v3::AttestationRecordV2 {
				firmware_digest: [7; 32],
				security_version: 4,
				boot_count: 9,
				attested_at: 12,
				verdict,
			};
			let untrusted = Verdict::Untrusted { reason: UntrustedReason::Rollback };
			Attestations::<Test>::insert(H256::repeat_byte(1), old(Verdict::Trusted));
			Attestations::<Test>::insert(H256::repeat_byte(2), old(untrusted));

			let weight = v3::MigrateToV3::<Test>::on_runtime_upgrade();

			assert_eq!(Pallet::<Test>::on_chain_storage_version(), 3);
			let db: frame_support::weights::RuntimeDbWeight =
				<Test as frame_system::Config>::DbWeight::get();
			assert_eq!(weight, db.reads_writes(2, 2).saturating_add(db.reads_writes(1, 1)));
			for (id, verdict) in
				[(H256::repeat_byte(1), Verdict::Trusted), (H256::repeat_byte(2), untrusted)]
			{
				assert_eq!(
					crate::Attestations::<Test>::get(id),
					Some(AttestationRecord {
						firmware_digest: [7; 32],
						security_version: 4,
						boot_count: 9,
						attested_at: 12,
						verdict,
						evidence: EvidenceKind::Reported,
					})
				);
			}
			// Run again, it does nothing: the version is 3.
			assert_eq!(v3::MigrateToV3::<Test>::on_runtime_upgrade(), db.reads(1));
		});
	}

	#[test]
	fn the_migration_runs_once() {
		new_test_ext().execute_with(|| {
			StorageVersion::new(2).put::<Pallet<Test>>();
			crate::Releases::<Test>::insert((ACME, MODEL, [9u8; 32]), release(1));
			let weight = v2::MigrateToV2::<Test>::on_runtime_upgrade();
			let db: frame_support::weights::RuntimeDbWeight =
				<Test as frame_system::Config>::DbWeight::get();
			assert_eq!(weight, db.reads(1), "only the storage version was read");
			assert_eq!(crate::Releases::<Test>::get((ACME, MODEL, [9u8; 32])), Some(release(1)));
		});
	}
}
