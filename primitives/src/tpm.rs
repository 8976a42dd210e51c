//! TPM 2.0 quotes (spec §10): the marshalled `TPMS_ATTEST` structure a TPM signs in `TPM2_Quote`,
//! a panic-free parser of exactly the fields the chain checks, the PCR policies manufacturers attach
//! to releases, and the nonce a quote must carry.
//!
//! A quote is big-endian (TCG TPM 2.0 Library, Part 2, §10.12.12):
//!
//! ```text
//! magic            u32    TPM_GENERATED_VALUE = 0xff544347
//! type             u16    TPM_ST_ATTEST_QUOTE = 0x8018
//! qualifiedSigner  TPM2B_NAME    u16 size ++ ≤ 66 bytes
//! extraData        TPM2B_DATA    u16 size ++ ≤ 64 bytes  (the verifier's nonce)
//! clockInfo        TPMS_CLOCK_INFO: clock u64, resetCount u32, restartCount u32, safe u8
//! firmwareVersion  u64
//! attested.quote   TPMS_QUOTE_INFO:
//!   pcrSelect      TPML_PCR_SELECTION: count u32, count × (hash u16, sizeofSelect u8, bitmap)
//!   pcrDigest      TPM2B_DIGEST  u16 size ++ ≤ 64 bytes
//! ```
//!
//! The chain needs no TPM library: a quote is a few length-prefixed fields, and a small parser that
//! checks every length against the bytes left is easier to audit and fuzz (and smaller in the WASM
//! runtime) than a general TPM marshalling crate.

use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use sp_core::{ConstU32, H256};
use sp_runtime::BoundedVec;

use crate::DeviceId;

/// `TPM_GENERATED_VALUE`: the first four bytes of everything a TPM signs about itself. A
/// restricted signing key (such as an attestation key) refuses to sign external data that starts
/// with it, so a structure starting with it was made by the TPM.
pub const TPM_GENERATED_VALUE: u32 = 0xff54_4347;
/// `TPM_ST_ATTEST_QUOTE`: the structure tag of a `TPM2_Quote` result.
pub const TPM_ST_ATTEST_QUOTE: u16 = 0x8018;
/// `TPM_ALG_SHA256`, the hash algorithm identifier of SHA-256 (a PCR bank).
pub const TPM_ALG_SHA256: u16 = 0x000b;
/// Tag of the nonce a quote carries in `extraData`.
pub use iot_payloads::QUOTE_NONCE_TAG;
/// The most PCR banks a quote (and a policy) may select: a TPM has at most one bank per hash
/// algorithm, and real TPMs carry two to four (SHA-1, SHA-256, SHA-384, SM3-256).
pub const MAX_PCR_BANKS: u32 = 4;
/// The largest bitmap of one bank, in bytes: 32 PCRs (TPM 2.0 PC clients have 24).
pub const MAX_PCR_SELECT_BYTES: usize = 4;
/// The largest `TPM2B_NAME` payload: a name algorithm (2 bytes) and a SHA-512 digest.
pub const MAX_NAME_LEN: usize = 66;
/// The largest `TPM2B_DATA` and `TPM2B_DIGEST` payload (a SHA-512 digest and a hash algorithm
/// identifier for `TPM2B_DATA`).
pub const MAX_DATA_LEN: usize = 66;
/// The longest quote the parser accepts: every variable field at its largest.
pub const MAX_QUOTE_LEN: u32 = 4
	+ 2 + (2 + MAX_NAME_LEN as u32)
	+ (2 + MAX_DATA_LEN as u32)
	+ 17
	+ 8 + 4
	+ MAX_PCR_BANKS * (3 + MAX_PCR_SELECT_BYTES as u32)
	+ (2 + MAX_DATA_LEN as u32);

/// A quote as submitted: the TPM's marshalled `TPMS_ATTEST`, at most [`MAX_QUOTE_LEN`] bytes.
pub type QuoteBytes = BoundedVec<u8, ConstU32<MAX_QUOTE_LEN>>;

