//! The runtime APIs the node and clients (polkadot-js `api.call.*`) reach.
// `impl_runtime_apis!` generates undocumented glue (`RuntimeApi`, `RUNTIME_API_VERSIONS`, the
// `api` module's dispatch functions); the APIs themselves are documented where they are declared.
#![allow(missing_docs)]

use alloc::vec::Vec;
use frame_support::{
	genesis_builder_helper::{build_state, get_preset},
	weights::Weight,
};
use pallet_grandpa::AuthorityId as GrandpaId;
use sp_api::impl_runtime_apis;
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_core::{crypto::KeyTypeId, OpaqueMetadata};
use sp_runtime::{
	traits::{Block as BlockT, NumberFor},
	transaction_validity::{TransactionSource, TransactionValidity},
	ApplyExtrinsicResult,
};
use sp_version::RuntimeVersion;

use iot_primitives::{
	Anchor, AnchorPage, Certification, ChainError, Device, DeviceCertificate, DeviceId, DeviceKey,
	Release, TrustAnchor, TrustStatus, VerifyError,
};
use sp_core::H256;

use super::{
	AccountId, Aura, Balance, Block, BlockNumber, DataAnchoring, DeviceRegistry, Executive,
	FirmwareAttestation, Grandpa, Nonce, Runtime, RuntimeCall, RuntimeGenesisConfig, SessionKeys,
	System, TransactionPayment, VERSION,
};

