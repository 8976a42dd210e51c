//! Firmware attestation's events (a pallet section, imported into `pallet`).

use frame_support::pallet_macros::pallet_section;

/// Firmware attestation's events (a pallet section, imported into `pallet`).
#[pallet_section]
mod events {
	/// Events of firmware attestation.
	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A manufacturer published a firmware release.
		ReleasePublished {
			/// The manufacturer's account.
			manufacturer: T::AccountId,
			/// The model's identifier.
			model: u32,
			/// The release's firmware digest.
			digest: [u8; 32],
			/// The security version.
			security_version: u32,
		},
		/// A manufacturer revoked a release; devices running it are untrusted.
		ReleaseRevoked {
			/// The manufacturer's account.
			manufacturer: T::AccountId,
			/// The model's identifier.
			model: u32,
			/// The release's firmware digest.
			digest: [u8; 32],
			/// The reason code given.
			reason: u8,
		},
		/// A manufacturer raised a model's security floor.
		SecurityFloorRaised {
			/// The manufacturer's account.
			manufacturer: T::AccountId,
			/// The model's identifier.
			model: u32,
			/// The new minimum security version.
			floor: u32,
		},
		/// `ForceOrigin` set a model's security floor (possibly lowering it).
		SecurityFloorForced {
			/// The manufacturer's account.
			manufacturer: T::AccountId,
			/// The model's identifier.
			model: u32,
			/// The new minimum security version.
			floor: u32,
		},
		/// `ForceOrigin` reinstated a revoked release.
		ReleaseReinstated {
			/// The manufacturer's account.
			manufacturer: T::AccountId,
			/// The model's identifier.
			model: u32,
			/// The release's firmware digest.
			digest: [u8; 32],
		},
		/// A manufacturer set the reference measurement of a release.
		MeasurementSet {
			/// The manufacturer's account.
			manufacturer: T::AccountId,
			/// The model's identifier.
			model: u32,
			/// The release's firmware digest.
			digest: [u8; 32],
			/// The expected SHA-256 digest of the selected PCRs.
			pcr_digest: [u8; 32],
		},
		/// A device's TPM rebooted (or resumed) since its last accepted quote: its boot counters
		/// grew.
		TpmRebooted {
			/// The device.
			device: DeviceId,
			/// The TPM's reset counter now.
			reset_count: u32,
			/// The TPM's restart counter now.
			restart_count: u32,
		},
		/// A manufacturer set (or replaced) the boot policy of a release.
		BootPolicySet {
			/// The manufacturer's account.
			manufacturer: T::AccountId,
			/// The model's identifier.
			model: u32,
			/// The release's firmware digest.
			digest: [u8; 32],
		},
		/// A manufacturer removed the boot policy of a release.
		BootPolicyRemoved {
			/// The manufacturer's account.
			manufacturer: T::AccountId,
			/// The model's identifier.
			model: u32,
			/// The release's firmware digest.
			digest: [u8; 32],
		},
		/// A quote's event log replayed to its PCR digest and met the release's boot policy (if
		/// any).
		BootVerified {
			/// The device.
			device: DeviceId,
			/// The events of the log.
			event_count: u32,
			/// The policy's components the boot matched.
			components: MatchedComponents,
		},
		/// A quote's event log replayed to its PCR digest but breaks the release's boot policy.
		BootPolicyViolated {
			/// The device.
			device: DeviceId,
			/// The offending event (index and digest), missing component or Secure Boot state.
			violation: BootViolation,
		},
		/// Evidence was checked and its result recorded.
		Attested {
			/// The device.
			device: DeviceId,
			/// The digest of the attested firmware.
			firmware_digest: [u8; 32],
			/// The security version.
			security_version: u32,
			/// The verdict: trusted, or why not.
			verdict: Verdict,
		},
	}
}
