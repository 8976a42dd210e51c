//! The TCG PC Client **crypto-agile boot event log**, parsed and replayed without panics and
//! without an allocator (spec §13).
//!
//! A TPM's PCRs only say *that* something was measured; the firmware's event log says *what*: one
//! entry per measurement (PCR, event type, the digest extended into each PCR bank, the event's own
//! data). Replaying the log — extending each event's digest into a PCR starting from its reset
//! value — must give the PCR values the TPM quoted, or the log is not the one that booted.
//!
//! The format (TCG PC Client Platform Firmware Profile, §10): a first `TCG_PCR_EVENT` (SHA-1
//! layout) whose data is the `Spec ID Event03` structure listing the log's hash algorithms and
//! their digest sizes, then `TCG_PCR_EVENT2` entries, each with one digest per listed algorithm.
//! Little-endian throughout. [`parse`] checks the whole log once — every size against the bytes
//! left, every event's digest list against the header, every PCR index, the `StartupLocality`
//! event — so that iterating and replaying a parsed log cannot fail on its structure.
//!
//! Replay rules: PCRs 0–16 and 23 start at zero, the dynamic PCRs 17–22 at all ones (their
//! value from power-on until a dynamic launch); PCR 0 starts at the locality of `TPM2_Startup`
//! that a `StartupLocality` `EV_NO_ACTION` event reports (3 or 4; 0 without one). `EV_NO_ACTION`
//! events are never extended.
//!
//! ```
//! use iot_event_log::{builder::LogBuilder, parse, event_type, TPM_ALG_SHA256};
//!
//! let mut log = LogBuilder::sha256();
//! log.measure(4, event_type::EV_EFI_BOOT_SERVICES_APPLICATION, b"bootloader");
//! let bytes = log.finish();
//!
//! let parsed = parse(&bytes).unwrap();
//! assert_eq!(parsed.event_count(), 1);
//! let pcrs = parsed.replay_sha256().unwrap();
//! assert_eq!(pcrs.value(4), Some(&log.pcr(4)));
//! assert_eq!(parsed.events().next().unwrap().digest(TPM_ALG_SHA256).unwrap().len(), 32);
//! ```
#![cfg_attr(not(test), no_std)]

#[cfg(feature = "builder")]
extern crate alloc;

#[cfg(feature = "builder")]
pub mod builder;
mod reader;

use reader::Reader;
use sha2::{Digest, Sha256};

/// The longest log the chain accepts, in bytes.
pub const MAX_EVENT_LOG_LEN: usize = 64 * 1024;
/// PCRs of a PC Client TPM (0–23).
pub const PCR_COUNT: usize = 24;
/// The most hash algorithms a log's header may list.
pub const MAX_ALGORITHMS: usize = 8;
/// The longest digest an algorithm may declare (SHA-512's).
pub const MAX_DIGEST_LEN: u16 = 64;
/// `TPM_ALG_SHA1`.
pub const TPM_ALG_SHA1: u16 = 0x0004;
/// `TPM_ALG_SHA256`: the bank the chain replays.
pub const TPM_ALG_SHA256: u16 = 0x000b;
/// `TPM_ALG_SHA384`.
pub const TPM_ALG_SHA384: u16 = 0x000c;

/// The signature opening the first event's data in a crypto-agile log.
pub const SPEC_ID_SIGNATURE: &[u8; 16] = b"Spec ID Event03\0";
/// The signature of the `EV_NO_ACTION` event reporting the locality of `TPM2_Startup`.
pub const STARTUP_LOCALITY_SIGNATURE: &[u8; 16] = b"StartupLocality\0";

