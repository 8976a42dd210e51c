//! Reported evidence: checking a device's signed evidence (bound to the chain and a recent block,
//! with a counter against replays), judging it against the releases and the security floor,
//! recording the attestation result, and which trusted attestations go fee-free.

use crate::{pallet::*, types::*, WeightInfo};
use frame_support::{dispatch::Pays, ensure, pallet_prelude::*};
use frame_system::pallet_prelude::BlockNumberFor;
use iot_primitives::{
	payloads, DeviceId, DeviceRegistry, DeviceSignature, EvidenceKind, KeyScheme, RegisteredDevice,
	UntrustedReason, Verdict,
};
use sp_core::H256;
use sp_runtime::traits::{Saturating, Zero};

impl<T: Config> Pallet<T> {
	/// The weight of `submit_attestation`: the cost of verifying the evidence signature
	/// depends on its scheme.
	pub fn attestation_weight(signature: &DeviceSignature) -> Weight {
		match signature.scheme() {
			KeyScheme::Ed25519 => T::WeightInfo::submit_attestation_ed25519(),
			KeyScheme::Sr25519 => T::WeightInfo::submit_attestation_sr25519(),
			KeyScheme::Ecdsa => T::WeightInfo::submit_attestation_ecdsa(),
			KeyScheme::P256 => T::WeightInfo::submit_attestation_p256(),
		}
	}

	/// Whether a trusted attestation of `weight` is fee-free: only for a factory-endorsed
	/// device, at most once per `MinAttestationInterval` per device, and while the block's
	/// free attestations stay within `MaxFreeAttestationWeight`. Records the use if free.
	pub(crate) fn take_free_attestation(
		endorsed: bool,
		counters: &mut DeviceCounters<BlockNumberFor<T>>,
		weight: Weight,
	) -> Pays {
		let now = frame_system::Pallet::<T>::block_number();
		let interval_passed = counters
			.last_free_at
			.is_none_or(|last| now.saturating_sub(last) >= T::MinAttestationInterval::get());
		if !endorsed || !interval_passed {
			return Pays::Yes;
		}
		let (block, used) = FreeAttestationWeight::<T>::get();
		let used = if block == now { used } else { Weight::zero() };
		let total = used.saturating_add(weight);
		if !total.all_lte(T::MaxFreeAttestationWeight::get()) {
			return Pays::Yes;
		}
		FreeAttestationWeight::<T>::put((now, total));
		counters.last_free_at = Some(now);
		Pays::No
	}

	/// The chain's genesis hash, which evidence signs.
	pub fn genesis_hash() -> H256 {
		frame_system::Pallet::<T>::block_hash(BlockNumberFor::<T>::zero())
	}

	/// Checks evidence, records its verdict, and tells whether the submitter pays.
	pub(crate) fn do_submit_attestation(
		evidence: EvidenceOf<T>,
		signature: DeviceSignature,
	) -> Result<Pays, DispatchError> {
		let device = T::Registry::device(&evidence.device).ok_or(Error::<T>::UnknownDevice)?;
		ensure!(device.is_active(), Error::<T>::DeviceInactive);
		// A TPM model's devices prove their firmware by quotes: self-reported evidence (which
		// their AK can sign through a `TPM2_Hash` ticket) would skip the measurement.
		ensure!(!Self::is_tpm_model(&device.manufacturer, device.model), Error::<T>::QuoteRequired);
		Self::ensure_fresh(evidence.recent_block, evidence.recent_hash)?;
		let counters = Self::next_counters(&evidence.device, evidence.counter)?;
		let message = payloads::attestation_message(&Self::genesis_hash(), &evidence);
		device.key.verify(&message, &signature).map_err(|_| Error::<T>::BadSignature)?;
		let weight = Self::attestation_weight(&signature);
		Ok(Self::record_reported(&device, &evidence, counters, weight))
	}

	/// Records reported `evidence` whose signature and freshness are taken as checked: the
	/// verdict and counters exactly as `submit_attestation` records them. For state builders
	/// that start a chain with attested devices (the node's `scale:` chains); no call reaches
	/// it. Fails on an unknown or inactive device, a TPM model's device, or a replayed counter.
	pub fn record_trusted_evidence(evidence: &EvidenceOf<T>) -> Result<Pays, DispatchError> {
		let device = T::Registry::device(&evidence.device).ok_or(Error::<T>::UnknownDevice)?;
		ensure!(device.is_active(), Error::<T>::DeviceInactive);
		ensure!(!Self::is_tpm_model(&device.manufacturer, device.model), Error::<T>::QuoteRequired);
		let counters = Self::next_counters(&evidence.device, evidence.counter)?;
		Ok(Self::record_reported(&device, evidence, counters, Weight::zero()))
	}

