//! iot-chain's own read-only JSON-RPC methods (`iot_*`). Each takes an optional block hash and
//! answers from the runtime APIs, so the answers are exactly what the runtime computes. The
//! answers are typed serde structs (camelCase fields, hex byte strings, SS58 addresses), so the
//! generated client (`IotApiClient`) returns them typed too.

use std::sync::Arc;

use iot_primitives::{
	api::{DataAnchoringApi, DeviceRegistryApi, FirmwareAttestationApi},
	Anchor, AnchorPage, Device, DeviceId, DeviceKey, DeviceStatus, TrustStatus, VerifyError,
};
use iot_runtime::{opaque::Block, AccountId, Balance, BlockNumber, SS58_PREFIX};
use jsonrpsee::{
	core::RpcResult,
	proc_macros::rpc,
	types::{error::ErrorObjectOwned, ErrorObject},
};
use serde::{Deserialize, Serialize};
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use sp_core::{
	crypto::{Ss58AddressFormat, Ss58Codec},
	Bytes, H256,
};
use sp_runtime::traits::Block as BlockT;

/// JSON-RPC error code of a failed runtime API call.
const RUNTIME_ERROR: i32 = 1;
/// JSON-RPC's error code of invalid parameters.
const INVALID_PARAMS: i32 = -32602;

/// A device key: its scheme and public key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RpcKey {
	/// `Ed25519`, `Sr25519`, `Ecdsa` or `P256`.
	pub scheme: String,
	/// The public key (compressed for ECDSA and P-256).
	pub public_key: Bytes,
}

/// A registered device.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RpcDevice {
	/// The device identifier.
	pub id: DeviceId,
	/// The device's current key.
	pub key: RpcKey,
	/// The owner (SS58).
	pub owner: String,
	/// The manufacturer (SS58).
	pub manufacturer: String,
	/// The manufacturer's model.
	pub model: u32,
	/// `Active`, `Suspended` or `Revoked`.
	pub status: String,
	/// The revocation's reason code, if revoked.
	pub revocation_reason: Option<u8>,
	/// Whether the manufacturer endorsed the key at the factory.
	pub endorsed: bool,
	/// The owner's metadata.
	pub metadata: Bytes,
	/// Block of registration.
	pub registered_at: BlockNumber,
	/// The rotation payload's next nonce.
	pub rotation_nonce: u32,
	/// The deposit held, in planck (a decimal string: it exceeds JavaScript's safe integers).
	pub deposit: String,
}

/// An anchored Merkle root as the RPC writes it: the runtime's [`Anchor`] (camelCase fields, hex
/// digests, the submitter in SS58).
pub type RpcAnchor = Anchor<AccountId, BlockNumber>;

/// A page of the anchors of a root: `{ anchors, next }` (`next`: the device to continue after,
/// or `null` at the end).
pub type RpcAnchorPage = AnchorPage<AccountId, BlockNumber>;

/// Whether a device is trusted now, `{ status, … }`: the runtime's [`TrustStatus`].
pub type RpcTrustStatus = TrustStatus<BlockNumber>;

/// The answer of `iot_verifyInclusion`: `{ valid: true, anchor }` or `{ valid: false, error }`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RpcInclusion {
	/// Whether the proof holds.
	pub valid: bool,
	/// The anchor the leaf belongs to, if valid.
	#[serde(default, skip_serializing_if = "Option::is_none")]
	pub anchor: Option<RpcAnchor>,
	/// Why not, if not valid: `LeafTooLong`, `UnknownRoot`, `IndexOutOfRange`, `BadProofLength`
	/// or `BadProof`.
	#[serde(default, skip_serializing_if = "Option::is_none")]
	pub error: Option<VerifyError>,
}

/// The `iot_*` RPC methods.
#[rpc(client, server)]
pub trait IotApi<BlockHash> {
	/// The device `id`, or `null` if it is not registered (at block `at`, default best).
	#[method(name = "iot_device")]
	fn device(&self, id: DeviceId, at: Option<BlockHash>) -> RpcResult<Option<RpcDevice>>;

