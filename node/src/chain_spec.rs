//! Chain specifications: `dev`, `local` and `benchmark`, built from the runtime's genesis presets
//! (and `scale:…`, in [`crate::scale`]).

use iot_runtime::{SS58_PREFIX, TOKEN_DECIMALS, TOKEN_SYMBOL, WASM_BINARY};
use sc_service::{ChainType, Properties};

/// The chain specification type of iot-chain (no extensions).
pub type ChainSpec = sc_service::GenericChainSpec;

/// Token symbol, decimals and SS58 prefix, as polkadot-js reads them from `system_properties`.
fn token_properties() -> Properties {
	let mut properties = Properties::new();
	properties.insert("tokenSymbol".into(), TOKEN_SYMBOL.into());
	properties.insert("tokenDecimals".into(), TOKEN_DECIMALS.into());
	properties.insert("ss58Format".into(), SS58_PREFIX.into());
	properties
}

/// The runtime WASM blob embedded at build time.
fn wasm_binary() -> Result<&'static [u8], String> {
	WASM_BINARY.ok_or_else(|| {
		"iot-runtime WASM binary is not available (built with SKIP_WASM_BUILD?)".into()
	})
}

/// A chain spec of the embedded runtime with the genesis preset `preset`.
fn preset_chain_spec(
	name: &str,
	id: &str,
	chain_type: ChainType,
	preset: &str,
) -> Result<ChainSpec, String> {
	Ok(chain_spec_with_code(wasm_binary()?, name, id, chain_type, preset))
}

/// A chain spec of the runtime `code` with the genesis preset `preset` (iot-chain's protocol id
/// and token properties).
pub(crate) fn chain_spec_with_code(
	code: &[u8],
	name: &str,
	id: &str,
	chain_type: ChainType,
	preset: &str,
) -> ChainSpec {
	ChainSpec::builder(code, None)
		.with_name(name)
		.with_id(id)
		.with_protocol_id("iotc")
		.with_chain_type(chain_type)
		.with_genesis_config_preset_name(preset)
		.with_properties(token_properties())
		.build()
}

/// The single-validator development chain (`--dev`, `--chain dev`).
pub fn development_chain_spec() -> Result<ChainSpec, String> {
	preset_chain_spec(
		"iot-chain Development",
		"iot_dev",
		ChainType::Development,
		sp_genesis_builder::DEV_RUNTIME_PRESET,
	)
}

/// The four-validator local testnet (`--chain local`): Alice, Bob, Charlie and Dave.
pub fn local_chain_spec() -> Result<ChainSpec, String> {
	preset_chain_spec(
		"iot-chain Local Testnet",
		"iot_local",
		ChainType::Local,
		sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET,
	)
}

/// The development chain plus the benchmark devices (`--chain benchmark`), on which
/// `iot-node benchmark extrinsic` builds device-signed anchors and attestations.
pub fn benchmark_chain_spec() -> Result<ChainSpec, String> {
	preset_chain_spec(
		"iot-chain Benchmark",
		"iot_benchmark",
		ChainType::Development,
		iot_runtime::genesis_config_presets::BENCHMARK_RUNTIME_PRESET,
	)
}
