//! `iot-node benchmark …` (only in builds with the `runtime-benchmarks` feature): pallet,
//! overhead, extrinsic, storage and machine benchmarks, and the extrinsic builders they use.
//!
//! `benchmark extrinsic` measures a full block of one kind of extrinsic. Besides `system::remark`
//! and `balances::transfer_keep_alive` it builds the iot-chain calls a fleet sends most (see
//! [`DeviceCallBuilder`]); the anchor and attestation builders sign with the benchmark devices of
//! the `benchmark` chain spec (`--chain benchmark`), which exist from genesis.

use crate::{cli::Cli, service, service::FullClient};
use frame_benchmarking_cli::{BenchmarkCmd, ExtrinsicFactory, SUBSTRATE_REFERENCE_HARDWARE};
use iot_primitives::{payloads, testing::TestDevice, DeviceId, Evidence, KeyScheme};
use iot_runtime::{
	self as runtime,
	genesis_config_presets::{
		ACME_ACCOUNT, ACME_FIRMWARE_DIGEST, ACME_FIRMWARE_SECURITY_VERSION, ACME_MODEL,
		BENCHMARK_ED25519_SEED, BENCHMARK_P256_SECRET,
	},
	AccountId, Balance, BalancesCall, SystemCall,
};
use sc_cli::SubstrateCli;
use sc_client_api::BlockBackend;
use sc_service::PartialComponents;
use sp_core::{Encode, Get, Pair, H256};
use sp_inherents::{InherentData, InherentDataProvider};
use sp_keyring::Sr25519Keyring;
use sp_runtime::{OpaqueExtrinsic, SaturatedConversion};
use std::{sync::Arc, time::Duration};

/// Runs a `benchmark` subcommand.
pub fn run(cli: &Cli, cmd: &BenchmarkCmd) -> sc_cli::Result<()> {
	// `benchmark pallet --runtime FILE` needs no chain spec: the blob and its genesis presets
	// suffice (`scripts/benchmark.sh` uses it with a node built without an embedded runtime).
	if let BenchmarkCmd::Pallet(cmd) = cmd {
		if cmd.runtime.is_some() {
			return cmd
				.run_with_spec::<sp_runtime::traits::HashingFor<runtime::Block>, service::HostFunctions>(
					None,
				);
		}
	}
	let runner = cli.create_runner(cmd)?;
	runner.sync_run(|config| match cmd {
		BenchmarkCmd::Pallet(cmd) => cmd
			.run_with_spec::<sp_runtime::traits::HashingFor<runtime::Block>, service::HostFunctions>(
				Some(config.chain_spec),
			),
		BenchmarkCmd::Block(cmd) => {
			let PartialComponents { client, .. } = service::new_partial(&config)?;
			cmd.run(client)
		}
		BenchmarkCmd::Storage(cmd) => {
			let PartialComponents { client, backend, .. } = service::new_partial(&config)?;
			let db = backend.expose_db();
			let storage = backend.expose_storage();
			let shared_cache = backend.expose_shared_trie_cache();
			cmd.run(config, client, db, storage, shared_cache)
		}
		BenchmarkCmd::Overhead(cmd) => {
			let PartialComponents { client, .. } = service::new_partial(&config)?;
			let ext_builder = RemarkBuilder::new(client.clone());
			cmd.run(
				config.chain_spec.name().into(),
				client,
				inherent_benchmark_data()?,
				Vec::new(),
				&ext_builder,
				false,
			)
		}
		BenchmarkCmd::Extrinsic(cmd) => {
			let PartialComponents { client, .. } = service::new_partial(&config)?;
			let mut builders: Vec<Box<dyn frame_benchmarking_cli::ExtrinsicBuilder>> = vec![
				Box::new(RemarkBuilder::new(client.clone())),
				Box::new(TransferKeepAliveBuilder::new(
					client.clone(),
					Sr25519Keyring::Alice.to_account_id(),
					runtime::EXISTENTIAL_DEPOSIT,
				)),
			];
			for call in DeviceCall::ALL {
				builders.push(Box::new(DeviceCallBuilder::new(client.clone(), call)));
			}
			let ext_factory = ExtrinsicFactory(builders);
			cmd.run(client, inherent_benchmark_data()?, Vec::new(), &ext_factory)
		}
		BenchmarkCmd::Machine(cmd) => cmd.run(&config, SUBSTRATE_REFERENCE_HARDWARE.clone()),
	})
}

