//! # iot-primitives
//!
//! Types and traits shared by the iot-chain runtime, its pallets, the node and off-chain tools,
//! so that pallets never depend on each other ("spec §N" in these docs is a section of the
//! product specification, `docs/spec.md` in the repository):
//!
//! - [`keys`]: the device key and signature types of the four supported schemes (Ed25519,
//!   Sr25519, ECDSA secp256k1 and NIST P-256) and their verification;
//! - [`merkle`]: the Merkle trees of device readings (roots, proofs, verification);
//! - [`payloads`]: the exact bytes a device signs for each purpose (spec §3);
//! - [`registry`]: the device record and the [`registry::DeviceRegistry`] trait through which
//!   other pallets look devices up;
//! - [`attestation`]: firmware releases, attestation verdicts, the trust status and the
//!   [`attestation::DeviceTrust`] trait;
//! - [`anchoring`]: anchored Merkle roots and proof verification results;
//! - [`certificates`]: trust anchors, certified devices' chains, revocations and certification
//!   (X.509 paths are checked by the `iot-cert-path` crate);
//! - [`tpm`]: TPM 2.0 quotes (their parser and nonce) and the PCR policies of releases;
//! - [`boot`]: measured boot: boot policies of releases checked against replayed event logs (the
//!   `iot-event-log` crate) and the record of a device's last verified boot;
//! - [`errors`]: [`batch_item_error!`], the error of one item of a batch call;
//! - [`api`]: the runtime API declarations the node's RPC and polkadot-js call.
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub mod anchoring;
pub mod api;
pub mod attestation;
pub mod boot;
pub mod certificates;
pub mod errors;
pub mod keys;
pub mod merkle;
pub mod payloads;
pub mod registry;
#[cfg(feature = "serde")]
pub mod serde_hex;
#[cfg(any(feature = "test-utils", feature = "runtime-benchmarks", test))]
pub mod testing;
pub mod tpm;

pub use anchoring::{Anchor, AnchorPage, VerifyError};
#[cfg(feature = "runtime-benchmarks")]
pub use attestation::TrustBenchmarkHelper;
pub use attestation::{
	DeviceTrust, EvidenceKind, Identity, Release, TrustStatus, UntrustedReason, Verdict,
};
pub use certificates::{
	AnchorOwner, CertError, Certification, ChainError, DeviceCertificate, RevocationTarget,
	TrustAnchor,
};
pub use keys::{DeviceId, DeviceKey, DeviceSignature, KeyScheme, SignatureError, WeakKeyError};
pub use payloads::Evidence;
#[cfg(feature = "runtime-benchmarks")]
pub use registry::RegistryBenchmarkHelper;
pub use registry::{Device, DeviceRegistry, DeviceStatus, OnDeviceRemoved, RegisteredDevice};
pub use tpm::{PcrBank, PcrPolicy, PcrSelection, QuoteBytes, QuoteError, TpmClock};
