//! Trust anchors: registering global (vendor) and OEM anchors, the anchors models accept,
//! retirement and revocation — who may do each, and every refusal.

use super::*;
use iot_primitives::{CertError, RevocationTarget, TrustAnchor};

/// Admits GLOBEX as an active manufacturer.
fn admit_globex() {
	assert_ok!(Registry::register_manufacturer(
		RuntimeOrigin::root(),
		GLOBEX,
		b"Globex".to_vec(),
		None
	));
}

#[test]
fn root_registers_three_real_tpm_vendors_roots_and_intermediates_as_global_anchors() {
	run_test(|| {
		for name in
			["INF_ECC_010RT", "INF_ECC_010I", "STM_ECC_01RT", "STM_RSA_RT", "INTEL_RT", "NUVO_2110"]
		{
			let certificate = fixtures::vendor(name);
			assert_ok!(Registry::register_trust_anchor(RuntimeOrigin::root(), certificate.clone()));
			let id = Registry::anchor_id(&AnchorOwner::Global, &certificate);
			assert_eq!(
				TrustAnchors::<Test>::get(id),
				Some(TrustAnchor {
					owner: AnchorOwner::Global,
					certificate: certificate.try_into().unwrap(),
					deposit: 0,
					registered_at: 1,
					retired_at: None,
					revocations: 0,
				}),
				"{name}"
			);
			assert_eq!(
				last_event(),
				Event::<Test>::TrustAnchorRegistered { anchor: id, owner: AnchorOwner::Global }
					.into()
			);
		}
		assert_eq!(TrustAnchors::<Test>::iter().count(), 6);
	});
}

#[test]
fn only_the_manufacturer_origin_registers_global_anchors() {
	run_test(|| {
		assert_noop!(
			Registry::register_trust_anchor(RuntimeOrigin::signed(ACME), der("p256_root")),
			DispatchError::BadOrigin
		);
		global_anchor("p256_root");
		assert_noop!(
			Registry::register_trust_anchor(RuntimeOrigin::root(), der("p256_root")),
			Error::<Test>::AnchorExists
		);
	});
}

#[test]
fn certificates_that_cannot_anchor_are_refused_with_the_reason() {
	run_test(|| {
		let refused = |certificate: Vec<u8>, error| {
			assert_noop!(
				Registry::register_trust_anchor(RuntimeOrigin::root(), certificate),
				Error::<Test>::AnchorRefused { error }
			);
		};
		refused(der("p256_leaf"), CertError::NotCa);
		refused(der("int_no_certsign"), CertError::KeyUsage);
		refused(der("rsa1024_root"), CertError::RsaKeySize);
		refused(der("rsa4608_root"), CertError::RsaKeySize);
		refused(der("ed25519_root"), CertError::UnsupportedKey);
		refused(der("p256_root")[..200].to_vec(), CertError::Malformed);
		refused(der("p256_leaf_explicit_default"), CertError::NonCanonical);
		refused(vec![0x30; 2049], CertError::TooLong);
	});
}

#[test]
fn a_manufacturer_registers_its_own_anchor_with_a_deposit() {
	run_test(|| {
		let id = oem_anchor(ACME, "oem_root");
		let anchor = TrustAnchors::<Test>::get(id).unwrap();
		assert_eq!(anchor.owner, AnchorOwner::Manufacturer(ACME));
		assert_eq!(anchor.deposit, ANCHOR_DEPOSIT);
		assert_eq!(held(ACME, HoldReason::AnchorDeposit), ANCHOR_DEPOSIT);
		assert_eq!(ManufacturerAnchorCount::<Test>::get(ACME), 1);
		assert_eq!(
			last_event(),
			Event::<Test>::TrustAnchorRegistered {
				anchor: id,
				owner: AnchorOwner::Manufacturer(ACME)
			}
			.into()
		);
		assert_noop!(
			Registry::register_oem_anchor(RuntimeOrigin::signed(ACME), der("oem_root")),
			Error::<Test>::AnchorExists
		);
	});
}

