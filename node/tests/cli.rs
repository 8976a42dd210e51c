//! Runs the built `iot-node` binary: version output and the exported chain specifications.

use std::process::Command;

/// Runs `iot-node` with `args` and returns its standard output; fails the test if it fails.
fn iot_node(args: &[&str]) -> String {
	let output = Command::new(env!("CARGO_BIN_EXE_iot-node"))
		.args(args)
		.output()
		.unwrap_or_else(|e| panic!("failed to start iot-node: {e}"));
	assert!(
		output.status.success(),
		"iot-node {args:?} failed: {}",
		String::from_utf8_lossy(&output.stderr)
	);
	String::from_utf8(output.stdout).unwrap_or_else(|e| panic!("non-UTF-8 output: {e}"))
}

/// The chain spec `chain` as exported by `iot-node export-chain-spec`.
fn exported_spec(chain: &str) -> serde_json::Value {
	let json = iot_node(&["export-chain-spec", "--chain", chain]);
	serde_json::from_str(&json).unwrap_or_else(|e| panic!("chain spec is not JSON: {e}"))
}

#[test]
fn prints_its_version() {
	let version = iot_node(&["--version"]);
	assert!(version.starts_with("iot-node "), "unexpected version line: {version}");
}

#[test]
fn dev_chain_spec_has_iotc_token_properties() {
	let spec = exported_spec("dev");
	assert_eq!(spec["name"], "iot-chain Development");
	assert_eq!(spec["id"], "iot_dev");
	assert_eq!(spec["chainType"], "Development");
	assert_eq!(spec["properties"]["tokenSymbol"], "IOTC");
	assert_eq!(spec["properties"]["tokenDecimals"], 12);
	assert_eq!(spec["properties"]["ss58Format"], 42);
	let patch = &spec["genesis"]["runtimeGenesis"]["patch"];
	assert_eq!(patch["session"]["keys"].as_array().map(Vec::len), Some(1), "Alice only");
	assert_eq!(patch["validatorSet"]["validators"].as_array().map(Vec::len), Some(1));
	assert_eq!(patch["validatorSet"]["sessionPeriod"], 10);
	let manufacturers = patch["deviceRegistry"]["manufacturers"].to_string();
	assert!(manufacturers.contains("5DCkcxS7NZkSEyuGsjYydjQe1P8Yb8VcegU84bNpbitku1vy"), "//Acme");
	assert_eq!(patch["firmwareAttestation"]["releases"].as_array().map(Vec::len), Some(1));
}

#[test]
fn local_chain_spec_uses_the_local_testnet_preset() {
	let spec = exported_spec("local");
	assert_eq!(spec["id"], "iot_local");
	assert_eq!(spec["chainType"], "Local");
	let patch = &spec["genesis"]["runtimeGenesis"]["patch"];
	assert_eq!(
		patch["session"]["keys"].as_array().map(Vec::len),
		Some(4),
		"Alice, Bob, Charlie and Dave"
	);
	assert_eq!(patch["validatorSet"]["validators"].as_array().map(Vec::len), Some(4));
	assert_eq!(patch["validatorSet"]["minValidators"], 4);
	// Aura and GRANDPA take their authorities from the session keys.
	assert!(patch["aura"].is_null() && patch["grandpa"].is_null());
}

#[test]
fn merkle_root_and_proof_of_a_file() {
	let dir = std::env::temp_dir().join(format!("iot-node-merkle-{}", std::process::id()));
	std::fs::create_dir_all(&dir).expect("temp dir");
	let file = dir.join("readings.txt");
	std::fs::write(&file, "a\nb\nc\n").expect("readings written");
	let file = file.to_str().expect("UTF-8 path");

	let root: serde_json::Value =
		serde_json::from_str(&iot_node(&["merkle", "root", file])).expect("JSON");
	assert_eq!(root["leafCount"], 3);
	let proof: serde_json::Value =
		serde_json::from_str(&iot_node(&["merkle", "proof", file, "2"])).expect("JSON");
	assert_eq!(proof["root"], root["root"]);
	assert_eq!(proof["leaf"], "0x63");
	assert_eq!(proof["leafIndex"], 2);
	// "c" is carried up unchanged, so its proof is the hash of the ("a", "b") pair alone.
	assert_eq!(proof["proof"].as_array().map(Vec::len), Some(1));

	let output = std::process::Command::new(env!("CARGO_BIN_EXE_iot-node"))
		.args(["merkle", "proof", file, "3"])
		.output()
		.expect("iot-node runs");
	assert!(!output.status.success(), "an index out of range fails");
	assert!(String::from_utf8_lossy(&output.stderr).contains("out of range"));
	std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn merkle_with_hex_lines_reproduces_the_binary_test_vectors() {
	let vectors: serde_json::Value = serde_json::from_str(
		&std::fs::read_to_string(concat!(
			env!("CARGO_MANIFEST_DIR"),
			"/../docs/test-vectors/merkle.json"
		))
		.expect("docs/test-vectors/merkle.json"),
	)
	.expect("JSON");
	let dir = std::env::temp_dir().join(format!("iot-node-merkle-hex-{}", std::process::id()));
	std::fs::create_dir_all(&dir).expect("temp dir");
	let binary = vectors["vectors"]
		.as_array()
		.expect("vectors")
		.iter()
		.filter(|vector| vector["name"].as_str().is_some_and(|name| name.contains("binary")));
	let mut checked = 0;
	for vector in binary {
		let leaves: Vec<&str> = vector["leaves"]
			.as_array()
			.expect("leaves")
			.iter()
			.filter_map(|l| l.as_str())
			.collect();
		let file = dir.join(format!("leaves-{checked}.hex"));
		std::fs::write(&file, leaves.join("\n")).expect("written");
		let file = file.to_str().expect("UTF-8 path");
		let root: serde_json::Value =
			serde_json::from_str(&iot_node(&["merkle", "root", "--hex", file])).expect("JSON");
		assert_eq!(root["root"], vector["root"], "{}", vector["name"]);
		let last = leaves.len() - 1;
		let proof: serde_json::Value =
			serde_json::from_str(&iot_node(&["merkle", "proof", "--hex", file, &last.to_string()]))
				.expect("JSON");
		assert_eq!(proof["leaf"], leaves[last]);
		assert_eq!(proof["proof"], vector["proofs"][last]["proof"], "{}", vector["name"]);
		checked += 1;
	}
	assert_eq!(checked, 2, "both binary vectors");
	std::fs::remove_dir_all(&dir).ok();
}
