//! Writing crypto-agile event logs, as firmware does: for tests, benchmarks and device tooling
//! (feature `builder`, needs an allocator).
//!
//! The SHA-256 bank is always present and tracked ([`LogBuilder::pcr`] is what a TPM extended by
//! the same events holds). Other banks given to [`LogBuilder::with_algorithms`] are written with
//! filler digests (`0xab` bytes): a parser must skip them by their declared sizes, and their
//! replay means nothing.

use crate::{
	event_type::{EV_EFI_VARIABLE_DRIVER_CONFIG, EV_NO_ACTION},
	extend_sha256, Algorithm, PcrValues, EFI_GLOBAL_VARIABLE, SPEC_ID_SIGNATURE,
	STARTUP_LOCALITY_SIGNATURE, TPM_ALG_SHA256,
};
use alloc::vec::Vec;
use sha2::{Digest, Sha256};

/// A log being written, with the SHA-256 PCR values its events produce.
#[derive(Clone, Debug)]
pub struct LogBuilder {
	algorithms: Vec<Algorithm>,
	bytes: Vec<u8>,
	pcrs: PcrValues<32>,
}

impl LogBuilder {
	/// A log carrying only the SHA-256 bank.
	pub fn sha256() -> Self {
		Self::with_algorithms(&[Algorithm { id: TPM_ALG_SHA256, digest_len: 32 }])
	}

	/// A log whose header lists `algorithms` in this order (SHA-256 should be among them).
	pub fn with_algorithms(algorithms: &[Algorithm]) -> Self {
		let mut spec = Vec::new();
		spec.extend_from_slice(SPEC_ID_SIGNATURE);
		spec.extend_from_slice(&0u32.to_le_bytes()); // platformClass: client
		spec.extend_from_slice(&[0, 2, 0, 2]); // spec version 2.0, errata 0, uintnSize 2 (64 bits)
		spec.extend_from_slice(&(algorithms.len() as u32).to_le_bytes());
		for algorithm in algorithms {
			spec.extend_from_slice(&algorithm.id.to_le_bytes());
			spec.extend_from_slice(&algorithm.digest_len.to_le_bytes());
		}
		spec.push(0); // vendorInfoSize
		let mut bytes = Vec::new();
		bytes.extend_from_slice(&0u32.to_le_bytes());
		bytes.extend_from_slice(&EV_NO_ACTION.to_le_bytes());
		bytes.extend_from_slice(&[0; 20]);
		bytes.extend_from_slice(&(spec.len() as u32).to_le_bytes());
		bytes.extend_from_slice(&spec);
		Self { algorithms: algorithms.to_vec(), bytes, pcrs: PcrValues::reset(0) }
	}

	/// Reports `TPM2_Startup` from `locality` (before anything is extended into PCR 0).
	pub fn startup_locality(&mut self, locality: u8) -> &mut Self {
		let mut data = STARTUP_LOCALITY_SIGNATURE.to_vec();
		data.push(locality);
		self.pcrs = PcrValues::reset(locality);
		self.write(0, EV_NO_ACTION, &[0; 32], &data)
	}

	/// Measures `data` into `pcr`: its SHA-256 digest is extended.
	pub fn measure(&mut self, pcr: u32, event_type: u32, data: &[u8]) -> &mut Self {
		let digest: [u8; 32] = Sha256::digest(data).into();
		self.extend(pcr, event_type, &digest, data)
	}

	/// Extends `digest` into `pcr`, logging `data` with it (e.g. an image's Authenticode digest
	/// with its `UEFI_IMAGE_LOAD_EVENT`).
	pub fn extend(
		&mut self,
		pcr: u32,
		event_type: u32,
		digest: &[u8; 32],
		data: &[u8],
	) -> &mut Self {
		if event_type != EV_NO_ACTION {
			if let Some(value) = self.pcrs.0.get_mut(pcr as usize) {
				*value = extend_sha256(value, digest);
			}
		}
		self.write(pcr, event_type, digest, data)
	}

	/// Measures a UEFI variable (`UEFI_VARIABLE_DATA`, its SHA-256 extended) into `pcr`.
	pub fn efi_variable(
		&mut self,
		pcr: u32,
		event_type: u32,
		vendor: [u8; 16],
		name: &str,
		value: &[u8],
	) -> &mut Self {
		let mut data = Vec::new();
		data.extend_from_slice(&vendor);
		data.extend_from_slice(&(name.encode_utf16().count() as u64).to_le_bytes());
		data.extend_from_slice(&(value.len() as u64).to_le_bytes());
		for unit in name.encode_utf16() {
			data.extend_from_slice(&unit.to_le_bytes());
		}
		data.extend_from_slice(value);
		self.measure(pcr, event_type, &data)
	}

	/// Measures the `SecureBoot` variable into PCR 7, on (`1`) or off (`0`), as UEFI firmware
	/// does before anything else of PCR 7.
	pub fn secure_boot(&mut self, enabled: bool) -> &mut Self {
		let value = [u8::from(enabled)];
		self.efi_variable(
			7,
			EV_EFI_VARIABLE_DRIVER_CONFIG,
			EFI_GLOBAL_VARIABLE,
			"SecureBoot",
			&value,
		)
	}

	/// Logs an `EV_NO_ACTION` event (extended nowhere).
	pub fn no_action(&mut self, data: &[u8]) -> &mut Self {
		self.write(0, EV_NO_ACTION, &[0; 32], data)
	}

	fn write(&mut self, pcr: u32, event_type: u32, digest: &[u8; 32], data: &[u8]) -> &mut Self {
		self.bytes.extend_from_slice(&pcr.to_le_bytes());
		self.bytes.extend_from_slice(&event_type.to_le_bytes());
		self.bytes.extend_from_slice(&(self.algorithms.len() as u32).to_le_bytes());
		for algorithm in &self.algorithms {
			self.bytes.extend_from_slice(&algorithm.id.to_le_bytes());
			if algorithm.id == TPM_ALG_SHA256 {
				self.bytes.extend_from_slice(digest);
			} else {
				self.bytes.extend(core::iter::repeat_n(0xab, usize::from(algorithm.digest_len)));
			}
		}
		self.bytes.extend_from_slice(&(data.len() as u32).to_le_bytes());
		self.bytes.extend_from_slice(data);
		self
	}

	/// The SHA-256 value of PCR `index` after the events so far.
	pub fn pcr(&self, index: usize) -> [u8; 32] {
		self.pcrs.value(index).copied().unwrap_or_default()
	}

	/// The SHA-256 PCR values after the events so far.
	pub fn pcrs(&self) -> &PcrValues<32> {
		&self.pcrs
	}

	/// The log's bytes so far.
	pub fn bytes(&self) -> &[u8] {
		&self.bytes
	}

	/// The log's bytes.
	pub fn finish(&self) -> Vec<u8> {
		self.bytes.clone()
	}
}
