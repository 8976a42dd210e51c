//! The device registry's events (a pallet section, imported into `pallet`).

use frame_support::pallet_macros::pallet_section;

/// The device registry's events (a pallet section, imported into `pallet`).
#[pallet_section]
mod events {
	/// Events of the device registry.
	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A manufacturer was admitted.
		ManufacturerRegistered {
			/// The manufacturer's account.
			manufacturer: T::AccountId,
		},
		/// An admitted manufacturer's name or endorsement key changed.
		ManufacturerUpdated {
			/// The manufacturer's account.
			manufacturer: T::AccountId,
		},
		/// A manufacturer was activated or deactivated.
		ManufacturerStatusChanged {
			/// The manufacturer's account.
			manufacturer: T::AccountId,
			/// Whether the manufacturer is active now.
			active: bool,
		},
		/// A manufacturer defined a model.
		ModelRegistered {
			/// The manufacturer's account.
			manufacturer: T::AccountId,
			/// The model's identifier.
			model: u32,
		},
		/// A device was registered.
		DeviceRegistered {
			/// The device.
			device: DeviceId,
			/// The owner.
			owner: T::AccountId,
			/// The manufacturer's account.
			manufacturer: T::AccountId,
			/// The model's identifier.
			model: u32,
			/// Whether the manufacturer's factory endorsed the device key.
			endorsed: bool,
		},
		/// A device's metadata changed.
		MetadataUpdated {
			/// The device.
			device: DeviceId,
		},
		/// A device's key was rotated.
		KeyRotated {
			/// The device.
			device: DeviceId,
			/// The device's new key.
			new_key: DeviceKey,
		},
		/// A device was suspended by its owner.
		DeviceSuspended {
			/// The device.
			device: DeviceId,
		},
		/// A suspended device was resumed.
		DeviceResumed {
			/// The device.
			device: DeviceId,
		},
		/// A device was revoked by its owner or manufacturer.
		DeviceRevoked {
			/// The device.
			device: DeviceId,
			/// Who revoked it: the owner or the manufacturer.
			by: T::AccountId,
			/// The reason code given.
			reason: u8,
		},
		/// `ManufacturerOrigin` reinstated a device that its manufacturer had revoked.
		DeviceReinstated {
			/// The device.
			device: DeviceId,
		},
		/// `ManufacturerOrigin` voided a manufacturer's factory endorsements made until `at`.
		EndorsementsVoided {
			/// The manufacturer's account.
			manufacturer: T::AccountId,
			/// The block until which (included) its endorsements no longer count.
			at: BlockNumberFor<T>,
		},
		/// A device's owner got it endorsed again by its manufacturer's current key.
		DeviceEndorsed {
			/// The device.
			device: DeviceId,
		},
		/// A device was decommissioned and its deposit released.
		DeviceDecommissioned {
			/// The device.
			device: DeviceId,
			/// The owner.
			owner: T::AccountId,
		},
		/// An owner offered a device to another account.
		TransferOffered {
			/// The device.
			device: DeviceId,
			/// The owner giving the device away.
			from: T::AccountId,
			/// The account receiving the device.
			to: T::AccountId,
		},
		/// A device changed owner; its deposit moved with it.
		DeviceTransferred {
			/// The device.
			device: DeviceId,
			/// The owner giving the device away.
			from: T::AccountId,
			/// The account receiving the device.
			to: T::AccountId,
		},
		/// A pending transfer was cancelled.
		TransferCancelled {
			/// The device.
			device: DeviceId,
		},
		/// An owner authorised a gateway.
		GatewayAdded {
			/// The owner.
			owner: T::AccountId,
			/// The gateway account.
			gateway: T::AccountId,
		},
		/// An owner withdrew a gateway's authorisation.
		GatewayRemoved {
			/// The owner.
			owner: T::AccountId,
			/// The gateway account.
			gateway: T::AccountId,
		},
		/// A trust anchor was registered.
		TrustAnchorRegistered {
			/// The anchor's identifier.
			anchor: H256,
			/// Global (a vendor root) or a manufacturer's own.
			owner: AnchorOwnerOf<T>,
		},
		/// A trust anchor was retired: no new chain may end at it.
		TrustAnchorRetired {
			/// The anchor's identifier.
			anchor: H256,
		},
		/// A manufacturer set the anchors a model accepts.
		ModelAnchorsSet {
			/// The manufacturer's account.
			manufacturer: T::AccountId,
			/// The model's identifier.
			model: u32,
			/// The accepted anchors.
			anchors: ModelAnchorsOf<T>,
		},
		/// A device's certificate chain verified and was recorded: it counts as endorsed.
		DeviceCertified {
			/// The device.
			device: DeviceId,
			/// The anchor of its chain.
			anchor: H256,
			/// The anchor of its TPM's EK chain, for a TPM-bound key.
			tpm_anchor: Option<H256>,
		},
		/// An anchor's owner revoked a certificate or an intermediate key below it.
		CertificateRevoked {
			/// The anchor.
			anchor: H256,
			/// The revocation's identifier.
			revocation: H256,
			/// What was revoked.
			target: RevocationTarget,
		},
	}
}
