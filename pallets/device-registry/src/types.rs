//! Types of the device registry pallet.

use crate::Error;
use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{
	pallet_prelude::*, traits::fungible::Inspect, CloneNoBound, DebugNoBound, EqNoBound,
	PartialEqNoBound,
};
use iot_primitives::{DeviceKey, DeviceSignature};
use scale_info::TypeInfo;

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
	}
}
