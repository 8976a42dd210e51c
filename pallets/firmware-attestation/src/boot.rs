//! Measured boot (spec §13): boot policies of releases and the replay of a quote's event log.
//!
//! A quote may carry **boot evidence** ([`BootEvidence`]): the TPM's boot event log and the release
//! the device claims to run. The chain parses the log, replays its SHA-256 bank and requires the
//! composite of the quoted PCRs to equal the quote's PCR digest (`EventLogMismatch`): the log is
//! then what the TPM measured. The quote must select the PCRs of the claimed release's measurement.
//!
//! - If the claimed release has a **boot policy** (`set_boot_policy`), the policy judges the log
//!   ([`iot_primitives::boot::check_boot_policy`]): a boot that meets it counts as that release
//!   (judged for revocation, floor and rollback) even if its PCR digest is not the measurement's —
//!   an allowed second kernel, say; a violation makes the result
//!   `Untrusted { BootPolicyViolation }`, and the `BootPolicyViolated` event names the offending
//!   event and its digest.
//! - Without a policy, the release's measurement decides, as for a quote without a log.
//!
//! The verified boot is recorded per device ([`VerifiedBoots`]): later quotes of the same boot
//! (same TPM boot counters, same PCR digest) need no log and are judged as it was. A quote without
//! a log whose PCR digest is the measurement of a release with a boot policy is refused
//! (`EventLogRequired`): such releases are judged by their logs. A policy applies to boots
//! verified after it was set; a manufacturer who must distrust devices at once revokes the
//! release. The claim cannot raise trust: the boot is judged by the claimed release's own rules,
//! and its log must be the TPM's.

use crate::{pallet::*, types::*};
use frame_support::{
	ensure,
	pallet_prelude::*,
	traits::{fungible::MutateHold, tokens::Precision},
};
use frame_system::pallet_prelude::BlockNumberFor;
use iot_primitives::{
	boot::{check_boot_policy, parse_event_log as parse, BootEvidence, BootPolicy, BootRecord},
	tpm::{Quote, TPM_ALG_SHA256},
	DeviceId, PcrSelection,
};

impl<T: Config> Pallet<T> {
	/// Sets (or replaces) the boot policy of `manufacturer`'s measured release `digest` of
	/// `model`, holding `BootPolicyDeposit` the first time.
	pub(crate) fn do_set_boot_policy(
		manufacturer: T::AccountId,
		model: u32,
		digest: [u8; 32],
		policy: BootPolicy,
	) -> DispatchResult {
		Self::ensure_active_model(&manufacturer, model)?;
		let measurement = ReleaseMeasurements::<T>::get((&manufacturer, model, digest))
			.ok_or(Error::<T>::NotMeasured)?;
		let quoted = Self::log_pcrs(&measurement.policy.selection)?;
		policy.validate(quoted).map_err(|error| Error::<T>::BootPolicyRefused { error })?;
		let deposit = match BootPolicies::<T>::get((&manufacturer, model, digest)) {
			Some(previous) => previous.deposit,
			None => {
				let deposit = T::BootPolicyDeposit::get();
				T::Currency::hold(&HoldReason::BootPolicyDeposit.into(), &manufacturer, deposit)
					.map_err(|_| Error::<T>::InsufficientBootPolicyBalance)?;
				deposit
			}
		};
		BootPolicies::<T>::insert(
			(&manufacturer, model, digest),
			BootPolicyRecord { policy, deposit },
		);
		Self::deposit_event(Event::BootPolicySet { manufacturer, model, digest });
		Ok(())
	}

	/// Removes the boot policy of a release and releases its deposit.
	pub(crate) fn do_remove_boot_policy(
		manufacturer: T::AccountId,
		model: u32,
		digest: [u8; 32],
	) -> DispatchResult {
		Self::ensure_active_model(&manufacturer, model)?;
		let record = BootPolicies::<T>::take((&manufacturer, model, digest))
			.ok_or(Error::<T>::NoBootPolicy)?;
		let reason = HoldReason::BootPolicyDeposit.into();
		T::Currency::release(&reason, &manufacturer, record.deposit, Precision::BestEffort)?;
		Self::deposit_event(Event::BootPolicyRemoved { manufacturer, model, digest });
		Ok(())
	}

