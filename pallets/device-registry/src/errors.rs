//! The device registry's errors, each with the fix a caller can make (a pallet section, imported into `pallet`).

use frame_support::pallet_macros::pallet_section;

/// The device registry's errors, each with the fix a caller can make (a pallet section, imported into `pallet`).
#[pallet_section]
mod errors {
	/// Errors of the device registry.
	#[pallet::error]
	pub enum Error<T> {
		/// The name is longer than `MaxNameLength`.
		///
		/// Fix: shorten the name to `MaxNameLength` bytes.
		NameTooLong,
		/// The metadata is longer than `MaxMetadataLength`.
		///
		/// Fix: shorten the metadata to `MaxMetadataLength` bytes (store a hash or a URI for more).
		MetadataTooLong,
		/// The account is not an admitted manufacturer.
		///
		/// Fix: sign with the manufacturer account Root registered (`registerManufacturer`), or ask
		/// Root to register it.
		UnknownManufacturer,
		/// The manufacturer is deactivated.
		///
		/// Fix: ask Root to reactivate the manufacturer (`setManufacturerStatus`); until then none of its models can register
		/// devices.
		ManufacturerInactive,
		/// The manufacturer already defined this model.
		///
		/// Fix: use a new model id, or the existing model.
		ModelExists,
		/// The manufacturer has no such model.
		///
		/// Fix: use a model the manufacturer registered (`registerModel`).
		UnknownModel,
		/// The registration proof (or the old key's rotation signature) does not verify.
		///
		/// Fix: sign the exact registration (or rotation) payload of docs/device-integration.md
		/// with the device key, with this chain's genesis hash and the caller's account; check
		/// against docs/test-vectors/signing.json.
		BadProof,
		/// The new key's rotation signature does not verify.
		///
		/// Fix: sign the rotation payload with the new key as well (both signatures cover the same
		/// bytes).
		BadNewKeyProof,
		/// A signature's scheme does not match the key's scheme.
		///
		/// Fix: sign with the key's own scheme (an Ed25519 key needs an Ed25519 signature).
		KeyTypeMismatch,
		/// The endorsement does not verify with the manufacturer's endorsement key.
		///
		/// Fix: have the manufacturer sign the endorsement payload with the endorsement key it was
		/// registered with (`registerManufacturer`).
		BadEndorsement,
		/// An endorsement was given but the manufacturer has no endorsement key.
		///
		/// Fix: register without an endorsement, or have Root register the manufacturer with an
		/// endorsement key.
		NoEndorsementKey,
		/// The device is already registered.
		///
		/// Fix: nothing to do: the device is registered (`iot_device` shows its owner); a second
		/// key needs a new device.
		AlreadyRegistered,
		/// The device was decommissioned; its identifier can never be registered again.
		///
		/// Fix: a decommissioned device stays retired: give the hardware a new key (a new device
		/// id).
		Decommissioned,
		/// The key is, or was, the key of a device.
		///
		/// Fix: generate a fresh key on the device: keys are never reused, not even after rotation.
		KeyInUse,
		/// No such device.
		///
		/// Fix: check the device id (the blake2_256 of the key's SCALE encoding) or register the
		/// device first.
		UnknownDevice,
		/// The caller does not own the device.
		///
		/// Fix: sign with the device's owner account.
		NotOwner,
		/// The caller is neither the device's owner nor its manufacturer.
		///
		/// Fix: sign with the device's owner or its manufacturer.
		NotOwnerOrManufacturer,
		/// The owner already has `MaxDevicesPerOwner` devices.
		///
		/// Fix: decommission devices or register the rest under another account.
		TooManyDevices,
		/// The account cannot pay the deposit.
		///
		/// Fix: fund the account with the deposit plus fees (`DeviceDeposit`, shown in the
		/// constants).
		InsufficientBalance,
		/// The device is revoked.
		///
		/// Fix: a revoked device cannot act; its manufacturer may undo a manufacturer revocation
		/// (`reinstateDevice`).
		Revoked,
		/// The device is not active.
		///
		/// Fix: the owner resumes the device first (`resume`).
		NotActive,
		/// The device is not suspended.
		///
		/// Fix: nothing to resume: the device is not suspended.
		NotSuspended,
		/// A device cannot be transferred to its owner.
		///
		/// Fix: transfer to another account.
		SelfTransfer,
		/// The device has no pending transfer.
		///
		/// Fix: the owner offers the transfer first (`offerTransfer`).
		NoPendingTransfer,
		/// The caller is not the recipient of the pending transfer.
		///
		/// Fix: accept with the account the transfer names.
		NotRecipient,
		/// The gateway is already authorised.
		///
		/// Fix: nothing to do: the gateway is authorised.
		GatewayExists,
		/// The gateway is not authorised.
		///
		/// Fix: check the gateway account; add it with `addGateway`.
		UnknownGateway,
		/// The owner already has `MaxGateways` gateways.
		///
		/// Fix: remove a gateway (`removeGateway`) before adding another.
		TooManyGateways,
		/// A device of a `register_devices` batch failed; nothing was registered.
		///
		/// Fix: fix the item at `index` as its `error` says and submit the batch again.
		BatchItemFailed {
			/// Position of the failing device in the batch.
			index: u16,
			/// Why it failed.
			error: RegistrationError,
		},
		/// The key is not a usable point of its scheme: invalid, non-canonical, the identity or
		/// of small order.
		///
		/// Fix: generate a new key with a standard library: the bytes are not a valid, canonical
		/// public key of the scheme.
		WeakKey,
		/// The device's factory endorsement still stands (or it is certified).
		///
		/// Fix: nothing to do; re-endorse only devices whose endorsement was voided.
		AlreadyEndorsed,
		/// The device is not revoked by its manufacturer (only such revocations can be undone).
		///
		/// Fix: only the manufacturer's revocations can be undone; an owner's revocation is final.
		NotRevokedByManufacturer,
		/// The certificate is not usable as a trust anchor (`error` says why).
		///
		/// Fix: register a CA certificate (`basicConstraints` cA, `keyUsage` keyCertSign) in DER,
		/// at most 2,048 bytes, with a P-256, P-384 or RSA 2,048–4,096-bit key
		/// (docs/certificates.md).
		AnchorRefused {
			/// Why.
			error: iot_primitives::CertError,
		},
		/// The device's certificate chain was refused: certificate `index` (0 the leaf, the
		/// chain's length the anchor) failed as `error` says.
		///
		/// Fix: see `error` in docs/certificates.md; `CertificatesApi::verifyCertificateChain`
		/// checks a chain without a transaction.
		CertificateRefused {
			/// The position of the certificate at fault.
			index: u8,
			/// Why.
			error: iot_primitives::CertError,
		},
		/// The TPM's endorsement-key chain was refused: certificate `index` failed as `error`
		/// says.
		///
		/// Fix: as for `CertificateRefused`, for the EK certificate and its vendor's CAs.
		TpmCertificateRefused {
			/// The position of the certificate at fault.
			index: u8,
			/// Why.
			error: iot_primitives::CertError,
		},
		/// The same owner already registered this anchor certificate.
		///
		/// Fix: nothing to do: the anchor exists (`CertificatesApi::trustAnchors`).
		AnchorExists,
		/// No such trust anchor.
		///
		/// Fix: use the identifier `TrustAnchorRegistered` reported
		/// (`blake2_256(SCALE(owner, certificate))`).
		UnknownAnchor,
		/// The trust anchor is retired.
		///
		/// Fix: use an anchor in force; a retired anchor stays retired.
		AnchorRetired,
		/// The device's model does not accept the chain's anchor.
		///
		/// Fix: the manufacturer adds the anchor to the model (`setModelAnchors`).
		AnchorNotAccepted,
		/// The anchor is another manufacturer's own.
		///
		/// Fix: accept global anchors or your own (`registerOemAnchor`).
		ForeignAnchor,
		/// The same anchor is listed twice.
		///
		/// Fix: list each anchor once.
		DuplicateAnchor,
		/// The manufacturer already owns `MaxAnchorsPerManufacturer` anchors.
		///
		/// Fix: reuse an anchor; retired anchors still count.
		TooManyAnchors,
		/// More anchors than `MaxModelAnchors` for one model.
		///
		/// Fix: list at most `MaxModelAnchors` anchors.
		TooManyModelAnchors,
		/// Only the anchor's owner (or the `ManufacturerOrigin`) may do this.
		///
		/// Fix: sign with the manufacturer that registered the anchor; global anchors are the
		/// `ManufacturerOrigin`'s.
		NotAnchorOwner,
		/// The certificate or key is already revoked under this anchor.
		///
		/// Fix: nothing to do.
		AlreadyRevoked,
		/// The anchor already has `MaxRevocationsPerAnchor` revocations.
		///
		/// Fix: revoke the intermediate's key instead of its certificates one by one, or retire
		/// the anchor.
		TooManyRevocations,
		/// The leaf certificate certifies another key than the device's.
		///
		/// Fix: the leaf must be the device key's certificate (P-256 or Ed25519 key, the same
		/// point).
		LeafKeyMismatch,
		/// The leaf certificate's `keyUsage` does not allow `digitalSignature`.
		///
		/// Fix: issue the device certificate with `digitalSignature` (the key signs proofs).
		LeafNotForSigning,
		/// The device certificate's `hardwareModuleName` does not name the TPM's EK certificate
		/// (type `tcg-sv-tpm20`, serial = the EK certificate's serial number).
		///
		/// Fix: issue the IAK/IDevID certificate with the EK certificate's serial number.
		TpmBindingMismatch,
		/// A device of a `register_certified_devices` batch failed; nothing was registered.
		///
		/// Fix: fix the item at `index` as its `error` says and submit the batch again.
		CertifiedBatchItemFailed {
			/// Position of the failing device in the batch.
			index: u8,
			/// Why it failed.
			error: CertifiedItemError,
		},
	}
}
