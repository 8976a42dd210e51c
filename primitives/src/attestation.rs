//! Firmware attestation types (spec §5, the RATS roles of RFC 9334): reference values published by
//! manufacturers, the verdicts recorded for device evidence, and the trust status evaluated when
//! read.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

use crate::DeviceId;

/// Why an attestation result is untrusted.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(tag = "reason"))]
pub enum UntrustedReason {
	/// The firmware digest is not a release of the device's model.
	UnknownFirmware,
	/// The release was revoked by its manufacturer (with the manufacturer's reason code).
	RevokedRelease {
		/// The manufacturer's reason code.
		#[cfg_attr(feature = "serde", serde(rename = "revocationReason"))]
		reason: u8,
	},
	/// The release's security version is below the model's security floor.
	BelowSecurityFloor,
	/// The security version is lower than one the device attested before (a rollback).
	Rollback,
	/// The evidence claims a security version other than the release's.
	SecurityVersionMismatch,
	/// The PCR digest of a TPM quote is no release's measurement for the device's model: the
	/// device booted firmware (or a configuration) its manufacturer never published.
	UnknownMeasurement,
	/// A certificate of the device's chain (or of its TPM's EK chain) is revoked by the owner of
	/// its trust anchor (spec §12): the device's identity is no longer vouched for.
	CertificateRevoked,
	/// The device's model is a TPM model (its releases carry PCR measurements), so only a TPM
	/// quote can make it trusted; its last result came from self-reported evidence (recorded
	/// before the model's first measurement).
	QuoteRequired,
	/// The boot's event log breaks its release's boot policy (spec §13): an unexpected digest,
	/// an unknown boot application, a missing component or Secure Boot off. The device's
	/// `BootRecord` and the `BootPolicyViolated` event name the offending event.
	BootPolicyViolation,
}

/// Which evidence produced an attestation result (spec §5, §10).
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum EvidenceKind {
	/// Evidence the device reported and signed itself (`submit_attestation`): as good as the
	/// software that signed it.
	Reported,
	/// A TPM 2.0 quote (`submit_tpm_quote`): PCR values the TPM measured before the firmware
	/// ran, signed by the TPM's attestation key.
	TpmQuote,
}

/// Who vouches that a device key belongs to a device of its model (spec §3, §12).
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Identity {
	/// Nobody: the owner registered the key, which may be a software key claiming any model.
	SelfAsserted,
	/// The manufacturer's factory endorsement key signed the key (or an X.509 chain certifies
	/// it, where the reader does not look certificates up: [`DeviceTrust`]).
	Endorsed,
	/// An X.509 chain to a trust anchor the model accepts certifies the key, and no certificate
	/// of it is revoked (spec §12).
	Certified,
}

/// The verdict recorded for one piece of evidence.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub enum Verdict {
	/// The firmware matched a valid release at or above the floor.
	Trusted,
	/// The firmware must not be trusted.
	Untrusted {
		/// Why.
		reason: UntrustedReason,
	},
}

/// Whether a device is trusted right now, evaluated from its last attestation result and today's
/// releases, security floor and device status.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(tag = "status"))]
pub enum TrustStatus<BlockNumber> {
	/// Unknown device, or a device that never attested.
	Unknown,
	/// The device attested firmware that is still a valid release above the floor.
	#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
	Trusted {
		/// Digest of the attested firmware.
		#[cfg_attr(feature = "serde", serde(with = "crate::serde_hex"))]
		digest: [u8; 32],
		/// Its security version.
		security_version: u32,
		/// Block of the attestation.
		attested_at: BlockNumber,
		/// First block at which the result is no longer valid.
		expires_at: BlockNumber,
		/// The evidence that produced the result.
		evidence: EvidenceKind,
		/// Who vouches for the device's key.
		identity: Identity,
	},
	/// The device reported firmware that must not be trusted, or its release was revoked or fell
	/// below the floor since.
	Untrusted {
		/// Why.
		#[cfg_attr(feature = "serde", serde(flatten))]
		reason: UntrustedReason,
	},
	/// The last attestation is older than the validity period.
	#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
	Expired {
		/// Block of the last attestation.
		last_attested_at: BlockNumber,
	},
	/// The device is suspended or revoked.
	Inactive,
}

impl<BlockNumber> TrustStatus<BlockNumber> {
	/// Whether the status is `Trusted`.
	pub fn is_trusted(&self) -> bool {
		matches!(self, Self::Trusted { .. })
	}

	/// Whether the status is `Trusted` for a device whose key its manufacturer vouched for
	/// (endorsed or certified): what an anchor's `trusted` flag records. A self-asserted key can
	/// claim any model and report public firmware digests, so its `Trusted` proves little.
	pub fn is_trusted_and_vouched(&self) -> bool {
		matches!(self, Self::Trusted { identity, .. } if *identity >= Identity::Endorsed)
	}
}

/// A firmware release: the reference value a manufacturer publishes for one of its models.
#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct Release<Version, BlockNumber, Balance> {
	/// Human-readable version (for example `1.4.2`).
	pub version: Version,
	/// Monotonic security version of the model's firmware (SUIT sequence number).
	pub security_version: u32,
	/// Block of publication.
	pub published_at: BlockNumber,
	/// `Some(reason)` once the manufacturer revoked the release.
	pub revoked: Option<u8>,
	/// Deposit held from the manufacturer.
	pub deposit: Balance,
}

/// Trust queries for other pallets (data anchoring records the trust status of each anchor).
pub trait DeviceTrust<AccountId, BlockNumber> {
	/// The trust status now of device `id`, whose registry record `device` the caller has read
	/// (it is not read again).
	fn trust_status<B, Balance, Metadata>(
		id: &DeviceId,
		device: &crate::Device<AccountId, B, Balance, Metadata>,
	) -> TrustStatus<BlockNumber>;
}

/// Benchmark setup of the pallets that read trust (a `Config::BenchmarkHelper` bound,
/// runtime-benchmarks only), so that the production [`DeviceTrust`] trait carries no benchmark
/// method; the attestation pallet implements it for the runtime.
#[cfg(feature = "runtime-benchmarks")]
pub trait TrustBenchmarkHelper {
	/// Makes the registered `device` trusted through the slowest evaluation path (a stored
	/// trusted result whose release and security floor are read).
	fn make_benchmark_trusted(device: &DeviceId);
}

/// A pair of helpers, as a pallet that needs devices and trust takes them
/// (`type BenchmarkHelper = (Registry, Trust)`): the trust part is the second's.
#[cfg(feature = "runtime-benchmarks")]
impl<R, T: TrustBenchmarkHelper> TrustBenchmarkHelper for (R, T) {
	fn make_benchmark_trusted(device: &DeviceId) {
		T::make_benchmark_trusted(device)
	}
}
