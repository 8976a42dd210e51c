//! Weights of firmware attestation. PLACEHOLDER until `scripts/benchmark.sh` regenerates this file.
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use core::marker::PhantomData;
use frame_support::{
	traits::Get,
	weights::{constants::RocksDbWeight, Weight},
};

/// Weight functions needed for `pallet_firmware_attestation`.
pub trait WeightInfo {
	fn publish_release() -> Weight;
	fn revoke_release() -> Weight;
	fn set_security_floor() -> Weight;
	fn submit_attestation_ed25519() -> Weight;
	fn submit_attestation_sr25519() -> Weight;
	fn submit_attestation_ecdsa() -> Weight;
	fn submit_attestation_p256() -> Weight;
}

/// Weights for `pallet_firmware_attestation` using the node's recommended hardware.
pub struct SubstrateWeight<T>(PhantomData<T>);
macro_rules! placeholder { ($($f:ident),*) => { $(fn $f() -> Weight { Weight::from_parts(1_000_000_000, 10_000) })* } }
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	placeholder!(
		publish_release,
		revoke_release,
		set_security_floor,
		submit_attestation_ed25519,
		submit_attestation_sr25519,
		submit_attestation_ecdsa,
		submit_attestation_p256
	);
}
impl WeightInfo for () {
	placeholder!(
		publish_release,
		revoke_release,
		set_security_floor,
		submit_attestation_ed25519,
		submit_attestation_sr25519,
		submit_attestation_ecdsa,
		submit_attestation_p256
	);
}
