//! Types of the device registry pallet.

use crate::Error;
use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{
	pallet_prelude::*, traits::fungible::Inspect, CloneNoBound, DebugNoBound, EqNoBound,
	PartialEqNoBound,
};
use iot_primitives::{CertError, DeviceKey, DeviceSignature};
use scale_info::TypeInfo;
use sp_core::H256;

/// The balance type of the pallet's currency.
pub type BalanceOf<T> =
	<<T as crate::Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;

/// A manufacturer's or model's display name.
pub type NameOf<T> = BoundedVec<u8, <T as crate::Config>::MaxNameLength>;

/// A device's owner-supplied metadata.
pub type MetadataOf<T> = BoundedVec<u8, <T as crate::Config>::MaxMetadataLength>;

/// A registered device as stored.
pub type DeviceOf<T> = iot_primitives::Device<
	<T as frame_system::Config>::AccountId,
	frame_system::pallet_prelude::BlockNumberFor<T>,
	BalanceOf<T>,
	MetadataOf<T>,
>;

/// A manufacturer admitted by the `ManufacturerOrigin`.
#[derive(
	CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound, Encode, Decode, MaxEncodedLen, TypeInfo,
)]
#[scale_info(skip_type_params(MaxName))]
pub struct Manufacturer<MaxName: Get<u32>> {
	/// Display name.
	pub name: BoundedVec<u8, MaxName>,
	/// The key whose signatures endorse device keys at the factory, if the manufacturer endorses.
	pub endorsement_key: Option<DeviceKey>,
	/// An inactive manufacturer cannot add models, releases or endorsements.
	pub active: bool,
}

/// A device model defined by a manufacturer.
#[derive(
	CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound, Encode, Decode, MaxEncodedLen, TypeInfo,
)]
#[scale_info(skip_type_params(MaxName))]
pub struct Model<MaxName: Get<u32>, Balance: Clone + PartialEq + Eq + core::fmt::Debug> {
	/// Display name.
	pub name: BoundedVec<u8, MaxName>,
	/// The deposit held from the manufacturer for this entry.
	pub deposit: Balance,
}

/// One device of a fleet registration (`register_devices`): the arguments of `register_device`.
#[derive(
	CloneNoBound,
	PartialEqNoBound,
	EqNoBound,
	DebugNoBound,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
)]
#[scale_info(skip_type_params(T))]
pub struct DeviceRegistration<T: crate::Config> {
	/// The device's public key.
	pub key: DeviceKey,
	/// The manufacturer that made the device.
	pub manufacturer: T::AccountId,
	/// The manufacturer's model number.
	pub model_id: u32,
	/// Owner-supplied metadata, at most `MaxMetadataLength` bytes (checked when registering, so
	/// that an over-long value fails with `MetadataTooLong` rather than as undecodable input).
	pub metadata: Vec<u8>,
	/// The device's signature over the registration payload.
	pub proof: DeviceSignature,
	/// The manufacturer's endorsement of the key, if any.
	pub endorsement: Option<DeviceSignature>,
}

/// A trust anchor as stored.
pub type TrustAnchorOf<T> = iot_primitives::TrustAnchor<
	<T as frame_system::Config>::AccountId,
	BalanceOf<T>,
	frame_system::pallet_prelude::BlockNumberFor<T>,
>;

/// A certified device's certificates as stored.
pub type DeviceCertificateOf<T> = iot_primitives::DeviceCertificate<
	frame_system::pallet_prelude::BlockNumberFor<T>,
	BalanceOf<T>,
>;

/// The anchors a model accepts.
pub type ModelAnchorsOf<T> = BoundedVec<H256, <T as crate::Config>::MaxModelAnchors>;

/// The owner of a trust anchor.
pub type AnchorOwnerOf<T> = iot_primitives::AnchorOwner<<T as frame_system::Config>::AccountId>;

/// A certificate chain as submitted: the anchor it ends at and its DER certificates, leaf first.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
pub struct CertificateChain {
	/// The trust anchor the chain ends at; the device's model must accept it.
	pub anchor: H256,
	/// DER certificates, leaf first, the anchor excluded: at most 4 of at most 2,048 bytes each
	/// (checked when verifying, so that bad input fails with a specific error).
	pub certificates: Vec<Vec<u8>>,
}

/// The certificates of a certified device: the chain of its key and, for a key resident in a
/// TPM, the TPM's endorsement-key (EK) chain that the key's certificate is bound to.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
pub struct DeviceChains {
	/// The chain whose leaf certifies the device key (an IAK/IDevID or secure-element
	/// certificate).
	pub device: CertificateChain,
	/// The TPM's EK chain: its leaf's serial number must be the `hardwareModuleName` serial in
	/// the device certificate's `subjectAltName` (TCG IAK/IDevID profile, RFC 4108).
	pub tpm: Option<CertificateChain>,
}