impl_runtime_apis! {
	impl sp_api::Core<Block> for Runtime {
		fn version() -> RuntimeVersion {
			VERSION
		}

		fn execute_block(block: <Block as BlockT>::LazyBlock) {
			Executive::execute_block(block);
		}

		fn initialize_block(header: &<Block as BlockT>::Header) -> sp_runtime::ExtrinsicInclusionMode {
			Executive::initialize_block(header)
		}
	}

	impl sp_api::Metadata<Block> for Runtime {
		fn metadata() -> OpaqueMetadata {
			OpaqueMetadata::new(Runtime::metadata().into())
		}

		fn metadata_at_version(version: u32) -> Option<OpaqueMetadata> {
			Runtime::metadata_at_version(version)
		}

		fn metadata_versions() -> Vec<u32> {
			Runtime::metadata_versions()
		}
	}

	impl sp_block_builder::BlockBuilder<Block> for Runtime {
		fn apply_extrinsic(extrinsic: <Block as BlockT>::Extrinsic) -> ApplyExtrinsicResult {
			Executive::apply_extrinsic(extrinsic)
		}

		fn finalize_block() -> <Block as BlockT>::Header {
			Executive::finalize_block()
		}

		fn inherent_extrinsics(data: sp_inherents::InherentData) -> Vec<<Block as BlockT>::Extrinsic> {
			crate::construct::create_inherents(data)
		}

		fn check_inherents(
			block: <Block as BlockT>::LazyBlock,
			data: sp_inherents::InherentData,
		) -> sp_inherents::CheckInherentsResult {
			crate::construct::check_inherents(block, data)
		}
	}

	impl sp_transaction_pool::runtime_api::TaggedTransactionQueue<Block> for Runtime {
		fn validate_transaction(
			source: TransactionSource,
			tx: <Block as BlockT>::Extrinsic,
			block_hash: <Block as BlockT>::Hash,
		) -> TransactionValidity {
			Executive::validate_transaction(source, tx, block_hash)
		}
	}

	impl sp_offchain::OffchainWorkerApi<Block> for Runtime {
		fn offchain_worker(header: &<Block as BlockT>::Header) {
			Executive::offchain_worker(header)
		}
	}

	impl sp_consensus_aura::AuraApi<Block, AuraId> for Runtime {
		fn slot_duration() -> sp_consensus_aura::SlotDuration {
			sp_consensus_aura::SlotDuration::from_millis(Aura::slot_duration())
		}

		fn authorities() -> Vec<AuraId> {
			pallet_aura::Authorities::<Runtime>::get().into_inner()
		}
	}

	impl sp_session::SessionKeys<Block> for Runtime {
		fn generate_session_keys(
			owner: Vec<u8>,
			seed: Option<Vec<u8>>,
		) -> sp_session::OpaqueGeneratedSessionKeys {
			SessionKeys::generate(&owner, seed).into()
		}

		fn decode_session_keys(
			encoded: Vec<u8>,
		) -> Option<Vec<(Vec<u8>, KeyTypeId)>> {
			SessionKeys::decode_into_raw_public_keys(&encoded)
		}
	}

	impl sp_consensus_grandpa::GrandpaApi<Block> for Runtime {
		fn grandpa_authorities() -> sp_consensus_grandpa::AuthorityList {
			Grandpa::grandpa_authorities()
		}

		fn current_set_id() -> sp_consensus_grandpa::SetId {
			Grandpa::current_set_id()
		}

		fn submit_report_equivocation_unsigned_extrinsic(
			_equivocation_proof: sp_consensus_grandpa::EquivocationProof<
				<Block as BlockT>::Hash,
				NumberFor<Block>,
			>,
			_key_owner_proof: sp_consensus_grandpa::OpaqueKeyOwnershipProof,
		) -> Option<()> {
			None
		}

		fn generate_key_ownership_proof(
			_set_id: sp_consensus_grandpa::SetId,
			_authority_id: GrandpaId,
		) -> Option<sp_consensus_grandpa::OpaqueKeyOwnershipProof> {
			// The key owner proof type is the bottom type `Void`: no proof can exist.
			None
		}
	}

	impl frame_system_rpc_runtime_api::AccountNonceApi<Block, AccountId, Nonce> for Runtime {
		fn account_nonce(account: AccountId) -> Nonce {
			System::account_nonce(account)
		}
	}

	impl pallet_transaction_payment_rpc_runtime_api::TransactionPaymentApi<Block, Balance> for Runtime {
		fn query_info(
			uxt: <Block as BlockT>::Extrinsic,
			len: u32,
		) -> pallet_transaction_payment_rpc_runtime_api::RuntimeDispatchInfo<Balance> {
			TransactionPayment::query_info(uxt, len)
		}
		fn query_fee_details(
			uxt: <Block as BlockT>::Extrinsic,
			len: u32,
		) -> pallet_transaction_payment::FeeDetails<Balance> {
			TransactionPayment::query_fee_details(uxt, len)
		}
		fn query_weight_to_fee(weight: Weight) -> Balance {
			TransactionPayment::weight_to_fee(weight)
		}
		fn query_length_to_fee(length: u32) -> Balance {
			TransactionPayment::length_to_fee(length)
		}
	}

	impl pallet_transaction_payment_rpc_runtime_api::TransactionPaymentCallApi<Block, Balance, RuntimeCall>
		for Runtime
	{
		fn query_call_info(
			call: RuntimeCall,
			len: u32,
		) -> pallet_transaction_payment::RuntimeDispatchInfo<Balance> {
			TransactionPayment::query_call_info(call, len)
		}
		fn query_call_fee_details(
			call: RuntimeCall,
			len: u32,
		) -> pallet_transaction_payment::FeeDetails<Balance> {
			TransactionPayment::query_call_fee_details(call, len)
		}
		fn query_weight_to_fee(weight: Weight) -> Balance {
			TransactionPayment::weight_to_fee(weight)
		}
		fn query_length_to_fee(length: u32) -> Balance {
			TransactionPayment::length_to_fee(length)
		}
	}

	impl iot_primitives::api::DeviceRegistryApi<Block, AccountId, BlockNumber, Balance> for Runtime {
		fn device(id: DeviceId) -> Option<Device<AccountId, BlockNumber, Balance, Vec<u8>>> {
			DeviceRegistry::device_as_read(&id)
				.map(|device| device.map_metadata(|metadata| metadata.into_inner()))
		}

		fn devices_of(owner: AccountId) -> Vec<DeviceId> {
			DeviceRegistry::devices_of(&owner)
		}
	}

	impl iot_primitives::api::CertificatesApi<Block, AccountId, BlockNumber, Balance> for Runtime {
		fn trust_anchor(id: H256) -> Option<TrustAnchor<AccountId, Balance, BlockNumber>> {
			DeviceRegistry::trust_anchor(&id)
		}

		fn trust_anchors() -> Vec<(H256, TrustAnchor<AccountId, Balance, BlockNumber>)> {
			DeviceRegistry::trust_anchors()
		}

		fn model_anchors(manufacturer: AccountId, model: u32) -> Vec<H256> {
			DeviceRegistry::model_anchors(&manufacturer, model)
		}

		fn certification(device: DeviceId) -> Certification {
			DeviceRegistry::certification(&device)
		}

		fn device_certificate(device: DeviceId) -> Option<DeviceCertificate<BlockNumber, Balance>> {
			DeviceRegistry::device_certificate(&device)
		}

		fn verify_certificate_chain(
			anchor: H256,
			chain: Vec<Vec<u8>>,
		) -> Option<Result<Option<DeviceKey>, ChainError>> {
			DeviceRegistry::dry_run_chain(anchor, chain)
		}
	}

	impl iot_primitives::api::FirmwareAttestationApi<Block, AccountId, BlockNumber, Balance> for Runtime {
		fn trust_status(device: DeviceId) -> TrustStatus<BlockNumber> {
			FirmwareAttestation::trust_status(&device)
		}

		fn release(
			manufacturer: AccountId,
			model: u32,
			digest: [u8; 32],
		) -> Option<Release<Vec<u8>, BlockNumber, Balance>> {
			FirmwareAttestation::release(&manufacturer, model, digest)
		}
	}

	impl iot_primitives::api::MeasuredBootApi<Block, AccountId, BlockNumber> for Runtime {
		fn last_verified_boot(device: DeviceId) -> Option<iot_primitives::boot::BootRecord<BlockNumber>> {
			FirmwareAttestation::last_verified_boot(&device)
		}

		fn boot_policy(
			manufacturer: AccountId,
			model: u32,
			digest: [u8; 32],
		) -> Option<iot_primitives::boot::BootPolicy> {
			FirmwareAttestation::boot_policy(&manufacturer, model, digest)
		}
	}

	impl iot_primitives::api::DataAnchoringApi<Block, AccountId, BlockNumber> for Runtime {
		fn anchor(device: DeviceId, seq: u64) -> Option<Anchor<AccountId, BlockNumber>> {
			DataAnchoring::anchor_at(&device, seq)
		}

		fn find_anchors(root: H256) -> Vec<Anchor<AccountId, BlockNumber>> {
			DataAnchoring::find_anchors(&root)
		}

		fn find_anchors_page(
			root: H256,
			after: Option<DeviceId>,
			owner: Option<AccountId>,
		) -> AnchorPage<AccountId, BlockNumber> {
			DataAnchoring::find_anchors_page(&root, after, owner.as_ref())
		}

		fn verify_inclusion(
			device: DeviceId,
			root: H256,
			leaf: Vec<u8>,
			proof: Vec<H256>,
			leaf_index: u32,
		) -> Result<Anchor<AccountId, BlockNumber>, VerifyError> {
			DataAnchoring::verify_inclusion(&device, &root, &leaf, &proof, leaf_index)
		}
	}

	#[cfg(feature = "runtime-benchmarks")]
	impl frame_benchmarking::Benchmark<Block> for Runtime {
		fn benchmark_metadata(extra: bool) -> (
			Vec<frame_benchmarking::BenchmarkList>,
			Vec<frame_support::traits::StorageInfo>,
		) {
			use frame_benchmarking::{baseline, BenchmarkList};
			use frame_support::traits::StorageInfoTrait;
			use frame_system_benchmarking::Pallet as SystemBench;
			use baseline::Pallet as BaselineBench;
			use super::*;

			let mut list = Vec::<BenchmarkList>::new();
			list_benchmarks!(list, extra);

			let storage_info = AllPalletsWithSystem::storage_info();

			(list, storage_info)
		}

		#[allow(non_local_definitions)]
		fn dispatch_benchmark(
			config: frame_benchmarking::BenchmarkConfig
		) -> Result<Vec<frame_benchmarking::BenchmarkBatch>, alloc::string::String> {
			use frame_benchmarking::{baseline, BenchmarkBatch};
			use sp_storage::TrackedStorageKey;
			use frame_system_benchmarking::Pallet as SystemBench;
			use baseline::Pallet as BaselineBench;
			use super::*;

			impl frame_system_benchmarking::Config for Runtime {}
			impl baseline::Config for Runtime {}

			use frame_support::traits::WhitelistedStorageKeys;
			let whitelist: Vec<TrackedStorageKey> = AllPalletsWithSystem::whitelisted_storage_keys();

			let mut batches = Vec::<BenchmarkBatch>::new();
			let params = (&config, &whitelist);
			add_benchmarks!(params, batches);

			Ok(batches)
		}
	}

	#[cfg(feature = "try-runtime")]
	impl frame_try_runtime::TryRuntime<Block> for Runtime {
		fn on_runtime_upgrade(checks: frame_try_runtime::UpgradeCheckSelect) -> (Weight, Weight) {
			// try-runtime is an off-chain tool: a failed check must abort with a backtrace.
			#[allow(clippy::unwrap_used)]
			let weight = Executive::try_runtime_upgrade(checks).unwrap();
			(weight, super::configs::RuntimeBlockWeights::get().max_block)
		}

		fn execute_block(
			block: <Block as BlockT>::LazyBlock,
			state_root_check: bool,
			signature_check: bool,
			select: frame_try_runtime::TryStateSelect
		) -> Weight {
			// try-runtime is an off-chain tool: a failed check must abort with a backtrace.
			#[allow(clippy::expect_used)]
			Executive::try_execute_block(block, state_root_check, signature_check, select).expect("execute-block failed")
		}
	}

	impl sp_genesis_builder::GenesisBuilder<Block> for Runtime {
		fn build_state(config: Vec<u8>) -> sp_genesis_builder::Result {
			build_state::<RuntimeGenesisConfig>(config)
		}

		fn get_preset(id: &Option<sp_genesis_builder::PresetId>) -> Option<Vec<u8>> {
			get_preset::<RuntimeGenesisConfig>(id, crate::genesis_config_presets::get_preset)
		}

		fn preset_names() -> Vec<sp_genesis_builder::PresetId> {
			crate::genesis_config_presets::preset_names()
		}
	}
}
