//! Genesis presets: `development` (one validator, Alice), `local_testnet` (Alice, Bob, Charlie and
//! Dave as validators) and `benchmark` (`development` plus two devices with published keys, for
//! `iot-node benchmark extrinsic`). The node's `dev`, `local` and `benchmark` chain specs are built
//! from them.

use crate::{
	AccountId, BalancesConfig, BlockNumber, DeviceRegistryConfig, FirmwareAttestationConfig,
	RuntimeGenesisConfig, SessionConfig, SessionKeys, SudoConfig, ValidatorSetConfig, UNIT,
};
use alloc::{vec, vec::Vec};
use codec::Encode;
use frame_support::build_struct_json_patch;
use iot_primitives::DeviceKey;
use serde_json::Value;
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_consensus_grandpa::AuthorityId as GrandpaId;
use sp_genesis_builder::{PresetId, DEV_RUNTIME_PRESET, LOCAL_TESTNET_RUNTIME_PRESET};
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};

/// Name of the preset with the benchmark devices.
pub const BENCHMARK_RUNTIME_PRESET: &str = "benchmark";

/// Balance given to every endowed account at genesis: one million IOTC.
pub const ENDOWMENT: crate::Balance = 1_000_000 * UNIT;

/// The demo manufacturer "Acme Sensors" of the development chain: the sr25519 account of the
/// secret URI `//Acme` (`iot-node key inspect //Acme`).
pub const ACME_ACCOUNT: [u8; 32] = [
	0x32, 0x5f, 0x7f, 0xee, 0xc3, 0xe4, 0x27, 0xb5, 0xa2, 0xc8, 0xcf, 0xf8, 0xd2, 0xcf, 0x5e, 0x97,
	0x72, 0xad, 0x10, 0x53, 0x51, 0x33, 0x07, 0x5c, 0xad, 0xdc, 0x99, 0xb2, 0xc4, 0xda, 0xe8, 0x05,
];
/// Acme's demo model: the TH-100 temperature and humidity sensor.
pub const ACME_MODEL: u32 = 1;
/// Digest of Acme's demo firmware release 1.0.0: `blake2_256("Acme Sensors TH-100 firmware 1.0.0")`.
pub const ACME_FIRMWARE_DIGEST: [u8; 32] = [
	0xcf, 0x1f, 0x4a, 0x39, 0xcd, 0xe6, 0x4e, 0x6a, 0xf8, 0x00, 0x0c, 0xf8, 0x45, 0x78, 0x34, 0x10,
	0x95, 0x48, 0x58, 0xf2, 0x43, 0x96, 0xe6, 0x75, 0xfb, 0x83, 0x85, 0xf4, 0xda, 0x5e, 0x89, 0x0c,
];
/// Security version of Acme's demo firmware.
pub const ACME_FIRMWARE_SECURITY_VERSION: u32 = 1;

/// Ed25519 seed of the first benchmark device (public, like the dev accounts' keys: never use it
/// outside benchmarks).
pub const BENCHMARK_ED25519_SEED: [u8; 32] = *b"iot-chain benchmark device #0001";
/// Public key of the Ed25519 benchmark device, derived from [`BENCHMARK_ED25519_SEED`].
pub const BENCHMARK_ED25519_KEY: [u8; 32] = [
	0x17, 0x34, 0x8c, 0x97, 0x11, 0x95, 0x54, 0xf3, 0x31, 0xe1, 0x3e, 0x1a, 0x9d, 0x61, 0x9c, 0xdb,
	0x1b, 0x63, 0xb5, 0xb2, 0x4d, 0x0b, 0x6a, 0xa6, 0xc5, 0xb2, 0xb6, 0x4c, 0xbb, 0x33, 0x55, 0x74,
];
/// P-256 secret scalar of the second benchmark device (public: never use it outside benchmarks).
pub const BENCHMARK_P256_SECRET: [u8; 32] = *b"iot-chain benchmark device #0002";
/// Compressed SEC1 public key of the P-256 benchmark device, derived from
/// [`BENCHMARK_P256_SECRET`].
pub const BENCHMARK_P256_KEY: [u8; 33] = [
	0x02, 0xf1, 0xa9, 0xb4, 0xf5, 0xe7, 0xc6, 0xd2, 0x82, 0x12, 0x52, 0x72, 0x4b, 0x2a, 0xfc, 0x31,
	0xb1, 0xd6, 0x42, 0x1d, 0xa0, 0x0c, 0x2c, 0xda, 0xc8, 0xd2, 0x2f, 0xa8, 0x48, 0xd3, 0x2d, 0xef,
	0xa9,
];

