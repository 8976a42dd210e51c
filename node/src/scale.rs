//! `scale:` chains (spec §16): the development chain with a synthetic fleet in its genesis state,
//! so that a node database holds a year's worth of state in minutes rather than after hours of
//! extrinsics.
//!
//! `--chain scale:DEVICES:ANCHORS` (counts with an optional `k` or `M` suffix, e.g.
//! `scale:1M:10M`) is the `benchmark` chain (the dev chain — Alice validates, the demo
//! manufacturer Acme Sensors and its release 1.0.0 — with the two benchmark devices whose keys
//! `iot-node benchmark extrinsic` signs with) plus:
//! - one fleet operator per [`DEVICES_PER_OWNER`] devices, funded for their deposits;
//! - `DEVICES` Acme TH-100 devices, their key schemes in turn Ed25519, sr25519, ECDSA and
//!   P-256, registered with their owner's deposit held;
//! - a trusted reported attestation of release 1.0.0 for each device;
//! - `ANCHORS` anchors, dealt out over the devices in turn (so each holds `ANCHORS / DEVICES`),
//!   every second one submitted by its owner's gateway as `anchor_batch` does; anchor `n` is a
//!   one-reading tree over [`reading`]`(n)`, provable with `iot_verifyInclusion`.
//!
//! The state is written natively by the pallets' own code — the registry's genesis build,
//! [`pallet_firmware_attestation::Pallet::record_trusted_evidence`] and
//! [`pallet_data_anchoring::Pallet::do_anchor`] — so every index and deposit is what the
//! extrinsics would have left. Keys, roots and accounts come from a counter through BLAKE2: the
//! same arguments give the same genesis hash on every machine, so a second node can join with the
//! same `--chain`. Nobody holds the synthetic devices' secret keys (the public keys are hashes,
//! not derived from secrets): to sign, register real devices on top.
//!
//! A node builds the genesis state only when its database is empty (see
//! [`LazyGenesisBuilder`]); a restart of a populated node does not repeat it.

use crate::chain_spec;
use codec::Encode;
use frame_support::traits::{fungible::Mutate, BuildGenesisConfig};
use iot_primitives::{payloads::Evidence, DeviceId, DeviceKey};
use iot_runtime::{
	genesis_config_presets::{
		ACME_ACCOUNT, ACME_FIRMWARE_DIGEST, ACME_FIRMWARE_SECURITY_VERSION, ACME_MODEL,
	},
	AccountId, Balance, Runtime, UNIT,
};
use pallet_data_anchoring::AnchorItem;
use sc_service::{ChainType, GenericChainSpec, Properties};
use sp_core::{storage::Storage, H256};
use sp_io::hashing::blake2_256;
use sp_runtime::BuildStorage;
use sp_state_machine::BasicExternalities;
use std::time::Instant;

/// Devices per synthetic fleet operator (the runtime allows 10,000).
pub const DEVICES_PER_OWNER: u32 = 1_000;

/// Domain of every value derived from a counter, so that no two derivations collide.
const DOMAIN: &[u8] = b"iot-chain scale ";

/// The size of a `scale:` chain's synthetic fleet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FleetSize {
	/// Registered, attested devices.
	pub devices: u32,
	/// Anchors, spread evenly over the devices.
	pub anchors: u64,
}

impl FleetSize {
	/// Parses the part after `scale:`, `DEVICES:ANCHORS` (`10k:100k`, `1M:10M`, `1000:0`).
	pub fn parse(text: &str) -> Result<Self, String> {
		let usage = || format!("`scale:{text}`: expected scale:DEVICES:ANCHORS, e.g. scale:1M:10M");
		let (devices, anchors) = text.split_once(':').ok_or_else(usage)?;
		let devices = u32::try_from(parse_count(devices).ok_or_else(usage)?)
			.map_err(|_| format!("`scale:{text}`: at most {} devices", u32::MAX))?;
		let anchors = parse_count(anchors).ok_or_else(usage)?;
		if devices == 0 && anchors > 0 {
			return Err(format!("`scale:{text}`: anchors need at least one device"));
		}
		Ok(Self { devices, anchors })
	}

