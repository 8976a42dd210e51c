//! Genesis presets: `development` (one validator, Alice) and `local_testnet` (Alice, Bob, Charlie
//! and Dave as validators). The node's `dev` and `local` chain specs are built from them.

use crate::{
	AccountId, BalancesConfig, DeviceRegistryConfig, FirmwareAttestationConfig,
	RuntimeGenesisConfig, SudoConfig, UNIT,
};
use alloc::{vec, vec::Vec};
use frame_support::build_struct_json_patch;
use serde_json::Value;
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_consensus_grandpa::AuthorityId as GrandpaId;
use sp_genesis_builder::{PresetId, DEV_RUNTIME_PRESET, LOCAL_TESTNET_RUNTIME_PRESET};
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};

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

/// A well-known development validator: its Aura (sr25519) and GRANDPA (ed25519) keyrings.
type DevValidator = (Sr25519Keyring, Ed25519Keyring);

/// The Aura and GRANDPA keys of a development validator.
fn authority_keys((aura, grandpa): DevValidator) -> (AuraId, GrandpaId) {
	(aura.public().into(), grandpa.public().into())
}

/// The well-known development accounts endowed at genesis (Alice … Ferdie and their stashes).
fn endowed_dev_accounts() -> Vec<AccountId> {
	Sr25519Keyring::iter()
		.filter(|key| *key != Sr25519Keyring::One && *key != Sr25519Keyring::Two)
		.map(|key| key.to_account_id())
		.collect()
}

/// A genesis state with the given validators, endowed accounts and sudo key, and the demo
/// manufacturer Acme Sensors with one model and one published firmware release.
fn testnet_genesis(
	validators: Vec<DevValidator>,
	mut endowed_accounts: Vec<AccountId>,
	root: AccountId,
) -> Value {
	let acme = AccountId::from(ACME_ACCOUNT);
	endowed_accounts.push(acme.clone());
	let authorities: Vec<(AuraId, GrandpaId)> =
		validators.into_iter().map(authority_keys).collect();
	build_struct_json_patch!(RuntimeGenesisConfig {
		balances: BalancesConfig {
			balances: endowed_accounts.into_iter().map(|account| (account, ENDOWMENT)).collect(),
		},
		aura: pallet_aura::GenesisConfig {
			authorities: authorities.iter().map(|(aura, _)| aura.clone()).collect(),
		},
		grandpa: pallet_grandpa::GenesisConfig {
			authorities: authorities.iter().map(|(_, grandpa)| (grandpa.clone(), 1)).collect(),
		},
		sudo: SudoConfig { key: Some(root) },
		device_registry: DeviceRegistryConfig {
			manufacturers: vec![(acme.clone(), b"Acme Sensors".to_vec())],
			models: vec![(
				acme.clone(),
				ACME_MODEL,
				b"TH-100 temperature/humidity sensor".to_vec()
			)],
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
	)
}

/// The JSON genesis patch of the preset `id`, if it exists.
pub fn get_preset(id: &PresetId) -> Option<Vec<u8>> {
	let patch = match id.as_ref() {
		DEV_RUNTIME_PRESET => development_config_genesis(),
		LOCAL_TESTNET_RUNTIME_PRESET => local_config_genesis(),
		_ => return None,
	};
	serde_json::to_vec(&patch).ok()
}

/// The presets this runtime provides.
pub fn preset_names() -> Vec<PresetId> {
	vec![PresetId::from(DEV_RUNTIME_PRESET), PresetId::from(LOCAL_TESTNET_RUNTIME_PRESET)]
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
	fn every_preset_builds_a_genesis_with_the_demo_manufacturer() {
		assert_eq!(preset_names().len(), 2);
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
			});
		}
		assert_eq!(get_preset(&PresetId::from("unknown")), None);
	}
}
