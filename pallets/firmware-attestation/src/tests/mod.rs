//! Unit tests of firmware attestation, by concern: releases and floors (`releases`), evidence —
//! every rejection with `assert_noop!`, every untrusted verdict, trust evaluated on read, expiry
//! and fees (`evidence`) —, what the evidence of a trusted verdict is (`evidence_kinds`), TPM
//! quotes (`tpm`), measured boot (`boot`) and the security rules (`security`); the shared
//! helpers are here.

mod boot;
mod evidence;
mod evidence_kinds;
mod releases;
mod security;
mod tpm;

use crate::{mock::*, *};
use frame_support::{assert_noop, assert_ok, dispatch::Pays, traits::fungible::InspectHold};
use iot_primitives::{
	payloads, testing::TestDevice, Certification, DeviceId, DeviceSignature, DeviceStatus,
	DeviceTrust, Evidence, EvidenceKind, Identity, TrustStatus, UntrustedReason, Verdict,
};
use sp_core::H256;

type Attestation = Pallet<Test>;

/// The trust status other pallets read through [`DeviceTrust`] (data anchoring's `trusted`
/// flag), given the registry's record of `id` as they pass it.
fn trust_seen_by_pallets(id: &DeviceId) -> TrustStatus<u64> {
	let device = <MockRegistry as iot_primitives::DeviceRegistry<u64>>::device(id)
		.expect("a registered device");
	<Attestation as DeviceTrust<u64, u64>>::trust_status(id, &device)
}

const FIRMWARE: [u8; 32] = [0xf1; 32];
const FIRMWARE_V2: [u8; 32] = [0xf2; 32];
const UNKNOWN_FIRMWARE: [u8; 32] = [0xee; 32];

fn publish(digest: [u8; 32], security_version: u32) {
	assert_ok!(Attestation::publish_release(
		RuntimeOrigin::signed(ACME),
		MODEL,
		digest,
		b"1.0.0".to_vec(),
		security_version
	));
}

/// Evidence of `device` for `digest`, bound to the previous block.
fn evidence(
	device: DeviceId,
	digest: [u8; 32],
	security_version: u32,
	counter: u32,
) -> Evidence<u64> {
	let recent_block = System::block_number() - 1;
	Evidence {
		device,
		firmware_digest: digest,
		security_version,
		boot_count: 3,
		recent_block,
		recent_hash: block_hash(recent_block),
		counter,
	}
}

fn sign(device: &TestDevice, evidence: &Evidence<u64>) -> DeviceSignature {
	device.sign(&payloads::attestation_message(&Attestation::genesis_hash(), evidence))
}

/// Submits signed evidence and returns whether the relayer paid.
fn attest(device: &TestDevice, evidence: Evidence<u64>) -> Pays {
	let signature = sign(device, &evidence);
	let info = Attestation::submit_attestation(RuntimeOrigin::signed(RELAYER), evidence, signature)
		.expect("attestation accepted");
	info.pays_fee
}

fn verdict_of(device: DeviceId) -> Verdict {
	Attestations::<Test>::get(device).expect("a recorded attestation").verdict
}

/// The registry's answer for a device whose chain has a revoked certificate.
fn revoked_certificate() -> Certification {
	Certification::Revoked { anchor: H256::repeat_byte(1), revocation: H256::repeat_byte(2) }
}

fn last_event() -> RuntimeEvent {
	System::events().pop().expect("an event").event
}