/// One device of `register_certified_devices`: the arguments of `register_certified_device`.
#[derive(
	CloneNoBound,
	PartialEqNoBound,
	EqNoBound,
	DebugNoBound,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
)]
#[scale_info(skip_type_params(T))]
pub struct CertifiedRegistration<T: crate::Config> {
	/// The device's public key (the leaf certificate's key).
	pub key: DeviceKey,
	/// The manufacturer that made the device.
	pub manufacturer: T::AccountId,
	/// The manufacturer's model number.
	pub model_id: u32,
	/// Owner-supplied metadata, at most `MaxMetadataLength` bytes.
	pub metadata: Vec<u8>,
	/// The device's signature over the registration payload.
	pub proof: DeviceSignature,
	/// The device's certificates.
	pub certificates: DeviceChains,
}

iot_primitives::pallet_error_field! {
	/// Why one device of `register_certified_devices` failed
	/// ([`crate::Error::CertifiedBatchItemFailed`]).
	pub enum CertifiedItemError {
		/// A registration check failed, as `register_certified_device` reports it.
		Registration(RegistrationError),
		/// The device's chain was refused (`CertificateRefused`; the dry run
		/// `CertificatesApi::verify_certificate_chain` names the certificate).
		Certificate(CertError),
		/// The TPM's EK chain was refused (`TpmCertificateRefused`).
		TpmCertificate(CertError),
	}
}

/// Why a registration (plain or certified) failed: an item error or a refused chain.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum RegisterFailure {
	/// A check of the registration itself.
	Item(RegistrationError),
	/// The device's chain.
	Chain(iot_primitives::ChainError),
	/// The TPM's EK chain.
	TpmChain(iot_primitives::ChainError),
}

impl From<RegistrationError> for RegisterFailure {
	fn from(error: RegistrationError) -> Self {
		Self::Item(error)
	}
}

impl<T> From<RegisterFailure> for Error<T> {
	fn from(failure: RegisterFailure) -> Self {
		match failure {
			RegisterFailure::Item(error) => error.into(),
			RegisterFailure::Chain(e) => {
				Error::CertificateRefused { index: e.index, error: e.error }
			}
			RegisterFailure::TpmChain(e) => {
				Error::TpmCertificateRefused { index: e.index, error: e.error }
			}
		}
	}
}

impl From<RegisterFailure> for CertifiedItemError {
	fn from(failure: RegisterFailure) -> Self {
		match failure {
			RegisterFailure::Item(error) => Self::Registration(error),
			RegisterFailure::Chain(e) => Self::Certificate(e.error),
			RegisterFailure::TpmChain(e) => Self::TpmCertificate(e.error),
		}
	}
}

/// A device registered at genesis: owner, SCALE-encoded `DeviceKey` (scheme index, then the public
/// key), manufacturer and model number.
pub type GenesisDevice<T> =
	(<T as frame_system::Config>::AccountId, Vec<u8>, <T as frame_system::Config>::AccountId, u32);

/// A device that passed every registration check and whose deposit is held, about to be stored.
pub(crate) struct NewDevice<T: crate::Config> {
	/// The device's public key.
	pub key: DeviceKey,
	/// The manufacturer that made the device.
	pub manufacturer: T::AccountId,
	/// The manufacturer's model number.
	pub model: u32,
	/// Whether the manufacturer's endorsement verified.
	pub endorsed: bool,
	/// Owner-supplied metadata.
	pub metadata: MetadataOf<T>,
	/// The deposit held from the owner.
	pub deposit: BalanceOf<T>,
}

iot_primitives::batch_item_error! {
	/// Why one device of a registration failed; `register_devices` reports it with the item's
	/// index in [`crate::Error::BatchItemFailed`].
	pub enum RegistrationError mirrors Error {
		BadProof,
		KeyTypeMismatch,
		BadEndorsement,
		NoEndorsementKey,
		AlreadyRegistered,
		Decommissioned,
		KeyInUse,
		UnknownManufacturer,
		ManufacturerInactive,
		UnknownModel,
		TooManyDevices,
		InsufficientBalance,
		MetadataTooLong,
		WeakKey,
		UnknownAnchor,
		AnchorRetired,
		AnchorNotAccepted,
		LeafKeyMismatch,
		LeafNotForSigning,
		TpmBindingMismatch,
	}
}
