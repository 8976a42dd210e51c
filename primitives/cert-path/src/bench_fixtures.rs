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

/// A 3-certificate P-256 chain (leaf first, ECDSA-SHA256) to [`P256_ROOT`], valid 2025–2035.
pub const P256_CHAIN: [&[u8]; 3] = [
	include_bytes!("../tests/fixtures/generated/p256_leaf.der"),
	include_bytes!("../tests/fixtures/generated/p256_int2.der"),
	include_bytes!("../tests/fixtures/generated/p256_int1.der"),
];

/// The anchor of [`P256_CHAIN`].
pub const P256_ROOT: &[u8] = include_bytes!("../tests/fixtures/generated/p256_root.der");

/// A TPM EK chain: an EK certificate (P-256 key, critical subjectAltName) issued by a P-384 CA
/// (ECDSA-SHA384) that an RSA-3072 root signed (sha256WithRSAEncryption), valid 2025–2035.
pub const EK_CHAIN: [&[u8]; 2] = [
	include_bytes!("../tests/fixtures/generated/ek_leaf.der"),
	include_bytes!("../tests/fixtures/generated/ek_int_p384.der"),
];

/// The anchor of [`EK_CHAIN`]: an RSA-3072 root.
pub const RSA3072_ROOT: &[u8] = include_bytes!("../tests/fixtures/generated/rsa3072_root.der");

/// A time at which every chain of this module is valid: 2026-06-01T00:00:00Z.
pub const VALID_AT: u64 = 1_780_272_000;