/// The PCRs of one bank: a hash algorithm and a bitmap of PCR indices (bit `i` of the
/// little-endian `u32` is PCR `i`, as `TPMS_PCR_SELECTION`'s byte `i / 8`, bit `i % 8`).
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
pub struct PcrBank {
	/// The bank's hash algorithm (`TPM_ALG_ID`, e.g. [`TPM_ALG_SHA256`]).
	pub hash_alg: u16,
	/// The selected PCRs: bit `i` selects PCR `i`.
	pub pcrs: u32,
}

/// Which PCRs a quote covers, bank by bank, in the order the TPM hashed them.
pub type PcrSelection = BoundedVec<PcrBank, ConstU32<MAX_PCR_BANKS>>;

/// A release's reference measurement: the PCRs a device running it quotes and the SHA-256 digest
/// of their values (the `pcrDigest` of the quote) that it measures at boot.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct PcrPolicy {
	/// The PCRs the quote must select, in order.
	pub selection: PcrSelection,
	/// SHA-256 over the selected PCR values, concatenated in selection order.
	pub digest: [u8; 32],
}

/// The TPM's clock and boot counters at the time of a quote (`TPMS_CLOCK_INFO`).
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Default,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub struct TpmClock {
	/// Milliseconds the TPM has been powered since it was made (advances monotonically while
	/// powered; may lose the time since the last save on a disorderly power loss).
	pub clock: u64,
	/// TPM Resets (reboots) since the TPM was made.
	pub reset_count: u32,
	/// TPM Restarts and Resumes since the last reset (hibernation and resume).
	pub restart_count: u32,
	/// Whether `clock` is certain not to have been reported higher before.
	pub safe: bool,
}

impl TpmClock {
	/// Whether these boot counters are not before `earlier`'s: `(reset_count, restart_count)`
	/// never goes back (a restart counter goes back to 0 only on a reset).
	pub fn boots_not_before(&self, earlier: &TpmClock) -> bool {
		(self.reset_count, self.restart_count) >= (earlier.reset_count, earlier.restart_count)
	}
}

/// The fields of a parsed quote (borrowing the submitted bytes).
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Quote<'a> {
	/// The qualified name of the signing key.
	pub qualified_signer: &'a [u8],
	/// The verifier's nonce (`extraData`).
	pub extra_data: &'a [u8],
	/// The TPM's clock and boot counters.
	pub clock: TpmClock,
	/// The TPM vendor's firmware version.
	pub firmware_version: u64,
	/// The quoted PCRs.
	pub selection: PcrSelection,
	/// The digest of the quoted PCR values.
	pub pcr_digest: &'a [u8],
}

/// Why bytes are not a quote the chain can check.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum QuoteError {
	/// The structure does not start with `TPM_GENERATED_VALUE`: the TPM did not make it.
	BadMagic,
	/// The TPM made it, but it is not a quote (another attestation type, e.g. a certification).
	NotAQuote,
	/// A field is truncated or longer than the TPM allows, a bank is selected twice, or bytes
	/// trail the structure.
	Malformed,
}

/// Reads big-endian fields from the front of a byte slice, never past its end.
struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
	fn bytes(&mut self, len: usize) -> Result<&'a [u8], QuoteError> {
		if len > self.0.len() {
			return Err(QuoteError::Malformed);
		}
		let (head, rest) = self.0.split_at(len);
		self.0 = rest;
		Ok(head)
	}

	fn array<const N: usize>(&mut self) -> Result<[u8; N], QuoteError> {
		self.bytes(N)?.try_into().map_err(|_| QuoteError::Malformed)
	}

	fn u8(&mut self) -> Result<u8, QuoteError> {
		Ok(u8::from_be_bytes(self.array()?))
	}

	fn u16(&mut self) -> Result<u16, QuoteError> {
		Ok(u16::from_be_bytes(self.array()?))
	}

	fn u32(&mut self) -> Result<u32, QuoteError> {
		Ok(u32::from_be_bytes(self.array()?))
	}

	fn u64(&mut self) -> Result<u64, QuoteError> {
		Ok(u64::from_be_bytes(self.array()?))
	}

	/// A `TPM2B_*`: a `u16` size and at most `max` bytes.
	fn sized(&mut self, max: usize) -> Result<&'a [u8], QuoteError> {
		let len = usize::from(self.u16()?);
		if len > max {
			return Err(QuoteError::Malformed);
		}
		self.bytes(len)
	}

	/// A `TPML_PCR_SELECTION`: at most [`MAX_PCR_BANKS`] banks, each bank at most once.
	fn pcr_selection(&mut self) -> Result<PcrSelection, QuoteError> {
		let count = self.u32()?;
		if count > MAX_PCR_BANKS {
			return Err(QuoteError::Malformed);
		}
		let mut banks = Vec::new();
		for _ in 0..count {
			let hash_alg = self.u16()?;
			let size = usize::from(self.u8()?);
			if size > MAX_PCR_SELECT_BYTES {
				return Err(QuoteError::Malformed);
			}
			let mut bitmap = [0u8; 4];
			for (slot, byte) in bitmap.iter_mut().zip(self.bytes(size)?) {
				*slot = *byte;
			}
			if banks.iter().any(|bank: &PcrBank| bank.hash_alg == hash_alg) {
				return Err(QuoteError::Malformed);
			}
			banks.push(PcrBank { hash_alg, pcrs: u32::from_le_bytes(bitmap) });
		}
		PcrSelection::try_from(banks).map_err(|_| QuoteError::Malformed)
	}
}

