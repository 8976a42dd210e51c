//! Builds the WASM runtime blob with `substrate-wasm-builder` (target `wasm32v1-none`).
//!
//! The inner WASM build reads `wasm-size.toml` (the blob at opt-level "s", the code doing signature
//! arithmetic and hashing at 3: the runtime stays within 1.5 × the solochain template's size),
//! passed as a `--config` file through `WASM_BUILD_CARGO_ARGS` after any arguments already set
//! there. (`substrate-wasm-builder` writes its own project: the workspace's `[profile]` sections
//! never reach it.)
//!
//! The default build also produces a second blob, `iot_runtime_upgrade_test.rs.compact.compressed.wasm`
//! in the same `wbuild/iot-runtime` folder: the same runtime built with the `upgrade-test` feature,
//! whose only difference is `spec_version + 1`. The e2e suite upgrades a running dev chain to it
//! (a forkless runtime upgrade). It shares every compiled dependency with the main blob, so it
//! costs one more compilation of this crate to WASM.

fn main() {
	#[cfg(feature = "std")]
	{
		let config = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("wasm-size.toml");
		println!("cargo:rerun-if-changed={}", config.display());
		let mut args = std::env::var("WASM_BUILD_CARGO_ARGS").unwrap_or_default();
		// The builder splits the variable like a shell: the path is quoted.
		args.push_str(&format!(" --config '{}'", config.display()));
		std::env::set_var("WASM_BUILD_CARGO_ARGS", args.trim_start());

		substrate_wasm_builder::WasmBuilder::build_using_defaults();
		#[cfg(not(any(feature = "runtime-benchmarks", feature = "try-runtime")))]
		substrate_wasm_builder::WasmBuilder::init_with_defaults()
			.set_file_name("iot_runtime_upgrade_test.rs")
			.enable_feature("upgrade-test")
			.build();
	}
}
