//! Certified devices: registration (single and batch) and later attachment of a chain, TPM
//! binding of an IAK certificate to its TPM's EK chain, certification evaluated on read
//! (revocations; retirement only stops new chains), and what key rotation, transfer and decommissioning do to it.

use super::*;
use iot_primitives::{CertError, Certification, KeyScheme, RevocationTarget};
use sp_io::hashing::blake2_256;

/// `device` is certified now by `anchor` (and, TPM-bound, by `tpm_anchor`).
fn assert_certified(device: DeviceId, anchor: H256, tpm_anchor: Option<H256>) {
	assert_eq!(Registry::certification(&device), Certification::Certified { anchor, tpm_anchor });
}

fn refused(index: u8, error: CertError) -> Error<Test> {
	Error::<Test>::CertificateRefused { index, error }
}

#[test]
fn a_certified_registration_records_the_chain_and_counts_as_endorsed() {
	run_test(|| {
		let (anchor, device) = certified_p256_device("p256_leaf");
		let record = Devices::<Test>::get(device).unwrap();
		assert!(record.endorsed);
		let certificate = DeviceCertificates::<Test>::get(device).unwrap();
		assert_eq!(certificate.chain.anchor, anchor);
		let hashes: Vec<H256> = ["p256_leaf", "p256_int2", "p256_int1"]
			.iter()
			.map(|n| H256(blake2_256(&der(n))))
			.collect();
		assert_eq!(certificate.chain.certificates.into_inner(), hashes);
		// Three serials and the keys of the two intermediates.
		assert_eq!(certificate.chain.revocation_ids.len(), 5);
		assert_eq!((certificate.tpm, certificate.certified_at), (None, 1));
		assert_eq!(certificate.deposit, CERTIFICATE_DEPOSIT);
		assert_eq!(held(ALICE, HoldReason::DeviceDeposit), DEVICE_DEPOSIT);
		assert_eq!(held(ALICE, HoldReason::CertificateDeposit), CERTIFICATE_DEPOSIT);
		let events: Vec<RuntimeEvent> = System::events().into_iter().map(|r| r.event).collect();
		assert!(events.contains(
			&Event::<Test>::DeviceRegistered {
				device,
				owner: ALICE,
				manufacturer: ACME,
				model: ACME_MODEL,
				endorsed: true
			}
			.into()
		));
		assert_eq!(
			last_event(),
			Event::<Test>::DeviceCertified { device, anchor, tpm_anchor: None }.into()
		);
		assert_certified(device, anchor, None);
	});
}

#[test]
fn an_ed25519_device_key_is_certified_too() {
	run_test(|| {
		let anchor = global_anchor("p256_root");
		accept(&[anchor]);
		let seed = fixtures::manifest_bytes("p256_leaf_ed25519_key_seed");
		let device = TestDevice::from_seed(KeyScheme::Ed25519, seed).unwrap();
		let chains = p256_chains(anchor, "p256_leaf_ed25519_key");
		assert_ok!(register_certified(ALICE, certified(&device, ALICE, chains)));
		assert!(Devices::<Test>::get(device.key.device_id()).unwrap().endorsed);
	});
}

#[test]
fn registration_checks_come_before_the_chain_and_the_chain_before_recording() {
	run_test(|| {
		let anchor = global_anchor("p256_root");
		let device = certified_key("p256_leaf");
		let chains = || p256_chains(anchor, "p256_leaf");
		// The model does not accept the anchor yet.
		assert_noop!(
			register_certified(ALICE, certified(&device, ALICE, chains())),
			Error::<Test>::AnchorNotAccepted
		);
		accept(&[anchor]);
		// Front-running with a copied chain and proof: the proof names ALICE.
		let copied = certified(&device, ALICE, chains());
		assert_noop!(register_certified(BOB, copied), Error::<Test>::BadProof);
		// Another key under this device's certificate.
		let other = TestDevice::p256(9);
		assert_noop!(
			register_certified(ALICE, certified(&other, ALICE, chains())),
			Error::<Test>::LeafKeyMismatch
		);
		let no_signing = certified_key("p256_leaf_no_signing");
		assert_noop!(
			register_certified(
				ALICE,
				certified(&no_signing, ALICE, p256_chains(anchor, "p256_leaf_no_signing"))
			),
			Error::<Test>::LeafNotForSigning
		);
		assert_noop!(
			register_certified(PAUPER, certified(&device, PAUPER, chains())),
			Error::<Test>::InsufficientBalance
		);
	});
}

