//! The benchmarks' worst-case chains (feature `bench-fixtures`, `no_std`: compiled into the
//! runtime-benchmarks WASM only): made by `tests/fixtures/generate.py`, every certificate 2,047
//! bytes and signed with RSA-4096/SHA-384 (the costliest check), valid from 1970 to 9999 so that
//! they verify at a benchmark's timestamp 0 as at any test's time.

/// The anchor: an RSA-4096 root.
pub const ROOT: &[u8] = include_bytes!("../tests/fixtures/generated/bench_root.der");

/// The three RSA-4096 intermediates, from the leaves' issuer up to the one the root signed.
pub const INTERMEDIATES: [&[u8]; 3] = [
	include_bytes!("../tests/fixtures/generated/bench_int3.der"),
	include_bytes!("../tests/fixtures/generated/bench_int2.der"),
	include_bytes!("../tests/fixtures/generated/bench_int1.der"),
];

/// A TPM EK certificate issued by the first intermediate, serial `0x7E57AB1E`.
pub const EK_LEAF: &[u8] = include_bytes!("../tests/fixtures/generated/bench_ek_leaf.der");

/// Device certificates issued by the first intermediate, each certifying the P-256 key of
/// [`leaf_secret`] and naming [`EK_LEAF`]'s serial in its `hardwareModuleName`.
pub const LEAVES: [&[u8]; 10] = [
	include_bytes!("../tests/fixtures/generated/bench_leaf_0.der"),
	include_bytes!("../tests/fixtures/generated/bench_leaf_1.der"),
	include_bytes!("../tests/fixtures/generated/bench_leaf_2.der"),
	include_bytes!("../tests/fixtures/generated/bench_leaf_3.der"),
	include_bytes!("../tests/fixtures/generated/bench_leaf_4.der"),
	include_bytes!("../tests/fixtures/generated/bench_leaf_5.der"),
	include_bytes!("../tests/fixtures/generated/bench_leaf_6.der"),
	include_bytes!("../tests/fixtures/generated/bench_leaf_7.der"),
	include_bytes!("../tests/fixtures/generated/bench_leaf_8.der"),
	include_bytes!("../tests/fixtures/generated/bench_leaf_9.der"),
];

/// The P-256 secret scalar of the key [`LEAVES`]`[i]` certifies (a test key).
pub const fn leaf_secret(i: u8) -> [u8; 32] {
	let mut secret = [0x42; 32];
	secret[0] = 0x11;
	secret[31] = 100 + i;
	secret
}
