//! Why a certificate or a chain is refused.

#[cfg(feature = "scale")]
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
#[cfg(feature = "scale")]
use frame_support::PalletError;
#[cfg(feature = "scale")]
use scale_info::TypeInfo;

/// Why a certificate, a trust anchor or a certificate chain is refused.
///
/// Each variant is one cause, so that a manufacturer reading the error knows what to fix
/// (`docs/certificates.md` lists the fix of each).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[cfg_attr(
	feature = "scale",
	derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, PalletError)
)]
pub enum CertError {
	/// The chain holds no certificate.
	EmptyChain,
	/// The chain holds more than [`crate::MAX_CHAIN_LEN`] certificates.
	ChainTooLong,
	/// A certificate is longer than [`crate::MAX_CERT_LEN`] bytes.
	TooLong,
	/// A certificate is not a well-formed X.509 certificate (truncated, trailing bytes, wrong
	/// structure, an extension whose value does not decode, a signature algorithm that differs
	/// from the one inside the signed part).
	Malformed,
	/// A certificate decodes but is not in distinguished encoding (DER): BER lengths, DEFAULT
	/// values written out, a TRUE other than 0xFF. (The elements of a SET OF may be in any
	/// order, as some TPM vendors write their names: the bytes are kept as signed.)
	NonCanonical,
	/// The same certificate appears twice in the chain, or the anchor appears in the chain.
	Loop,
	/// A certificate's issuer name is not its issuer's subject name (also: a chain given in the
	/// wrong order, or chained to another anchor).
	IssuerMismatch,
	/// A certificate's signature does not verify with its issuer's key.
	BadSignature,
	/// A certificate is signed with SHA-1 or MD5.
	WeakAlgorithm,
	/// A certificate is signed with an algorithm outside ECDSA P-256/P-384 with SHA-256/SHA-384
	/// and RSA PKCS#1 v1.5 with SHA-256/SHA-384 (e.g. RSA-PSS, Ed25519, SHA-512).
	UnsupportedAlgorithm,
	/// An issuer's key is not a P-256, P-384 or RSA key, or its parameters are not valid.
	UnsupportedKey,
	/// An issuer's RSA key is shorter than 2,048 or longer than 4,096 bits.
	RsaKeySize,
	/// An issuer is not a CA: `basicConstraints` is missing or says `cA: FALSE`.
	NotCa,
	/// An issuer's `keyUsage` is missing or lacks `keyCertSign`.
	KeyUsage,
	/// An issuer's `pathLenConstraint` allows fewer intermediate CAs below it than the chain has.
	PathLenExceeded,
	/// A certificate's `notAfter` is before the chain's time.
	Expired,
	/// A certificate's `notBefore` is after the chain's time.
	NotYetValid,
	/// A certificate has a critical extension this profile does not process.
	UnknownCriticalExtension,
	/// A certificate has the same extension twice.
	DuplicateExtension,
}

/// A chain refused: why, and at which certificate.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[cfg_attr(
	feature = "scale",
	derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, PalletError)
)]
pub struct ChainError {
	/// The position of the certificate at fault: 0 is the leaf, the chain's length is the anchor.
	pub index: u8,
	/// Why.
	pub error: CertError,
}

impl ChainError {
	/// `error` at the certificate at `index`.
	pub fn at(index: usize, error: CertError) -> Self {
		Self { index: u8::try_from(index).unwrap_or(u8::MAX), error }
	}
}

impl From<ChainError> for CertError {
	fn from(e: ChainError) -> Self {
		e.error
	}
}