#[test]
fn refused_chains_name_the_certificate_and_the_reason() {
	run_test(|| {
		let anchor = global_anchor("p256_root");
		accept(&[anchor]);
		let device = certified_key("p256_leaf");
		let with = |names: &[&str]| {
			certified(&device, ALICE, DeviceChains { device: chain(anchor, names), tpm: None })
		};
		assert_noop!(register_certified(ALICE, with(&[])), refused(0, CertError::EmptyChain));
		assert_noop!(
			register_certified(ALICE, with(&["p256_leaf", "p256_int1"])),
			refused(0, CertError::IssuerMismatch)
		);
		assert_noop!(
			register_certified(ALICE, with(&["p256_int1", "p256_int2", "p256_leaf"])),
			refused(2, CertError::IssuerMismatch)
		);
		assert_noop!(
			register_certified(ALICE, with(&["p256_leaf", "p256_int2", "p256_int1_pathlen0"])),
			refused(2, CertError::PathLenExceeded)
		);
		assert_noop!(
			register_certified(
				ALICE,
				with(&["p256_leaf", "p256_int2", "p256_int1", "p256_int1", "p256_int2"])
			),
			refused(4, CertError::ChainTooLong)
		);
		let mut tampered = chain(anchor, &["p256_leaf", "p256_int2", "p256_int1"]);
		let last = tampered.certificates[0].len() - 1;
		tampered.certificates[0][last] ^= 1;
		let r = certified(&device, ALICE, DeviceChains { device: tampered, tpm: None });
		assert_noop!(register_certified(ALICE, r), refused(0, CertError::BadSignature));
		let mut truncated = chain(anchor, &["p256_leaf", "p256_int2", "p256_int1"]);
		truncated.certificates[1].truncate(100);
		let r = certified(&device, ALICE, DeviceChains { device: truncated, tpm: None });
		assert_noop!(register_certified(ALICE, r), refused(1, CertError::Malformed));
		let mut long = chain(anchor, &["p256_leaf", "p256_int2", "p256_int1"]);
		long.certificates[0] = vec![0; 4096];
		let r = certified(&device, ALICE, DeviceChains { device: long, tpm: None });
		assert_noop!(register_certified(ALICE, r), refused(0, CertError::TooLong));
	});
}

#[test]
fn validity_is_checked_against_the_chain_time() {
	run_test(|| {
		let anchor = global_anchor("p256_root");
		accept(&[anchor]);
		let device = certified_key("p256_leaf");
		set_time(2_082_758_400); // 2036-01-01
		assert_noop!(
			register_certified(ALICE, certified(&device, ALICE, p256_chains(anchor, "p256_leaf"))),
			refused(2, CertError::Expired)
		);
		set_time(1_717_200_000); // 2024-06-01
		assert_noop!(
			register_certified(ALICE, certified(&device, ALICE, p256_chains(anchor, "p256_leaf"))),
			refused(2, CertError::NotYetValid)
		);
		set_time(TEST_TIME_SECS);
		assert_ok!(register_certified(
			ALICE,
			certified(&device, ALICE, p256_chains(anchor, "p256_leaf"))
		));
	});
}