/// Parses a marshalled `TPMS_ATTEST` that must be a quote. Never panics; every length is checked
/// against the TPM's limits and the bytes left, and no byte may trail the structure.
pub fn parse_quote(bytes: &[u8]) -> Result<Quote<'_>, QuoteError> {
	let mut reader = Reader(bytes);
	if reader.u32().map_err(|_| QuoteError::BadMagic)? != TPM_GENERATED_VALUE {
		return Err(QuoteError::BadMagic);
	}
	if reader.u16()? != TPM_ST_ATTEST_QUOTE {
		return Err(QuoteError::NotAQuote);
	}
	let qualified_signer = reader.sized(MAX_NAME_LEN)?;
	let extra_data = reader.sized(MAX_DATA_LEN)?;
	let clock = TpmClock {
		clock: reader.u64()?,
		reset_count: reader.u32()?,
		restart_count: reader.u32()?,
		safe: match reader.u8()? {
			0 => false,
			1 => true,
			_ => return Err(QuoteError::Malformed),
		},
	};
	let firmware_version = reader.u64()?;
	let selection = reader.pcr_selection()?;
	let pcr_digest = reader.sized(MAX_DATA_LEN)?;
	if !reader.0.is_empty() {
		return Err(QuoteError::Malformed);
	}
	Ok(Quote { qualified_signer, extra_data, clock, firmware_version, selection, pcr_digest })
}

/// The nonce a device's quote must carry in `extraData`:
/// `blake2_256("iotc:tpm" ++ SCALE(genesis, device, recent_block, recent_hash, counter))` — bound to
/// the chain, the device, a recent block (freshness) and an increasing counter (replay).
pub fn quote_nonce<BlockNumber: Encode>(
	genesis: &H256,
	device: &DeviceId,
	recent_block: &BlockNumber,
	recent_hash: &H256,
	counter: u32,
) -> [u8; 32] {
	nonce_of(genesis, device, recent_block, recent_hash, counter, None)
}

/// The nonce of a quote sent with boot evidence (spec §13): [`quote_nonce`]'s preimage followed
/// by the claimed release's firmware digest,
/// `blake2_256("iotc:tpm" ++ SCALE(genesis, device, recent_block, recent_hash, counter) ++ release)`
/// — so the claim is the TPM's, and no relayer can change it or strip it.
pub fn boot_quote_nonce<BlockNumber: Encode>(
	genesis: &H256,
	device: &DeviceId,
	recent_block: &BlockNumber,
	recent_hash: &H256,
	counter: u32,
	release: &[u8; 32],
) -> [u8; 32] {
	nonce_of(genesis, device, recent_block, recent_hash, counter, Some(release))
}

/// `blake2_256` of the quote nonce's preimage, with the claimed release if any.
fn nonce_of<BlockNumber: Encode>(
	genesis: &H256,
	device: &DeviceId,
	recent_block: &BlockNumber,
	recent_hash: &H256,
	counter: u32,
	release: Option<&[u8; 32]>,
) -> [u8; 32] {
	let preimage = crate::payloads::quote_nonce_preimage;
	sp_io::hashing::blake2_256(&preimage(
		genesis,
		device,
		recent_block,
		recent_hash,
		counter,
		release,
	))
}