	/// Whether the device is trusted now, as `{ status, … }` (`Unknown`, `Trusted`, `Untrusted`,
	/// `Expired` or `Inactive`).
	#[method(name = "iot_trustStatus")]
	fn trust_status(&self, id: DeviceId, at: Option<BlockHash>) -> RpcResult<RpcTrustStatus>;

	/// Anchor number `sequence` of a device, or `null`.
	#[method(name = "iot_anchor")]
	fn anchor(
		&self,
		device: DeviceId,
		sequence: u64,
		at: Option<BlockHash>,
	) -> RpcResult<Option<RpcAnchor>>;

	/// The anchors of a Merkle root by any device (roots are unique per device, not chain-wide):
	/// the first page of `iot_findAnchorsPage` (at most `MaxAnchorsPerQuery`, device order).
	#[method(name = "iot_findAnchors")]
	fn find_anchors(&self, root: H256, at: Option<BlockHash>) -> RpcResult<Vec<RpcAnchor>>;

	/// A page of the anchors of a Merkle root: at most `MaxAnchorsPerQuery` entries visited in
	/// device-identifier order after device `after`; with `owner` (SS58), only the anchors of
	/// that account's devices. Continue with `after` = the answer's `next` until it is `null`.
	#[method(name = "iot_findAnchorsPage")]
	fn find_anchors_page(
		&self,
		root: H256,
		after: Option<DeviceId>,
		owner: Option<String>,
		at: Option<BlockHash>,
	) -> RpcResult<RpcAnchorPage>;

	/// Verifies that `leaf` (hex bytes) is leaf `leaf_index` of the tree with root `root` that
	/// `device` anchored.
	#[method(name = "iot_verifyInclusion")]
	fn verify_inclusion(
		&self,
		device: DeviceId,
		root: H256,
		leaf: Bytes,
		proof: Vec<H256>,
		leaf_index: u32,
		at: Option<BlockHash>,
	) -> RpcResult<RpcInclusion>;
}

/// Implementation of [`IotApiServer`] over a client.
pub struct Iot<C> {
	pub(crate) client: Arc<C>,
}

impl<C> Iot<C> {
	/// The RPC methods answered through `client`.
	pub fn new(client: Arc<C>) -> Self {
		Self { client }
	}
}

pub(crate) fn runtime_error(error: impl std::fmt::Display) -> ErrorObjectOwned {
	ErrorObject::owned(RUNTIME_ERROR, format!("runtime API call failed: {error}"), None::<()>)
}

pub(crate) fn address(account: &AccountId) -> String {
	account.to_ss58check_with_version(Ss58AddressFormat::custom(SS58_PREFIX))
}

impl From<&DeviceKey> for RpcKey {
	fn from(key: &DeviceKey) -> Self {
		let (scheme, bytes): (&str, &[u8]) = match key {
			DeviceKey::Ed25519(k) => ("Ed25519", k),
			DeviceKey::Sr25519(k) => ("Sr25519", k),
			DeviceKey::Ecdsa(k) => ("Ecdsa", k),
			DeviceKey::P256(k) => ("P256", k),
		};
		Self { scheme: scheme.into(), public_key: bytes.to_vec().into() }
	}
}

impl RpcDevice {
	fn new(id: DeviceId, device: Device<AccountId, BlockNumber, Balance, Vec<u8>>) -> Self {
		let (status, revocation_reason) = match device.status {
			DeviceStatus::Active => ("Active", None),
			DeviceStatus::Suspended => ("Suspended", None),
			DeviceStatus::Revoked { reason } => ("Revoked", Some(reason)),
		};
		Self {
			id,
			key: (&device.key).into(),
			owner: address(&device.owner),
			manufacturer: address(&device.manufacturer),
			model: device.model,
			status: status.into(),
			revocation_reason,
			endorsed: device.endorsed,
			metadata: device.metadata.into(),
			registered_at: device.registered_at,
			rotation_nonce: device.rotation_nonce,
			deposit: device.deposit.to_string(),
		}
	}
}

