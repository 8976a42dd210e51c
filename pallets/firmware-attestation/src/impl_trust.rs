//! Trust as the other pallets and the runtime APIs read it: the trust status computed when read
//! (the stored result against today's releases, floor, model and device status; for readers also
//! the device's certification), the `DeviceTrust` and `OnDeviceRemoved` implementations and
//! the benchmark helper of the pallets that read trust.

use crate::pallet::*;
#[cfg(feature = "runtime-benchmarks")]
use crate::types::{AttestationRecord, DeviceCounters};
use frame_support::pallet_prelude::*;
use frame_system::pallet_prelude::BlockNumberFor;
#[cfg(feature = "runtime-benchmarks")]
use iot_primitives::Release;
use iot_primitives::{
	Certification, Device, DeviceId, DeviceRegistry, EvidenceKind, Identity, OnDeviceRemoved,
	TrustStatus, UntrustedReason, Verdict,
};
use sp_runtime::traits::Saturating;
#[cfg(feature = "runtime-benchmarks")]
use sp_runtime::traits::Zero;

impl<T: Config> Pallet<T> {
	/// Whether `device` is trusted now, as readers see it (runtime API, RPC, light clients): its
	/// firmware trust ([`Self::firmware_trust`]) with its certification (spec §12) looked up: a
	/// revoked certificate of its chains makes it `Untrusted { CertificateRevoked }` at once, and
	/// a certified key's identity reads `Certified`.
	pub fn trust_status(device_id: &DeviceId) -> TrustStatus<BlockNumberFor<T>> {
		let mut status = Self::firmware_trust(device_id);
		if matches!(status, TrustStatus::Inactive) {
			return status;
		}
		match T::Registry::certification(device_id) {
			Certification::Revoked { .. } => {
				return TrustStatus::Untrusted { reason: UntrustedReason::CertificateRevoked };
			}
			Certification::Certified { .. } => {
				if let TrustStatus::Trusted { identity, .. } = &mut status {
					*identity = Identity::Certified;
				}
			}
			Certification::Uncertified => {}
		}
		status
	}

	/// Whether `device`'s firmware is trusted now: its stored result re-evaluated against
	/// today's releases, floor, model and device status. What other pallets read through
	/// [`iot_primitives::DeviceTrust`] (an anchor's `trusted` flag): certificates are looked up by
	/// [`Self::trust_status`] on read, so anchoring does not pay for them, and a certified key's
	/// identity reads `Endorsed` here.
	pub fn firmware_trust(device_id: &DeviceId) -> TrustStatus<BlockNumberFor<T>> {
		match T::Registry::device(device_id) {
			Some(device) => Self::firmware_trust_of(device_id, &device),
			None => TrustStatus::Unknown,
		}
	}

	/// [`Self::firmware_trust`] of a device whose registry record `device` the caller has read.
	pub fn firmware_trust_of<B, Balance, Metadata>(
		device_id: &DeviceId,
		device: &Device<T::AccountId, B, Balance, Metadata>,
	) -> TrustStatus<BlockNumberFor<T>> {
		if !device.is_active() {
			return TrustStatus::Inactive;
		}
		let Some(record) = Attestations::<T>::get(device_id) else {
			return TrustStatus::Unknown;
		};
		let expires_at = record.attested_at.saturating_add(T::AttestationValidity::get());
		if frame_system::Pallet::<T>::block_number() >= expires_at {
			return TrustStatus::Expired { last_attested_at: record.attested_at };
		}
		if let Verdict::Untrusted { reason } = record.verdict {
			return TrustStatus::Untrusted { reason };
		}
		let (manufacturer, model) = (&device.manufacturer, device.model);
		// Reported evidence recorded before the model's first measurement no longer counts.
		if record.evidence == EvidenceKind::Reported && Self::is_tpm_model(manufacturer, model) {
			return TrustStatus::Untrusted { reason: UntrustedReason::QuoteRequired };
		}
		let release = Releases::<T>::get((manufacturer, model, record.firmware_digest));
		match release.map(|r| Self::release_problem(manufacturer, model, &r)) {
			None => TrustStatus::Untrusted { reason: UntrustedReason::UnknownFirmware },
			Some(Some(reason)) => TrustStatus::Untrusted { reason },
			Some(None) => TrustStatus::Trusted {
				digest: record.firmware_digest,
				security_version: record.security_version,
				attested_at: record.attested_at,
				expires_at,
				evidence: record.evidence,
				identity: if device.endorsed { Identity::Endorsed } else { Identity::SelfAsserted },
			},
		}
	}
}

/// Other pallets read the firmware trust ([`Pallet::firmware_trust_of`]).
impl<T: Config> iot_primitives::DeviceTrust<T::AccountId, BlockNumberFor<T>> for Pallet<T> {
	fn trust_status<B, Balance, Metadata>(
		id: &DeviceId,
		device: &Device<T::AccountId, B, Balance, Metadata>,
	) -> TrustStatus<BlockNumberFor<T>> {
		Pallet::<T>::firmware_trust_of(id, device)
	}
}

/// Benchmark setup for the pallets that read trust (their `Config::BenchmarkHelper`).
#[cfg(feature = "runtime-benchmarks")]
impl<T: Config> iot_primitives::TrustBenchmarkHelper for Pallet<T> {
	fn make_benchmark_trusted(device: &DeviceId) {
		let Some(record) = T::Registry::device(device) else { return };
		let digest = [0xbe; 32];
		Releases::<T>::insert(
			(&record.manufacturer, record.model, digest),
			Release {
				version: BoundedVec::truncate_from(alloc::vec![b'v'; 32]),
				security_version: 1,
				published_at: Zero::zero(),
				revoked: None,
				deposit: Zero::zero(),
			},
		);
		LatestSecurityVersion::<T>::mutate(&record.manufacturer, record.model, |latest| {
			*latest = (*latest).max(1)
		});
		SecurityFloor::<T>::insert(&record.manufacturer, record.model, 1);
		Counters::<T>::insert(
			device,
			DeviceCounters { last_counter: 1, highest_security_version: 1, last_free_at: None },
		);
		Attestations::<T>::insert(
			device,
			AttestationRecord {
				firmware_digest: digest,
				security_version: 1,
				boot_count: 1,
				attested_at: frame_system::Pallet::<T>::block_number(),
				verdict: Verdict::Trusted,
				evidence: EvidenceKind::Reported,
			},
		);
	}
}

/// A decommissioned device's attestation result and counters go with it (its identifier can
/// never be registered again, so nothing is lost).
impl<T: Config> OnDeviceRemoved for Pallet<T> {
	fn on_device_removed(device: &DeviceId) {
		Attestations::<T>::remove(device);
		Counters::<T>::remove(device);
		TpmClocks::<T>::remove(device);
		VerifiedBoots::<T>::remove(device);
	}
}