/// The benchmark devices: Acme TH-100 sensors owned by Alice, registered at genesis.
pub fn benchmark_device_keys() -> [DeviceKey; 2] {
	[DeviceKey::Ed25519(BENCHMARK_ED25519_KEY), DeviceKey::P256(BENCHMARK_P256_KEY)]
}

/// Session length of the `development`, `local_testnet` and `benchmark` presets: 10 blocks (one
/// minute), so that validator-set changes show within two minutes. Each session's first block
/// takes no user transactions (pallet-session reserves it for the rotation): one block in ten
/// here, one in a hundred with the runtime's default of 10 minutes.
pub const DEV_SESSION_PERIOD: BlockNumber = 10;

/// A well-known development validator: its account and Aura (sr25519) keyring, and its GRANDPA
/// (ed25519) keyring.
type DevValidator = (Sr25519Keyring, Ed25519Keyring);

/// The account and session keys (Aura, GRANDPA) of a development validator.
fn validator_keys((aura, grandpa): DevValidator) -> (AccountId, SessionKeys) {
	let aura_key: AuraId = aura.public().into();
	let grandpa_key: GrandpaId = grandpa.public().into();
	(aura.to_account_id(), SessionKeys { aura: aura_key, grandpa: grandpa_key })
}

/// The well-known development accounts endowed at genesis (Alice … Ferdie and their stashes).
fn endowed_dev_accounts() -> Vec<AccountId> {
	Sr25519Keyring::iter()
		.filter(|key| *key != Sr25519Keyring::One && *key != Sr25519Keyring::Two)
		.map(|key| key.to_account_id())
		.collect()
}

/// A genesis state with the given validators, endowed accounts and sudo key, the demo
/// manufacturer Acme Sensors with one model and one published firmware release, and `devices`
/// (owner and key) of that model.
fn testnet_genesis(
	validators: Vec<DevValidator>,
	mut endowed_accounts: Vec<AccountId>,
	root: AccountId,
	devices: Vec<(AccountId, DeviceKey)>,
) -> Value {
	let acme = AccountId::from(ACME_ACCOUNT);
	endowed_accounts.push(acme.clone());
	let validators: Vec<(AccountId, SessionKeys)> =
		validators.into_iter().map(validator_keys).collect();
	// The set may not shrink below its genesis size, at most 4 (4 validators tolerate one faulty
	// or offline GRANDPA voter; Root can change the minimum).
	let min_validators = validators.len().min(4) as u32;
	build_struct_json_patch!(RuntimeGenesisConfig {
		balances: BalancesConfig {
			balances: endowed_accounts.into_iter().map(|account| (account, ENDOWMENT)).collect(),
		},
		validator_set: ValidatorSetConfig {
			validators: validators.iter().map(|(account, _)| account.clone()).collect(),
			min_validators,
			session_period: DEV_SESSION_PERIOD,
		},
		// Aura's and GRANDPA's authorities come from the session keys.
		session: SessionConfig {
			keys: validators
				.into_iter()
				.map(|(account, keys)| (account.clone(), account, keys))
				.collect(),
		},
		sudo: SudoConfig { key: Some(root) },
		device_registry: DeviceRegistryConfig {
			manufacturers: vec![(acme.clone(), b"Acme Sensors".to_vec())],
			models: vec![(
				acme.clone(),
				ACME_MODEL,
				b"TH-100 temperature/humidity sensor".to_vec()
			)],
			devices: devices
				.into_iter()
				.map(|(owner, key)| (owner, key.encode(), acme.clone(), ACME_MODEL))
				.collect(),
		},
		firmware_attestation: FirmwareAttestationConfig {
			releases: vec![(
				acme,
				ACME_MODEL,
				ACME_FIRMWARE_DIGEST,
				b"1.0.0".to_vec(),
				ACME_FIRMWARE_SECURITY_VERSION,
			)],
		},
	})
}