/// Event types of the PC Client Platform Firmware Profile the chain names in policies and docs.
pub mod event_type {
	/// A BIOS POST code or firmware volume measurement.
	pub const EV_POST_CODE: u32 = 0x0000_0001;
	/// Not extended into any PCR: metadata (the header, `StartupLocality`, …).
	pub const EV_NO_ACTION: u32 = 0x0000_0003;
	/// The separator between pre-OS and OS-present measurements of a PCR.
	pub const EV_SEPARATOR: u32 = 0x0000_0004;
	/// The version of the static root of trust for measurement.
	pub const EV_S_CRTM_VERSION: u32 = 0x0000_0008;
	/// Initial program loader data (e.g. GRUB's measured commands and kernel command line).
	pub const EV_IPL: u32 = 0x0000_000d;
	/// A UEFI variable of the platform's configuration (Secure Boot state and keys, PCR 7).
	pub const EV_EFI_VARIABLE_DRIVER_CONFIG: u32 = 0x8000_0001;
	/// A UEFI boot variable (`BootOrder`, `Boot####`).
	pub const EV_EFI_VARIABLE_BOOT: u32 = 0x8000_0002;
	/// A UEFI application loaded by the boot manager: shim, the boot loader, a UKI kernel (PCR 4).
	pub const EV_EFI_BOOT_SERVICES_APPLICATION: u32 = 0x8000_0003;
	/// A UEFI boot services driver (e.g. an option ROM).
	pub const EV_EFI_BOOT_SERVICES_DRIVER: u32 = 0x8000_0004;
	/// A UEFI action string ("Calling EFI Application from Boot Option", …).
	pub const EV_EFI_ACTION: u32 = 0x8000_0007;
	/// A firmware blob measured by the platform firmware.
	pub const EV_EFI_PLATFORM_FIRMWARE_BLOB: u32 = 0x8000_0008;
	/// A UEFI variable that authorised a loaded image (the `db` entry used, PCR 7).
	pub const EV_EFI_VARIABLE_AUTHORITY: u32 = 0x8000_00e0;
}

/// Why bytes are not a crypto-agile event log the chain can replay.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[cfg_attr(
	feature = "scale",
	derive(
		codec::Encode,
		codec::Decode,
		codec::DecodeWithMemTracking,
		codec::MaxEncodedLen,
		scale_info::TypeInfo,
		frame_support::PalletError
	)
)]
pub enum EventLogError {
	/// Longer than [`MAX_EVENT_LOG_LEN`].
	TooLong,
	/// The first event is not an `EV_NO_ACTION` on PCR 0 carrying `Spec ID Event03`: a SHA-1-only
	/// (TPM 1.2 style) log, or not an event log at all.
	NotCryptoAgile,
	/// The header lists no algorithm, more than [`MAX_ALGORITHMS`], one twice, or a digest size of
	/// 0 or above [`MAX_DIGEST_LEN`].
	BadAlgorithms,
	/// A structure ends past the end of the log, or the header's data has bytes left over.
	Truncated,
	/// An event's digests do not name each of the header's algorithms exactly once.
	BadDigestList,
	/// An event names a PCR above 23.
	PcrOutOfRange,
	/// A `StartupLocality` event that is not on PCR 0, not 17 bytes, a second one, one after PCR 0
	/// was extended, or a locality other than 0, 3 or 4.
	BadStartupLocality,
	/// The log has no digests of the requested algorithm, or of another size.
	MissingBank,
}

/// A hash algorithm of the log and the size of its digests.
#[derive(Clone, Copy, PartialEq, Eq, Default, Debug)]
pub struct Algorithm {
	/// `TPM_ALG_ID` (e.g. [`TPM_ALG_SHA256`]).
	pub id: u16,
	/// Digest size in bytes.
	pub digest_len: u16,
}

/// One measurement of the log (a `TCG_PCR_EVENT2`), borrowing the log's bytes.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Event<'a> {
	/// Position among the log's events after the header, from 0.
	pub index: u32,
	/// The PCR extended (0–23).
	pub pcr: u32,
	/// The event type (see [`event_type`]).
	pub event_type: u32,
	/// The event's data (a device path, a variable, a string, …), as the firmware logged it.
	pub data: &'a [u8],
	digests: &'a [u8],
	algorithms: &'a [Algorithm],
}

impl<'a> Event<'a> {
	/// The digest this event extended into the bank of algorithm `id`.
	pub fn digest(&self, id: u16) -> Option<&'a [u8]> {
		let mut reader = Reader::new(self.digests);
		for _ in self.algorithms {
			let alg = reader.u16().ok()?;
			let len = self.algorithms.iter().find(|a| a.id == alg)?.digest_len;
			let digest = reader.take(usize::from(len)).ok()?;
			if alg == id {
				return Some(digest);
			}
		}
		None
	}

	/// Whether the event was extended into its PCR (every type but `EV_NO_ACTION`).
	pub fn is_measured(&self) -> bool {
		self.event_type != event_type::EV_NO_ACTION
	}
}