/// Builds `System::remark` extrinsics for the `benchmark overhead` and `extrinsic` commands.
pub struct RemarkBuilder {
	client: Arc<FullClient>,
}

impl RemarkBuilder {
	/// A builder signing with the given client's genesis and best block.
	pub fn new(client: Arc<FullClient>) -> Self {
		Self { client }
	}
}

impl frame_benchmarking_cli::ExtrinsicBuilder for RemarkBuilder {
	fn pallet(&self) -> &str {
		"system"
	}

	fn extrinsic(&self) -> &str {
		"remark"
	}

	fn build(&self, nonce: u32) -> Result<OpaqueExtrinsic, &'static str> {
		let call = SystemCall::remark { remark: vec![] }.into();
		create_benchmark_extrinsic(&self.client, Sr25519Keyring::Bob.pair(), call, nonce)
			.map(Into::into)
	}
}

/// Builds `Balances::transfer_keep_alive` extrinsics for the `benchmark extrinsic` command.
pub struct TransferKeepAliveBuilder {
	client: Arc<FullClient>,
	dest: AccountId,
	value: Balance,
}

impl TransferKeepAliveBuilder {
	/// A builder transferring `value` to `dest`.
	pub fn new(client: Arc<FullClient>, dest: AccountId, value: Balance) -> Self {
		Self { client, dest, value }
	}
}

impl frame_benchmarking_cli::ExtrinsicBuilder for TransferKeepAliveBuilder {
	fn pallet(&self) -> &str {
		"balances"
	}

	fn extrinsic(&self) -> &str {
		"transfer_keep_alive"
	}

	fn build(&self, nonce: u32) -> Result<OpaqueExtrinsic, &'static str> {
		let call =
			BalancesCall::transfer_keep_alive { dest: self.dest.clone().into(), value: self.value }
				.into();
		create_benchmark_extrinsic(&self.client, Sr25519Keyring::Bob.pair(), call, nonce)
			.map(Into::into)
	}
}

/// The iot-chain extrinsics `benchmark extrinsic` can fill a block with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeviceCall {
	/// `DataAnchoring::anchor`, device-signed by the Ed25519 benchmark device.
	AnchorEd25519,
	/// `DataAnchoring::anchor`, device-signed by the P-256 benchmark device.
	AnchorP256,
	/// `FirmwareAttestation::submit_attestation` of the Ed25519 benchmark device.
	SubmitAttestationEd25519,
	/// `FirmwareAttestation::submit_attestation` of the P-256 benchmark device.
	SubmitAttestationP256,
	/// `DeviceRegistry::register_device` of a new P-256 device with maximal metadata.
	RegisterDeviceP256,
}

impl DeviceCall {
	/// Every builder, in the order `benchmark extrinsic --list` shows them.
	pub const ALL: [Self; 5] = [
		Self::AnchorEd25519,
		Self::AnchorP256,
		Self::SubmitAttestationEd25519,
		Self::SubmitAttestationP256,
		Self::RegisterDeviceP256,
	];

	/// The pallet name given to `--pallet`.
	fn pallet(self) -> &'static str {
		match self {
			Self::AnchorEd25519 | Self::AnchorP256 => "data_anchoring",
			Self::SubmitAttestationEd25519 | Self::SubmitAttestationP256 => "firmware_attestation",
			Self::RegisterDeviceP256 => "device_registry",
		}
	}

	/// The extrinsic name given to `--extrinsic`.
	fn extrinsic(self) -> &'static str {
		match self {
			Self::AnchorEd25519 => "anchor_ed25519",
			Self::AnchorP256 => "anchor_p256",
			Self::SubmitAttestationEd25519 => "submit_attestation_ed25519",
			Self::SubmitAttestationP256 => "submit_attestation_p256",
			Self::RegisterDeviceP256 => "register_device_p256",
		}
	}

	/// The key scheme of the device that signs.
	fn scheme(self) -> KeyScheme {
		match self {
			Self::AnchorEd25519 | Self::SubmitAttestationEd25519 => KeyScheme::Ed25519,
			Self::AnchorP256 | Self::SubmitAttestationP256 | Self::RegisterDeviceP256 => {
				KeyScheme::P256
			}
		}
	}
}