/// The `development` preset: Alice is the only validator and the sudo key.
pub fn development_config_genesis() -> Value {
	testnet_genesis(
		vec![(Sr25519Keyring::Alice, Ed25519Keyring::Alice)],
		endowed_dev_accounts(),
		Sr25519Keyring::Alice.to_account_id(),
		Vec::new(),
	)
}

/// The `benchmark` preset: `development` plus the benchmark devices of
/// [`benchmark_device_keys`], owned by Alice.
pub fn benchmark_config_genesis() -> Value {
	let alice = Sr25519Keyring::Alice.to_account_id();
	testnet_genesis(
		vec![(Sr25519Keyring::Alice, Ed25519Keyring::Alice)],
		endowed_dev_accounts(),
		alice.clone(),
		benchmark_device_keys().into_iter().map(|key| (alice.clone(), key)).collect(),
	)
}

/// The `local_testnet` preset: Alice, Bob, Charlie and Dave validate; Alice is sudo.
pub fn local_config_genesis() -> Value {
	testnet_genesis(
		vec![
			(Sr25519Keyring::Alice, Ed25519Keyring::Alice),
			(Sr25519Keyring::Bob, Ed25519Keyring::Bob),
			(Sr25519Keyring::Charlie, Ed25519Keyring::Charlie),
			(Sr25519Keyring::Dave, Ed25519Keyring::Dave),
		],
		endowed_dev_accounts(),
		Sr25519Keyring::Alice.to_account_id(),
		Vec::new(),
	)
}

/// The JSON genesis patch of the preset `id`, if it exists.
pub fn get_preset(id: &PresetId) -> Option<Vec<u8>> {
	let patch = match id.as_ref() {
		DEV_RUNTIME_PRESET => development_config_genesis(),
		LOCAL_TESTNET_RUNTIME_PRESET => local_config_genesis(),
		BENCHMARK_RUNTIME_PRESET => benchmark_config_genesis(),
		_ => return None,
	};
	serde_json::to_vec(&patch).ok()
}

/// The presets this runtime provides.
pub fn preset_names() -> Vec<PresetId> {
	vec![
		PresetId::from(DEV_RUNTIME_PRESET),
		PresetId::from(LOCAL_TESTNET_RUNTIME_PRESET),
		PresetId::from(BENCHMARK_RUNTIME_PRESET),
	]
}

#[cfg(test)]
mod tests {
	use super::*;
	use frame_support::genesis_builder_helper::{build_state, get_preset as full_config};
	use sp_core::Pair;

	/// Applies a genesis patch to a full genesis config, as the node's chain spec loader does.
	fn merge(base: &mut Value, patch: Value) {
		match (base, patch) {
			(Value::Object(base), Value::Object(patch)) => {
				for (key, value) in patch {
					merge(base.entry(key).or_insert(Value::Null), value);
				}
			}
			(base, patch) => *base = patch,
		}
	}

	#[test]
	fn acme_constants_are_what_the_docs_say() {
		let acme = sp_core::sr25519::Pair::from_string("//Acme", None).expect("valid URI");
		assert_eq!(acme.public().0, ACME_ACCOUNT);
		assert_eq!(
			ACME_FIRMWARE_DIGEST,
			sp_io::hashing::blake2_256(b"Acme Sensors TH-100 firmware 1.0.0")
		);
	}

