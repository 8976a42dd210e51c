//! What the SDK's integration tests share: the chain's own types for what the SDK produced, so
//! that `iot-primitives` (the runtime's code) verifies it.

use iot_device_sdk::{PublicKey, SignatureBytes};
use iot_primitives::{DeviceKey, DeviceSignature};

/// The chain's `DeviceKey` of an SDK public key.
pub fn chain_key(key: PublicKey<'_>) -> DeviceKey {
	match key {
		PublicKey::Ed25519(k) => DeviceKey::Ed25519(*k),
		PublicKey::Sr25519(k) => DeviceKey::Sr25519(*k),
		PublicKey::Ecdsa(k) => DeviceKey::Ecdsa(*k),
		PublicKey::P256(k) => DeviceKey::P256(*k),
	}
}

/// The chain's `DeviceSignature`, decoded from the SCALE bytes the SDK encodes.
pub fn chain_signature(signature: &SignatureBytes) -> DeviceSignature {
	let mut encoded = [0u8; 66];
	let encoded = signature.encode(&mut encoded).expect("66 bytes hold any signature");
	codec::Decode::decode(&mut &encoded[..]).expect("the SDK encodes a DeviceSignature")
}
