//! Measured boot (spec §13): boot policies of releases, checked against a TPM's replayed event
//! log, and the record of a device's last verified boot.
//!
//! A quote's PCR digest says that *something* booted; the event log (parsed and replayed by
//! [`iot_event_log`]) says what. A manufacturer describes what may boot as a [`BootPolicy`] of
//! **components**: the events of one type on one PCR (the boot loader's
//! `EV_EFI_BOOT_SERVICES_APPLICATION` on PCR 4, say), each of which must extend one of the
//! component's allowed digests (two signed kernels, say); a required component must appear. Unknown
//! boot applications and Secure Boot being off can be refused. [`check_boot_policy`] names the
//! matched components, or the first offending event with its digest.

use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::PalletError;
use iot_event_log::{event_type, PCR_COUNT, TPM_ALG_SHA256};
use scale_info::TypeInfo;
use sp_runtime::{traits::ConstU32, BoundedVec};

/// Writing event logs (`LogBuilder`), for tests and benchmarks.
#[cfg(any(feature = "runtime-benchmarks", feature = "test-utils", test))]
pub use iot_event_log::builder;
pub use iot_event_log::{parse as parse_event_log, EventLog, EventLogError, MAX_EVENT_LOG_LEN};

/// The most components a boot policy names.
pub const MAX_BOOT_COMPONENTS: u32 = 8;
/// The most digests a component allows.
pub const MAX_COMPONENT_DIGESTS: u32 = 4;
/// The longest component name, in bytes.
pub const MAX_COMPONENT_NAME_LEN: u32 = 32;

/// A boot event log as submitted with a quote: at most [`MAX_EVENT_LOG_LEN`] bytes.
pub type EventLogBytes = BoundedVec<u8, ConstU32<{ MAX_EVENT_LOG_LEN as u32 }>>;

/// A component's name (UTF-8 by convention, e.g. `shim`, `grub`, `kernel`).
pub type ComponentName = BoundedVec<u8, ConstU32<MAX_COMPONENT_NAME_LEN>>;

/// One part of what boots: the events of `event_type` extended into `pcr`.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct BootComponent {
	/// What it is, for people and for the attestation result.
	pub name: ComponentName,
	/// The PCR its events extend (0–23).
	pub pcr: u8,
	/// The event type of its events (`iot_event_log::event_type`), never `EV_NO_ACTION`.
	pub event_type: u32,
	/// The SHA-256 digests its events may extend: each event of this PCR and type must extend
	/// one of them (or one of another component with the same PCR and type).
	pub digests: BoundedVec<[u8; 32], ConstU32<MAX_COMPONENT_DIGESTS>>,
	/// Whether at least one event must match it.
	pub required: bool,
}

/// What a release may boot (spec §13).
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct BootPolicy {
	/// The components, in the order the manufacturer lists them.
	pub components: BoundedVec<BootComponent, ConstU32<MAX_BOOT_COMPONENTS>>,
	/// Whether boot applications (`EV_EFI_BOOT_SERVICES_APPLICATION`) whose digest no component
	/// allows may load.
	pub allow_unknown_applications: bool,
	/// Whether the firmware must have measured Secure Boot on (`SecureBoot` = 1 in PCR 7).
	pub require_secure_boot: bool,
}

/// Why a boot policy cannot be set.
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
	PalletError,
	Debug,
)]
pub enum BootPolicyError {
	/// A component allows no digest.
	NoDigests,
	/// A component names a PCR above 23.
	PcrOutOfRange,
	/// A component's event type is `EV_NO_ACTION`, which extends nothing.
	NotMeasured,
	/// Two components have the same name.
	DuplicateName,
	/// A component's PCR (or PCR 7, where Secure Boot is required) is not among the PCRs the
	/// release's quotes select: its events could not be verified.
	PcrNotQuoted,
}

/// Whether PCR `pcr` is in the selection bitmap `quoted`.
fn is_quoted(quoted: u32, pcr: u32) -> bool {
	pcr < 32 && quoted & (1 << pcr) != 0
}