#[test]
fn a_retired_anchor_certifies_no_new_device() {
	run_test(|| {
		let anchor = global_anchor("p256_root");
		accept(&[anchor]);
		assert_ok!(Registry::retire_trust_anchor(RuntimeOrigin::root(), anchor));
		let device = certified_key("p256_leaf");
		assert_noop!(
			register_certified(ALICE, certified(&device, ALICE, p256_chains(anchor, "p256_leaf"))),
			Error::<Test>::AnchorRetired
		);
	});
}

/// ACME's model accepting its OEM IAK CA and the (global) TPM vendor root of the EK chain.
fn tpm_setup() -> (H256, H256) {
	let oem = oem_anchor(ACME, "oem_root");
	let vendor = global_anchor("rsa3072_root");
	accept(&[oem, vendor]);
	(oem, vendor)
}

fn tpm_chains(oem: H256, vendor: H256, iak: &str) -> DeviceChains {
	DeviceChains {
		device: chain(oem, &[iak]),
		tpm: Some(chain(vendor, &["ek_leaf", "ek_int_p384"])),
	}
}

/// ALICE's TPM device registered with its IAK certificate bound to its TPM's EK chain: the
/// anchors (OEM, vendor) and the device key.
fn registered_iak() -> (H256, H256, TestDevice) {
	let (oem, vendor) = tpm_setup();
	let iak = certified_key("iak_leaf");
	assert_ok!(register_certified(
		ALICE,
		certified(&iak, ALICE, tpm_chains(oem, vendor, "iak_leaf"))
	));
	(oem, vendor, iak)
}

#[test]
fn an_iak_bound_to_its_tpms_ek_certificate() {
	run_test(|| {
		let (oem, vendor, iak) = registered_iak();
		let device = iak.key.device_id();
		let record = DeviceCertificates::<Test>::get(device).unwrap();
		let tpm = record.tpm.unwrap();
		assert_eq!(tpm.anchor, vendor);
		assert_eq!(tpm.certificates.len(), 2);
		assert_certified(device, oem, Some(vendor));
		assert_eq!(
			last_event(),
			Event::<Test>::DeviceCertified { device, anchor: oem, tpm_anchor: Some(vendor) }.into()
		);
	});
}

#[test]
fn tpm_binding_refusals() {
	run_test(|| {
		let (oem, vendor) = tpm_setup();
		let other = certified_key("iak_leaf_other_serial");
		assert_noop!(
			register_certified(
				ALICE,
				certified(&other, ALICE, tpm_chains(oem, vendor, "iak_leaf_other_serial"))
			),
			Error::<Test>::TpmBindingMismatch
		);
		let iak = certified_key("iak_leaf");
		// A device certificate without hardwareModuleName cannot be bound either.
		let device = certified_key("p256_leaf");
		let p256 = global_anchor("p256_root");
		accept(&[oem, vendor, p256]);
		let mut chains = p256_chains(p256, "p256_leaf");
		chains.tpm = Some(chain(vendor, &["ek_leaf", "ek_int_p384"]));
		assert_noop!(
			register_certified(ALICE, certified(&device, ALICE, chains)),
			Error::<Test>::TpmBindingMismatch
		);
		// The EK chain is refused with its own error.
		let mut chains = tpm_chains(oem, vendor, "iak_leaf");
		chains.tpm = Some(chain(vendor, &["ek_leaf"]));
		assert_noop!(
			register_certified(ALICE, certified(&iak, ALICE, chains)),
			Error::<Test>::TpmCertificateRefused { index: 0, error: CertError::IssuerMismatch }
		);
		// And its anchor must be accepted by the model too.
		accept(&[oem]);
		assert_noop!(
			register_certified(ALICE, certified(&iak, ALICE, tpm_chains(oem, vendor, "iak_leaf"))),
			Error::<Test>::AnchorNotAccepted
		);
	});
}