impl From<Result<Anchor<AccountId, BlockNumber>, VerifyError>> for RpcInclusion {
	fn from(result: Result<Anchor<AccountId, BlockNumber>, VerifyError>) -> Self {
		match result {
			Ok(anchor) => Self { valid: true, anchor: Some(anchor), error: None },
			Err(error) => Self { valid: false, anchor: None, error: Some(error) },
		}
	}
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
	) -> RpcResult<Option<RpcDevice>> {
		let device = self.client.runtime_api().device(self.at(at), id).map_err(runtime_error)?;
		Ok(device.map(|device| RpcDevice::new(id, device)))
	}

	fn trust_status(
		&self,
		id: DeviceId,
		at: Option<<Block as BlockT>::Hash>,
	) -> RpcResult<RpcTrustStatus> {
		let status =
			self.client.runtime_api().trust_status(self.at(at), id).map_err(runtime_error)?;
		Ok(status)
	}

	fn anchor(
		&self,
		device: DeviceId,
		sequence: u64,
		at: Option<<Block as BlockT>::Hash>,
	) -> RpcResult<Option<RpcAnchor>> {
		let anchor = self
			.client
			.runtime_api()
			.anchor(self.at(at), device, sequence)
			.map_err(runtime_error)?;
		Ok(anchor)
	}

	fn find_anchors(
		&self,
		root: H256,
		at: Option<<Block as BlockT>::Hash>,
	) -> RpcResult<Vec<RpcAnchor>> {
		let anchors =
			self.client.runtime_api().find_anchors(self.at(at), root).map_err(runtime_error)?;
		Ok(anchors)
	}

	fn find_anchors_page(
		&self,
		root: H256,
		after: Option<DeviceId>,
		owner: Option<String>,
		at: Option<<Block as BlockT>::Hash>,
	) -> RpcResult<RpcAnchorPage> {
		let owner = owner
			.map(|owner| {
				AccountId::from_ss58check(&owner).map_err(|error| {
					ErrorObject::owned(INVALID_PARAMS, format!("owner: {error:?}"), None::<()>)
				})
			})
			.transpose()?;
		let page = self
			.client
			.runtime_api()
			.find_anchors_page(self.at(at), root, after, owner)
			.map_err(runtime_error)?;
		Ok(page)
	}

	fn verify_inclusion(
		&self,
		device: DeviceId,
		root: H256,
		leaf: Bytes,
		proof: Vec<H256>,
		leaf_index: u32,
		at: Option<<Block as BlockT>::Hash>,
	) -> RpcResult<RpcInclusion> {
		let result = self
			.client
			.runtime_api()
			.verify_inclusion(self.at(at), device, root, leaf.0, proof, leaf_index)
			.map_err(runtime_error)?;
		Ok(result.into())
	}
}

