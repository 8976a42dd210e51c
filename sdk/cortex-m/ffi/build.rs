//! Generates the C header `sdk/include/iot_device_sdk.h` from this crate with cbindgen (rewritten
//! only when its text changes; scripts/sdk.sh fails if the committed header is not current).

use std::{env, fs, path::PathBuf};

fn main() {
	let crate_dir = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("set by cargo"));
	let header = crate_dir.join("../../include/iot_device_sdk.h");
	let config =
		cbindgen::Config::from_file(crate_dir.join("cbindgen.toml")).expect("cbindgen.toml");
	let bindings = cbindgen::Builder::new()
		.with_crate(&crate_dir)
		.with_config(config)
		.generate()
		.expect("the C interface is expressible in C");
	let mut text = Vec::new();
	bindings.write(&mut text);
	if fs::read(&header).ok().as_deref() != Some(&text[..]) {
		fs::write(&header, &text).expect("sdk/include is writable");
	}
	println!("cargo:rerun-if-changed=src/lib.rs");
	println!("cargo:rerun-if-changed=cbindgen.toml");
}
