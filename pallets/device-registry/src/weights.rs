//! Weights of the device registry. PLACEHOLDER until `scripts/benchmark.sh` regenerates this file.
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use core::marker::PhantomData;
use frame_support::{
	traits::Get,
	weights::{constants::RocksDbWeight, Weight},
};

/// Weight functions needed for `pallet_device_registry`.
pub trait WeightInfo {
	fn register_manufacturer() -> Weight;
	fn set_manufacturer_status() -> Weight;
	fn register_model() -> Weight;
	fn register_device() -> Weight;
	fn register_devices(n: u32) -> Weight;
	fn update_metadata() -> Weight;
	fn rotate_key() -> Weight;
	fn suspend() -> Weight;
	fn resume() -> Weight;
	fn revoke() -> Weight;
	fn decommission() -> Weight;
	fn offer_transfer() -> Weight;
	fn accept_transfer() -> Weight;
	fn cancel_transfer() -> Weight;
	fn add_gateway() -> Weight;
	fn remove_gateway() -> Weight;
}

/// Weights for `pallet_device_registry` using the node's recommended hardware.
pub struct SubstrateWeight<T>(PhantomData<T>);
macro_rules! placeholder { ($($f:ident),*) => { $(fn $f() -> Weight { Weight::from_parts(1_000_000_000, 10_000) })* } }
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	placeholder!(
		register_manufacturer,
		set_manufacturer_status,
		register_model,
		register_device,
		update_metadata,
		rotate_key,
		suspend,
		resume,
		revoke,
		decommission,
		offer_transfer,
		accept_transfer,
		cancel_transfer,
		add_gateway,
		remove_gateway
	);
	fn register_devices(n: u32) -> Weight {
		Weight::from_parts(1_000_000_000, 10_000).saturating_mul(n.into())
	}
}
impl WeightInfo for () {
	placeholder!(
		register_manufacturer,
		set_manufacturer_status,
		register_model,
		register_device,
		update_metadata,
		rotate_key,
		suspend,
		resume,
		revoke,
		decommission,
		offer_transfer,
		accept_transfer,
		cancel_transfer,
		add_gateway,
		remove_gateway
	);
	fn register_devices(n: u32) -> Weight {
		Weight::from_parts(1_000_000_000, 10_000).saturating_mul(n.into())
	}
}