	/// Fleet operators: one per [`DEVICES_PER_OWNER`] devices (rounded up).
	pub fn owners(&self) -> u32 {
		self.devices.div_ceil(DEVICES_PER_OWNER)
	}
}

/// `1234`, `10k` (× 1,000) or `10M` (× 1,000,000).
fn parse_count(text: &str) -> Option<u64> {
	let (digits, factor) = match text.as_bytes().last()? {
		b'k' | b'K' => (&text[..text.len() - 1], 1_000),
		b'M' => (&text[..text.len() - 1], 1_000_000),
		_ => (text, 1),
	};
	digits.parse::<u64>().ok()?.checked_mul(factor)
}

/// BLAKE2-256 of the domain, a label and a counter: the source of every synthetic value.
fn derive(label: &[u8], index: u64) -> [u8; 32] {
	blake2_256(&(DOMAIN, label, index).encode())
}

/// The synthetic fleet operator number `index`.
pub fn owner(index: u32) -> AccountId {
	AccountId::from(derive(b"owner", index.into()))
}

/// The gateway of the synthetic fleet operator number `index`.
pub fn gateway(index: u32) -> AccountId {
	AccountId::from(derive(b"gateway", index.into()))
}

/// The key of the synthetic device number `index`: the schemes in turn, public keys of the
/// right length (compressed points start with 2 or 3) whose secrets nobody has.
pub fn device_key(index: u32) -> DeviceKey {
	let bytes = derive(b"device", index.into());
	let mut compressed = [0u8; 33];
	compressed[0] = 2 + (bytes[0] & 1);
	compressed[1..].copy_from_slice(&bytes);
	match index % 4 {
		0 => DeviceKey::Ed25519(bytes),
		1 => DeviceKey::Sr25519(bytes),
		2 => DeviceKey::Ecdsa(compressed),
		_ => DeviceKey::P256(compressed),
	}
}

/// The reading that the synthetic anchor number `n` anchors: 32 bytes.
pub fn reading(n: u64) -> [u8; 32] {
	derive(b"reading", n)
}

/// The root of the synthetic anchor number `n`: a one-leaf tree over [`reading`]`(n)`, so that
/// `iot_verifyInclusion` of that reading (empty proof, index 0) answers true.
pub fn anchor_root(n: u64) -> H256 {
	iot_primitives::merkle::root([reading(n)])
}

/// What populating took, for the log.
#[derive(Debug, Default)]
struct Timings {
	devices: f64,
	attestations: f64,
	anchors: f64,
}

impl FleetSize {
	/// Adds the fleet to `storage` (a genesis state that holds the dev chain's Acme Sensors, its
	/// model and release): operators, devices, attestations and anchors, written by the
	/// pallets' own code.
	pub fn populate(&self, storage: &mut Storage) -> Result<(), String> {
		let started = Instant::now();
		let timings = BasicExternalities::execute_with_storage(storage, || self.populate_in())?;
		log::info!(
			target: "iot-scale",
			"🏭 Populated {} devices ({} owners) and {} anchors in {:.1} s (devices {:.1} s, \
			 attestations {:.1} s, anchors {:.1} s); {} storage entries",
			self.devices,
			self.owners(),
			self.anchors,
			started.elapsed().as_secs_f64(),
			timings.devices,
			timings.attestations,
			timings.anchors,
			storage.top.len(),
		);
		Ok(())
	}

	/// [`Self::populate`] inside the externalities of the genesis storage.
	fn populate_in(&self) -> Result<Timings, String> {
		let mut timings = Timings::default();
		let started = Instant::now();
		let devices = self.register_devices()?;
		timings.devices = started.elapsed().as_secs_f64();

		let started = Instant::now();
		for device in &devices {
			let evidence = Evidence {
				device: *device,
				firmware_digest: ACME_FIRMWARE_DIGEST,
				security_version: ACME_FIRMWARE_SECURITY_VERSION,
				boot_count: 1,
				recent_block: 0,
				recent_hash: H256::zero(),
				counter: 1,
			};
			pallet_firmware_attestation::Pallet::<Runtime>::record_trusted_evidence(&evidence)
				.map_err(|error| format!("attestation of a synthetic device: {error:?}"))?;
		}
		timings.attestations = started.elapsed().as_secs_f64();

		let started = Instant::now();
		self.anchor(&devices)?;
		timings.anchors = started.elapsed().as_secs_f64();
		Ok(timings)
	}

