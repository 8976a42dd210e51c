//! iot-chain's own read-only JSON-RPC methods (`iot_*`). Each takes an optional block hash and
//! answers from the runtime APIs, so the answers are exactly what the runtime computes. The
//! answers are typed serde structs (camelCase fields, hex byte strings, SS58 addresses), so the
//! generated client (`IotApiClient`) returns them typed too.

use std::sync::Arc;

use iot_primitives::{
	api::{DataAnchoringApi, DeviceRegistryApi, FirmwareAttestationApi},
	Anchor, Device, DeviceId, DeviceKey, DeviceStatus, EvidenceKind, Identity, TrustStatus,
	UntrustedReason, VerifyError,
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

/// Why a device is untrusted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "reason")]
pub enum RpcUntrustedReason {
	/// The firmware digest is not a release of the model.
	UnknownFirmware,
	/// The release was revoked by its manufacturer.
	RevokedRelease {
		/// The manufacturer's reason code.
		#[serde(rename = "revocationReason")]
		revocation_reason: u8,
	},
	/// The release is below the model's security floor.
	BelowSecurityFloor,
	/// The device attested a lower security version than before.
	Rollback,
	/// The evidence's security version is not the release's.
	SecurityVersionMismatch,
	/// The TPM's measurement matches no release of the model.
	UnknownMeasurement,
	/// A certificate of the device's chain is revoked.
	CertificateRevoked,
	/// The device's model is a TPM model and its last result came from reported evidence.
	QuoteRequired,
	/// The boot's event log breaks its release's boot policy (see `lastVerifiedBoot`).
	BootPolicyViolation,
}

/// Which evidence produced a trusted result: `"Reported"` or `"TpmQuote"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RpcEvidence {
	/// Evidence the device reported and signed.
	Reported,
	/// A TPM 2.0 quote.
	TpmQuote,
}

/// Who vouches for the device key: `"SelfAsserted"`, `"Endorsed"` or `"Certified"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RpcIdentity {
	/// Nobody: its owner registered it.
	SelfAsserted,
	/// Its manufacturer's factory endorsement key.
	Endorsed,
	/// An X.509 chain to a trust anchor.
	Certified,
}

/// Whether a device is trusted now: `{ status, … }`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status")]
pub enum RpcTrustStatus {
	/// Never attested.
	Unknown,
	/// Attested trusted and not expired.
	#[serde(rename_all = "camelCase")]
	Trusted {
		/// The release's firmware digest.
		digest: H256,
		/// The release's security version.
		security_version: u32,
		/// Block of the attestation.
		attested_at: BlockNumber,
		/// Block at which the result expires.
		expires_at: BlockNumber,
		/// The evidence that produced the result.
		evidence: RpcEvidence,
		/// Who vouches for the device key.
		identity: RpcIdentity,
	},
	/// The last attestation, or today's releases and floor, say no.
	Untrusted {
		/// Why.
		#[serde(flatten)]
		reason: RpcUntrustedReason,
	},
	/// The last trusted attestation expired.
	#[serde(rename_all = "camelCase")]
	Expired {
		/// Block of that attestation.
		last_attested_at: BlockNumber,
	},
	/// The device is suspended or revoked.
	Inactive,
}

/// An anchored Merkle root.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RpcAnchor {
	/// The device whose readings the tree covers.
	pub device: DeviceId,
	/// The device's anchor sequence number.
	pub seq: u64,
	/// The Merkle root.
	pub root: H256,
	/// The number of leaves.
	pub leaf_count: u32,
	/// Block of the anchor.
	pub block: BlockNumber,
	/// The block's timestamp (ms since the Unix epoch).
	pub timestamp: u64,
	/// Who submitted it (SS58).
	pub submitter: String,
	/// Whether the device signed it.
	pub device_signed: bool,
	/// Whether the device was trusted at that block, with a vouched-for key.
	pub trusted: bool,
}

/// A page of the anchors of a root: `{ anchors, next }` (`next`: the device to continue after,
/// or `null` at the end).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RpcAnchorPage {
	/// The anchors of the page.
	pub anchors: Vec<RpcAnchor>,
	/// The next page's `after`, if the walk stopped before the end.
	pub next: Option<DeviceId>,
}

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
	pub error: Option<String>,
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

impl From<UntrustedReason> for RpcUntrustedReason {
	fn from(reason: UntrustedReason) -> Self {
		match reason {
			UntrustedReason::UnknownFirmware => Self::UnknownFirmware,
			UntrustedReason::RevokedRelease { reason } => {
				Self::RevokedRelease { revocation_reason: reason }
			}
			UntrustedReason::BelowSecurityFloor => Self::BelowSecurityFloor,
			UntrustedReason::Rollback => Self::Rollback,
			UntrustedReason::SecurityVersionMismatch => Self::SecurityVersionMismatch,
			UntrustedReason::UnknownMeasurement => Self::UnknownMeasurement,
			UntrustedReason::CertificateRevoked => Self::CertificateRevoked,
			UntrustedReason::QuoteRequired => Self::QuoteRequired,
			UntrustedReason::BootPolicyViolation => Self::BootPolicyViolation,
		}
	}
}