/// The benchmark device of `scheme` registered in the `benchmark` chain spec's genesis.
fn benchmark_device(scheme: KeyScheme) -> Result<TestDevice, &'static str> {
	let seed = match scheme {
		KeyScheme::Ed25519 => BENCHMARK_ED25519_SEED,
		KeyScheme::P256 => BENCHMARK_P256_SECRET,
		KeyScheme::Sr25519 | KeyScheme::Ecdsa => return Err("no benchmark device of this scheme"),
	};
	TestDevice::from_seed(scheme, seed).ok_or("invalid benchmark device seed")
}

/// Builds the `nonce`-th extrinsic of a [`DeviceCall`], signed by Bob with `nonce`. Each one is
/// valid in the block that follows genesis, in nonce order: anchor `nonce` uses the device's
/// sequence number `nonce`, attestation `nonce` the evidence counter `nonce + 1`, registration
/// `nonce` a new device key derived from `nonce`.
pub struct DeviceCallBuilder {
	client: Arc<FullClient>,
	call: DeviceCall,
}

impl DeviceCallBuilder {
	/// A builder of `call` extrinsics on the chain of `client`.
	pub fn new(client: Arc<FullClient>, call: DeviceCall) -> Self {
		Self { client, call }
	}

	/// The runtime call of the `nonce`-th extrinsic, its device payloads bound to `genesis`.
	fn runtime_call(
		&self,
		genesis: H256,
		nonce: u32,
	) -> Result<runtime::RuntimeCall, &'static str> {
		let scheme = self.call.scheme();
		Ok(match self.call {
			DeviceCall::AnchorEd25519 | DeviceCall::AnchorP256 => {
				let device = benchmark_device(scheme)?;
				let id = device.key.device_id();
				let seq = u64::from(nonce);
				let root =
					H256(sp_io::hashing::blake2_256(&(b"benchmark reading batch", nonce).encode()));
				let leaf_count = 1024;
				let message = payloads::anchor_message(&genesis, &id, seq, &root, leaf_count);
				pallet_data_anchoring::Call::anchor {
					device: id,
					root,
					leaf_count,
					signature: Some(device.sign(&message)),
				}
				.into()
			}
			DeviceCall::SubmitAttestationEd25519 | DeviceCall::SubmitAttestationP256 => {
				let device = benchmark_device(scheme)?;
				let evidence = benchmark_evidence(device.key.device_id(), genesis, nonce)?;
				let signature = device.sign(&payloads::attestation_message(&genesis, &evidence));
				pallet_firmware_attestation::Call::submit_attestation { evidence, signature }.into()
			}
			DeviceCall::RegisterDeviceP256 => {
				let secret =
					sp_io::hashing::blake2_256(&(b"benchmark registration", nonce).encode());
				let device = TestDevice::from_seed(scheme, secret)
					.ok_or("the derived P-256 secret is not a valid scalar")?;
				let owner = Sr25519Keyring::Bob.to_account_id();
				let proof =
					device.sign(&payloads::registration_message(&genesis, &owner, &device.key));
				let max_metadata: u32 =
					<runtime::Runtime as pallet_device_registry::Config>::MaxMetadataLength::get();
				pallet_device_registry::Call::register_device {
					key: device.key,
					manufacturer: AccountId::from(ACME_ACCOUNT),
					model_id: ACME_MODEL,
					metadata: vec![0xa5; max_metadata as usize],
					proof,
					endorsement: None,
				}
				.into()
			}
		})
	}
}

