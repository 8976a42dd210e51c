//! Manufacturer-rooted identity (spec §12): trust anchors, the certificate record of a certified
//! device, revocations and a device's certification as evaluated when read.
//!
//! The certificate path itself is checked by the `iot-cert-path` crate; these are the types the
//! registry stores and the runtime API returns.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use sp_core::H256;
use sp_runtime::{traits::ConstU32, BoundedVec};

pub use iot_cert_path::{CertError, ChainError, MAX_CERT_LEN, MAX_CHAIN_LEN};

/// A certificate as stored in a trust anchor: DER, at most [`MAX_CERT_LEN`] bytes.
pub type CertificateBytes = BoundedVec<u8, ConstU32<{ MAX_CERT_LEN as u32 }>>;

/// The hashes (`blake2_256`) of a chain's certificates, leaf first.
pub type CertificateHashes = BoundedVec<H256, ConstU32<{ MAX_CHAIN_LEN as u32 }>>;

/// The revocation identifiers of a chain (see [`RevocationTarget::id`]): one per certificate
/// (issuer and serial) and one per intermediate (its key).
pub type RevocationIds = BoundedVec<H256, ConstU32<{ 2 * MAX_CHAIN_LEN as u32 - 1 }>>;

/// The longest certificate serial number accepted in a revocation, in bytes (RFC 5280 allows
/// 20 octets, 21 with a leading zero).
pub const MAX_SERIAL_LEN: u32 = 32;

/// A certificate serial number's content octets, as encoded in the certificate.
pub type SerialBytes = BoundedVec<u8, ConstU32<MAX_SERIAL_LEN>>;

/// Whose trust anchor it is.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub enum AnchorOwner<AccountId> {
	/// A chip vendor's root registered by the `ManufacturerOrigin`: any manufacturer's models may
	/// accept it.
	Global,
	/// An OEM's own CA: only this manufacturer's models may accept it.
	Manufacturer(AccountId),
}

/// A trust anchor: a CA certificate that device (and TPM endorsement-key) chains end at.
#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct TrustAnchor<AccountId, Balance, BlockNumber> {
	/// Global (a vendor root) or a manufacturer's own.
	pub owner: AnchorOwner<AccountId>,
	/// The anchor's certificate (DER).
	pub certificate: CertificateBytes,
	/// The deposit held from a manufacturer for its own anchor (zero for global anchors).
	pub deposit: Balance,
	/// When it was registered.
	pub registered_at: BlockNumber,
	/// When it was retired, if it was: no new chain may end at it (the devices certified
	/// before keep their certification unless a revocation says otherwise).
	pub retired_at: Option<BlockNumber>,
	/// How many revocations it has.
	pub revocations: u32,
}

/// What an anchor's owner revokes below the anchor.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub enum RevocationTarget {
	/// One certificate, by its issuer and serial number.
	Certificate {
		/// `blake2_256` of the DER encoding of the certificate's issuer name.
		issuer: H256,
		/// The serial number's content octets, as encoded in the certificate.
		serial: SerialBytes,
	},
	/// Every certificate an intermediate CA key signed, by `blake2_256` of the DER encoding of
	/// the intermediate's `subjectPublicKeyInfo`.
	Key(H256),
}

impl RevocationTarget {
	/// The identifier under which it is stored: `blake2_256(SCALE(target))`.
	pub fn id(&self) -> H256 {
		H256(sp_io::hashing::blake2_256(&self.encode()))
	}
}

/// The certificates of a chain that verified, as recorded for a device.
#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct CertifiedChain {
	/// The anchor the chain ends at.
	pub anchor: H256,
	/// `blake2_256` of each certificate's DER, leaf first.
	pub certificates: CertificateHashes,
	/// The revocation identifiers that would revoke the chain.
	pub revocation_ids: RevocationIds,
}

/// A certified device's certificates: its own chain and, for a TPM-resident key, the TPM's
/// endorsement-key (EK) chain that the key's certificate (IAK/IDevID) is bound to.
#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct DeviceCertificate<BlockNumber, Balance> {
	/// The chain whose leaf certifies the device key.
	pub chain: CertifiedChain,
	/// The TPM's EK chain, when the leaf's `hardwareModuleName` names the EK certificate.
	pub tpm: Option<CertifiedChain>,
	/// When the chain was verified and recorded.
	pub certified_at: BlockNumber,
	/// The deposit held from the device's owner for this record.
	pub deposit: Balance,
}

/// A device's certification, evaluated when read: a revocation takes effect at once for every
/// device below it, with no per-device work.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(tag = "status"))]
pub enum Certification {
	/// The device has no certificate chain (it may still be endorsed by its manufacturer's key).
	Uncertified,
	/// The device key is certified by a chain ending at `anchor`; with `tpm_anchor`, the key is
	/// bound to a genuine TPM whose EK chain ends at that (vendor's) anchor.
	#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
	Certified {
		/// The anchor of the device's chain.
		anchor: H256,
		/// The anchor of the TPM's EK chain, for a TPM-bound key.
		tpm_anchor: Option<H256>,
	},
	/// A certificate of the device's (or its TPM's) chain is revoked.
	Revoked {
		/// The anchor under which the revocation was made.
		anchor: H256,
		/// The revocation's identifier ([`RevocationTarget::id`]).
		revocation: H256,
	},
}