	/// Funds the operators, registers their gateways and devices; returns the devices'
	/// identifiers in order.
	fn register_devices(&self) -> Result<Vec<DeviceId>, String> {
		let deposit: Balance = <Runtime as pallet_device_registry::Config>::DeviceDeposit::get();
		for index in 0..self.owners() {
			let funds = deposit.saturating_mul(DEVICES_PER_OWNER.into()).saturating_add(UNIT);
			<iot_runtime::Balances as Mutate<AccountId>>::mint_into(&owner(index), funds)
				.map_err(|error| format!("funding a synthetic operator: {error:?}"))?;
			pallet_device_registry::Pallet::<Runtime>::do_add_gateway(owner(index), gateway(index))
				.map_err(|error| format!("a synthetic operator's gateway: {error:?}"))?;
		}
		let acme = AccountId::from(ACME_ACCOUNT);
		let mut ids = Vec::with_capacity(self.devices as usize);
		// The registry's genesis build, a chunk at a time (its input is a list in memory).
		const CHUNK: u32 = 100_000;
		for first in (0..self.devices).step_by(CHUNK as usize) {
			let last = first.saturating_add(CHUNK).min(self.devices);
			let devices = (first..last)
				.map(|index| {
					let key = device_key(index);
					ids.push(key.device_id());
					(owner(index / DEVICES_PER_OWNER), key.encode(), acme.clone(), ACME_MODEL)
				})
				.collect();
			pallet_device_registry::GenesisConfig::<Runtime> { devices, ..Default::default() }
				.build();
		}
		Ok(ids)
	}

	/// Deals the anchors out over `devices` in turn: anchor `n` is the device `n mod devices`'s,
	/// submitted by its owner (even `n`) or its owner's gateway (odd `n`).
	fn anchor(&self, devices: &[DeviceId]) -> Result<(), String> {
		let count = devices.len() as u64;
		for n in 0..self.anchors {
			let index = (n % count) as u32;
			let device = devices[index as usize];
			let operator = index / DEVICES_PER_OWNER;
			let submitter = if n % 2 == 0 { owner(operator) } else { gateway(operator) };
			let item = AnchorItem { device, root: anchor_root(n), leaf_count: 1, signature: None };
			pallet_data_anchoring::Pallet::<Runtime>::do_anchor(&submitter, item)
				.map_err(|error| format!("anchor {n} of a synthetic device: {error:?}"))?;
			if (n + 1) % 1_000_000 == 0 {
				log::info!(target: "iot-scale", "🏭 {} anchors", n + 1);
			}
		}
		Ok(())
	}
}

/// The chain spec of `scale:DEVICES:ANCHORS`: the dev chain's spec whose genesis storage gets
/// the synthetic fleet (built natively when a node's database is created).
#[derive(Clone)]
pub struct ScaleChainSpec {
	inner: GenericChainSpec,
	fleet: FleetSize,
}

impl ScaleChainSpec {
	/// The `scale:` chain of `fleet`: named and identified by its size, so that its database
	/// lives apart from the dev chain's.
	pub fn new(fleet: FleetSize) -> Self {
		let name = format!("iot-chain Scale {}:{}", fleet.devices, fleet.anchors);
		let id = format!("iot_scale_{}_{}", fleet.devices, fleet.anchors);
		// A node built without the WASM (the benchmark node) can still open a populated database:
		// the genesis is built only for an empty one, and then the WASM is required.
		let inner = chain_spec::chain_spec_with_code(
			iot_runtime::WASM_BINARY.unwrap_or_default(),
			&name,
			&id,
			ChainType::Development,
			iot_runtime::genesis_config_presets::BENCHMARK_RUNTIME_PRESET,
		);
		Self { inner, fleet }
	}
}