/// A parsed, checked event log.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct EventLog<'a> {
	algorithms: [Algorithm; MAX_ALGORITHMS],
	algorithm_count: usize,
	startup_locality: u8,
	event_count: u32,
	events: &'a [u8],
}

/// The values of the 24 PCRs of one bank, digests of `N` bytes.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct PcrValues<const N: usize>([[u8; N]; PCR_COUNT]);

impl<const N: usize> PcrValues<N> {
	/// The PCRs' values at `TPM2_Startup` from `locality`: see the crate documentation.
	pub fn reset(locality: u8) -> Self {
		let mut values = [[0u8; N]; PCR_COUNT];
		for value in values.iter_mut().take(23).skip(17) {
			*value = [0xff; N];
		}
		if let Some(last) = values.first_mut().and_then(|pcr0| pcr0.last_mut()) {
			*last = locality;
		}
		Self(values)
	}

	/// PCR `index`'s value.
	pub fn value(&self, index: usize) -> Option<&[u8; N]> {
		self.0.get(index)
	}

	/// The digest a TPM quote carries for `selection` (bit `i` = PCR `i`) of this bank: SHA-256
	/// over the selected values, concatenated from the lowest PCR up (a SHA-256 attestation key's
	/// `pcrDigest`).
	pub fn composite(&self, selection: u32) -> [u8; 32] {
		let mut hasher = Sha256::new();
		for (index, value) in self.0.iter().enumerate() {
			if selection & (1u32 << index) != 0 {
				hasher.update(value);
			}
		}
		hasher.finalize().into()
	}
}

/// Parses and checks a whole crypto-agile event log (see the crate documentation).
pub fn parse(bytes: &[u8]) -> Result<EventLog<'_>, EventLogError> {
	if bytes.len() > MAX_EVENT_LOG_LEN {
		return Err(EventLogError::TooLong);
	}
	let mut reader = Reader::new(bytes);
	let (algorithms, algorithm_count) = parse_header(&mut reader)?;
	let events = reader.rest();
	let listed = algorithms.get(..algorithm_count).unwrap_or_default();
	let mut reader = Reader::new(events);
	let (mut startup_locality, mut event_count) = (None, 0u32);
	let mut pcr0_extended = false;
	while !reader.is_empty() {
		let event = next_event(&mut reader, listed, event_count)?;
		if event.event_type == event_type::EV_NO_ACTION {
			if event.data.starts_with(STARTUP_LOCALITY_SIGNATURE) {
				let locality = match event.data {
					[_signature @ .., locality] if event.data.len() == 17 => *locality,
					_ => return Err(EventLogError::BadStartupLocality),
				};
				let allowed = matches!(locality, 0 | 3 | 4);
				if event.pcr != 0 || startup_locality.is_some() || pcr0_extended || !allowed {
					return Err(EventLogError::BadStartupLocality);
				}
				startup_locality = Some(locality);
			}
		} else if event.pcr == 0 {
			pcr0_extended = true;
		}
		event_count = event_count.saturating_add(1);
	}
	let startup_locality = startup_locality.unwrap_or(0);
	let log = EventLog { algorithms, algorithm_count, startup_locality, event_count, events };
	Ok(log)
}