	/// Judges checked `evidence` of `device` and records the result (see `record_attestation`).
	fn record_reported(
		device: &RegisteredDevice<T::AccountId, T::Registry>,
		evidence: &EvidenceOf<T>,
		counters: DeviceCounters<BlockNumberFor<T>>,
		weight: Weight,
	) -> Pays {
		let verdict = Self::judge(&device.manufacturer, device.model, evidence, &counters);
		let result = AttestationRecord {
			firmware_digest: evidence.firmware_digest,
			security_version: evidence.security_version,
			boot_count: evidence.boot_count,
			attested_at: frame_system::Pallet::<T>::block_number(),
			verdict,
			evidence: EvidenceKind::Reported,
		};
		Self::record_attestation(evidence.device, device.endorsed, counters, result, weight)
	}

	/// Whether `manufacturer`'s `model` is a TPM model: a release of it carries a PCR measurement
	/// (`set_release_measurement`). Its devices attest only by TPM quotes, and only they may quote.
	pub fn is_tpm_model(manufacturer: &T::AccountId, model: u32) -> bool {
		MeasurementIndex::<T>::iter_key_prefix((manufacturer.clone(), model)).next().is_some()
	}

	/// The device's counters, if `counter` is greater than its last accepted one (replay
	/// protection), with `counter` recorded as the last.
	pub(crate) fn next_counters(
		device: &DeviceId,
		counter: u32,
	) -> Result<DeviceCounters<BlockNumberFor<T>>, DispatchError> {
		let mut counters = Counters::<T>::get(device);
		ensure!(counter > counters.last_counter, Error::<T>::Replay);
		counters.last_counter = counter;
		Ok(counters)
	}

	/// Stores a checked attestation's `result` and the device's `counters`, emits `Attested`
	/// and tells whether the submitter pays (see `take_free_attestation`; `weight` is the
	/// call's).
	pub(crate) fn record_attestation(
		device: DeviceId,
		endorsed: bool,
		mut counters: DeviceCounters<BlockNumberFor<T>>,
		result: AttestationRecord<BlockNumberFor<T>>,
		weight: Weight,
	) -> Pays {
		let mut pays = Pays::Yes;
		if result.verdict == Verdict::Trusted {
			counters.highest_security_version =
				counters.highest_security_version.max(result.security_version);
			pays = Self::take_free_attestation(endorsed, &mut counters, weight);
		}
		Counters::<T>::insert(device, counters);
		Self::deposit_event(Event::Attested {
			device,
			firmware_digest: result.firmware_digest,
			security_version: result.security_version,
			verdict: result.verdict,
		});
		Attestations::<T>::insert(device, result);
		pays
	}

	/// Fails unless `recent_block` is at most `FreshnessWindow` blocks old, not in the future,
	/// and `recent_hash` is its hash.
	pub(crate) fn ensure_fresh(
		recent_block: BlockNumberFor<T>,
		recent_hash: H256,
	) -> DispatchResult {
		let now = frame_system::Pallet::<T>::block_number();
		ensure!(recent_block < now, Error::<T>::FutureBlock);
		ensure!(
			now.saturating_sub(recent_block) <= T::FreshnessWindow::get(),
			Error::<T>::StaleEvidence
		);
		ensure!(
			frame_system::Pallet::<T>::block_hash(recent_block) == recent_hash,
			Error::<T>::BlockHashMismatch
		);
		Ok(())
	}

	/// The verdict on evidence of a device of `manufacturer`'s `model`.
	pub(crate) fn judge(
		manufacturer: &T::AccountId,
		model: u32,
		evidence: &EvidenceOf<T>,
		counters: &DeviceCounters<BlockNumberFor<T>>,
	) -> Verdict {
		let Some(release) = Releases::<T>::get((manufacturer, model, evidence.firmware_digest))
		else {
			return Verdict::Untrusted { reason: UntrustedReason::UnknownFirmware };
		};
		if evidence.security_version != release.security_version {
			if let Some(reason) = Self::release_problem(manufacturer, model, &release) {
				return Verdict::Untrusted { reason };
			}
			return Verdict::Untrusted { reason: UntrustedReason::SecurityVersionMismatch };
		}
		Self::judge_release(manufacturer, model, &release, counters)
	}

	/// The verdict on a device of `manufacturer`'s `model` running `release`: untrusted if the
	/// release is revoked or below the floor, or if the device attested a higher security
	/// version before (a rollback).
	pub(crate) fn judge_release(
		manufacturer: &T::AccountId,
		model: u32,
		release: &ReleaseOf<T>,
		counters: &DeviceCounters<BlockNumberFor<T>>,
	) -> Verdict {
		if let Some(reason) = Self::release_problem(manufacturer, model, release) {
			return Verdict::Untrusted { reason };
		}
		if release.security_version < counters.highest_security_version {
			return Verdict::Untrusted { reason: UntrustedReason::Rollback };
		}
		Verdict::Trusted
	}

	/// Why a release is no longer trusted today, if it is not.
	pub(crate) fn release_problem(
		manufacturer: &T::AccountId,
		model: u32,
		release: &ReleaseOf<T>,
	) -> Option<UntrustedReason> {
		if let Some(reason) = release.revoked {
			return Some(UntrustedReason::RevokedRelease { reason });
		}
		if release.security_version < SecurityFloor::<T>::get(manufacturer, model) {
			return Some(UntrustedReason::BelowSecurityFloor);
		}
		None
	}
}