	#[test]
	fn benchmark_device_keys_derive_from_their_published_seeds() {
		use iot_primitives::{testing::TestDevice, KeyScheme};
		let ed25519 = TestDevice::from_seed(KeyScheme::Ed25519, BENCHMARK_ED25519_SEED)
			.expect("a valid Ed25519 seed");
		let p256 = TestDevice::from_seed(KeyScheme::P256, BENCHMARK_P256_SECRET)
			.expect("a valid P-256 scalar");
		assert_eq!([ed25519.key, p256.key], benchmark_device_keys());
	}

	#[test]
	fn every_preset_builds_a_genesis_with_the_demo_manufacturer() {
		assert_eq!(preset_names().len(), 3);
		for id in preset_names() {
			let default = full_config::<RuntimeGenesisConfig>(&None, get_preset)
				.expect("the default config exists");
			let mut config: Value = serde_json::from_slice(&default).expect("JSON");
			let patch = get_preset(&id).expect("listed presets exist");
			merge(&mut config, serde_json::from_slice(&patch).expect("JSON"));
			let config = serde_json::to_vec(&config).expect("serialisable");
			sp_io::TestExternalities::default().execute_with(|| {
				build_state::<RuntimeGenesisConfig>(config).expect("the preset builds");
				let acme = AccountId::from(ACME_ACCOUNT);
				assert!(pallet_device_registry::Manufacturers::<crate::Runtime>::contains_key(
					&acme
				));
				assert!(pallet_device_registry::Models::<crate::Runtime>::contains_key(
					&acme, ACME_MODEL
				));
				let release =
					crate::FirmwareAttestation::release(&acme, ACME_MODEL, ACME_FIRMWARE_DIGEST)
						.expect("the demo release is published");
				assert_eq!(release.security_version, ACME_FIRMWARE_SECURITY_VERSION);
				assert_eq!(
					pallet_balances::Pallet::<crate::Runtime>::free_balance(&acme),
					ENDOWMENT
				);
				let validators = pallet_validator_set::Validators::<crate::Runtime>::get();
				let expected = if id == LOCAL_TESTNET_RUNTIME_PRESET { 4 } else { 1 };
				assert_eq!(validators.len(), expected);
				assert_eq!(validators[0], Sr25519Keyring::Alice.to_account_id());
				assert_eq!(
					pallet_validator_set::MinValidators::<crate::Runtime>::get(),
					expected as u32
				);
				assert_eq!(
					pallet_validator_set::SessionPeriod::<crate::Runtime>::get(),
					DEV_SESSION_PERIOD
				);
				// Aura and GRANDPA start with the validators' session keys.
				let aura = pallet_aura::Authorities::<crate::Runtime>::get();
				let grandpa = crate::Grandpa::grandpa_authorities();
				assert_eq!(aura.len(), expected);
				assert_eq!(grandpa.len(), expected);
				assert_eq!(aura[0], Sr25519Keyring::Alice.public().into());
				assert_eq!(grandpa[0].0, Ed25519Keyring::Alice.public().into());
				assert_eq!(crate::Session::validators(), validators.into_inner());
				let devices =
					crate::DeviceRegistry::devices_of(&Sr25519Keyring::Alice.to_account_id());
				if id == BENCHMARK_RUNTIME_PRESET {
					let expected: Vec<_> =
						benchmark_device_keys().iter().map(DeviceKey::device_id).collect();
					assert_eq!(devices.len(), expected.len());
					assert!(expected.iter().all(|device| devices.contains(device)));
				} else {
					assert!(devices.is_empty());
				}
			});
		}
		assert_eq!(get_preset(&PresetId::from("unknown")), None);
	}
}