/// Reads the `TCG_PCR_EVENT` header and its `Spec ID Event03` algorithm list.
fn parse_header(
	reader: &mut Reader<'_>,
) -> Result<([Algorithm; MAX_ALGORITHMS], usize), EventLogError> {
	let not_agile = |_| EventLogError::NotCryptoAgile;
	let pcr = reader.u32().map_err(not_agile)?;
	let kind = reader.u32().map_err(not_agile)?;
	if pcr != 0 || kind != event_type::EV_NO_ACTION {
		return Err(EventLogError::NotCryptoAgile);
	}
	let _sha1_digest = reader.take(20).map_err(not_agile)?;
	let size = reader.u32().map_err(not_agile)?;
	let signature = reader.rest().get(..SPEC_ID_SIGNATURE.len());
	if signature != Some(SPEC_ID_SIGNATURE.as_slice()) {
		return Err(EventLogError::NotCryptoAgile);
	}
	let data = reader.take(size as usize)?;
	if !data.starts_with(SPEC_ID_SIGNATURE) {
		return Err(EventLogError::NotCryptoAgile);
	}
	let mut spec = Reader::new(data);
	// signature, platformClass, specVersionMinor/Major, specErrata, uintnSize
	spec.take(SPEC_ID_SIGNATURE.len() + 4 + 4)?;
	let count = spec.u32()? as usize;
	if count == 0 || count > MAX_ALGORITHMS {
		return Err(EventLogError::BadAlgorithms);
	}
	let mut algorithms = [Algorithm::default(); MAX_ALGORITHMS];
	for index in 0..count {
		let algorithm = Algorithm { id: spec.u16()?, digest_len: spec.u16()? };
		let listed = algorithms.get(..index).unwrap_or_default();
		if algorithm.digest_len == 0
			|| algorithm.digest_len > MAX_DIGEST_LEN
			|| listed.iter().any(|a| a.id == algorithm.id)
		{
			return Err(EventLogError::BadAlgorithms);
		}
		if let Some(slot) = algorithms.get_mut(index) {
			*slot = algorithm;
		}
	}
	let vendor_info_size = spec.u8()?;
	spec.take(usize::from(vendor_info_size))?;
	if !spec.is_empty() {
		return Err(EventLogError::Truncated);
	}
	Ok((algorithms, count))
}

/// Reads one `TCG_PCR_EVENT2` and checks its digest list and PCR.
fn next_event<'a>(
	reader: &mut Reader<'a>,
	algorithms: &'a [Algorithm],
	index: u32,
) -> Result<Event<'a>, EventLogError> {
	let pcr = reader.u32()?;
	let event_type = reader.u32()?;
	let count = reader.u32()?;
	if count as usize != algorithms.len() {
		return Err(EventLogError::BadDigestList);
	}
	let start = reader.position();
	let mut seen = 0u32;
	for _ in 0..count {
		let id = reader.u16()?;
		let position = algorithms.iter().position(|a| a.id == id);
		let Some((slot, algorithm)) = position.and_then(|p| Some((p, algorithms.get(p)?))) else {
			return Err(EventLogError::BadDigestList);
		};
		if seen & (1 << slot) != 0 {
			return Err(EventLogError::BadDigestList);
		}
		seen |= 1 << slot;
		reader.take(usize::from(algorithm.digest_len))?;
	}
	let digests = reader.since(start);
	let size = reader.u32()?;
	let data = reader.take(size as usize)?;
	if pcr as usize >= PCR_COUNT {
		return Err(EventLogError::PcrOutOfRange);
	}
	Ok(Event { index, pcr, event_type, data, digests, algorithms })
}

impl<'a> EventLog<'a> {
	/// The hash algorithms the log carries, in the header's order.
	pub fn algorithms(&self) -> &[Algorithm] {
		self.algorithms.get(..self.algorithm_count).unwrap_or_default()
	}

	/// The locality of `TPM2_Startup` (PCR 0's reset value), 0 without a `StartupLocality` event.
	pub fn startup_locality(&self) -> u8 {
		self.startup_locality
	}

	/// How many events follow the header (`EV_NO_ACTION` ones included).
	pub fn event_count(&self) -> u32 {
		self.event_count
	}

	/// The events after the header, in order.
	pub fn events(&self) -> Events<'_> {
		Events { reader: Reader::new(self.events), algorithms: self.algorithms(), index: 0 }
	}

	/// Replays the bank of algorithm `id` (digests of `N` bytes), extending with `extend(pcr,
	/// digest)` — the bank's hash of the PCR's value followed by the event's digest.
	pub fn replay<const N: usize>(
		&self,
		id: u16,
		mut extend: impl FnMut(&[u8; N], &[u8; N]) -> [u8; N],
	) -> Result<PcrValues<N>, EventLogError> {
		if !self.algorithms().iter().any(|a| a.id == id && usize::from(a.digest_len) == N) {
			return Err(EventLogError::MissingBank);
		}
		let mut pcrs = PcrValues::<N>::reset(self.startup_locality);
		for event in self.events().filter(Event::is_measured) {
			let digest: &[u8; N] = event
				.digest(id)
				.and_then(|digest| digest.try_into().ok())
				.ok_or(EventLogError::MissingBank)?;
			if let Some(value) = pcrs.0.get_mut(event.pcr as usize) {
				*value = extend(value, digest);
			}
		}
		Ok(pcrs)
	}

	/// Replays the SHA-256 bank: the PCR values the log says a TPM holds.
	pub fn replay_sha256(&self) -> Result<PcrValues<32>, EventLogError> {
		self.replay::<32>(TPM_ALG_SHA256, extend_sha256)
	}
}

