//! The SDK against `docs/test-vectors` (made by polkadot-js/@noble, spec §3 and §6): every
//! Ed25519 and P-256 device message is rebuilt byte for byte from its fields, keys derive from
//! the seeds, Ed25519 signatures are the vectors' bytes (deterministic) and P-256 signatures
//! verify with the chain's own verifier; every Merkle root and proof matches.

use iot_device_sdk::{
	Attestation, Device, Ed25519Signer, MerkleRoot, P256Signer, SignatureBytes, Signer,
};
use iot_primitives::DeviceKey;
use serde_json::Value;

mod common;
use common::{chain_key, chain_signature};

const SIGNING: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/test-vectors/signing.json");
const MERKLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/test-vectors/merkle.json");

fn load(path: &str) -> Value {
	serde_json::from_str(&std::fs::read_to_string(path).expect("vectors exist")).expect("JSON")
}

fn bytes(value: &Value) -> Vec<u8> {
	let text = value.as_str().unwrap_or_else(|| panic!("expected hex, got {value}"));
	hex::decode(text.trim_start_matches("0x")).expect("hex")
}

fn array<const N: usize>(value: &Value) -> [u8; N] {
	bytes(value).try_into().expect("length")
}

fn number(value: &Value) -> u64 {
	value.as_u64().expect("number")
}

/// The message of `vector` built by `device`, and its signature.
fn build<S: Signer>(device: &Device<S>, vector: &Value) -> Option<(Vec<u8>, SignatureBytes)> {
	let fields = &vector["fields"];
	let genesis: [u8; 32] = array(&fields["genesis"]);
	let mut buffer = [0u8; iot_device_sdk::MAX_MESSAGE_LEN];
	let signed = match vector["purpose"].as_str()? {
		"register" => device.registration(&genesis, &array(&fields["owner"]), &mut buffer),
		"attest" => {
			let e = &fields["evidence"];
			assert_eq!(array::<32>(&e["device"]), *device.id());
			let attestation = Attestation {
				firmware_digest: array(&e["firmwareDigest"]),
				security_version: number(&e["securityVersion"]) as u32,
				boot_count: number(&e["bootCount"]) as u32,
				recent_block: number(&e["recentBlock"]) as u32,
				recent_hash: array(&e["recentHash"]),
				counter: number(&e["counter"]) as u32,
			};
			device.attestation(&genesis, &attestation, &mut buffer)
		}
		"anchor" => device.anchor(
			&genesis,
			number(&fields["seq"]),
			&array(&fields["root"]),
			number(&fields["leafCount"]) as u32,
			&mut buffer,
		),
		"rotate" => {
			let new_seed: [u8; 32] = array(&vector["newKeySeed"]);
			let nonce = number(&fields["nonce"]) as u32;
			let rotation = match vector["scheme"].as_str()? {
				"Ed25519" => device.rotation(
					&Ed25519Signer::from_seed(&new_seed),
					&genesis,
					nonce,
					&mut buffer,
				),
				_ => device.rotation(
					&P256Signer::from_secret(&new_seed).expect("valid"),
					&genesis,
					nonce,
					&mut buffer,
				),
			}
			.expect("a rotation fits");
			let new_key = DeviceKey::decode_hex(&fields["newKey"]);
			assert_eq!(
				new_key.verify(rotation.message, &chain_signature(&rotation.new_signature)),
				Ok(())
			);
			return Some((rotation.message.to_vec(), rotation.old_signature));
		}
		_ => return None,
	}
	.expect("every message fits MAX_MESSAGE_LEN");
	Some((signed.message.to_vec(), signed.signature))
}

trait DecodeHex {
	fn decode_hex(value: &Value) -> Self;
}

impl DecodeHex for DeviceKey {
	fn decode_hex(value: &Value) -> Self {
		match value["scheme"].as_str() {
			Some("Ed25519") => DeviceKey::Ed25519(array(&value["publicKey"])),
			Some("P256") => DeviceKey::P256(array(&value["publicKey"])),
			other => panic!("not an SDK scheme: {other:?}"),
		}
	}
}

fn check<S: Signer>(device: Device<S>, vector: &Value, label: &str) -> usize {
	if vector["purpose"] == "endorse" {
		return 0; // the factory's message, signed by the manufacturer's key
	}
	assert_eq!(chain_key(device.public_key()), DeviceKey::decode_hex(&vector["key"]), "{label}");
	assert_eq!(device.id()[..], bytes(&vector["deviceId"])[..], "{label}: device id");
	let Some((message, signature)) = build(&device, vector) else { return 0 };
	assert_eq!(message, bytes(&vector["message"]), "{label}: message bytes");
	let key = chain_key(device.public_key());
	assert_eq!(key.verify(&message, &chain_signature(&signature)), Ok(()), "{label}: signature");
	if vector["scheme"] == "Ed25519" {
		assert_eq!(signature.as_bytes(), &bytes(&vector["signature"])[..], "{label}: bytes");
	}
	1
}

#[test]
fn device_messages_match_the_vectors() {
	let document = load(SIGNING);
	let mut checked = 0;
	for vector in document["vectors"].as_array().expect("vectors") {
		let label = format!("{} {}", vector["scheme"], vector["purpose"]);
		let seed: [u8; 32] = array(&vector["seed"]);
		checked += match vector["scheme"].as_str() {
			Some("Ed25519") => check(Device::new(Ed25519Signer::from_seed(&seed)), vector, &label),
			Some("P256") => {
				check(Device::new(P256Signer::from_secret(&seed).expect("valid")), vector, &label)
			}
			_ => 0,
		};
	}
	assert_eq!(checked, 8, "register, rotate, attest, anchor × Ed25519, P-256");
}

#[test]
fn merkle_roots_and_proofs_match_the_vectors() {
	let document = load(MERKLE);
	let vectors = document["vectors"].as_array().expect("vectors");
	assert!(!vectors.is_empty());
	for vector in vectors {
		let leaves: Vec<Vec<u8>> =
			vector["leaves"].as_array().expect("leaves").iter().map(bytes).collect();
		for proof in vector["proofs"].as_array().expect("proofs") {
			let index = number(&proof["leafIndex"]) as u32;
			let mut tree = MerkleRoot::tracking(index);
			for leaf in &leaves {
				tree.push(leaf).expect("short leaves");
			}
			let batch = tree.finish().expect("a tracked leaf in range");
			assert_eq!(batch.root[..], bytes(&vector["root"])[..], "{}", vector["name"]);
			assert_eq!(batch.leaf_count, number(&vector["leafCount"]) as u32);
			let expected: Vec<Vec<u8>> =
				proof["proof"].as_array().expect("siblings").iter().map(bytes).collect();
			let siblings: Vec<Vec<u8>> =
				batch.proof.siblings().iter().map(|s| s.to_vec()).collect();
			assert_eq!(siblings, expected, "{} leaf {index}", vector["name"]);
		}
	}
}
