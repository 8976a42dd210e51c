//! Manufacturer-rooted identity (spec §12): trust anchors (chip vendors' roots registered by the
//! `ManufacturerOrigin`, manufacturers' own CAs with a deposit), the anchors each model accepts,
//! certificate chains verified on chain (`iot-cert-path`), revocations under an anchor, and a
//! device's certification evaluated when read.

use crate::*;
use alloc::vec::Vec;
use codec::Encode;
use frame_support::{pallet_prelude::*, traits::UnixTime};
use frame_system::pallet_prelude::*;
use iot_cert_path::{verify_chain, Cert, SubjectKey, VerifiedChain};
use iot_primitives::{
	certificates::{
		CertificateBytes, CertificateHashes, CertifiedChain, RevocationIds, SerialBytes,
		MAX_CHAIN_LEN,
	},
	AnchorOwner, CertError, Certification, ChainError, DeviceCertificate, DeviceId, DeviceKey,
	DeviceStatus, RevocationTarget, TrustAnchor,
};
use sp_core::H256;
use sp_io::hashing::blake2_256;
use sp_runtime::traits::Zero;

/// `tcg-sv-tpm20` (TCG EK Credential Profile): the `hwType` of a `hardwareModuleName` that names a
/// TPM 2.0 by its EK certificate's serial number, as DER content octets of the OID 2.23.133.1.2.
pub const TCG_SV_TPM20: [u8; 5] = [0x67, 0x81, 0x05, 0x01, 0x02];

/// Who asks to change an anchor: the `ManufacturerOrigin` or a signed account.
pub(crate) enum AnchorAuthority<AccountId> {
	/// The `ManufacturerOrigin`: may act on every anchor.
	Governance,
	/// A signed account: may act on its own manufacturer anchors only.
	Account(AccountId),
}

impl<T: Config> Pallet<T> {
	/// The identifier of an anchor: `blake2_256(SCALE(owner, certificate))`, so that an anchor
	/// registered by one manufacturer never blocks another's registration of the same
	/// certificate.
	pub fn anchor_id(owner: &AnchorOwnerOf<T>, certificate: &[u8]) -> H256 {
		H256(blake2_256(&(owner, certificate).encode()))
	}

	/// Who may act on `id`, or why not.
	pub(crate) fn authorise_anchor(
		authority: &AnchorAuthority<T::AccountId>,
		id: &H256,
	) -> Result<TrustAnchorOf<T>, Error<T>> {
		let anchor = TrustAnchors::<T>::get(id).ok_or(Error::<T>::UnknownAnchor)?;
		match (authority, &anchor.owner) {
			(AnchorAuthority::Governance, _) => Ok(anchor),
			(AnchorAuthority::Account(who), AnchorOwner::Manufacturer(owner)) if who == owner => {
				Ok(anchor)
			}
			_ => Err(Error::<T>::NotAnchorOwner),
		}
	}

	pub(crate) fn do_register_anchor(
		owner: AnchorOwnerOf<T>,
		certificate: Vec<u8>,
	) -> DispatchResult {
		let certificate = CertificateBytes::try_from(certificate)
			.map_err(|_| Error::<T>::AnchorRefused { error: CertError::TooLong })?;
		iot_cert_path::Anchor::parse(&certificate)
			.map_err(|error| Error::<T>::AnchorRefused { error })?;
		let id = Self::anchor_id(&owner, &certificate);
		ensure!(!TrustAnchors::<T>::contains_key(id), Error::<T>::AnchorExists);
		let deposit = match &owner {
			AnchorOwner::Global => Zero::zero(),
			AnchorOwner::Manufacturer(manufacturer) => {
				let maker =
					Manufacturers::<T>::get(manufacturer).ok_or(Error::<T>::UnknownManufacturer)?;
				ensure!(maker.active, Error::<T>::ManufacturerInactive);
				let count = ManufacturerAnchorCount::<T>::get(manufacturer);
				ensure!(count < T::MaxAnchorsPerManufacturer::get(), Error::<T>::TooManyAnchors);
				let deposit = T::AnchorDeposit::get();
				Self::hold_deposit(HoldReason::AnchorDeposit, manufacturer, deposit)?;
				ManufacturerAnchorCount::<T>::insert(manufacturer, count.saturating_add(1));
				deposit
			}
		};
		let anchor = TrustAnchor {
			owner: owner.clone(),
			certificate,
			deposit,
			registered_at: frame_system::Pallet::<T>::block_number(),
			retired_at: None,
			revocations: 0,
		};
		TrustAnchors::<T>::insert(id, anchor);
		Self::deposit_event(Event::TrustAnchorRegistered { anchor: id, owner });
		Ok(())
	}

