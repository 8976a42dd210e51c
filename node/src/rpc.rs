//! The node's JSON-RPC extensions (jsonrpsee), on top of the standard `system`, `chain`, `state`
//! and `author` methods that `sc-service` provides: account nonces, fee queries, and iot-chain's
//! own `iot_*` methods ([`crate::iot_rpc`]).

use std::sync::Arc;

use iot_runtime::{opaque::Block, AccountId, Balance, BlockNumber, Nonce};
use jsonrpsee::RpcModule;
use sc_transaction_pool_api::TransactionPool;
use sp_api::ProvideRuntimeApi;
use sp_block_builder::BlockBuilder;
use sp_blockchain::{Error as BlockChainError, HeaderBackend, HeaderMetadata};

/// What the RPC extensions need from the node.
pub struct FullDeps<C, P> {
	/// The client, to query state and call runtime APIs.
	pub client: Arc<C>,
	/// The transaction pool.
	pub pool: Arc<P>,
}

/// Builds the RPC module with every iot-chain extension.
pub fn create_full<C, P>(
	deps: FullDeps<C, P>,
) -> Result<RpcModule<()>, Box<dyn std::error::Error + Send + Sync>>
where
	C: ProvideRuntimeApi<Block>
		+ HeaderBackend<Block>
		+ HeaderMetadata<Block, Error = BlockChainError>
		+ Send
		+ Sync
		+ 'static,
	C::Api: substrate_frame_rpc_system::AccountNonceApi<Block, AccountId, Nonce>,
	C::Api: pallet_transaction_payment_rpc::TransactionPaymentRuntimeApi<Block, Balance>,
	C::Api: BlockBuilder<Block>,
	C::Api: iot_primitives::api::DeviceRegistryApi<Block, AccountId, BlockNumber, Balance>,
	C::Api: iot_primitives::api::FirmwareAttestationApi<Block, AccountId, BlockNumber, Balance>,
	C::Api: iot_primitives::api::DataAnchoringApi<Block, AccountId, BlockNumber>,
	C::Api: iot_primitives::api::CertificatesApi<Block, AccountId, BlockNumber, Balance>,
	C::Api: iot_primitives::api::MeasuredBootApi<Block, AccountId, BlockNumber>,
	P: TransactionPool + 'static,
{
	use crate::{
		boot_rpc::IotBootApiServer,
		certificates_rpc::IotCertificatesApiServer,
		iot_rpc::{Iot, IotApiServer},
	};
	use pallet_transaction_payment_rpc::{TransactionPayment, TransactionPaymentApiServer};
	use substrate_frame_rpc_system::{System, SystemApiServer};

	let mut module = RpcModule::new(());
	let FullDeps { client, pool } = deps;

	module.merge(System::new(client.clone(), pool).into_rpc())?;
	module.merge(TransactionPayment::new(client.clone()).into_rpc())?;
	module.merge(IotApiServer::into_rpc(Iot::new(client.clone())))?;
	module.merge(IotCertificatesApiServer::into_rpc(Iot::new(client.clone())))?;
	module.merge(IotBootApiServer::into_rpc(Iot::new(client)))?;

	Ok(module)
}
