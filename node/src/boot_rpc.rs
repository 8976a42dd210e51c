//! The `iot_*` RPC method of measured boot (spec §13): a device's last verified boot as plain
//! JSON over the runtime's `MeasuredBootApi`.

use crate::iot_rpc::{runtime_error, Iot};
use iot_primitives::{
	api::MeasuredBootApi,
	boot::{BootRecord, BootViolation, MatchedComponent},
	DeviceId,
};
use iot_runtime::{opaque::Block, AccountId, BlockNumber};
use jsonrpsee::{core::RpcResult, proc_macros::rpc};
use serde::{Deserialize, Serialize};
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use sp_core::H256;
use sp_runtime::traits::Block as BlockT;

/// A boot whose event log the chain replayed against a quote.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RpcBoot {
	/// The TPM's reset counter of that boot.
	pub reset_count: u32,
	/// The TPM's restart counter of that boot.
	pub restart_count: u32,
	/// The quoted PCR digest the log replayed to.
	pub pcr_digest: H256,
	/// The log's events.
	pub event_count: u32,
	/// The measured Secure Boot state, or `null` if the log has none.
	pub secure_boot: Option<bool>,
	/// The release the boot counts as, or `null`.
	pub release: Option<H256>,
	/// The boot policy's components the boot matched.
	pub components: Vec<RpcComponent>,
	/// How the boot broke the policy (tagged by `kind`, camelCase fields, hex digests), or `null`.
	pub violation: Option<BootViolation>,
	/// Block of verification.
	pub verified_at: BlockNumber,
}

/// A matched component: its name (UTF-8, lossy), the event and the digest.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RpcComponent {
	/// The component's name in the policy.
	pub name: String,
	/// The event's position in the log.
	pub index: u32,
	/// The digest the event extended.
	pub digest: H256,
}

impl From<MatchedComponent> for RpcComponent {
	fn from(component: MatchedComponent) -> Self {
		Self {
			name: String::from_utf8_lossy(&component.name).into_owned(),
			index: component.index,
			digest: H256(component.digest),
		}
	}
}

impl From<BootRecord<BlockNumber>> for RpcBoot {
	fn from(boot: BootRecord<BlockNumber>) -> Self {
		Self {
			reset_count: boot.reset_count,
			restart_count: boot.restart_count,
			pcr_digest: H256(boot.pcr_digest),
			event_count: boot.event_count,
			secure_boot: boot.secure_boot,
			release: boot.release.map(H256),
			components: boot.components.into_iter().map(RpcComponent::from).collect(),
			violation: boot.violation,
			verified_at: boot.verified_at,
		}
	}
}

/// The measured-boot `iot_*` RPC method.
#[rpc(client, server)]
pub trait IotBootApi<BlockHash> {
	/// The device's last boot whose event log was verified against a quote, or `null`.
	#[method(name = "iot_lastVerifiedBoot")]
	fn last_verified_boot(
		&self,
		device: DeviceId,
		at: Option<BlockHash>,
	) -> RpcResult<Option<RpcBoot>>;
}

impl<C> IotBootApiServer<<Block as BlockT>::Hash> for Iot<C>
where
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: MeasuredBootApi<Block, AccountId, BlockNumber>,
{
	fn last_verified_boot(
		&self,
		device: DeviceId,
		at: Option<<Block as BlockT>::Hash>,
	) -> RpcResult<Option<RpcBoot>> {
		let api = self.client.runtime_api();
		Ok(api.last_verified_boot(self.at(at), device).map_err(runtime_error)?.map(RpcBoot::from))
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use iot_primitives::boot::MatchedComponents;
	use serde_json::json;

	/// The answer keeps the documented JSON shape (docs/tpm.md).
	#[test]
	fn answer_has_the_documented_json_shape() {
		let component = MatchedComponent {
			name: b"kernel".to_vec().try_into().expect("short"),
			index: 4,
			digest: [7; 32],
		};
		let boot = BootRecord {
			reset_count: 3,
			restart_count: 0,
			pcr_digest: [1; 32],
			event_count: 8,
			secure_boot: Some(true),
			release: Some([2; 32]),
			components: MatchedComponents::truncate_from(vec![component]),
			violation: Some(BootViolation::UnknownApplication { index: 5, digest: [9; 32] }),
			verified_at: 42,
		};
		let hex = |byte: &str| format!("0x{}", byte.repeat(32));
		assert_eq!(
			serde_json::to_value(RpcBoot::from(boot)).expect("serialisable"),
			json!({
				"resetCount": 3,
				"restartCount": 0,
				"pcrDigest": hex("01"),
				"eventCount": 8,
				"secureBoot": true,
				"release": hex("02"),
				"components": [{ "name": "kernel", "index": 4, "digest": hex("07") }],
				"violation": { "kind": "UnknownApplication", "index": 5, "digest": hex("09") },
				"verifiedAt": 42,
			})
		);
		assert_eq!(
			serde_json::to_value(BootViolation::UnexpectedDigest {
				index: 1,
				pcr: 0,
				event_type: 8,
				digest: [3; 32],
			})
			.expect("serialisable"),
			json!({ "kind": "UnexpectedDigest", "index": 1, "pcr": 0, "eventType": 8, "digest": hex("03") })
		);
		for (violation, expected) in [
			(
				BootViolation::MissingComponent { component: 2 },
				json!({ "kind": "MissingComponent", "component": 2 }),
			),
			(
				BootViolation::SecureBootOff { index: None },
				json!({ "kind": "SecureBootOff", "index": null }),
			),
		] {
			let value = serde_json::to_value(violation).expect("serialisable");
			assert_eq!(value, expected);
			assert_eq!(
				serde_json::from_value::<BootViolation>(value).expect("readable"),
				violation
			);
		}
	}
}