impl<C: HeaderBackend<Block>> Iot<C> {
	/// The block to answer at: the given one, or the best block.
	pub(crate) fn at(&self, at: Option<<Block as BlockT>::Hash>) -> <Block as BlockT>::Hash {
		at.unwrap_or_else(|| self.client.info().best_hash)
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use iot_primitives::{EvidenceKind, Identity, UntrustedReason};
	use serde_json::{json, Value};
	use sp_core::crypto::AccountId32;

	/// Writes `value` as JSON, checks it is `expected` and reads it back to the same value.
	fn assert_json<T>(value: &T, expected: Value)
	where
		T: Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
	{
		let written = serde_json::to_value(value).expect("serialisable");
		assert_eq!(written, expected);
		assert_eq!(&serde_json::from_value::<T>(written).expect("readable"), value);
	}

	/// The runtime's types, written by their `serde` feature, keep the JSON shapes clients (the
	/// e2e suite, the demo, the verifier) read.
	#[test]
	fn answers_have_the_documented_json_shapes() {
		assert_json(
			&RpcTrustStatus::Untrusted { reason: UntrustedReason::RevokedRelease { reason: 3 } },
			json!({ "status": "Untrusted", "reason": "RevokedRelease", "revocationReason": 3 }),
		);
		for (reason, name) in [
			(UntrustedReason::UnknownFirmware, "UnknownFirmware"),
			(UntrustedReason::BelowSecurityFloor, "BelowSecurityFloor"),
			(UntrustedReason::Rollback, "Rollback"),
			(UntrustedReason::SecurityVersionMismatch, "SecurityVersionMismatch"),
			(UntrustedReason::UnknownMeasurement, "UnknownMeasurement"),
			(UntrustedReason::CertificateRevoked, "CertificateRevoked"),
			(UntrustedReason::QuoteRequired, "QuoteRequired"),
			(UntrustedReason::BootPolicyViolation, "BootPolicyViolation"),
		] {
			assert_json(
				&RpcTrustStatus::Untrusted { reason },
				json!({ "status": "Untrusted", "reason": name }),
			);
		}
		assert_json(
			&RpcTrustStatus::Trusted {
				digest: [0xab; 32],
				security_version: 2,
				attested_at: 7,
				expires_at: 9,
				evidence: EvidenceKind::TpmQuote,
				identity: Identity::Certified,
			},
			json!({
				"status": "Trusted",
				"digest": format!("0x{}", "ab".repeat(32)),
				"securityVersion": 2,
				"attestedAt": 7,
				"expiresAt": 9,
				"evidence": "TpmQuote",
				"identity": "Certified",
			}),
		);
		assert_json(&RpcTrustStatus::Unknown, json!({ "status": "Unknown" }));
		assert_json(&RpcTrustStatus::Inactive, json!({ "status": "Inactive" }));
		assert_json(
			&RpcTrustStatus::Expired { last_attested_at: 5 },
			json!({ "status": "Expired", "lastAttestedAt": 5 }),
		);
		// A digest of another length is refused, not truncated or padded.
		let short = json!({ "status": "Trusted", "digest": "0xabab", "securityVersion": 2,
			"attestedAt": 7, "expiresAt": 9, "evidence": "Reported", "identity": "Endorsed" });
		assert!(serde_json::from_value::<RpcTrustStatus>(short).is_err());

		let anchor = RpcAnchor {
			device: H256::repeat_byte(1),
			seq: 4,
			root: H256::repeat_byte(2),
			leaf_count: 1000,
			block: 12,
			timestamp: 1_700_000_000_000,
			submitter: AccountId32::new([0xd4; 32]),
			device_signed: true,
			trusted: false,
		};
		let anchor_json = json!({
			"device": format!("0x{}", "01".repeat(32)),
			"seq": 4,
			"root": format!("0x{}", "02".repeat(32)),
			"leafCount": 1000,
			"block": 12,
			"timestamp": 1_700_000_000_000u64,
			"submitter": address(&AccountId32::new([0xd4; 32])),
			"deviceSigned": true,
			"trusted": false,
		});
		assert_json(&anchor, anchor_json.clone());
		assert_json(
			&RpcAnchorPage { anchors: vec![anchor.clone()], next: Some(H256::repeat_byte(3)) },
			json!({ "anchors": [anchor_json.clone()], "next": format!("0x{}", "03".repeat(32)) }),
		);
		assert_json(
			&RpcInclusion::from(Ok::<_, VerifyError>(anchor)),
			json!({ "valid": true, "anchor": anchor_json }),
		);
		for (error, name) in [
			(VerifyError::LeafTooLong, "LeafTooLong"),
			(VerifyError::UnknownRoot, "UnknownRoot"),
			(VerifyError::IndexOutOfRange, "IndexOutOfRange"),
			(VerifyError::BadProofLength, "BadProofLength"),
			(VerifyError::BadProof, "BadProof"),
		] {
			assert_json(
				&RpcInclusion::from(Err::<RpcAnchor, _>(error)),
				json!({ "valid": false, "error": name }),
			);
		}

		let key = RpcKey::from(&DeviceKey::Ed25519([1; 32]));
		assert_json(
			&key,
			json!({ "scheme": "Ed25519", "publicKey": format!("0x{}", "01".repeat(32)) }),
		);
	}
}
