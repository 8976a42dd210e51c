//! iot-chain's own read-only JSON-RPC methods (`iot_*`). Each takes an optional block hash and
//! answers from the runtime APIs, so the answers are exactly what the runtime computes.

use std::sync::Arc;

use iot_primitives::{
	api::{DataAnchoringApi, DeviceRegistryApi, FirmwareAttestationApi},
	Anchor, Device, DeviceId, DeviceKey, DeviceStatus, TrustStatus, UntrustedReason, VerifyError,
};
use iot_runtime::{opaque::Block, AccountId, Balance, BlockNumber, SS58_PREFIX};
use jsonrpsee::{
	core::RpcResult,
	proc_macros::rpc,
	types::{error::ErrorObjectOwned, ErrorObject},
};
use serde_json::{json, Value};
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use sp_core::{
	crypto::{Ss58AddressFormat, Ss58Codec},
	Bytes, H256,
};
use sp_runtime::traits::Block as BlockT;

/// JSON-RPC error code of a failed runtime API call.
const RUNTIME_ERROR: i32 = 1;

/// The `iot_*` RPC methods.
#[rpc(client, server)]
pub trait IotApi<BlockHash> {
	/// The device `id` as JSON, or `null` if it is not registered (at block `at`, default best).
	#[method(name = "iot_device")]
	fn device(&self, id: DeviceId, at: Option<BlockHash>) -> RpcResult<Option<Value>>;

	/// Whether the device is trusted now, as `{ status, … }` (`Unknown`, `Trusted`, `Untrusted`,
	/// `Expired` or `Inactive`).
	#[method(name = "iot_trustStatus")]
	fn trust_status(&self, id: DeviceId, at: Option<BlockHash>) -> RpcResult<Value>;

	/// Anchor number `sequence` of a device, or `null`.
	#[method(name = "iot_anchor")]
	fn anchor(
		&self,
		device: DeviceId,
		sequence: u64,
		at: Option<BlockHash>,
	) -> RpcResult<Option<Value>>;

	/// The anchors of a Merkle root by any device (roots are unique per device, not chain-wide):
	/// at most `MaxAnchorsPerQuery`, earliest block first.
	#[method(name = "iot_findAnchors")]
	fn find_anchors(&self, root: H256, at: Option<BlockHash>) -> RpcResult<Vec<Value>>;

	/// Verifies that `leaf` (hex bytes) is leaf `leaf_index` of the tree with root `root` that
	/// `device` anchored: `{ valid: true, anchor }` or `{ valid: false, error }` (`LeafTooLong`,
	/// `UnknownRoot`, `IndexOutOfRange`, `BadProofLength`, `BadProof`).
	#[method(name = "iot_verifyInclusion")]
	fn verify_inclusion(
		&self,
		device: DeviceId,
		root: H256,
		leaf: Bytes,
		proof: Vec<H256>,
		leaf_index: u32,
		at: Option<BlockHash>,
	) -> RpcResult<Value>;
}

/// Implementation of [`IotApiServer`] over a client.
pub struct Iot<C> {
	client: Arc<C>,
}

impl<C> Iot<C> {
	/// The RPC methods answered through `client`.
	pub fn new(client: Arc<C>) -> Self {
		Self { client }
	}
}

fn runtime_error(error: impl std::fmt::Display) -> ErrorObjectOwned {
	ErrorObject::owned(RUNTIME_ERROR, format!("runtime API call failed: {error}"), None::<()>)
}

fn hex(bytes: &[u8]) -> String {
	format!("0x{}", hex::encode(bytes))
}

fn address(account: &AccountId) -> String {
	account.to_ss58check_with_version(Ss58AddressFormat::custom(SS58_PREFIX))
}

/// A device key as `{ scheme, publicKey }`.
pub fn key_json(key: &DeviceKey) -> Value {
	let (scheme, bytes): (&str, &[u8]) = match key {
		DeviceKey::Ed25519(k) => ("Ed25519", k),
		DeviceKey::Sr25519(k) => ("Sr25519", k),
		DeviceKey::Ecdsa(k) => ("Ecdsa", k),
		DeviceKey::P256(k) => ("P256", k),
	};
	json!({ "scheme": scheme, "publicKey": hex(bytes) })
}

/// A device as JSON, with SS58 addresses and hex byte strings.
fn device_json(id: DeviceId, device: Device<AccountId, BlockNumber, Balance, Vec<u8>>) -> Value {
	let (status, revocation_reason) = match device.status {
		DeviceStatus::Active => ("Active", None),
		DeviceStatus::Suspended => ("Suspended", None),
		DeviceStatus::Revoked { reason } => ("Revoked", Some(reason)),
	};
	json!({
		"id": hex(id.as_bytes()),
		"key": key_json(&device.key),
		"owner": address(&device.owner),
		"manufacturer": address(&device.manufacturer),
		"model": device.model,
		"status": status,
		"revocationReason": revocation_reason,
		"endorsed": device.endorsed,
		"metadata": hex(&device.metadata),
		"registeredAt": device.registered_at,
		"rotationNonce": device.rotation_nonce,
		"deposit": device.deposit.to_string(),
	})
}