	pub(crate) fn do_retire_anchor(
		authority: AnchorAuthority<T::AccountId>,
		id: H256,
	) -> DispatchResult {
		let mut anchor = Self::authorise_anchor(&authority, &id)?;
		ensure!(anchor.retired_at.is_none(), Error::<T>::AnchorRetired);
		anchor.retired_at = Some(frame_system::Pallet::<T>::block_number());
		TrustAnchors::<T>::insert(id, anchor);
		Self::deposit_event(Event::TrustAnchorRetired { anchor: id });
		Ok(())
	}

	pub(crate) fn do_set_model_anchors(
		manufacturer: T::AccountId,
		model_id: u32,
		anchors: Vec<H256>,
	) -> DispatchResult {
		let maker =
			Manufacturers::<T>::get(&manufacturer).ok_or(Error::<T>::UnknownManufacturer)?;
		ensure!(maker.active, Error::<T>::ManufacturerInactive);
		ensure!(Models::<T>::contains_key(&manufacturer, model_id), Error::<T>::UnknownModel);
		let anchors =
			ModelAnchorsOf::<T>::try_from(anchors).map_err(|_| Error::<T>::TooManyModelAnchors)?;
		for (i, id) in anchors.iter().enumerate() {
			ensure!(
				!anchors.iter().take(i).any(|earlier| earlier == id),
				Error::<T>::DuplicateAnchor
			);
			let anchor = TrustAnchors::<T>::get(id).ok_or(Error::<T>::UnknownAnchor)?;
			ensure!(anchor.retired_at.is_none(), Error::<T>::AnchorRetired);
			match &anchor.owner {
				AnchorOwner::Global => {}
				AnchorOwner::Manufacturer(owner) => {
					ensure!(*owner == manufacturer, Error::<T>::ForeignAnchor)
				}
			}
		}
		if anchors.is_empty() {
			ModelAnchors::<T>::remove(&manufacturer, model_id);
		} else {
			ModelAnchors::<T>::insert(&manufacturer, model_id, &anchors);
		}
		Self::deposit_event(Event::ModelAnchorsSet { manufacturer, model: model_id, anchors });
		Ok(())
	}

	pub(crate) fn do_revoke_certificate(
		authority: AnchorAuthority<T::AccountId>,
		anchor_id: H256,
		target: RevocationTarget,
	) -> DispatchResult {
		let mut anchor = Self::authorise_anchor(&authority, &anchor_id)?;
		let revocation = target.id();
		ensure!(
			!RevokedCertificates::<T>::contains_key(anchor_id, revocation),
			Error::<T>::AlreadyRevoked
		);
		ensure!(
			anchor.revocations < T::MaxRevocationsPerAnchor::get(),
			Error::<T>::TooManyRevocations
		);
		let deposit = match &authority {
			AnchorAuthority::Governance => Zero::zero(),
			AnchorAuthority::Account(who) => {
				let deposit = T::RevocationDeposit::get();
				Self::hold_deposit(HoldReason::RevocationDeposit, who, deposit)?;
				deposit
			}
		};
		anchor.revocations = anchor.revocations.saturating_add(1);
		TrustAnchors::<T>::insert(anchor_id, anchor);
		RevokedCertificates::<T>::insert(anchor_id, revocation, deposit);
		Self::deposit_event(Event::CertificateRevoked { anchor: anchor_id, revocation, target });
		Ok(())
	}

