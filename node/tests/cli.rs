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
	assert_eq!(spec["genesis"]["runtimeGenesis"]["presetName"], "development");
}

#[test]
fn local_chain_spec_uses_the_local_testnet_preset() {
	let spec = exported_spec("local");
	assert_eq!(spec["id"], "iot_local");
	assert_eq!(spec["chainType"], "Local");
	assert_eq!(spec["genesis"]["runtimeGenesis"]["presetName"], "local_testnet");
}