impl BuildStorage for ScaleChainSpec {
	fn assimilate_storage(&self, storage: &mut Storage) -> Result<(), String> {
		if iot_runtime::WASM_BINARY.is_none() {
			return Err("a scale: chain's genesis needs the runtime WASM: this node was built \
				with SKIP_WASM_BUILD (it can open a populated database, not create one)"
				.into());
		}
		self.inner.assimilate_storage(storage)?;
		self.fleet.populate(storage)
	}
}

impl sc_service::ChainSpec for ScaleChainSpec {
	fn name(&self) -> &str {
		self.inner.name()
	}
	fn id(&self) -> &str {
		self.inner.id()
	}
	fn chain_type(&self) -> ChainType {
		self.inner.chain_type()
	}
	fn boot_nodes(&self) -> &[sc_network::config::MultiaddrWithPeerId] {
		self.inner.boot_nodes()
	}
	fn telemetry_endpoints(&self) -> &Option<sc_telemetry::TelemetryEndpoints> {
		self.inner.telemetry_endpoints()
	}
	fn protocol_id(&self) -> Option<&str> {
		self.inner.protocol_id()
	}
	fn fork_id(&self) -> Option<&str> {
		self.inner.fork_id()
	}
	fn properties(&self) -> Properties {
		self.inner.properties()
	}
	fn extensions(&self) -> &dyn sc_chain_spec::GetExtension {
		self.inner.extensions()
	}
	fn extensions_mut(&mut self) -> &mut dyn sc_chain_spec::GetExtension {
		self.inner.extensions_mut()
	}
	fn add_boot_node(&mut self, addr: sc_network::config::MultiaddrWithPeerId) {
		self.inner.add_boot_node(addr)
	}
	/// Only raw: the fleet exists only as storage (gigabytes of JSON at full size).
	fn as_json(&self, raw: bool) -> Result<String, String> {
		if !raw {
			return Err("a scale: chain spec exists only raw (export it with --raw)".into());
		}
		let mut spec = self.inner.clone();
		spec.set_storage(self.build_storage()?);
		spec.as_json(true)
	}
	fn as_storage_builder(&self) -> &dyn BuildStorage {
		self
	}
	fn cloned_box(&self) -> Box<dyn sc_service::ChainSpec> {
		Box::new(self.clone())
	}
	fn set_storage(&mut self, storage: Storage) {
		self.inner.set_storage(storage);
		self.fleet = FleetSize { devices: 0, anchors: 0 };
	}
	fn code_substitutes(&self) -> std::collections::BTreeMap<String, Vec<u8>> {
		self.inner.code_substitutes()
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn sizes_parse_with_suffixes() {
		assert_eq!(
			FleetSize::parse("1M:10M"),
			Ok(FleetSize { devices: 1_000_000, anchors: 10_000_000 })
		);
		assert_eq!(FleetSize::parse("10k:0"), Ok(FleetSize { devices: 10_000, anchors: 0 }));
		assert_eq!(FleetSize::parse("7:70"), Ok(FleetSize { devices: 7, anchors: 70 }));
		assert!(FleetSize::parse("0:1").unwrap_err().contains("at least one device"));
		assert!(FleetSize::parse("5000M:0").unwrap_err().contains("at most"));
		assert!(FleetSize::parse("10").unwrap_err().contains("expected scale:DEVICES:ANCHORS"));
		assert!(FleetSize::parse("1x:1").is_err());
		assert_eq!(FleetSize::parse("2500:0").map(|size| size.owners()), Ok(3));
	}

	#[test]
	fn keys_take_the_schemes_in_turn_and_differ() {
		let keys: Vec<DeviceKey> = (0..8).map(device_key).collect();
		assert!(matches!(keys[0], DeviceKey::Ed25519(_)));
		assert!(matches!(keys[1], DeviceKey::Sr25519(_)));
		assert!(matches!(keys[2], DeviceKey::Ecdsa([2 | 3, ..])));
		assert!(matches!(keys[3], DeviceKey::P256([2 | 3, ..])));
		let ids: std::collections::BTreeSet<_> = keys.iter().map(DeviceKey::device_id).collect();
		assert_eq!(ids.len(), 8);
		assert_ne!(owner(0), gateway(0));
	}
}