/// `SHA-256(value ‖ digest)`: a SHA-256 PCR extended by `digest`.
pub fn extend_sha256(value: &[u8; 32], digest: &[u8; 32]) -> [u8; 32] {
	let mut hasher = Sha256::new();
	hasher.update(value);
	hasher.update(digest);
	hasher.finalize().into()
}

/// `EFI_GLOBAL_VARIABLE` ({8BE4DF61-93CA-11D2-AA0D-00E098032B8C}) as UEFI lays a GUID out in
/// memory: the vendor of the `SecureBoot` variable.
pub const EFI_GLOBAL_VARIABLE: [u8; 16] = [
	0x61, 0xdf, 0xe4, 0x8b, 0xca, 0x93, 0xd2, 0x11, 0xaa, 0x0d, 0x00, 0xe0, 0x98, 0x03, 0x2b, 0x8c,
];

/// A measured UEFI variable: the data of an `EV_EFI_VARIABLE_*` event (`UEFI_VARIABLE_DATA`).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct EfiVariable<'a> {
	/// The variable's vendor GUID, in UEFI's byte order.
	pub vendor: [u8; 16],
	/// The variable's name, UTF-16LE without a terminator.
	pub name: &'a [u8],
	/// The variable's value.
	pub value: &'a [u8],
}

impl<'a> EfiVariable<'a> {
	/// Reads `UEFI_VARIABLE_DATA` (GUID, name length in characters, value length, name, value);
	/// `None` unless the sizes account for every byte.
	pub fn parse(data: &'a [u8]) -> Option<Self> {
		let mut reader = Reader::new(data);
		let vendor = reader.take(16).ok()?.try_into().ok()?;
		let name_chars = u64::from_le_bytes(reader.take(8).ok()?.try_into().ok()?);
		let value_len = u64::from_le_bytes(reader.take(8).ok()?.try_into().ok()?);
		let name_len = usize::try_from(name_chars).ok()?.checked_mul(2)?;
		let name = reader.take(name_len).ok()?;
		let value = reader.take(usize::try_from(value_len).ok()?).ok()?;
		reader.is_empty().then_some(Self { vendor, name, value })
	}

	/// Whether this is the global `SecureBoot` variable.
	pub fn is_secure_boot(&self) -> bool {
		const NAME: &[u8] = b"S\0e\0c\0u\0r\0e\0B\0o\0o\0t\0";
		self.vendor == EFI_GLOBAL_VARIABLE && self.name == NAME
	}
}

impl EventLog<'_> {
	/// The Secure Boot state the firmware measured: the last `SecureBoot` variable logged as
	/// `EV_EFI_VARIABLE_DRIVER_CONFIG` into PCR 7 is `1` (on) or anything else (off); `None` if
	/// the log has no such event. Returns the event's index with the state.
	pub fn secure_boot(&self) -> Option<(u32, bool)> {
		self.events()
			.filter(|e| e.pcr == 7 && e.event_type == event_type::EV_EFI_VARIABLE_DRIVER_CONFIG)
			.filter_map(|e| Some((e.index, EfiVariable::parse(e.data)?)))
			.filter(|(_, variable)| variable.is_secure_boot())
			.last()
			.map(|(index, variable)| (index, variable.value == [1]))
	}
}

/// The events of a parsed log (see [`EventLog::events`]).
#[derive(Clone, Debug)]
pub struct Events<'a> {
	reader: Reader<'a>,
	algorithms: &'a [Algorithm],
	index: u32,
}

impl<'a> Iterator for Events<'a> {
	type Item = Event<'a>;

	fn next(&mut self) -> Option<Event<'a>> {
		if self.reader.is_empty() {
			return None;
		}
		// `parse` checked every event: this cannot fail on a parsed log.
		let event = next_event(&mut self.reader, self.algorithms, self.index).ok()?;
		self.index = self.index.saturating_add(1);
		Some(event)
	}
}
