//! # iot-device-sdk
//!
//! Everything a device needs to talk to iot-chain, for the device itself: `#![no_std]`, no
//! allocator, no panics on input (spec §14).
//!
//! - [`Device`] builds and signs every device-signed payload exactly as the runtime checks it: the
//!   registration proof, a key rotation, attestation evidence, a data anchor, and the nonce a TPM
//!   quote carries. The bytes come from `iot-payloads`, the same code the runtime uses.
//! - [`Signer`] is the signing hook: software [`Ed25519Signer`] and [`P256Signer`] are included; a
//!   secure element or a TPM implements the trait itself.
//! - [`MerkleRoot`] computes the Merkle root of a stream of readings in O(log n) memory (about
//!   1.2 KiB, whatever the count), identical to the runtime's trees and `iot-node merkle`, and can
//!   keep the proof of one chosen reading on the way.
//!
//! Every function that writes takes the caller's buffer and returns an [`Error`] if it is too
//! small; every length and index is checked.
//!
//! ```
//! use iot_device_sdk::{Device, Ed25519Signer, MerkleRoot, MAX_MESSAGE_LEN};
//!
//! let device = Device::new(Ed25519Signer::from_seed(&[7; 32]));
//! let (genesis, owner) = ([1u8; 32], [2u8; 32]);
//! let mut buffer = [0u8; MAX_MESSAGE_LEN];
//! let proof = device.registration(&genesis, &owner, &mut buffer)?;
//! assert!(proof.message.starts_with(b"iotc:register"));
//!
//! let mut tree = MerkleRoot::new();
//! for reading in [&b"21.5 C"[..], b"21.7 C", b"21.6 C"] {
//!     tree.push(reading)?;
//! }
//! let batch = tree.finish()?;
//! let mut buffer = [0u8; MAX_MESSAGE_LEN];
//! let anchor = device.anchor(&genesis, 0, &batch.root, batch.leaf_count, &mut buffer)?;
//! assert_eq!(anchor.signature.as_bytes().len(), 64);
//! # Ok::<(), iot_device_sdk::Error>(())
//! ```
#![no_std]

mod device;
mod error;
mod hash;
mod merkle;
mod signer;

pub use device::{Attestation, Device, Rotation, Signed};
pub use error::Error;
pub use hash::blake2_256;
pub use iot_payloads::{PublicKey, Scheme, Signature, MAX_LEAF_LEN, MAX_MESSAGE_LEN};
pub use merkle::{Batch, MerkleRoot, NoProof, Proof, Tracker, MAX_DEPTH};
#[cfg(feature = "ed25519")]
pub use signer::Ed25519Signer;
#[cfg(feature = "p256")]
pub use signer::P256Signer;
pub use signer::{SignatureBytes, Signer};
