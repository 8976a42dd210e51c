//! Builds the WASM runtime blob with `substrate-wasm-builder` (target `wasm32v1-none`).
//!
//! The default build also produces a second blob, `iot_runtime_upgrade_test.rs.compact.compressed.wasm`
//! in the same `wbuild/iot-runtime` folder: the same runtime built with the `upgrade-test` feature,
//! whose only difference is `spec_version + 1`. The e2e suite upgrades a running dev chain to it
//! (a forkless runtime upgrade). It shares every compiled dependency with the main blob, so it
//! costs one more compilation of this crate to WASM.

fn main() {
	#[cfg(feature = "std")]
	{
		substrate_wasm_builder::WasmBuilder::build_using_defaults();
		#[cfg(not(any(feature = "runtime-benchmarks", feature = "try-runtime")))]
		substrate_wasm_builder::WasmBuilder::init_with_defaults()
			.set_file_name("iot_runtime_upgrade_test.rs")
			.enable_feature("upgrade-test")
			.build();
	}
}