#[test]
fn revocations_and_retirement_take_effect_on_read_for_every_device_below() {
	run_test(|| {
		let (anchor, first) = certified_p256_device("p256_leaf");
		let (_, second) = certified_p256_device("p256_leaf_b");
		// The leaf's serial revokes one device.
		let leaf = iot_cert_path::Cert::parse(&der("p256_leaf")).unwrap();
		let serial = RevocationTarget::Certificate {
			issuer: H256(blake2_256(&leaf.issuer_der())),
			serial: leaf.serial().to_vec().try_into().unwrap(),
		};
		assert_ok!(Registry::revoke_certificate(RuntimeOrigin::root(), anchor, serial.clone()));
		assert_eq!(
			Registry::certification(&first),
			Certification::Revoked { anchor, revocation: serial.id() }
		);
		assert_certified(second, anchor, None);
		// The intermediate's key revokes both, with no per-device work.
		let int2 = iot_cert_path::Cert::parse(&der("p256_int2")).unwrap();
		let key = RevocationTarget::Key(H256(blake2_256(&int2.spki_der().unwrap())));
		assert_ok!(Registry::revoke_certificate(RuntimeOrigin::root(), anchor, key.clone()));
		assert_eq!(
			Registry::certification(&second),
			Certification::Revoked { anchor, revocation: key.id() }
		);
		assert_eq!(Registry::certification(&H256::repeat_byte(7)), Certification::Uncertified);
	});
}

#[test]
fn retiring_an_anchor_keeps_earlier_devices_certified() {
	run_test(|| {
		let (anchor, device) = certified_p256_device("p256_leaf");
		assert_ok!(Registry::retire_trust_anchor(RuntimeOrigin::root(), anchor));
		assert_certified(device, anchor, None);
	});
}

#[test]
fn revoking_the_ek_certificate_uncertifies_the_tpm_bound_device() {
	run_test(|| {
		let (_, vendor, iak) = registered_iak();
		let ek = iot_cert_path::Cert::parse(&der("ek_leaf")).unwrap();
		let target = RevocationTarget::Certificate {
			issuer: H256(blake2_256(&ek.issuer_der())),
			serial: ek.serial().to_vec().try_into().unwrap(),
		};
		assert_ok!(Registry::revoke_certificate(RuntimeOrigin::root(), vendor, target.clone()));
		assert_eq!(
			Registry::certification(&iak.key.device_id()),
			Certification::Revoked { anchor: vendor, revocation: target.id() }
		);
	});
}

#[test]
fn a_certified_batch_is_all_or_nothing() {
	run_test(|| {
		let anchor = global_anchor("p256_root");
		accept(&[anchor]);
		let a = certified_key("p256_leaf");
		let b = certified_key("p256_leaf_b");
		let good = |d: &TestDevice, leaf| certified(d, ALICE, p256_chains(anchor, leaf));
		let batch = |items: Vec<CertifiedRegistration<Test>>| {
			Registry::register_certified_devices(
				RuntimeOrigin::signed(ALICE),
				items.try_into().unwrap(),
			)
		};
		assert_noop!(
			batch(vec![good(&a, "p256_leaf"), good(&b, "p256_leaf")]),
			Error::<Test>::CertifiedBatchItemFailed {
				index: 1,
				error: CertifiedItemError::Registration(RegistrationError::LeafKeyMismatch)
			}
		);
		let mut tampered = good(&b, "p256_leaf_b");
		tampered.certificates.device.certificates[0][10] ^= 1;
		assert_noop!(
			batch(vec![good(&a, "p256_leaf"), tampered]),
			Error::<Test>::CertifiedBatchItemFailed {
				index: 1,
				error: CertifiedItemError::Certificate(CertError::Malformed)
			}
		);
		assert_ok!(batch(vec![good(&a, "p256_leaf"), good(&b, "p256_leaf_b")]));
		assert!(DeviceCertificates::<Test>::contains_key(a.key.device_id()));
		assert!(DeviceCertificates::<Test>::contains_key(b.key.device_id()));
		assert_eq!(held(ALICE, HoldReason::CertificateDeposit), 2 * CERTIFICATE_DEPOSIT);
	});
}

