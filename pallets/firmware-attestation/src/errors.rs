//! Firmware attestation's errors, each with the fix a caller can make (a pallet section, imported into `pallet`).

use frame_support::pallet_macros::pallet_section;

/// Firmware attestation's errors, each with the fix a caller can make (a pallet section, imported into `pallet`).
#[pallet_section]
mod errors {
	/// Errors of firmware attestation.
	#[pallet::error]
	pub enum Error<T> {
		/// The caller has no such model (or is not a manufacturer).
		///
		/// Fix: publish with the manufacturer account that registered the model.
		UnknownModel,
		/// The manufacturer is deactivated.
		///
		/// Fix: ask Root to reactivate the manufacturer (`setManufacturerStatus`).
		ManufacturerInactive,
		/// The version string is longer than `MaxVersionLength`.
		///
		/// Fix: shorten the version string to `MaxVersionLength` bytes.
		VersionTooLong,
		/// This digest is already a release of the model.
		///
		/// Fix: nothing to do: this digest is published for the model.
		ReleaseExists,
		/// The security version is lower than one already published for the model.
		///
		/// Fix: publish with a security version at least the model's highest.
		SecurityVersionDecreased,
		/// No such release.
		///
		/// Fix: check the model and digest; publish the release first.
		UnknownRelease,
		/// The release is already revoked.
		///
		/// Fix: nothing to do: the release is revoked.
		AlreadyRevoked,
		/// A security floor can only rise.
		///
		/// Fix: set a floor at least the current one.
		FloorLowered,
		/// The manufacturer cannot pay the release deposit.
		///
		/// Fix: fund the manufacturer account with `ReleaseDeposit` plus fees.
		InsufficientBalance,
		/// No such device.
		///
		/// Fix: check the device id or register the device first.
		UnknownDevice,
		/// The device is suspended or revoked.
		///
		/// Fix: resume the device (owner) before it attests.
		DeviceInactive,
		/// The evidence signature does not verify with the device's current key.
		///
		/// Fix: sign the attestation evidence payload of docs/device-integration.md with the
		/// device's current key (after a rotation, the new one).
		BadSignature,
		/// `recent_block` is in the future.
		///
		/// Fix: take `recent_block` from the chain's best block, not ahead of it.
		FutureBlock,
		/// `recent_block` is more than `FreshnessWindow` blocks old.
		///
		/// Fix: read a recent block (within `FreshnessWindow` blocks) just before signing.
		StaleEvidence,
		/// `recent_hash` is not the hash of `recent_block`.
		///
		/// Fix: sign the hash of `recent_block` as the chain has it (`chain_getBlockHash`).
		BlockHashMismatch,
		/// The counter is not greater than the device's last accepted counter (replay).
		///
		/// Fix: increase the counter past the last accepted one and
		/// sign again.
		Replay,
		/// The release is not revoked.
		///
		/// Fix: nothing to restore: the release is not revoked.
		NotRevoked,
		/// The manufacturer cannot pay the measurement deposit.
		///
		/// Fix: fund the manufacturer account with `MeasurementDeposit` plus fees.
		InsufficientMeasurementBalance,
		/// A PCR policy must select at least one PCR.
		///
		/// Fix: select the PCRs the measurement covers (for example 0, 4 and 7).
		EmptyPcrSelection,
		/// Another release of the model already has this measurement.
		///
		/// Fix: each release needs its own PCR digest: rebuild the firmware or select other PCRs.
		MeasurementInUse,
		/// The device's key is not a P-256 key, so it cannot be a TPM attestation key.
		///
		/// Fix: register the TPM's attestation key (P-256) as the device key to submit quotes.
		NotTpmKey,
		/// The device key carries no factory endorsement: without it nothing says the key lives
		/// in a TPM, so its quotes prove nothing about the hardware.
		///
		/// Fix: register the attestation key with the manufacturer's endorsement (docs/tpm.md).
		NotEndorsed,
		/// The quote does not start with `TPM_GENERATED_VALUE`: the TPM did not make it.
		///
		/// Fix: submit the `TPMS_ATTEST` bytes exactly as `TPM2_Quote` returned them.
		BadMagic,
		/// The TPM-made structure is not a quote (`TPM_ST_ATTEST_QUOTE`).
		///
		/// Fix: submit the output of `TPM2_Quote`, not of another attestation command.
		NotAQuote,
		/// The quote is truncated, has trailing bytes, or a field exceeds the TPM's limits.
		///
		/// Fix: submit the TPM's `TPMS_ATTEST` bytes unchanged (no TPM2B size prefix, no padding).
		MalformedQuote,
		/// The quote's `extraData` is not the nonce of this chain, device, block and counter.
		///
		/// Fix: quote over the nonce of docs/tpm.md ("The nonce") for this chain, device, block and
		/// counter.
		NonceMismatch,
		/// The TPM's boot counters (`resetCount`, `restartCount`) are lower than in the device's
		/// last accepted quote: its clock state was rolled back.
		///
		/// Fix: investigate the device: its TPM state was restored from an older copy.
		TpmClockRollback,
		/// The device's model is a TPM model (a release of it carries a PCR measurement): its
		/// devices prove their firmware by TPM quotes, not by self-reported evidence.
		///
		/// Fix: submit a `TPM2_Quote` with `submit_tpm_quote` (docs/tpm.md).
		QuoteRequired,
		/// The device's model is no TPM model (no release of it carries a PCR measurement), so its
		/// keys are not TPM attestation keys and it cannot quote.
		///
		/// Fix: the manufacturer sets the release measurement first (`set_release_measurement`);
		/// devices of other models submit reported evidence (`submit_attestation`).
		NotTpmModel,
		/// The event log is not a crypto-agile TCG event log the chain can replay (`error` says
		/// why).
		///
		/// Fix: submit `/sys/kernel/security/tpm0/binary_bios_measurements` unchanged (a
		/// crypto-agile log with a SHA-256 bank, at most 64 KiB); docs/tpm.md.
		EventLogRefused {
			/// Why.
			error: EventLogError,
		},
		/// Replaying the event log does not give the quote's PCR digest: the log is not the one
		/// the TPM measured.
		///
		/// Fix: submit the log of the boot the TPM quoted (after a reboot, the new log).
		EventLogMismatch,
		/// The release has a boot policy and no event log of this boot was verified yet.
		///
		/// Fix: submit this boot's event log with the quote (once per boot).
		EventLogRequired,
		/// Event logs are replayed on the SHA-256 bank only: the release's measurement (and so
		/// the quote) must select PCRs of exactly one bank, SHA-256.
		///
		/// Fix: measure and quote the SHA-256 bank only (e.g. `tpm2_quote -l sha256:0,4,7`).
		UnsupportedPcrBank,
		/// The quote does not select the PCRs of the claimed release's measurement.
		///
		/// Fix: quote the PCRs the release's measurement selects (`releaseMeasurements`).
		PcrSelectionMismatch,
		/// The boot policy cannot be set (`error` says why).
		///
		/// Fix: give every component at least one digest, a PCR of 0–23, a measured event type
		/// and a unique name.
		BootPolicyRefused {
			/// Why.
			error: BootPolicyError,
		},
		/// The release has no measurement (PCR policy): no boot policy can be set for it, and no
		/// boot can claim it.
		///
		/// Fix: `set_release_measurement` for the release first; a device claims a measured
		/// release of its model.
		NotMeasured,
		/// The release has no boot policy.
		///
		/// Fix: nothing to remove.
		NoBootPolicy,
		/// The manufacturer cannot pay the boot policy deposit.
		///
		/// Fix: fund the manufacturer account with `BootPolicyDeposit` plus fees.
		InsufficientBootPolicyBalance,
	}
}