	/// Verifies a device's chains for `key` of `manufacturer`'s `model` at the chain's time:
	/// anchors the model accepts and not retired, the chain itself, the leaf's key is `key` and
	/// may sign, and a TPM's EK chain whose leaf serial the device certificate names.
	pub(crate) fn verify_device_chains(
		manufacturer: &T::AccountId,
		model: u32,
		key: &DeviceKey,
		chains: &DeviceChains,
	) -> Result<DeviceCertificate<BlockNumberFor<T>, BalanceOf<T>>, RegisterFailure> {
		let (device, device_record) = Self::verify_model_chain(manufacturer, model, &chains.device)
			.map_err(|e| e.into_failure(RegisterFailure::Chain))?;
		let leaf = device.leaf();
		if !Self::leaf_is_key(leaf, key) {
			return Err(RegistrationError::LeafKeyMismatch.into());
		}
		if !leaf.allows_digital_signature() {
			return Err(RegistrationError::LeafNotForSigning.into());
		}
		let tpm = match &chains.tpm {
			None => None,
			Some(ek_chain) => {
				let (ek, ek_record) = Self::verify_model_chain(manufacturer, model, ek_chain)
					.map_err(|e| e.into_failure(RegisterFailure::TpmChain))?;
				let bound = leaf.hardware_module_name()
					== Some((TCG_SV_TPM20.as_slice(), ek.leaf().serial()));
				if !bound {
					return Err(RegistrationError::TpmBindingMismatch.into());
				}
				Some(ek_record)
			}
		};
		Ok(DeviceCertificate {
			chain: device_record,
			tpm,
			certified_at: frame_system::Pallet::<T>::block_number(),
			deposit: Zero::zero(),
		})
	}

	/// Verifies one chain against an anchor `manufacturer`'s `model` accepts.
	fn verify_model_chain(
		manufacturer: &T::AccountId,
		model: u32,
		chain: &CertificateChain,
	) -> Result<(VerifiedChain, CertifiedChain), ChainCheck> {
		let accepted = ModelAnchors::<T>::get(manufacturer, model);
		ensure!(
			accepted.contains(&chain.anchor),
			ChainCheck::Item(RegistrationError::AnchorNotAccepted)
		);
		let anchor = TrustAnchors::<T>::get(chain.anchor)
			.ok_or(ChainCheck::Item(RegistrationError::UnknownAnchor))?;
		ensure!(anchor.retired_at.is_none(), ChainCheck::Item(RegistrationError::AnchorRetired));
		let verified = Self::verify_against(&anchor.certificate, &chain.certificates)
			.map_err(ChainCheck::Chain)?;
		let record = Self::certified_chain(chain.anchor, &chain.certificates, &verified);
		Ok((verified, record))
	}

	/// Verifies DER `certificates` (leaf first) against the anchor certificate `anchor` now.
	pub fn verify_against(
		anchor: &[u8],
		certificates: &[Vec<u8>],
	) -> Result<VerifiedChain, ChainError> {
		if certificates.len() > MAX_CHAIN_LEN {
			return Err(ChainError::at(MAX_CHAIN_LEN, CertError::ChainTooLong));
		}
		// A stored anchor parsed when it was registered; refusing it now would be a bug, and
		// is reported at the anchor's position.
		let anchor = iot_cert_path::Anchor::parse(anchor)
			.map_err(|error| ChainError::at(certificates.len(), error))?;
		let refs: Vec<&[u8]> = certificates.iter().map(|c| c.as_slice()).collect();
		verify_chain(&refs, &anchor, T::UnixTime::now().as_secs())
	}

	/// The record of a verified chain: certificate hashes and revocation identifiers.
	fn certified_chain(
		anchor: H256,
		certificates: &[Vec<u8>],
		verified: &VerifiedChain,
	) -> CertifiedChain {
		let hashes: Vec<H256> = certificates.iter().map(|der| H256(blake2_256(der))).collect();
		let mut revocation_ids = Vec::new();
		for (i, cert) in verified.certs().enumerate() {
			revocation_ids.push(Self::serial_target(cert).id());
			if i > 0 {
				if let Ok(spki) = cert.spki_der() {
					revocation_ids.push(RevocationTarget::Key(H256(blake2_256(&spki))).id());
				}
			}
		}
		CertifiedChain {
			anchor,
			// At most MAX_CHAIN_LEN certificates verified, so both fit.
			certificates: CertificateHashes::truncate_from(hashes),
			revocation_ids: RevocationIds::truncate_from(revocation_ids),
		}
	}

