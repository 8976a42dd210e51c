//! The `iot_*` RPC methods of manufacturer-rooted identity (spec §12): trust anchors, a device's
//! certification, and the dry run of a certificate chain, as plain JSON (no custom types) over
//! the runtime's `CertificatesApi`.

use crate::iot_rpc::{address, runtime_error, Iot, RpcKey};
use iot_primitives::{api::CertificatesApi, AnchorOwner, Certification, DeviceId};
use iot_runtime::{opaque::Block, AccountId, Balance, BlockNumber};
use jsonrpsee::{core::RpcResult, proc_macros::rpc};
use serde::{Deserialize, Serialize};
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use sp_core::{Bytes, H256};
use sp_runtime::traits::Block as BlockT;

/// A device's certification: `{ status: "Uncertified" }`, `{ status: "Certified", anchor,
/// tpmAnchor }` or `{ status: "Revoked", anchor, revocation }` (the runtime's [`Certification`]).
pub type RpcCertification = Certification;

/// A trust anchor (without its certificate, which `api.call.certificatesApi.trustAnchor` gives).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RpcTrustAnchor {
	/// The anchor's identifier: `blake2_256(SCALE(owner, certificate))`.
	pub id: H256,
	/// The manufacturer owning it (SS58), or `null` for a global (vendor) anchor.
	pub owner: Option<String>,
	/// Block of registration.
	pub registered_at: BlockNumber,
	/// Block of retirement, or `null`.
	pub retired_at: Option<BlockNumber>,
	/// Revocations made under it.
	pub revocations: u32,
}

/// The dry run of a chain: `{ valid: true, leafKey }` (`leafKey` `null` for a key no device can
/// have, e.g. an RSA EK) or `{ valid: false, index, error }` (the certificate at fault, leaf 0,
/// and the `CertError` variant).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RpcChainVerdict {
	/// Whether the chain verifies against the anchor now.
	pub valid: bool,
	/// The leaf's key as a device key, if valid.
	#[serde(default, skip_serializing_if = "Option::is_none")]
	pub leaf_key: Option<RpcKey>,
	/// The index of the refused certificate, if not valid.
	#[serde(default, skip_serializing_if = "Option::is_none")]
	pub index: Option<u8>,
	/// Why it was refused, if not valid.
	#[serde(default, skip_serializing_if = "Option::is_none")]
	pub error: Option<String>,
}

/// The certificate `iot_*` RPC methods.
#[rpc(client, server)]
pub trait IotCertificatesApi<BlockHash> {
	/// A device's certification now (revocations and retirements applied).
	#[method(name = "iot_certification")]
	fn certification(&self, device: DeviceId, at: Option<BlockHash>)
		-> RpcResult<RpcCertification>;

	/// Every trust anchor, global and manufacturers' own, retired ones included.
	#[method(name = "iot_trustAnchors")]
	fn trust_anchors(&self, at: Option<BlockHash>) -> RpcResult<Vec<RpcTrustAnchor>>;

	/// Would `chain` (hex DER certificates, leaf first) verify against `anchor` now? `null` if
	/// there is no such anchor.
	#[method(name = "iot_verifyCertificateChain")]
	fn verify_certificate_chain(
		&self,
		anchor: H256,
		chain: Vec<Bytes>,
		at: Option<BlockHash>,
	) -> RpcResult<Option<RpcChainVerdict>>;
}

impl<C> IotCertificatesApiServer<<Block as BlockT>::Hash> for Iot<C>
where
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: CertificatesApi<Block, AccountId, BlockNumber, Balance>,
{
	fn certification(
		&self,
		device: DeviceId,
		at: Option<<Block as BlockT>::Hash>,
	) -> RpcResult<RpcCertification> {
		let api = self.client.runtime_api();
		api.certification(self.at(at), device).map_err(runtime_error)
	}

	fn trust_anchors(&self, at: Option<<Block as BlockT>::Hash>) -> RpcResult<Vec<RpcTrustAnchor>> {
		let anchors =
			self.client.runtime_api().trust_anchors(self.at(at)).map_err(runtime_error)?;
		Ok(anchors
			.into_iter()
			.map(|(id, anchor)| RpcTrustAnchor {
				id,
				owner: match &anchor.owner {
					AnchorOwner::Global => None,
					AnchorOwner::Manufacturer(owner) => Some(address(owner)),
				},
				registered_at: anchor.registered_at,
				retired_at: anchor.retired_at,
				revocations: anchor.revocations,
			})
			.collect())
	}

	fn verify_certificate_chain(
		&self,
		anchor: H256,
		chain: Vec<Bytes>,
		at: Option<<Block as BlockT>::Hash>,
	) -> RpcResult<Option<RpcChainVerdict>> {
		let chain = chain.into_iter().map(|certificate| certificate.0).collect();
		let verdict = self
			.client
			.runtime_api()
			.verify_certificate_chain(self.at(at), anchor, chain)
			.map_err(runtime_error)?;
		Ok(verdict.map(|result| match result {
			Ok(key) => RpcChainVerdict {
				valid: true,
				leaf_key: key.as_ref().map(RpcKey::from),
				index: None,
				error: None,
			},
			Err(refused) => RpcChainVerdict {
				valid: false,
				leaf_key: None,
				index: Some(refused.index),
				error: Some(format!("{:?}", refused.error)),
			},
		}))
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use iot_primitives::{CertError, ChainError, DeviceKey};
	use serde_json::json;

	/// The answers keep the documented JSON shapes (docs/certificates.md).
	#[test]
	fn answers_have_the_documented_json_shapes() {
		let certified: RpcCertification =
			Certification::Certified { anchor: H256::repeat_byte(1), tpm_anchor: None };
		assert_eq!(
			serde_json::to_value(&certified).expect("serialisable"),
			json!({
				"status": "Certified",
				"anchor": format!("0x{}", "01".repeat(32)),
				"tpmAnchor": null,
			})
		);
		assert_eq!(
			serde_json::to_value(Certification::Uncertified).expect("serialisable"),
			json!({ "status": "Uncertified" })
		);
		let revoked = Certification::Revoked {
			anchor: H256::repeat_byte(1),
			revocation: H256::repeat_byte(2),
		};
		let value = serde_json::to_value(&revoked).expect("serialisable");
		assert_eq!(
			value,
			json!({
				"status": "Revoked",
				"anchor": format!("0x{}", "01".repeat(32)),
				"revocation": format!("0x{}", "02".repeat(32)),
			})
		);
		assert_eq!(serde_json::from_value::<RpcCertification>(value).expect("readable"), revoked);
		let refused = ChainError { index: 2, error: CertError::Expired };
		let verdict = RpcChainVerdict {
			valid: false,
			leaf_key: None,
			index: Some(refused.index),
			error: Some(format!("{:?}", refused.error)),
		};
		assert_eq!(
			serde_json::to_value(&verdict).expect("serialisable"),
			json!({ "valid": false, "index": 2, "error": "Expired" })
		);
		let key = DeviceKey::Ed25519([3; 32]);
		let verdict = RpcChainVerdict {
			valid: true,
			leaf_key: Some(RpcKey::from(&key)),
			index: None,
			error: None,
		};
		assert_eq!(
			serde_json::to_value(&verdict).expect("serialisable"),
			json!({ "valid": true, "leafKey": { "scheme": "Ed25519", "publicKey": format!("0x{}", "03".repeat(32)) } })
		);
	}
}