/// The PCR the firmware measures the Secure Boot state into.
const SECURE_BOOT_PCR: u32 = 7;

impl BootPolicy {
	/// Checks that every component can match something, its PCR is among `quoted` (the bitmap
	/// of the PCRs the release's quotes select), and names are unique.
	pub fn validate(&self, quoted: u32) -> Result<(), BootPolicyError> {
		if self.require_secure_boot && !is_quoted(quoted, SECURE_BOOT_PCR) {
			return Err(BootPolicyError::PcrNotQuoted);
		}
		for (index, component) in self.components.iter().enumerate() {
			if component.digests.is_empty() {
				return Err(BootPolicyError::NoDigests);
			}
			if usize::from(component.pcr) >= PCR_COUNT {
				return Err(BootPolicyError::PcrOutOfRange);
			}
			if !is_quoted(quoted, u32::from(component.pcr)) {
				return Err(BootPolicyError::PcrNotQuoted);
			}
			if component.event_type == event_type::EV_NO_ACTION {
				return Err(BootPolicyError::NotMeasured);
			}
			let earlier = self.components.get(..index).unwrap_or_default();
			if earlier.iter().any(|other| other.name == component.name) {
				return Err(BootPolicyError::DuplicateName);
			}
		}
		Ok(())
	}
}

/// How a replayed boot breaks its release's policy.
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
#[cfg_attr(feature = "serde", serde(tag = "kind", rename_all_fields = "camelCase"))]
pub enum BootViolation {
	/// Event `index` (not a boot application) of a component's PCR and type extended a digest no
	/// such component allows.
	UnexpectedDigest {
		/// The event's position in the log (after the header, from 0).
		index: u32,
		/// Its PCR.
		pcr: u8,
		/// Its event type.
		event_type: u32,
		/// The SHA-256 digest it extended.
		#[cfg_attr(feature = "serde", serde(with = "crate::serde_hex"))]
		digest: [u8; 32],
	},
	/// Event `index` loaded a boot application whose digest no component allows, and the policy
	/// allows no unknown application.
	UnknownApplication {
		/// The event's position in the log.
		index: u32,
		/// The SHA-256 digest it extended (the application's Authenticode digest).
		#[cfg_attr(feature = "serde", serde(with = "crate::serde_hex"))]
		digest: [u8; 32],
	},
	/// No event matched the required component at this position of the policy.
	MissingComponent {
		/// The component's position in the policy.
		component: u8,
	},
	/// Secure Boot was measured off (at event `index`), or not measured at all (`None`).
	SecureBootOff {
		/// The `SecureBoot` variable's event, if the firmware measured one.
		index: Option<u32>,
	},
}

/// A component the boot matched: the last event that matched it.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct MatchedComponent {
	/// The component's name in the policy.
	pub name: ComponentName,
	/// The event's position in the log.
	pub index: u32,
	/// The digest it extended.
	pub digest: [u8; 32],
}

/// The components a boot matched, in the policy's order.
pub type MatchedComponents = BoundedVec<MatchedComponent, ConstU32<MAX_BOOT_COMPONENTS>>;

/// A quote's boot evidence (spec §13): the TPM's event log of the boot, and the release (firmware
/// digest) the device claims it booted, whose boot policy (or measurement) judges the log.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct BootEvidence {
	/// The claimed release's firmware digest.
	pub release: [u8; 32],
	/// The crypto-agile event log (`binary_bios_measurements`), at most 64 KiB.
	pub event_log: EventLogBytes,
}