	/// The revocation target of one certificate: its issuer and serial number.
	fn serial_target(cert: &Cert) -> RevocationTarget {
		RevocationTarget::Certificate {
			issuer: H256(blake2_256(&cert.issuer_der())),
			// RFC 5280 profile: at most 21 octets, and MAX_SERIAL_LEN is 32.
			serial: SerialBytes::truncate_from(cert.serial().to_vec()),
		}
	}

	/// Whether the leaf certificate certifies exactly `key`.
	fn leaf_is_key(leaf: &Cert, key: &DeviceKey) -> bool {
		match (leaf.subject_key(), key) {
			(SubjectKey::P256(certified), DeviceKey::P256(device)) => &certified == device,
			(SubjectKey::Ed25519(certified), DeviceKey::Ed25519(device)) => &certified == device,
			_ => false,
		}
	}

	/// Records `device`'s verified certificates, holding `CertificateDeposit` from `owner` unless
	/// a record (and its deposit) already exists; the device counts as endorsed.
	pub(crate) fn record_certificates(
		owner: &T::AccountId,
		device: DeviceId,
		mut certificate: DeviceCertificateOf<T>,
	) -> Result<(), RegistrationError> {
		certificate.deposit = match DeviceCertificates::<T>::get(device) {
			Some(existing) => existing.deposit,
			None => {
				let deposit = T::CertificateDeposit::get();
				Self::hold_deposit(HoldReason::CertificateDeposit, owner, deposit)
					.map_err(|_| RegistrationError::InsufficientBalance)?;
				deposit
			}
		};
		let anchor = certificate.chain.anchor;
		let tpm_anchor = certificate.tpm.as_ref().map(|tpm| tpm.anchor);
		DeviceCertificates::<T>::insert(device, certificate);
		Self::deposit_event(Event::DeviceCertified { device, anchor, tpm_anchor });
		Ok(())
	}

	/// Removes `device`'s certificates (its key changed or it left) and releases their deposit.
	pub(crate) fn remove_certificates(owner: &T::AccountId, device: &DeviceId) {
		if let Some(record) = DeviceCertificates::<T>::take(device) {
			Self::release_deposit(HoldReason::CertificateDeposit, owner, record.deposit);
		}
	}

	pub(crate) fn do_attach_certificates(
		owner: T::AccountId,
		device: DeviceId,
		chains: DeviceChains,
	) -> DispatchResult {
		let mut record = Self::owned_device(&device, &owner)?;
		ensure!(!matches!(record.status, DeviceStatus::Revoked { .. }), Error::<T>::Revoked);
		let certificate =
			Self::verify_device_chains(&record.manufacturer, record.model, &record.key, &chains)
				.map_err(Error::<T>::from)?;
		Self::record_certificates(&owner, device, certificate).map_err(Error::<T>::from)?;
		record.endorsed = true;
		Devices::<T>::insert(device, record);
		Ok(())
	}

	/// `device`'s certification now: no certificate of its chains revoked. At most fourteen
	/// revocation look-ups; an anchor's retirement does not uncertify devices certified before.
	pub fn certification(device: &DeviceId) -> Certification {
		let Some(record) = DeviceCertificates::<T>::get(device) else {
			return Certification::Uncertified;
		};
		for chain in core::iter::once(&record.chain).chain(record.tpm.iter()) {
			for revocation in chain.revocation_ids.iter() {
				if RevokedCertificates::<T>::contains_key(chain.anchor, revocation) {
					return Certification::Revoked {
						anchor: chain.anchor,
						revocation: *revocation,
					};
				}
			}
		}
		Certification::Certified {
			anchor: record.chain.anchor,
			tpm_anchor: record.tpm.map(|tpm| tpm.anchor),
		}
	}

