//! # Firmware attestation pallet
//!
//! The chain as the *verifier* of IETF RATS (RFC 9334): manufacturers publish **reference values**
//! (firmware releases with a monotonic security version, revocations, security floors); devices
//! send signed **evidence** of the firmware they run; the chain checks the evidence and records an
//! **attestation result** that anyone can query.
//!
//! - Evidence is bound to the chain and to the present: it signs the genesis hash and a recent
//!   block hash (at most `FreshnessWindow` blocks old — the block hash is the nonce), and carries a
//!   counter that must exceed the device's last accepted one (replay protection). Evidence failing
//!   these checks is rejected with a specific error and changes nothing.
//! - Checked evidence is always *recorded*, trusted or not: unknown firmware, a revoked release, a
//!   release below the floor, or a security version below one the device attested before (a
//!   rollback) yield `Untrusted { reason }` — the chain remembers that a device reported bad
//!   firmware.
//! - Trust is evaluated when read ([`Pallet::trust_status`]), from the stored result plus today's
//!   releases, floor and device status. Revoking a release or raising a floor therefore takes
//!   effect for every device at once, with no iteration; results expire after
//!   `AttestationValidity` blocks.
//! - A trusted attestation of a **factory-endorsed** device is free at most once per
//!   `MinAttestationInterval` blocks per device, and free attestations together use at most
//!   `MaxFreeAttestationWeight` per block; everything else pays. Software keys need no endorsement
//!   to register and firmware digests are public, so free service for them would let anyone fill
//!   blocks for the price of refundable deposits.
//! - **Hardware-rooted evidence** (spec §10): a device whose key is a TPM 2.0 attestation key
//!   submits `TPM2_Quote` results ([`Pallet::submit_tpm_quote`]). The TPM measured the firmware
//!   into its PCRs before the firmware ran, and the quote's PCR digest is matched against the PCR
//!   policies manufacturers attach to releases (`set_release_measurement`); the nonce in the
//!   quote binds it to the chain, the device, a recent block and a counter, and the TPM's boot
//!   counters never go back. See [`tpm`].
//! - **Measured boot** (spec §13): a quote may carry the TPM's boot event log; the chain replays
//!   it against the quoted PCR digest, records the verified boot, and checks it against the
//!   release's boot policy (`set_boot_policy`): which boot loader, kernel and Secure Boot state
//!   may boot. See `boot.rs`.
//! - Manufacturer powers end with the manufacturer: a deactivated manufacturer cannot publish or
//!   revoke releases or set floors, and `ForceOrigin` can undo what a manufacturer did
//!   (`force_set_security_floor` may lower a floor, `force_reinstate_release`) — the remedy for a
//!   stolen manufacturer key.
//!
//! Devices are looked up through the [`iot_primitives::DeviceRegistry`] trait.
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

use frame_support::pallet_macros::import_section;
pub use pallet::*;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod boot;
mod errors;
mod events;
mod evidence;
mod impl_trust;
pub mod migrations;
#[cfg(test)]
mod mock;
mod releases;
#[cfg(test)]
mod tests;
pub mod tpm;
pub mod types;
pub mod weights;

pub use types::*;
pub use weights::WeightInfo;

