//! The types the firmware attestation pallet stores: releases, attestation results, per-device
//! counters, TPM measurements and boot policies, with their aliases for a runtime's `Config`.

use crate::Config;
use alloc::vec::Vec;
use codec::{Decode, Encode, MaxEncodedLen};
use frame_support::{pallet_prelude::BoundedVec, traits::fungible::Inspect};
use frame_system::pallet_prelude::BlockNumberFor;
use iot_primitives::{boot::BootPolicy, Evidence, EvidenceKind, PcrPolicy, Release, Verdict};
use scale_info::TypeInfo;

/// The balance type of the pallet's currency.
pub type BalanceOf<T> =
	<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;

/// A firmware release as stored.
pub type ReleaseOf<T> =
	Release<BoundedVec<u8, <T as Config>::MaxVersionLength>, BlockNumberFor<T>, BalanceOf<T>>;

/// A genesis release: manufacturer, model, digest, version and security version.
pub type GenesisRelease<AccountId> = (AccountId, u32, [u8; 32], Vec<u8>, u32);

/// Evidence with the runtime's block number.
pub type EvidenceOf<T> = Evidence<BlockNumberFor<T>>;

/// The last attestation result of a device.
#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct AttestationRecord<BlockNumber> {
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
	/// The evidence that produced it: reported by the device, or quoted by its TPM.
	pub evidence: EvidenceKind,
}

/// A release's reference measurement as stored, with the deposit held for it.
#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct Measurement<Balance> {
	/// The PCRs a device running the release quotes, and their expected digest.
	pub policy: PcrPolicy,
	/// Deposit held from the manufacturer.
	pub deposit: Balance,
}

/// A stored measurement.
pub type MeasurementOf<T> = Measurement<BalanceOf<T>>;

/// A release's boot policy as stored, with the deposit held for it.
#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct BootPolicyRecord<Balance> {
	/// What a device running the release may boot.
	pub policy: BootPolicy,
	/// Deposit held from the manufacturer.
	pub deposit: Balance,
}

/// A stored boot policy.
pub type BootPolicyRecordOf<T> = BootPolicyRecord<BalanceOf<T>>;

/// What a quote's boot evidence decided (see `boot.rs`).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct BootOutcome {
	/// The release the boot counts as: `None` if it counts as none (the claimed release has no
	/// boot policy and the PCR digest is not its measurement).
	pub release: Option<[u8; 32]>,
	/// How the boot broke the release's boot policy, if it did.
	pub violation: Option<iot_primitives::boot::BootViolation>,
}

/// Per-device counters that survive every attestation.
#[derive(Clone, PartialEq, Eq, Default, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct DeviceCounters<BlockNumber> {
	/// The counter of the last accepted evidence; the next must be greater.
	pub last_counter: u32,
	/// The highest security version the device attested as trusted; lower ones are rollbacks.
	pub highest_security_version: u32,
	/// Block of the last fee-free attestation.
	pub last_free_at: Option<BlockNumber>,
}