/// Evidence of the genesis release of Acme's model, bound to the genesis block, with counter
/// `nonce + 1`.
fn benchmark_evidence(
	device: DeviceId,
	genesis: H256,
	nonce: u32,
) -> Result<Evidence<runtime::BlockNumber>, &'static str> {
	Ok(Evidence {
		device,
		firmware_digest: ACME_FIRMWARE_DIGEST,
		security_version: ACME_FIRMWARE_SECURITY_VERSION,
		boot_count: 1,
		recent_block: 0,
		recent_hash: genesis,
		counter: nonce.checked_add(1).ok_or("nonce overflow")?,
	})
}

impl frame_benchmarking_cli::ExtrinsicBuilder for DeviceCallBuilder {
	fn pallet(&self) -> &str {
		self.call.pallet()
	}

	fn extrinsic(&self) -> &str {
		self.call.extrinsic()
	}

	fn build(&self, nonce: u32) -> Result<OpaqueExtrinsic, &'static str> {
		let genesis =
			self.client.block_hash(0).ok().flatten().ok_or("the genesis block is missing")?;
		let call = self.runtime_call(genesis, nonce)?;
		create_benchmark_extrinsic(&self.client, Sr25519Keyring::Bob.pair(), call, nonce)
			.map(Into::into)
	}
}

/// Signs `call` by `sender` with every transaction extension the runtime checks.
pub fn create_benchmark_extrinsic(
	client: &FullClient,
	sender: sp_core::sr25519::Pair,
	call: runtime::RuntimeCall,
	nonce: u32,
) -> Result<runtime::UncheckedExtrinsic, &'static str> {
	let genesis_hash = client.block_hash(0).ok().flatten().ok_or("the genesis block is missing")?;
	let best_hash = client.chain_info().best_hash;
	let best_block = client.chain_info().best_number;

	let period = runtime::configs::BlockHashCount::get()
		.checked_next_power_of_two()
		.map(|c| c / 2)
		.unwrap_or(2) as u64;
	let tx_ext: runtime::TxExtension = (
		frame_system::AuthorizeCall::<runtime::Runtime>::new(),
		frame_system::CheckNonZeroSender::<runtime::Runtime>::new(),
		frame_system::CheckSpecVersion::<runtime::Runtime>::new(),
		frame_system::CheckTxVersion::<runtime::Runtime>::new(),
		frame_system::CheckGenesis::<runtime::Runtime>::new(),
		frame_system::CheckEra::<runtime::Runtime>::from(sp_runtime::generic::Era::mortal(
			period,
			best_block.saturated_into(),
		)),
		frame_system::CheckNonce::<runtime::Runtime>::from(nonce),
		frame_system::CheckWeight::<runtime::Runtime>::new(),
		pallet_transaction_payment::ChargeTransactionPayment::<runtime::Runtime>::from(0),
		frame_system::WeightReclaim::<runtime::Runtime>::new(),
	);

	let raw_payload = runtime::SignedPayload::from_raw(
		call.clone(),
		tx_ext.clone(),
		(
			(),
			(),
			runtime::VERSION.spec_version,
			runtime::VERSION.transaction_version,
			genesis_hash,
			best_hash,
			(),
			(),
			(),
			(),
		),
	);
	let signature = raw_payload.using_encoded(|e| sender.sign(e));

	Ok(runtime::UncheckedExtrinsic::new_signed(
		call,
		sp_runtime::AccountId32::from(sender.public()).into(),
		runtime::Signature::Sr25519(signature),
		tx_ext,
	))
}

/// Inherent data (a timestamp) for the `benchmark overhead` and `extrinsic` commands.
pub fn inherent_benchmark_data() -> sc_cli::Result<InherentData> {
	let mut inherent_data = InherentData::new();
	let timestamp = sp_timestamp::InherentDataProvider::new(Duration::from_millis(0).into());
	futures::executor::block_on(timestamp.provide_inherent_data(&mut inherent_data))
		.map_err(|e| format!("creating inherent data: {e:?}"))?;
	Ok(inherent_data)
}