	/// Judges the boot a quote reports by its boot evidence (see the module documentation):
	/// `None` when no boot evidence is involved (no log, and no verified log of this boot), else
	/// the release the boot counts as and the boot policy's violation, if any. Records a verified
	/// log.
	pub(crate) fn judge_boot(
		device: DeviceId,
		manufacturer: &T::AccountId,
		model: u32,
		quote: &Quote<'_>,
		boot: Option<&BootEvidence>,
	) -> Result<Option<BootOutcome>, DispatchError> {
		let (reset_count, restart_count) = (quote.clock.reset_count, quote.clock.restart_count);
		let Some(boot) = boot else {
			// A boot whose log was verified before: judged as then.
			if let Some(verified) = VerifiedBoots::<T>::get(device)
				.filter(|boot| boot.is_boot_of(reset_count, restart_count, quote.pcr_digest))
			{
				return Ok(Some(BootOutcome {
					release: verified.release,
					violation: verified.violation,
				}));
			}
			let measured = Self::measured_release(manufacturer, model, quote);
			if let Some(digest) = measured {
				let has_policy = BootPolicies::<T>::contains_key((manufacturer, model, digest));
				ensure!(!has_policy, Error::<T>::EventLogRequired);
			}
			return Ok(None);
		};

		let measurement = ReleaseMeasurements::<T>::get((manufacturer, model, boot.release))
			.ok_or(Error::<T>::NotMeasured)?;
		ensure!(measurement.policy.selection == quote.selection, Error::<T>::PcrSelectionMismatch);
		let quoted = Self::log_pcrs(&quote.selection)?;
		let log = parse(&boot.event_log).map_err(|error| Error::<T>::EventLogRefused { error })?;
		let replayed =
			log.replay_sha256().map_err(|error| Error::<T>::EventLogRefused { error })?;
		let pcr_digest: [u8; 32] =
			quote.pcr_digest.try_into().map_err(|_| Error::<T>::EventLogMismatch)?;
		ensure!(replayed.composite(quoted) == pcr_digest, Error::<T>::EventLogMismatch);

		let policy = Self::boot_policy(manufacturer, model, boot.release);
		let (release, components, violation) =
			match policy.map(|policy| check_boot_policy(&log, &policy, quoted)) {
				Some(Ok(components)) => (Some(boot.release), components, None),
				Some(Err(violation)) => (Some(boot.release), Default::default(), Some(violation)),
				// Without a policy, the release's measurement decides.
				None => {
					let measured = measurement.policy.digest == pcr_digest;
					(measured.then_some(boot.release), Default::default(), None)
				}
			};
		let event_count = log.event_count();
		match violation {
			None => Self::deposit_event(Event::BootVerified {
				device,
				event_count,
				components: components.clone(),
			}),
			Some(violation) => Self::deposit_event(Event::BootPolicyViolated { device, violation }),
		}
		VerifiedBoots::<T>::insert(
			device,
			BootRecord {
				reset_count,
				restart_count,
				pcr_digest,
				event_count,
				secure_boot: log.secure_boot().map(|(_, on)| on),
				release,
				components,
				violation,
				verified_at: frame_system::Pallet::<T>::block_number(),
			},
		);
		Ok(Some(BootOutcome { release, violation }))
	}

	/// The PCRs (bitmap) of a selection an event log can be replayed against: exactly one bank,
	/// SHA-256 (`UnsupportedPcrBank` otherwise).
	pub(crate) fn log_pcrs(selection: &PcrSelection) -> Result<u32, Error<T>> {
		match selection.as_slice() {
			[bank] if bank.hash_alg == TPM_ALG_SHA256 => Ok(bank.pcrs),
			_ => Err(Error::<T>::UnsupportedPcrBank),
		}
	}

	/// The boot policy of a release, if it has one.
	pub fn boot_policy(
		manufacturer: &T::AccountId,
		model: u32,
		digest: [u8; 32],
	) -> Option<BootPolicy> {
		BootPolicies::<T>::get((manufacturer, model, digest)).map(|record| record.policy)
	}

	/// The device's last boot whose event log was verified against a quote.
	pub fn last_verified_boot(device: &DeviceId) -> Option<BootRecord<BlockNumberFor<T>>> {
		VerifiedBoots::<T>::get(device)
	}

	/// Checks that every boot policy belongs to a measured release whose quotes select the
	/// policy's PCRs, and that every verified boot belongs to a device that quoted.
	#[cfg(any(feature = "try-runtime", test))]
	pub(crate) fn try_state_boot_policies() -> Result<(), sp_runtime::TryRuntimeError> {
		for ((manufacturer, model, digest), record) in BootPolicies::<T>::iter() {
			let measurement = ReleaseMeasurements::<T>::get((&manufacturer, model, digest))
				.ok_or("a boot policy of an unmeasured release")?;
			let quoted = Self::log_pcrs(&measurement.policy.selection)
				.map_err(|_| "a boot policy of a release measured on other banks")?;
			ensure!(record.policy.validate(quoted).is_ok(), "an invalid boot policy");
		}
		for device in VerifiedBoots::<T>::iter_keys() {
			ensure!(TpmClocks::<T>::contains_key(device), "a verified boot without a quote");
		}
		Ok(())
	}
}