#[test]
fn oem_anchor_refusals() {
	run_test(|| {
		assert_noop!(
			Registry::register_oem_anchor(RuntimeOrigin::signed(ALICE), der("oem_root")),
			Error::<Test>::UnknownManufacturer
		);
		admit_globex();
		assert_ok!(Registry::set_manufacturer_status(RuntimeOrigin::root(), GLOBEX, false));
		assert_noop!(
			Registry::register_oem_anchor(RuntimeOrigin::signed(GLOBEX), der("oem_root")),
			Error::<Test>::ManufacturerInactive
		);
		assert_ok!(Registry::register_manufacturer(
			RuntimeOrigin::root(),
			PAUPER,
			b"Poor".to_vec(),
			None
		));
		assert_noop!(
			Registry::register_oem_anchor(RuntimeOrigin::signed(PAUPER), der("oem_root")),
			Error::<Test>::InsufficientBalance
		);
		for name in ["oem_root", "p256_root", "p384_root"] {
			oem_anchor(ACME, name);
		}
		assert_noop!(
			Registry::register_oem_anchor(RuntimeOrigin::signed(ACME), der("rsa2048_root")),
			Error::<Test>::TooManyAnchors
		);
	});
}

#[test]
fn registering_another_manufacturers_ca_first_does_not_squat_it() {
	run_test(|| {
		admit_globex();
		// Globex copies ACME's OEM CA certificate from a device and registers it first.
		let squatted = oem_anchor(GLOBEX, "oem_root");
		// ACME's own registration is another anchor, and Globex's copy is foreign to ACME.
		let own = oem_anchor(ACME, "oem_root");
		assert_ne!(own, squatted);
		assert_noop!(
			Registry::set_model_anchors(RuntimeOrigin::signed(ACME), ACME_MODEL, vec![squatted]),
			Error::<Test>::ForeignAnchor
		);
		accept(&[own]);
	});
}

#[test]
fn a_model_accepts_global_anchors_and_its_manufacturers_own() {
	run_test(|| {
		let global = global_anchor("p256_root");
		let own = oem_anchor(ACME, "oem_root");
		accept(&[global, own]);
		assert_eq!(ModelAnchors::<Test>::get(ACME, ACME_MODEL).into_inner(), vec![global, own]);
		assert_eq!(
			last_event(),
			Event::<Test>::ModelAnchorsSet {
				manufacturer: ACME,
				model: ACME_MODEL,
				anchors: vec![global, own].try_into().unwrap()
			}
			.into()
		);
		accept(&[]);
		assert!(!ModelAnchors::<Test>::contains_key(ACME, ACME_MODEL));
	});
}

#[test]
fn model_anchor_refusals() {
	run_test(|| {
		let global = global_anchor("p256_root");
		let set = |who, model, anchors: Vec<H256>| {
			Registry::set_model_anchors(RuntimeOrigin::signed(who), model, anchors)
		};
		assert_noop!(set(ALICE, ACME_MODEL, vec![global]), Error::<Test>::UnknownManufacturer);
		assert_noop!(set(ACME, 99, vec![global]), Error::<Test>::UnknownModel);
		assert_noop!(
			set(ACME, ACME_MODEL, vec![H256::repeat_byte(1)]),
			Error::<Test>::UnknownAnchor
		);
		assert_noop!(set(ACME, ACME_MODEL, vec![global, global]), Error::<Test>::DuplicateAnchor);
		let others = [
			global_anchor("p384_root"),
			global_anchor("rsa2048_root"),
			global_anchor("rsa3072_root"),
		];
		assert_noop!(
			set(ACME, ACME_MODEL, vec![global, others[0], others[1], others[2]]),
			Error::<Test>::TooManyModelAnchors
		);
		assert_ok!(Registry::retire_trust_anchor(RuntimeOrigin::root(), global));
		assert_noop!(set(ACME, ACME_MODEL, vec![global]), Error::<Test>::AnchorRetired);
	});
}