impl From<TrustStatus<BlockNumber>> for RpcTrustStatus {
	fn from(status: TrustStatus<BlockNumber>) -> Self {
		match status {
			TrustStatus::Unknown => Self::Unknown,
			TrustStatus::Trusted {
				digest,
				security_version,
				attested_at,
				expires_at,
				evidence,
				identity,
			} => Self::Trusted {
				digest: digest.into(),
				security_version,
				attested_at,
				expires_at,
				evidence: match evidence {
					EvidenceKind::Reported => RpcEvidence::Reported,
					EvidenceKind::TpmQuote => RpcEvidence::TpmQuote,
				},
				identity: match identity {
					Identity::SelfAsserted => RpcIdentity::SelfAsserted,
					Identity::Endorsed => RpcIdentity::Endorsed,
					Identity::Certified => RpcIdentity::Certified,
				},
			},
			TrustStatus::Untrusted { reason } => Self::Untrusted { reason: reason.into() },
			TrustStatus::Expired { last_attested_at } => Self::Expired { last_attested_at },
			TrustStatus::Inactive => Self::Inactive,
		}
	}
}

impl From<Anchor<AccountId, BlockNumber>> for RpcAnchor {
	fn from(anchor: Anchor<AccountId, BlockNumber>) -> Self {
		Self {
			device: anchor.device,
			seq: anchor.seq,
			root: anchor.root,
			leaf_count: anchor.leaf_count,
			block: anchor.block,
			timestamp: anchor.timestamp,
			submitter: address(&anchor.submitter),
			device_signed: anchor.device_signed,
			trusted: anchor.trusted,
		}
	}
}

impl From<Result<Anchor<AccountId, BlockNumber>, VerifyError>> for RpcInclusion {
	fn from(result: Result<Anchor<AccountId, BlockNumber>, VerifyError>) -> Self {
		match result {
			Ok(anchor) => Self { valid: true, anchor: Some(anchor.into()), error: None },
			Err(error) => {
				let error = match error {
					VerifyError::LeafTooLong => "LeafTooLong",
					VerifyError::UnknownRoot => "UnknownRoot",
					VerifyError::IndexOutOfRange => "IndexOutOfRange",
					VerifyError::BadProofLength => "BadProofLength",
					VerifyError::BadProof => "BadProof",
				};
				Self { valid: false, anchor: None, error: Some(error.into()) }
			}
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
		Ok(status.into())
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
		Ok(anchor.map(Into::into))
	}

	fn find_anchors(
		&self,
		root: H256,
		at: Option<<Block as BlockT>::Hash>,
	) -> RpcResult<Vec<RpcAnchor>> {
		let anchors =
			self.client.runtime_api().find_anchors(self.at(at), root).map_err(runtime_error)?;
		Ok(anchors.into_iter().map(Into::into).collect())
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
		Ok(RpcAnchorPage {
			anchors: page.anchors.into_iter().map(Into::into).collect(),
			next: page.next,
		})
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
	use serde_json::json;

	/// The typed answers keep the JSON shapes clients (the e2e suite, the demo) read.
	#[test]
	fn answers_have_the_documented_json_shapes() {
		let untrusted: RpcTrustStatus = TrustStatus::<BlockNumber>::Untrusted {
			reason: UntrustedReason::RevokedRelease { reason: 3 },
		}
		.into();
		let value = serde_json::to_value(&untrusted).expect("serialisable");
		assert_eq!(
			value,
			json!({ "status": "Untrusted", "reason": "RevokedRelease", "revocationReason": 3 })
		);
		assert_eq!(serde_json::from_value::<RpcTrustStatus>(value).expect("readable"), untrusted);
		let revoked: RpcTrustStatus =
			TrustStatus::<BlockNumber>::Untrusted { reason: UntrustedReason::CertificateRevoked }
				.into();
		assert_eq!(
			serde_json::to_value(&revoked).expect("serialisable"),
			json!({ "status": "Untrusted", "reason": "CertificateRevoked" })
		);
		let quote_required: RpcTrustStatus =
			TrustStatus::<BlockNumber>::Untrusted { reason: UntrustedReason::QuoteRequired }.into();
		assert_eq!(
			serde_json::to_value(&quote_required).expect("serialisable"),
			json!({ "status": "Untrusted", "reason": "QuoteRequired" })
		);

		let trusted: RpcTrustStatus = TrustStatus::<BlockNumber>::Trusted {
			digest: [0xab; 32],
			security_version: 2,
			attested_at: 7,
			expires_at: 9,
			evidence: EvidenceKind::TpmQuote,
			identity: Identity::Certified,
		}
		.into();
		let value = serde_json::to_value(&trusted).expect("serialisable");
		assert_eq!(
			value,
			json!({
				"status": "Trusted",
				"digest": format!("0x{}", "ab".repeat(32)),
				"securityVersion": 2,
				"attestedAt": 7,
				"expiresAt": 9,
				"evidence": "TpmQuote",
				"identity": "Certified",
			})
		);
		assert_eq!(serde_json::from_value::<RpcTrustStatus>(value).expect("readable"), trusted);
		assert_eq!(
			serde_json::to_value(RpcTrustStatus::from(TrustStatus::<BlockNumber>::Inactive))
				.expect("serialisable"),
			json!({ "status": "Inactive" })
		);

		let refused: RpcInclusion =
			Err::<Anchor<AccountId, BlockNumber>, _>(VerifyError::BadProof).into();
		assert_eq!(
			serde_json::to_value(&refused).expect("serialisable"),
			json!({ "valid": false, "error": "BadProof" })
		);

		let key = RpcKey::from(&DeviceKey::Ed25519([1; 32]));
		assert_eq!(
			serde_json::to_value(&key).expect("serialisable"),
			json!({ "scheme": "Ed25519", "publicKey": format!("0x{}", "01".repeat(32)) })
		);
	}
}