/// A device's last boot whose event log the chain replayed against a quote (spec §13).
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct BootRecord<BlockNumber> {
	/// The TPM's reset counter of that boot.
	pub reset_count: u32,
	/// The TPM's restart counter of that boot.
	pub restart_count: u32,
	/// The quoted PCR digest the log replayed to.
	pub pcr_digest: [u8; 32],
	/// The events of the log (after its header).
	pub event_count: u32,
	/// The Secure Boot state the firmware measured, if it measured one.
	pub secure_boot: Option<bool>,
	/// The release the boot counts as (the claimed one, if its policy or measurement admits the
	/// boot or it broke the policy), `None` if none.
	pub release: Option<[u8; 32]>,
	/// The components of the release's boot policy that matched (empty without a policy).
	pub components: MatchedComponents,
	/// How the boot broke the release's policy, if it did.
	pub violation: Option<BootViolation>,
	/// When the log was verified.
	pub verified_at: BlockNumber,
}

impl<BlockNumber> BootRecord<BlockNumber> {
	/// Whether this record is of the boot a quote with these counters and PCR digest reports.
	pub fn is_boot_of(&self, reset_count: u32, restart_count: u32, pcr_digest: &[u8]) -> bool {
		(self.reset_count, self.restart_count) == (reset_count, restart_count)
			&& self.pcr_digest.as_slice() == pcr_digest
	}
}

/// Checks a replayed log against `policy`: every boot application (`EV_EFI_BOOT_SERVICES_APPLICATION`)
/// extends a digest some component allows, unless unknown applications are allowed; every other
/// event of a component's PCR and type extends a digest one of them allows; every required component
/// appears, Secure Boot on where required. Only events of the PCRs in `quoted` (the quote's
/// selection bitmap) count: the quote vouches for no other. Returns the matched components, or
/// the first violation in log order (then missing components, then Secure Boot).
pub fn check_boot_policy(
	log: &EventLog<'_>,
	policy: &BootPolicy,
	quoted: u32,
) -> Result<MatchedComponents, BootViolation> {
	let mut matched: Vec<Option<(u32, [u8; 32])>> =
		policy.components.iter().map(|_| None).collect();
	let attested = log.events().filter(|event| event.is_measured() && is_quoted(quoted, event.pcr));
	for event in attested {
		let digest: [u8; 32] =
			event.digest(TPM_ALG_SHA256).and_then(|d| d.try_into().ok()).unwrap_or_default();
		let pcr = u8::try_from(event.pcr).unwrap_or(u8::MAX);
		let mut candidates = policy
			.components
			.iter()
			.enumerate()
			.filter(|(_, c)| c.pcr == pcr && c.event_type == event.event_type)
			.peekable();
		let named = candidates.peek().is_some();
		if let Some((position, _)) = candidates.find(|(_, c)| c.digests.contains(&digest)) {
			if let Some(slot) = matched.get_mut(position) {
				*slot = Some((event.index, digest));
			}
		} else if event.event_type == event_type::EV_EFI_BOOT_SERVICES_APPLICATION {
			if !policy.allow_unknown_applications {
				return Err(BootViolation::UnknownApplication { index: event.index, digest });
			}
		} else if named {
			let event_type = event.event_type;
			return Err(BootViolation::UnexpectedDigest {
				index: event.index,
				pcr,
				event_type,
				digest,
			});
		}
	}
	let mut components = MatchedComponents::new();
	for (position, (component, found)) in policy.components.iter().zip(&matched).enumerate() {
		match found {
			Some((index, digest)) => {
				let name = component.name.clone();
				// At most MAX_BOOT_COMPONENTS: one per component of the policy.
				let _ =
					components.try_push(MatchedComponent { name, index: *index, digest: *digest });
			}
			None if component.required => {
				let component = u8::try_from(position).unwrap_or(u8::MAX);
				return Err(BootViolation::MissingComponent { component });
			}
			None => {}
		}
	}
	if policy.require_secure_boot {
		match log.secure_boot().filter(|_| is_quoted(quoted, SECURE_BOOT_PCR)) {
			Some((_, true)) => {}
			Some((index, false)) => {
				return Err(BootViolation::SecureBootOff { index: Some(index) })
			}
			None => return Err(BootViolation::SecureBootOff { index: None }),
		}
	}
	Ok(components)
}