#[test]
fn retirement_by_the_owner_or_the_manufacturer_origin() {
	run_test(|| {
		admit_globex();
		let global = global_anchor("p256_root");
		let own = oem_anchor(ACME, "oem_root");
		let retire = |origin, anchor| Registry::retire_trust_anchor(origin, anchor);
		assert_noop!(retire(RuntimeOrigin::signed(ACME), global), Error::<Test>::NotAnchorOwner);
		assert_noop!(retire(RuntimeOrigin::signed(GLOBEX), own), Error::<Test>::NotAnchorOwner);
		assert_noop!(
			retire(RuntimeOrigin::signed(ACME), H256::repeat_byte(1)),
			Error::<Test>::UnknownAnchor
		);
		System::set_block_number(5);
		assert_ok!(retire(RuntimeOrigin::signed(ACME), own));
		assert_eq!(TrustAnchors::<Test>::get(own).unwrap().retired_at, Some(5));
		assert_eq!(last_event(), Event::<Test>::TrustAnchorRetired { anchor: own }.into());
		// The deposit stays held: the anchor stays recorded for the devices that point at it.
		assert_eq!(held(ACME, HoldReason::AnchorDeposit), ANCHOR_DEPOSIT);
		assert_noop!(retire(RuntimeOrigin::signed(ACME), own), Error::<Test>::AnchorRetired);
		assert_ok!(retire(RuntimeOrigin::root(), global));
	});
}

#[test]
fn revocation_by_the_anchor_owner_with_a_deposit() {
	run_test(|| {
		admit_globex();
		let own = oem_anchor(ACME, "oem_root");
		let global = global_anchor("p256_root");
		let target = |n: u8| RevocationTarget::Key(H256::repeat_byte(n));
		let revoke = |origin, anchor, t| Registry::revoke_certificate(origin, anchor, t);
		assert_noop!(
			revoke(RuntimeOrigin::signed(GLOBEX), own, target(1)),
			Error::<Test>::NotAnchorOwner
		);
		assert_noop!(
			revoke(RuntimeOrigin::signed(ACME), global, target(1)),
			Error::<Test>::NotAnchorOwner
		);
		assert_noop!(
			revoke(RuntimeOrigin::signed(ACME), H256::repeat_byte(9), target(1)),
			Error::<Test>::UnknownAnchor
		);

		assert_ok!(revoke(RuntimeOrigin::signed(ACME), own, target(1)));
		let id = target(1).id();
		assert_eq!(RevokedCertificates::<Test>::get(own, id), Some(REVOCATION_DEPOSIT));
		assert_eq!(held(ACME, HoldReason::RevocationDeposit), REVOCATION_DEPOSIT);
		assert_eq!(TrustAnchors::<Test>::get(own).unwrap().revocations, 1);
		assert_eq!(
			last_event(),
			Event::<Test>::CertificateRevoked { anchor: own, revocation: id, target: target(1) }
				.into()
		);
		assert_noop!(
			revoke(RuntimeOrigin::signed(ACME), own, target(1)),
			Error::<Test>::AlreadyRevoked
		);
		// The manufacturer origin revokes under any anchor, without a deposit.
		assert_ok!(revoke(RuntimeOrigin::root(), global, target(2)));
		assert_eq!(RevokedCertificates::<Test>::get(global, target(2).id()), Some(0));
		assert_ok!(revoke(RuntimeOrigin::root(), own, target(2)));
		assert_ok!(revoke(RuntimeOrigin::signed(ACME), own, target(3)));
		assert_noop!(
			revoke(RuntimeOrigin::signed(ACME), own, target(4)),
			Error::<Test>::TooManyRevocations
		);
		assert_eq!(held(ACME, HoldReason::RevocationDeposit), 2 * REVOCATION_DEPOSIT);
	});
}