#[test]
fn an_owner_attaches_a_chain_to_a_registered_device() {
	run_test(|| {
		let anchor = global_anchor("p256_root");
		accept(&[anchor]);
		let key = certified_key("p256_leaf");
		let device = register(ALICE, &key);
		assert!(!Devices::<Test>::get(device).unwrap().endorsed);
		let attach =
			|who, chains| Registry::attach_certificates(RuntimeOrigin::signed(who), device, chains);
		assert_noop!(attach(BOB, p256_chains(anchor, "p256_leaf")), Error::<Test>::NotOwner);
		assert_noop!(
			attach(ALICE, p256_chains(anchor, "p256_leaf_b")),
			Error::<Test>::LeafKeyMismatch
		);
		assert_ok!(attach(ALICE, p256_chains(anchor, "p256_leaf")));
		assert!(Devices::<Test>::get(device).unwrap().endorsed);
		assert_certified(device, anchor, None);
		// Attaching again replaces the record and keeps the one deposit.
		assert_ok!(attach(ALICE, p256_chains(anchor, "p256_leaf")));
		assert_eq!(held(ALICE, HoldReason::CertificateDeposit), CERTIFICATE_DEPOSIT);
		assert_ok!(Registry::revoke(RuntimeOrigin::signed(ALICE), device, 1));
		assert_noop!(attach(ALICE, p256_chains(anchor, "p256_leaf")), Error::<Test>::Revoked);
	});
}

#[test]
fn rotation_and_decommissioning_drop_the_certificates_and_their_deposit() {
	run_test(|| {
		let (_, device) = certified_p256_device("p256_leaf");
		let old = certified_key("p256_leaf");
		assert_ok!(rotate(device, &old, &TestDevice::p256(30), 0));
		assert!(!DeviceCertificates::<Test>::contains_key(device));
		assert_eq!(Registry::certification(&device), Certification::Uncertified);
		assert_eq!(held(ALICE, HoldReason::CertificateDeposit), 0);

		let (_, second) = certified_p256_device("p256_leaf_b");
		assert_ok!(Registry::decommission(RuntimeOrigin::signed(ALICE), second));
		assert!(!DeviceCertificates::<Test>::contains_key(second));
		assert_eq!(held(ALICE, HoldReason::CertificateDeposit), 0);
	});
}

#[test]
fn the_certificate_deposit_moves_with_the_device() {
	run_test(|| {
		let (_, device) = certified_p256_device("p256_leaf");
		assert_ok!(Registry::offer_transfer(RuntimeOrigin::signed(ALICE), device, BOB));
		assert_ok!(Registry::accept_transfer(RuntimeOrigin::signed(BOB), device));
		assert_eq!(held(ALICE, HoldReason::CertificateDeposit), 0);
		assert_eq!(held(BOB, HoldReason::CertificateDeposit), CERTIFICATE_DEPOSIT);
	});
}

#[test]
fn the_dry_run_names_the_leaf_key_or_the_refusal() {
	run_test(|| {
		let anchor = global_anchor("p256_root");
		let chain = |names: &[&str]| names.iter().map(|n| der(n)).collect::<Vec<_>>();
		assert_eq!(
			Registry::dry_run_chain(anchor, chain(&["p256_leaf", "p256_int2", "p256_int1"])),
			Some(Ok(Some(certified_key("p256_leaf").key)))
		);
		assert_eq!(
			Registry::dry_run_chain(anchor, chain(&["p256_leaf", "p256_int1"])),
			Some(Err(iot_primitives::ChainError { index: 0, error: CertError::IssuerMismatch }))
		);
		assert_eq!(Registry::dry_run_chain(H256::repeat_byte(3), vec![]), None);
	});
}