#[import_section(events::events)]
#[import_section(errors::errors)]
#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use alloc::vec::Vec;
	use frame_support::{
		dispatch::{DispatchResultWithPostInfo, PostDispatchInfo},
		pallet_prelude::*,
		traits::fungible::{Mutate, MutateHold},
	};
	use frame_system::pallet_prelude::*;
	use iot_primitives::{
		boot::{
			BootEvidence, BootPolicy, BootPolicyError, BootRecord, BootViolation, EventLogError,
			MatchedComponents,
		},
		DeviceId, DeviceRegistry, DeviceSignature, PcrPolicy, QuoteBytes, Release, TpmClock,
		Verdict,
	};
	use sp_core::H256;
	use sp_runtime::{traits::Zero, SaturatedConversion};

	/// The in-code storage version. Version 2 keys `Releases` by `Blake2_128Concat` of the digest
	/// (version 1: `Identity`); version 3 records the evidence kind of each attestation result;
	/// see [`crate::migrations`].
	pub const STORAGE_VERSION: StorageVersion = StorageVersion::new(3);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Configuration of firmware attestation.
	#[pallet::config]
	pub trait Config: frame_system::Config<Hash = H256> {
		/// The device registry.
		type Registry: DeviceRegistry<Self::AccountId, BlockNumber = BlockNumberFor<Self>>;

		/// The currency in which release deposits are held.
		type Currency: MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>
			+ Mutate<Self::AccountId>;

		/// The overarching hold reason.
		type RuntimeHoldReason: From<HoldReason>;

		/// Deposit held from a manufacturer for each release. Releases are permanent reference
		/// values (attestation results point at them), so the deposit stays held.
		#[pallet::constant]
		type ReleaseDeposit: Get<BalanceOf<Self>>;

		/// Deposit held from a manufacturer for a release's measurement (PCR policy); like the
		/// release, it stays held.
		#[pallet::constant]
		type MeasurementDeposit: Get<BalanceOf<Self>>;

		/// Deposit held from a manufacturer for a release's boot policy, released when the policy
		/// is removed.
		#[pallet::constant]
		type BootPolicyDeposit: Get<BalanceOf<Self>>;

		/// Maximum length of a release's version string.
		#[pallet::constant]
		type MaxVersionLength: Get<u32>;

		/// How many blocks old evidence's `recent_block` may be.
		#[pallet::constant]
		type FreshnessWindow: Get<BlockNumberFor<Self>>;

		/// For how many blocks an attestation result stays valid.
		#[pallet::constant]
		type AttestationValidity: Get<BlockNumberFor<Self>>;

		/// A trusted attestation of a factory-endorsed device is fee-free at most once per this
		/// many blocks per device.
		#[pallet::constant]
		type MinAttestationInterval: Get<BlockNumberFor<Self>>;

		/// The most weight that fee-free attestations may use together in one block; beyond it
		/// they pay.
		#[pallet::constant]
		type MaxFreeAttestationWeight: Get<Weight>;

		/// The origin that may undo a manufacturer's actions (`force_set_security_floor`,
		/// `force_reinstate_release`).
		type ForceOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;

		/// Registers the devices, models and gateways the benchmarks need.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: iot_primitives::RegistryBenchmarkHelper<Self::AccountId>;
	}

	/// Why this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// The deposit of a published release, held from its manufacturer.
		#[codec(index = 0)]
		ReleaseDeposit,
		/// The deposit of a release's measurement, held from its manufacturer.
		#[codec(index = 1)]
		MeasurementDeposit,
		/// The deposit of a release's boot policy, held from its manufacturer.
		#[codec(index = 2)]
		BootPolicyDeposit,
	}

	/// Published releases: (manufacturer, model, firmware digest) → release. The digest is
	/// chosen by the manufacturer, so it is hashed (`Blake2_128Concat`).
	#[pallet::storage]
	pub type Releases<T: Config> = StorageNMap<
		_,
		(
			NMapKey<Blake2_128Concat, T::AccountId>,
			NMapKey<Twox64Concat, u32>,
			NMapKey<Blake2_128Concat, [u8; 32]>,
		),
		ReleaseOf<T>,
	>;

	/// The highest security version published for each (manufacturer, model).
	#[pallet::storage]
	pub type LatestSecurityVersion<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, T::AccountId, Twox64Concat, u32, u32, ValueQuery>;

	/// The minimum security version each (manufacturer, model) still trusts.
	#[pallet::storage]
	pub type SecurityFloor<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, T::AccountId, Twox64Concat, u32, u32, ValueQuery>;

	/// The last attestation result of each device.
	#[pallet::storage]
	pub type Attestations<T: Config> =
		StorageMap<_, Identity, DeviceId, AttestationRecord<BlockNumberFor<T>>>;

	/// Replay, rollback and fee counters of each device that attested.
	#[pallet::storage]
	pub type Counters<T: Config> =
		StorageMap<_, Identity, DeviceId, DeviceCounters<BlockNumberFor<T>>, ValueQuery>;

	/// Reference measurements of releases: (manufacturer, model, firmware digest) → the PCR
	/// policy a device running that release quotes.
	#[pallet::storage]
	pub type ReleaseMeasurements<T: Config> = StorageNMap<
		_,
		(
			NMapKey<Blake2_128Concat, T::AccountId>,
			NMapKey<Twox64Concat, u32>,
			NMapKey<Blake2_128Concat, [u8; 32]>,
		),
		MeasurementOf<T>,
	>;

	/// The index of measurements: (manufacturer, model, PCR digest) → the firmware digest of the
	/// release with that measurement. A PCR digest names at most one release of a model.
	#[pallet::storage]
	pub type MeasurementIndex<T: Config> = StorageNMap<
		_,
		(
			NMapKey<Blake2_128Concat, T::AccountId>,
			NMapKey<Twox64Concat, u32>,
			NMapKey<Blake2_128Concat, [u8; 32]>,
		),
		[u8; 32],
	>;

	/// The TPM clock and boot counters of each device's last accepted quote: the next quote's
	/// `(reset_count, restart_count)` may not be lower.
	#[pallet::storage]
	pub type TpmClocks<T: Config> = StorageMap<_, Identity, DeviceId, TpmClock>;

	/// Boot policies of measured releases: (manufacturer, model, firmware digest) → what a device
	/// running that release may boot (spec §13).
	#[pallet::storage]
	pub type BootPolicies<T: Config> = StorageNMap<
		_,
		(
			NMapKey<Blake2_128Concat, T::AccountId>,
			NMapKey<Twox64Concat, u32>,
			NMapKey<Blake2_128Concat, [u8; 32]>,
		),
		BootPolicyRecordOf<T>,
	>;

	/// Each device's last boot whose event log was replayed against a quote: later quotes of the
	/// same boot need no log.
	#[pallet::storage]
	pub type VerifiedBoots<T: Config> =
		StorageMap<_, Identity, DeviceId, BootRecord<BlockNumberFor<T>>>;

	/// The weight that fee-free attestations used in the block they were made in: (block,
	/// weight). Read and reset lazily by the first free attestation of a block, so no hook runs in
	/// blocks without one.
	#[pallet::storage]
	pub type FreeAttestationWeight<T: Config> =
		StorageValue<_, (BlockNumberFor<T>, Weight), ValueQuery>;

	/// Genesis releases (deposit-free), such as the dev chain's demo firmware.
	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// Releases: manufacturer, model, digest, version and security version.
		pub releases: Vec<GenesisRelease<T::AccountId>>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			for (manufacturer, model, digest, version, security_version) in &self.releases {
				let version = BoundedVec::try_from(version.clone())
					.unwrap_or_else(|_| panic!("genesis release version is too long"));
				Releases::<T>::insert(
					(manufacturer, model, digest),
					Release {
						version,
						security_version: *security_version,
						published_at: Zero::zero(),
						revoked: None,
						deposit: Zero::zero(),
					},
				);
				LatestSecurityVersion::<T>::mutate(manufacturer, model, |latest| {
					*latest = (*latest).max(*security_version)
				});
			}
		}
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			let max_block = <T as frame_system::Config>::BlockWeights::get().max_block;
			assert!(
				T::MaxFreeAttestationWeight::get().all_lte(max_block.saturating_div(2)),
				"MaxFreeAttestationWeight must leave most of a block to paying transactions"
			);
			assert!(
				!T::FreshnessWindow::get().is_zero(),
				"FreshnessWindow must be at least one block"
			);
			assert!(
				!T::AttestationValidity::get().is_zero(),
				"AttestationValidity must be at least one block"
			);
			let hashes_kept: u64 =
				<T as frame_system::Config>::BlockHashCount::get().saturated_into();
			let window: u64 = T::FreshnessWindow::get().saturated_into();
			assert!(window < hashes_kept, "FreshnessWindow must be shorter than BlockHashCount");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Publishes firmware `digest` as a release of the caller's `model_id`, holding
		/// `ReleaseDeposit`. `security_version` may not be lower than any earlier release's.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::publish_release())]
		pub fn publish_release(
			origin: OriginFor<T>,
			model_id: u32,
			digest: [u8; 32],
			version: Vec<u8>,
			security_version: u32,
		) -> DispatchResult {
			let manufacturer = ensure_signed(origin)?;
			let version = BoundedVec::try_from(version).map_err(|_| Error::<T>::VersionTooLong)?;
			Self::do_publish_release(manufacturer, model_id, digest, version, security_version)
		}

		/// Revokes a release of the caller's model; devices running it become untrusted at once.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::revoke_release())]
		pub fn revoke_release(
			origin: OriginFor<T>,
			model_id: u32,
			digest: [u8; 32],
			reason: u8,
		) -> DispatchResult {
			let manufacturer = ensure_signed(origin)?;
			Self::do_revoke_release(manufacturer, model_id, digest, reason)
		}

		/// Raises the security floor of the caller's `model_id`: devices whose attested release
		/// is below it become untrusted at once.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::set_security_floor())]
		pub fn set_security_floor(
			origin: OriginFor<T>,
			model_id: u32,
			min_security_version: u32,
		) -> DispatchResult {
			let manufacturer = ensure_signed(origin)?;
			Self::do_raise_security_floor(manufacturer, model_id, min_security_version)
		}

		/// Submits device-signed evidence; any signed account may relay it. Rejected (with no
		/// state change) if the device is unknown or inactive, the signature is bad, the evidence
		/// is stale or bound to another chain or block, or the counter does not increase.
		/// Otherwise the verdict — trusted or untrusted — is recorded. A trusted attestation is
		/// fee-free once per `MinAttestationInterval` blocks per device.
		#[pallet::call_index(3)]
		#[pallet::weight(Pallet::<T>::attestation_weight(signature))]
		pub fn submit_attestation(
			origin: OriginFor<T>,
			evidence: EvidenceOf<T>,
			signature: DeviceSignature,
		) -> DispatchResultWithPostInfo {
			ensure_signed(origin)?;
			let pays_fee = Self::do_submit_attestation(evidence, signature)?;
			Ok(PostDispatchInfo { actual_weight: None, pays_fee })
		}

		/// Sets the security floor of `manufacturer`'s `model_id`, lowering it if need be: the
		/// remedy for a floor raised out of reach by a stolen or rogue manufacturer key.
		/// `ForceOrigin` only; works whether or not the manufacturer is active.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::force_set_security_floor())]
		pub fn force_set_security_floor(
			origin: OriginFor<T>,
			manufacturer: T::AccountId,
			model_id: u32,
			min_security_version: u32,
		) -> DispatchResult {
			T::ForceOrigin::ensure_origin(origin)?;
			Self::do_force_security_floor(manufacturer, model_id, min_security_version)
		}

		/// Reinstates a revoked release of `manufacturer`'s `model_id`: devices that attested it
		/// are trusted again at once (if above the floor). `ForceOrigin` only.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::force_reinstate_release())]
		pub fn force_reinstate_release(
			origin: OriginFor<T>,
			manufacturer: T::AccountId,
			model_id: u32,
			digest: [u8; 32],
		) -> DispatchResult {
			T::ForceOrigin::ensure_origin(origin)?;
			Self::do_reinstate_release(manufacturer, model_id, digest)
		}

		/// Sets (or replaces) the reference measurement of the caller's release `digest` of
		/// `model_id`: the PCRs a device running it quotes and the SHA-256 digest of their values.
		/// Holds `MeasurementDeposit` the first time. A PCR digest names at most one release of a
		/// model.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::set_release_measurement())]
		pub fn set_release_measurement(
			origin: OriginFor<T>,
			model_id: u32,
			digest: [u8; 32],
			policy: PcrPolicy,
		) -> DispatchResult {
			let manufacturer = ensure_signed(origin)?;
			Self::do_set_release_measurement(manufacturer, model_id, digest, policy)
		}

		/// Submits a TPM 2.0 quote of a device whose key is its TPM's attestation key (P-256, with
		/// a factory endorsement); any signed account may relay it. `quote` is the TPM's marshalled
		/// `TPMS_ATTEST`, `signature` the AK's ECDSA signature over SHA-256(`quote`) as r‖s. The
		/// quote's `extraData` must be
		/// `blake2_256("iotc:tpm" ++ SCALE(genesis, device, recent_block, recent_hash, counter))`.
		/// Freshness, replay and fees as for `submit_attestation`; the TPM's boot counters may not
		/// go back. The quoted PCR digest is matched against the model's release measurements:
		/// the matching release's verdict, or `Untrusted { UnknownMeasurement }`.
		///
		/// `boot`: the TPM's boot event log (crypto-agile, ≤ 64 KiB) and the release the device
		/// claims to run, replayed against the quote's PCR digest and judged by that release's
		/// boot policy (spec §13). With it, the claimed release's digest follows the counter in
		/// the nonce's preimage. Needed once per boot where the release has a boot policy; weight
		/// grows with the log's length.
		#[pallet::call_index(7)]
		// The quote, its signature, the freshness triple of every evidence call and the boot
		// evidence: flat arguments, as polkadot-js shows them.
		#[allow(clippy::too_many_arguments)]
		#[pallet::weight(T::WeightInfo::submit_tpm_quote(
			boot.as_ref().map_or(0, |boot| boot.event_log.len() as u32)
		))]
		pub fn submit_tpm_quote(
			origin: OriginFor<T>,
			device: DeviceId,
			quote: QuoteBytes,
			signature: DeviceSignature,
			recent_block: BlockNumberFor<T>,
			recent_hash: H256,
			counter: u32,
			boot: Option<BootEvidence>,
		) -> DispatchResultWithPostInfo {
			ensure_signed(origin)?;
			let pays_fee = Self::do_submit_tpm_quote(
				device,
				&quote,
				&signature,
				(recent_block, recent_hash, counter),
				boot.as_ref(),
			)?;
			Ok(PostDispatchInfo { actual_weight: None, pays_fee })
		}

		/// Sets (or replaces) the boot policy of the caller's measured release `digest` of
		/// `model_id`: the components (PCR, event type, allowed digests) its boot log must show,
		/// whether unknown boot applications may load and whether Secure Boot must be on (spec
		/// §13). Holds `BootPolicyDeposit` the first time. Applies to boots verified from now on.
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::set_boot_policy())]
		pub fn set_boot_policy(
			origin: OriginFor<T>,
			model_id: u32,
			digest: [u8; 32],
			policy: BootPolicy,
		) -> DispatchResult {
			let manufacturer = ensure_signed(origin)?;
			Self::do_set_boot_policy(manufacturer, model_id, digest, policy)
		}

		/// Removes the boot policy of the caller's release `digest` of `model_id` and releases its
		/// deposit.
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::remove_boot_policy())]
		pub fn remove_boot_policy(
			origin: OriginFor<T>,
			model_id: u32,
			digest: [u8; 32],
		) -> DispatchResult {
			let manufacturer = ensure_signed(origin)?;
			Self::do_remove_boot_policy(manufacturer, model_id, digest)
		}
	}

	impl<T: Config> Pallet<T> {
		/// Checks the pallet's invariants: every model's latest security version covers its
		/// releases, and every attestation belongs to a device with counters.
		#[cfg(any(feature = "try-runtime", test))]
		pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
			for ((manufacturer, model, _), release) in Releases::<T>::iter() {
				ensure!(
					release.security_version
						<= LatestSecurityVersion::<T>::get(&manufacturer, model),
					"a release is above its model's latest security version"
				);
			}
			Self::try_state_measurements()?;
			Self::try_state_boot_policies()?;
			for device in TpmClocks::<T>::iter_keys() {
				ensure!(
					Counters::<T>::get(device).last_counter > 0,
					"a TPM clock without an accepted counter"
				);
			}
			for (device, record) in Attestations::<T>::iter() {
				let counters = Counters::<T>::get(device);
				ensure!(counters.last_counter > 0, "an attestation without an accepted counter");
				if record.verdict == Verdict::Trusted {
					ensure!(
						record.security_version <= counters.highest_security_version,
						"a trusted attestation above the device's highest security version"
					);
				}
			}
			Ok(())
		}
	}
}