	/// The certificate invariants: anchor counts and revocation counts match their entries,
	/// models accept only anchors they may, and certificates belong to registered devices and
	/// point at recorded anchors.
	#[cfg(any(feature = "try-runtime", test))]
	pub(crate) fn certificates_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use alloc::collections::btree_map::BTreeMap;
		let mut owned: BTreeMap<T::AccountId, u32> = BTreeMap::new();
		for (id, anchor) in TrustAnchors::<T>::iter() {
			if let AnchorOwner::Manufacturer(owner) = &anchor.owner {
				let count = owned.entry(owner.clone()).or_default();
				*count = count.saturating_add(1);
			}
			let revocations = RevokedCertificates::<T>::iter_prefix(id).count();
			ensure!(
				revocations == anchor.revocations as usize,
				"an anchor's revocation count is wrong"
			);
		}
		for (manufacturer, count) in ManufacturerAnchorCount::<T>::iter() {
			ensure!(owned.get(&manufacturer) == Some(&count), "manufacturer anchor count is wrong");
		}
		ensure!(
			owned.len() == ManufacturerAnchorCount::<T>::iter().count(),
			"manufacturer without an anchor count"
		);
		for (manufacturer, model, anchors) in ModelAnchors::<T>::iter() {
			ensure!(Models::<T>::contains_key(&manufacturer, model), "anchors of an unknown model");
			for id in anchors.iter() {
				let anchor =
					TrustAnchors::<T>::get(id).ok_or("a model accepts an unknown anchor")?;
				if let AnchorOwner::Manufacturer(owner) = &anchor.owner {
					ensure!(
						*owner == manufacturer,
						"a model accepts another manufacturer's anchor"
					);
				}
			}
		}
		for (device, certificate) in DeviceCertificates::<T>::iter() {
			ensure!(Devices::<T>::contains_key(device), "certificates of an unknown device");
			for chain in core::iter::once(&certificate.chain).chain(certificate.tpm.iter()) {
				ensure!(
					TrustAnchors::<T>::contains_key(chain.anchor),
					"certificates ending at an unknown anchor"
				);
			}
		}
		Ok(())
	}

	/// The trust anchor `id` (for the runtime API).
	pub fn trust_anchor(id: &H256) -> Option<TrustAnchorOf<T>> {
		TrustAnchors::<T>::get(id)
	}

	/// Every trust anchor, retired ones included (for the runtime API).
	pub fn trust_anchors() -> Vec<(H256, TrustAnchorOf<T>)> {
		TrustAnchors::<T>::iter().collect()
	}

	/// The anchors `manufacturer`'s `model` accepts (for the runtime API).
	pub fn model_anchors(manufacturer: &T::AccountId, model: u32) -> Vec<H256> {
		ModelAnchors::<T>::get(manufacturer, model).into_inner()
	}

	/// The certificates recorded for `device` (for the runtime API).
	pub fn device_certificate(device: &DeviceId) -> Option<DeviceCertificateOf<T>> {
		DeviceCertificates::<T>::get(device)
	}

	/// The dry run of `CertificatesApi::verify_certificate_chain`: `None` without such an
	/// anchor, otherwise the leaf's key as a device key (if it is one) or the refusal.
	pub fn dry_run_chain(
		anchor: H256,
		certificates: Vec<Vec<u8>>,
	) -> Option<Result<Option<DeviceKey>, ChainError>> {
		let anchor = TrustAnchors::<T>::get(anchor)?;
		Some(Self::verify_against(&anchor.certificate, &certificates).map(|chain| {
			match chain.leaf().subject_key() {
				SubjectKey::P256(key) => Some(DeviceKey::P256(key)),
				SubjectKey::Ed25519(key) => Some(DeviceKey::Ed25519(key)),
				_ => None,
			}
		}))
	}
}

/// A chain check that failed: a registration-level reason or the chain itself.
pub(crate) enum ChainCheck {
	/// The anchor is not accepted, unknown or retired.
	Item(RegistrationError),
	/// The chain was refused.
	Chain(ChainError),
}

impl ChainCheck {
	fn into_failure(self, chain: fn(ChainError) -> RegisterFailure) -> RegisterFailure {
		match self {
			Self::Item(error) => RegisterFailure::Item(error),
			Self::Chain(error) => chain(error),
		}
	}
}