/// Marshals a quote (`TPMS_ATTEST`) as a TPM would: for tests, benchmarks and fuzzing.
#[cfg(any(feature = "std", feature = "runtime-benchmarks"))]
pub fn marshal_quote(quote: &Quote<'_>) -> Vec<u8> {
	fn sized(out: &mut Vec<u8>, bytes: &[u8]) {
		out.extend_from_slice(&u16::try_from(bytes.len()).unwrap_or(u16::MAX).to_be_bytes());
		out.extend_from_slice(bytes);
	}
	let mut out = Vec::new();
	out.extend_from_slice(&TPM_GENERATED_VALUE.to_be_bytes());
	out.extend_from_slice(&TPM_ST_ATTEST_QUOTE.to_be_bytes());
	sized(&mut out, quote.qualified_signer);
	sized(&mut out, quote.extra_data);
	out.extend_from_slice(&quote.clock.clock.to_be_bytes());
	out.extend_from_slice(&quote.clock.reset_count.to_be_bytes());
	out.extend_from_slice(&quote.clock.restart_count.to_be_bytes());
	out.push(u8::from(quote.clock.safe));
	out.extend_from_slice(&quote.firmware_version.to_be_bytes());
	out.extend_from_slice(&(quote.selection.len() as u32).to_be_bytes());
	for bank in &quote.selection {
		out.extend_from_slice(&bank.hash_alg.to_be_bytes());
		let bitmap = bank.pcrs.to_le_bytes();
		let size = if bank.pcrs >> 24 == 0 { 3 } else { 4 };
		out.push(size as u8);
		out.extend_from_slice(&bitmap[..size]);
	}
	sized(&mut out, quote.pcr_digest);
	out
}

#[cfg(test)]
mod tests {
	use super::*;

	/// A quote made by swtpm 0.7.1 (libtpms 0.9.2) with `tpm2_quote -l sha256:0,4,7`, and its
	/// attestation key; see `primitives/fixtures/tpm/README.md`.
	fn fixture(name: &str) -> Vec<u8> {
		let path = alloc::format!("{}/fixtures/tpm/{name}", env!("CARGO_MANIFEST_DIR"));
		std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
	}

	#[test]
	fn parses_a_swtpm_quote() {
		let bytes = fixture("quote.bin");
		let quote = parse_quote(&bytes).expect("a swtpm quote parses");
		assert_eq!(quote.extra_data, &fixture("nonce.bin")[..]);
		assert_eq!(
			quote.selection.clone().into_inner(),
			vec![PcrBank { hash_alg: TPM_ALG_SHA256, pcrs: (1 << 0) | (1 << 4) | (1 << 7) }]
		);
		assert_eq!(quote.pcr_digest, &fixture("pcr-digest.bin")[..]);
		assert_eq!(quote.qualified_signer.len(), 34, "SHA-256 name: algorithm ++ digest");
		assert!(quote.clock.reset_count <= 1 && quote.clock.safe);
		// The round trip through the test marshaller gives the TPM's bytes back.
		assert_eq!(marshal_quote(&quote), bytes);
	}

	#[test]
	fn the_tpm_signature_verifies_as_a_p256_device_signature() {
		let key = crate::DeviceKey::P256(fixture("ak.bin").try_into().expect("33 bytes"));
		let signature =
			crate::DeviceSignature::P256(fixture("signature.bin").try_into().expect("64 bytes"));
		assert_eq!(key.verify(&fixture("quote.bin"), &signature), Ok(()));
		let mut flipped = fixture("quote.bin");
		let last = flipped.len() - 1;
		flipped[last] ^= 1;
		assert_eq!(key.verify(&flipped, &signature), Err(crate::SignatureError::Invalid));
	}

	#[test]
	fn refuses_what_is_not_a_quote() {
		let bytes = fixture("quote.bin");
		let mut bad_magic = bytes.clone();
		bad_magic[0] ^= 1;
		assert_eq!(parse_quote(&bad_magic), Err(QuoteError::BadMagic));
		assert_eq!(parse_quote(&[]), Err(QuoteError::BadMagic));
		assert_eq!(parse_quote(&bytes[..3]), Err(QuoteError::BadMagic));
		let mut certify = bytes.clone();
		certify[4..6].copy_from_slice(&0x8017u16.to_be_bytes()); // TPM_ST_ATTEST_CERTIFY
		assert_eq!(parse_quote(&certify), Err(QuoteError::NotAQuote));
	}