/// The reason of an untrusted status, as a string (`RevokedRelease` carries its code apart).
fn reason_json(reason: UntrustedReason) -> Value {
	match reason {
		UntrustedReason::UnknownFirmware => json!({ "reason": "UnknownFirmware" }),
		UntrustedReason::RevokedRelease { reason } => {
			json!({ "reason": "RevokedRelease", "revocationReason": reason })
		}
		UntrustedReason::BelowSecurityFloor => json!({ "reason": "BelowSecurityFloor" }),
		UntrustedReason::Rollback => json!({ "reason": "Rollback" }),
		UntrustedReason::SecurityVersionMismatch => json!({ "reason": "SecurityVersionMismatch" }),
		UntrustedReason::UnknownMeasurement => json!({ "reason": "UnknownMeasurement" }),
	}
}

/// A trust status as `{ status, … }`.
fn trust_json(status: TrustStatus<BlockNumber>) -> Value {
	match status {
		TrustStatus::Unknown => json!({ "status": "Unknown" }),
		TrustStatus::Trusted { digest, security_version, attested_at, expires_at } => json!({
			"status": "Trusted",
			"digest": hex(&digest),
			"securityVersion": security_version,
			"attestedAt": attested_at,
			"expiresAt": expires_at,
		}),
		TrustStatus::Untrusted { reason } => {
			let mut value = reason_json(reason);
			value["status"] = "Untrusted".into();
			value
		}
		TrustStatus::Expired { last_attested_at } => {
			json!({ "status": "Expired", "lastAttestedAt": last_attested_at })
		}
		TrustStatus::Inactive => json!({ "status": "Inactive" }),
	}
}

/// An anchor as JSON.
fn anchor_json(anchor: Anchor<AccountId, BlockNumber>) -> Value {
	json!({
		"device": hex(anchor.device.as_bytes()),
		"seq": anchor.seq,
		"root": hex(anchor.root.as_bytes()),
		"leafCount": anchor.leaf_count,
		"block": anchor.block,
		"timestamp": anchor.timestamp,
		"submitter": address(&anchor.submitter),
		"deviceSigned": anchor.device_signed,
		"trusted": anchor.trusted,
	})
}

impl<C> IotApiServer<<Block as BlockT>::Hash> for Iot<C>
where
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: DeviceRegistryApi<Block, AccountId, BlockNumber, Balance>
		+ FirmwareAttestationApi<Block, AccountId, BlockNumber, Balance>
		+ DataAnchoringApi<Block, AccountId, BlockNumber>,
{
	fn device(
		&self,
		id: DeviceId,
		at: Option<<Block as BlockT>::Hash>,
	) -> RpcResult<Option<Value>> {
		let device = self.client.runtime_api().device(self.at(at), id).map_err(runtime_error)?;
		Ok(device.map(|device| device_json(id, device)))
	}

	fn trust_status(&self, id: DeviceId, at: Option<<Block as BlockT>::Hash>) -> RpcResult<Value> {
		let status =
			self.client.runtime_api().trust_status(self.at(at), id).map_err(runtime_error)?;
		Ok(trust_json(status))
	}

	fn anchor(
		&self,
		device: DeviceId,
		sequence: u64,
		at: Option<<Block as BlockT>::Hash>,
	) -> RpcResult<Option<Value>> {
		let anchor = self
			.client
			.runtime_api()
			.anchor(self.at(at), device, sequence)
			.map_err(runtime_error)?;
		Ok(anchor.map(anchor_json))
	}

	fn find_anchors(
		&self,
		root: H256,
		at: Option<<Block as BlockT>::Hash>,
	) -> RpcResult<Vec<Value>> {
		let anchors =
			self.client.runtime_api().find_anchors(self.at(at), root).map_err(runtime_error)?;
		Ok(anchors.into_iter().map(anchor_json).collect())
	}

	fn verify_inclusion(
		&self,
		device: DeviceId,
		root: H256,
		leaf: Bytes,
		proof: Vec<H256>,
		leaf_index: u32,
		at: Option<<Block as BlockT>::Hash>,
	) -> RpcResult<Value> {
		let result = self
			.client
			.runtime_api()
			.verify_inclusion(self.at(at), device, root, leaf.0, proof, leaf_index)
			.map_err(runtime_error)?;
		Ok(match result {
			Ok(anchor) => json!({ "valid": true, "anchor": anchor_json(anchor) }),
			Err(error) => {
				let error = match error {
					VerifyError::LeafTooLong => "LeafTooLong",
					VerifyError::UnknownRoot => "UnknownRoot",
					VerifyError::IndexOutOfRange => "IndexOutOfRange",
					VerifyError::BadProofLength => "BadProofLength",
					VerifyError::BadProof => "BadProof",
				};
				json!({ "valid": false, "error": error })
			}
		})
	}
}

impl<C: HeaderBackend<Block>> Iot<C> {
	/// The block to answer at: the given one, or the best block.
	fn at(&self, at: Option<<Block as BlockT>::Hash>) -> <Block as BlockT>::Hash {
		at.unwrap_or_else(|| self.client.info().best_hash)
	}
}
