//! The SDK builds what the runtime's own code (`iot-primitives`) builds: Merkle roots and proofs
//! for every tree size up to 130 leaves and every tracked index, the 1,000-reading batch of the
//! sample firmware, device identifiers, quote nonces and signatures that the chain verifies.

use iot_device_sdk::{Device, Ed25519Signer, MerkleRoot, P256Signer, Signer};
use iot_primitives::{merkle, tpm};
use sp_core::H256;

mod common;
use common::{chain_key, chain_signature};

fn reading(index: u32) -> Vec<u8> {
	format!("{{\"t\":{index},\"temp\":{}}}", 20 + index % 7).into_bytes()
}

#[test]
fn streaming_roots_and_proofs_are_the_runtimes() {
	for count in 1..=130u32 {
		let leaves: Vec<_> = (0..count).map(reading).collect();
		let expected_root = merkle::root(leaves.iter());
		let indexes: Vec<u32> =
			if count <= 40 { (0..count).collect() } else { vec![0, count / 2, count - 1] };
		for index in indexes {
			let mut tree = MerkleRoot::tracking(index);
			for leaf in &leaves {
				tree.push(leaf).expect("short readings");
			}
			assert_eq!(tree.leaf_count(), count);
			let batch = tree.finish().expect("index in range");
			assert_eq!(H256(batch.root), expected_root, "{count} leaves");
			let proof: Vec<H256> = batch.proof.siblings().iter().map(|s| H256(*s)).collect();
			assert_eq!(proof, merkle::proof(leaves.iter(), index), "{count} leaves, index {index}");
			assert!(merkle::verify(&expected_root, &proof, count, index, &leaves[index as usize]));
		}
	}
}

#[test]
fn the_sample_firmware_batch_is_the_runtimes() {
	let leaves: Vec<_> = (0..1000u32).map(|i| format!("reading {i}").into_bytes()).collect();
	let mut tree = MerkleRoot::new();
	for leaf in &leaves {
		tree.push(leaf).expect("short readings");
	}
	let batch = tree.finish().expect("1,000 readings");
	assert_eq!(H256(batch.root), merkle::root(leaves.iter()));
	assert_eq!((batch.leaf_count, batch.proof), (1000, iot_device_sdk::NoProof));
}

fn check_device<S: Signer>(device: Device<S>) {
	let key = chain_key(device.public_key());
	assert_eq!(H256(*device.id()), key.device_id());
	let (genesis, recent_hash) = (H256::repeat_byte(1), H256::repeat_byte(2));
	assert_eq!(
		device.quote_nonce(genesis.as_fixed_bytes(), 49, recent_hash.as_fixed_bytes(), 7),
		tpm::quote_nonce(&genesis, &key.device_id(), &49u32, &recent_hash, 7)
	);
	let release = [0xf1; 32];
	assert_eq!(
		device.boot_quote_nonce(
			genesis.as_fixed_bytes(),
			49,
			recent_hash.as_fixed_bytes(),
			7,
			&release
		),
		tpm::boot_quote_nonce(&genesis, &key.device_id(), &49u32, &recent_hash, 7, &release)
	);
	let mut buffer = [0u8; iot_device_sdk::MAX_MESSAGE_LEN];
	let signed =
		device.anchor(genesis.as_fixed_bytes(), 3, &[9; 32], 1000, &mut buffer).expect("fits");
	assert_eq!(
		signed.message,
		&iot_primitives::payloads::anchor_message(
			&genesis,
			&key.device_id(),
			3,
			&H256([9; 32]),
			1000
		)[..]
	);
	let signature = chain_signature(&signed.signature);
	assert_eq!(key.verify(signed.message, &signature), Ok(()));
	let mut tampered = signed.message.to_vec();
	tampered[20] ^= 1;
	assert!(key.verify(&tampered, &signature).is_err());
}

#[test]
fn identifiers_nonces_and_signatures_are_the_chains() {
	for seed in [[0u8; 32], [7; 32], [0xfe; 32]] {
		check_device(Device::new(Ed25519Signer::from_seed(&seed)));
	}
	for secret in [[1u8; 32], [7; 32], [0x7f; 32]] {
		check_device(Device::new(P256Signer::from_secret(&secret).expect("valid")));
	}
}
