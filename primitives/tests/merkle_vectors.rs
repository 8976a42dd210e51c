//! Checks `docs/test-vectors/merkle.json` (made by the JS implementation, `e2e/tools/merkle-vectors.js`)
//! against this crate's Merkle code: the same root, the same proof for every leaf, the proof length
//! the runtime demands, and a verification that accepts the leaf and refuses any other.

use iot_primitives::merkle;
use serde_json::Value;
use sp_core::H256;

const VECTORS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/test-vectors/merkle.json");

fn bytes(value: &Value) -> Vec<u8> {
	let text = value.as_str().unwrap_or_else(|| panic!("expected a hex string, got {value}"));
	hex::decode(text.trim_start_matches("0x")).unwrap_or_else(|e| panic!("bad hex {text}: {e}"))
}

fn hash(value: &Value) -> H256 {
	H256::from_slice(&bytes(value))
}

fn list(value: &Value) -> &Vec<Value> {
	value.as_array().unwrap_or_else(|| panic!("expected an array, got {value}"))
}

#[test]
fn rust_and_js_build_the_same_roots_and_proofs() {
	let file = std::fs::read_to_string(VECTORS).expect("docs/test-vectors/merkle.json exists");
	let json: Value = serde_json::from_str(&file).expect("valid JSON");
	let vectors = list(&json["vectors"]);
	assert!(vectors.len() >= 13, "every case is there");
	for vector in vectors {
		let name = vector["name"].as_str().expect("a name");
		let leaves: Vec<Vec<u8>> = list(&vector["leaves"]).iter().map(bytes).collect();
		let count = u32::try_from(leaves.len()).expect("few leaves");
		assert_eq!(vector["leafCount"].as_u64(), Some(u64::from(count)), "{name}: leafCount");
		let root = hash(&vector["root"]);
		assert_eq!(merkle::root(&leaves), root, "{name}: root");
		let proofs = list(&vector["proofs"]);
		assert_eq!(proofs.len(), leaves.len(), "{name}: one proof per leaf");
		for (index, (leaf, entry)) in leaves.iter().zip(proofs).enumerate() {
			let index = u32::try_from(index).expect("few leaves");
			assert_eq!(entry["leafIndex"].as_u64(), Some(u64::from(index)));
			let proof: Vec<H256> = list(&entry["proof"]).iter().map(hash).collect();
			assert_eq!(merkle::proof(&leaves, index), proof, "{name}: proof of leaf {index}");
			assert_eq!(
				merkle::proof_length(count, index),
				Some(proof.len() as u32),
				"{name}: proof length of leaf {index}"
			);
			assert!(merkle::verify(&root, &proof, count, index, leaf), "{name}: leaf {index}");
			let mut other = leaf.clone();
			other.push(0);
			assert!(!merkle::verify(&root, &proof, count, index, &other), "{name}: altered leaf");
		}
	}
}