	#[test]
	fn refuses_every_truncation_and_trailing_bytes() {
		let bytes = fixture("quote.bin");
		for len in 6..bytes.len() {
			assert_eq!(parse_quote(&bytes[..len]), Err(QuoteError::Malformed), "length {len}");
		}
		let mut trailing = bytes.clone();
		trailing.push(0);
		assert_eq!(parse_quote(&trailing), Err(QuoteError::Malformed));
	}

	fn quote_with(selection: &[PcrBank], digest_len: usize) -> Vec<u8> {
		let digest = vec![7u8; digest_len];
		marshal_quote(&Quote {
			qualified_signer: &[1; MAX_NAME_LEN],
			extra_data: &[2; 32],
			clock: TpmClock { clock: 1, reset_count: 2, restart_count: 3, safe: true },
			firmware_version: 4,
			selection: PcrSelection::truncate_from(selection.to_vec()),
			pcr_digest: &digest,
		})
	}

	#[test]
	fn limits_hold() {
		let banks: Vec<PcrBank> = (0..MAX_PCR_BANKS as u16)
			.map(|alg| PcrBank { hash_alg: alg, pcrs: u32::MAX })
			.collect();
		let largest = marshal_quote(&Quote {
			qualified_signer: &[1; MAX_NAME_LEN],
			extra_data: &[2; MAX_DATA_LEN],
			clock: TpmClock::default(),
			firmware_version: 0,
			selection: PcrSelection::truncate_from(banks.clone()),
			pcr_digest: &[3; MAX_DATA_LEN],
		});
		assert_eq!(largest.len(), MAX_QUOTE_LEN as usize);
		assert!(parse_quote(&largest).is_ok());
		// A digest longer than any hash, a duplicated bank, a bad `safe` byte, five banks.
		assert_eq!(parse_quote(&quote_with(&banks, MAX_DATA_LEN + 1)), Err(QuoteError::Malformed));
		let twice = [banks[0], banks[0]];
		assert_eq!(parse_quote(&quote_with(&twice, 32)), Err(QuoteError::Malformed));
		let mut unsafe_byte = quote_with(&banks[..1], 32);
		let safe_at = 4 + 2 + 2 + MAX_NAME_LEN + 2 + 32 + 16;
		unsafe_byte[safe_at] = 2;
		assert_eq!(parse_quote(&unsafe_byte), Err(QuoteError::Malformed));
		let mut five = quote_with(&banks, 32);
		let count_at = safe_at + 1 + 8;
		five[count_at..count_at + 4].copy_from_slice(&5u32.to_be_bytes());
		assert_eq!(parse_quote(&five), Err(QuoteError::Malformed));
	}

	#[test]
	fn boot_counters_order() {
		let at = |reset_count, restart_count| TpmClock {
			reset_count,
			restart_count,
			..Default::default()
		};
		assert!(at(1, 0).boots_not_before(&at(1, 0)));
		assert!(at(1, 1).boots_not_before(&at(1, 0)));
		assert!(at(2, 0).boots_not_before(&at(1, 5)), "a reset zeroes the restart counter");
		assert!(!at(1, 4).boots_not_before(&at(1, 5)));
		assert!(!at(0, 9).boots_not_before(&at(1, 0)));
	}

	#[test]
	fn nonce_matches_the_fixture() {
		// primitives/fixtures/tpm/README.md: the nonce of the fixture quote.
		let genesis = H256::repeat_byte(0x45);
		let device = H256(hex_array(&fixture("device-id.bin")));
		let nonce = quote_nonce(&genesis, &device, &49u64, &H256::from_low_u64_be(0xb10c_0031), 1);
		assert_eq!(&nonce[..], &fixture("nonce.bin")[..]);
	}

	fn hex_array(bytes: &[u8]) -> [u8; 32] {
		bytes.try_into().expect("32 bytes")
	}
}
