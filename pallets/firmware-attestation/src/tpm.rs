//! Hardware-rooted evidence: TPM 2.0 quotes (spec §10).
//!
//! A TPM measures each boot stage into its PCRs before that stage runs, and `TPM2_Quote` signs a
//! digest of selected PCRs with an attestation key (AK) that never leaves the chip, over a nonce
//! the verifier chose. Here the chain is that verifier:
//!
//! 1. the device is registered with its AK as a P-256 key and carries its manufacturer's factory
//!    endorsement or an X.509 certificate chain (the manufacturer checked at the factory that the
//!    AK is a restricted key of a genuine TPM, e.g. through the EK certificate chain, or an IAK
//!    certificate bound to the EK certificate says so, spec §12), and its model is a **TPM model**:
//!    a release of it carries a PCR measurement. Under a TPM model, the manufacturer's endorsement
//!    states that the key is the TPM's attestation key; a key endorsed for any other model (a
//!    secure element's, say, which could sign a fabricated `TPMS_ATTEST`) cannot quote, and a TPM
//!    model's devices cannot attest by self-reported evidence (`QuoteRequired`), which their AK
//!    could sign through a `TPM2_Hash` ticket;
//! 2. the quote's `extraData` is the nonce [`iot_primitives::tpm::quote_nonce`] of this chain, the
//!    device, a recent block and a counter — fresh, bound to the device, never replayable (with
//!    boot evidence, [`iot_primitives::tpm::boot_quote_nonce`], which also binds the claimed
//!    release);
//! 3. the AK's signature over SHA-256(quote) verifies (before any field of the quote is believed);
//! 4. the TPM's `(resetCount, restartCount)` is not lower than at the device's last quote: a reboot
//!    is recorded (`TpmRebooted`), a rolled-back TPM state is refused;
//! 5. the quoted PCR selection and digest are looked up among the release measurements of the
//!    device's model: a match is judged like reported evidence of that release (revocation, floor,
//!    rollback); no match is recorded as `Untrusted { UnknownMeasurement }`;
//! 6. an event log, if given, must replay to the quoted PCR digest, and a release with a boot
//!    policy needs one per boot and must meet it (measured boot, spec §13, see `boot.rs`).

use crate::{pallet::*, types::*, WeightInfo};
use frame_support::{dispatch::Pays, ensure, pallet_prelude::*, traits::fungible::MutateHold};
use frame_system::pallet_prelude::BlockNumberFor;
use iot_primitives::{
	boot::BootEvidence,
	tpm::{boot_quote_nonce, parse_quote, quote_nonce, Quote, QuoteError},
	DeviceId, DeviceKey, DeviceRegistry, DeviceSignature, EvidenceKind, PcrPolicy, UntrustedReason,
	Verdict,
};
use sp_core::H256;

impl<T: Config> Pallet<T> {
	/// Sets (or replaces) the measurement of `manufacturer`'s release `digest` of `model`.
	pub(crate) fn do_set_release_measurement(
		manufacturer: T::AccountId,
		model: u32,
		digest: [u8; 32],
		policy: PcrPolicy,
	) -> DispatchResult {
		Self::ensure_active_model(&manufacturer, model)?;
		ensure!(
			Releases::<T>::contains_key((&manufacturer, model, digest)),
			Error::<T>::UnknownRelease
		);
		ensure!(policy.selection.iter().any(|bank| bank.pcrs != 0), Error::<T>::EmptyPcrSelection);
		if let Some(boot) = BootPolicies::<T>::get((&manufacturer, model, digest)) {
			let quoted = Self::log_pcrs(&policy.selection)?;
			boot.policy
				.validate(quoted)
				.map_err(|error| Error::<T>::BootPolicyRefused { error })?;
		}
		let pcr_digest = policy.digest;
		if let Some(owner) = MeasurementIndex::<T>::get((&manufacturer, model, pcr_digest)) {
			ensure!(owner == digest, Error::<T>::MeasurementInUse);
		}
		let previous = ReleaseMeasurements::<T>::get((&manufacturer, model, digest));
		let deposit = match &previous {
			Some(previous) => {
				MeasurementIndex::<T>::remove((&manufacturer, model, previous.policy.digest));
				previous.deposit
			}
			None => {
				let deposit = T::MeasurementDeposit::get();
				T::Currency::hold(&HoldReason::MeasurementDeposit.into(), &manufacturer, deposit)
					.map_err(|_| Error::<T>::InsufficientMeasurementBalance)?;
				deposit
			}
		};
		MeasurementIndex::<T>::insert((&manufacturer, model, pcr_digest), digest);
		ReleaseMeasurements::<T>::insert(
			(&manufacturer, model, digest),
			Measurement { policy, deposit },
		);
		Self::deposit_event(Event::MeasurementSet { manufacturer, model, digest, pcr_digest });
		Ok(())
	}

	/// Checks a TPM quote (see the module documentation), records its verdict, and tells whether
	/// the submitter pays.
	pub(crate) fn do_submit_tpm_quote(
		device_id: DeviceId,
		quote: &[u8],
		signature: &DeviceSignature,
		(recent_block, recent_hash, counter): (BlockNumberFor<T>, H256, u32),
		boot: Option<&BootEvidence>,
	) -> Result<Pays, DispatchError> {
		let device = T::Registry::device(&device_id).ok_or(Error::<T>::UnknownDevice)?;
		ensure!(device.is_active(), Error::<T>::DeviceInactive);
		ensure!(matches!(device.key, DeviceKey::P256(_)), Error::<T>::NotTpmKey);
		ensure!(device.endorsed, Error::<T>::NotEndorsed);
		ensure!(Self::is_tpm_model(&device.manufacturer, device.model), Error::<T>::NotTpmModel);
		Self::ensure_fresh(recent_block, recent_hash)?;
		let counters = Self::next_counters(&device_id, counter)?;
		let parsed = parse_quote(quote).map_err(|error| match error {
			QuoteError::BadMagic => Error::<T>::BadMagic,
			QuoteError::NotAQuote => Error::<T>::NotAQuote,
			QuoteError::Malformed => Error::<T>::MalformedQuote,
		})?;
		let genesis = Self::genesis_hash();
		let nonce = match boot {
			None => quote_nonce(&genesis, &device_id, &recent_block, &recent_hash, counter),
			Some(boot) => boot_quote_nonce(
				&genesis,
				&device_id,
				&recent_block,
				&recent_hash,
				counter,
				&boot.release,
			),
		};
		ensure!(parsed.extra_data == nonce.as_slice(), Error::<T>::NonceMismatch);
		device.key.verify(quote, signature).map_err(|_| Error::<T>::BadSignature)?;

		let clock = parsed.clock;
		if let Some(last) = TpmClocks::<T>::get(device_id) {
			ensure!(clock.boots_not_before(&last), Error::<T>::TpmClockRollback);
			if (clock.reset_count, clock.restart_count) != (last.reset_count, last.restart_count) {
				Self::deposit_event(Event::TpmRebooted {
					device: device_id,
					reset_count: clock.reset_count,
					restart_count: clock.restart_count,
				});
			}
		}
		TpmClocks::<T>::insert(device_id, clock);

		let (manufacturer, model) = (&device.manufacturer, device.model);
		let pcr_digest: Option<[u8; 32]> = parsed.pcr_digest.try_into().ok();
		let outcome = Self::judge_boot(device_id, manufacturer, model, &parsed, boot)?;
		let release = match &outcome {
			Some(outcome) => outcome.release,
			None => Self::measured_release(manufacturer, model, &parsed),
		}
		.and_then(|digest| Some((digest, Releases::<T>::get((manufacturer, model, digest))?)));
		let violation = outcome.and_then(|outcome| outcome.violation);
		let result = match release {
			Some((digest, release)) => AttestationRecord {
				firmware_digest: digest,
				security_version: release.security_version,
				boot_count: clock.reset_count,
				attested_at: frame_system::Pallet::<T>::block_number(),
				verdict: match violation {
					Some(_) => Verdict::Untrusted { reason: UntrustedReason::BootPolicyViolation },
					None => Self::judge_release(manufacturer, model, &release, &counters),
				},
				evidence: EvidenceKind::TpmQuote,
			},
			// The record keeps what the TPM measured: the quoted PCR digest.
			None => AttestationRecord {
				firmware_digest: pcr_digest.unwrap_or_default(),
				security_version: 0,
				boot_count: clock.reset_count,
				attested_at: frame_system::Pallet::<T>::block_number(),
				verdict: Verdict::Untrusted { reason: UntrustedReason::UnknownMeasurement },
				evidence: EvidenceKind::TpmQuote,
			},
		};
		let log_len = boot.map_or(0, |boot| boot.event_log.len() as u32);
		let weight = T::WeightInfo::submit_tpm_quote(log_len);
		Ok(Self::record_attestation(device_id, device.endorsed, counters, result, weight))
	}

	/// The release whose measurement is exactly the quoted PCR selection and digest, if any.
	pub(crate) fn measured_release(
		manufacturer: &T::AccountId,
		model: u32,
		quote: &Quote<'_>,
	) -> Option<[u8; 32]> {
		let pcr_digest: [u8; 32] = quote.pcr_digest.try_into().ok()?;
		let digest = MeasurementIndex::<T>::get((manufacturer, model, pcr_digest))?;
		let measurement = ReleaseMeasurements::<T>::get((manufacturer, model, digest))?;
		(measurement.policy.selection == quote.selection).then_some(digest)
	}

	/// Checks that every measurement is indexed under its PCR digest and belongs to a release,
	/// and that every index entry points back at its measurement.
	#[cfg(any(feature = "try-runtime", test))]
	pub(crate) fn try_state_measurements() -> Result<(), sp_runtime::TryRuntimeError> {
		for ((manufacturer, model, digest), measurement) in ReleaseMeasurements::<T>::iter() {
			ensure!(
				Releases::<T>::contains_key((&manufacturer, model, digest)),
				"a measurement of no release"
			);
			ensure!(
				MeasurementIndex::<T>::get((&manufacturer, model, measurement.policy.digest))
					== Some(digest),
				"a measurement missing from the index"
			);
		}
		for ((manufacturer, model, pcr_digest), digest) in MeasurementIndex::<T>::iter() {
			ensure!(
				ReleaseMeasurements::<T>::get((&manufacturer, model, digest))
					.is_some_and(|m| m.policy.digest == pcr_digest),
				"an index entry without its measurement"
			);
		}
		Ok(())
	}
}
