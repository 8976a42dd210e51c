//! A device's signed payloads.

use crate::{hash::Blake2_256, Error, SignatureBytes, Signer};
use iot_payloads::{Buffer, BufferTooSmall, PublicKey};

/// A signed payload: the message (in the caller's buffer) and its signature, ready for the
/// extrinsic that takes them.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Signed<'b> {
	/// The exact bytes signed.
	pub message: &'b [u8],
	/// The device's signature of them.
	pub signature: SignatureBytes,
}

/// A signed key rotation: `rotate_key` needs the old and the new key's signatures of one message.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Rotation<'b> {
	/// The exact bytes signed.
	pub message: &'b [u8],
	/// The current key's signature.
	pub old_signature: SignatureBytes,
	/// The new key's signature.
	pub new_signature: SignatureBytes,
}

/// What a device reports about its firmware (`submit_attestation`'s evidence, iot-chain's block
/// numbers being `u32`).
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct Attestation {
	/// Digest of the firmware image the device runs.
	pub firmware_digest: [u8; 32],
	/// The security version (SUIT sequence number) the firmware claims.
	pub security_version: u32,
	/// The device's boot counter.
	pub boot_count: u32,
	/// A recent block number (the chain refuses evidence older than its freshness window).
	pub recent_block: u32,
	/// The hash of `recent_block`.
	pub recent_hash: [u8; 32],
	/// A counter greater than the one of the device's last accepted evidence.
	pub counter: u32,
}

/// A device: its signer and its identifier on the chain.
pub struct Device<S> {
	signer: S,
	id: [u8; 32],
}

impl<S: Signer> Device<S> {
	/// A device whose current key is its initial key: its identifier is derived from it.
	pub fn new(signer: S) -> Self {
		let id = Self::id_of(signer.public_key());
		Self { signer, id }
	}

	/// A device whose key has been rotated: its identifier stays that of its initial key.
	pub fn with_id(signer: S, id: [u8; 32]) -> Self {
		Self { signer, id }
	}

	/// The identifier of a device whose initial key is `key`: `blake2_256(SCALE(key))`.
	///
	/// ```
	/// use iot_device_sdk::{Device, Ed25519Signer, PublicKey};
	///
	/// let device = Device::new(Ed25519Signer::from_seed(&[3; 32]));
	/// assert_eq!(device.id(), &Device::<Ed25519Signer>::id_of(device.public_key()));
	/// ```
	pub fn id_of(key: PublicKey<'_>) -> [u8; 32] {
		let mut hasher = Blake2_256::default();
		let Ok(()) = key.encode_to(&mut hasher);
		hasher.finish()
	}

	/// The device's identifier.
	pub fn id(&self) -> &[u8; 32] {
		&self.id
	}

	/// The device's current public key.
	pub fn public_key(&self) -> PublicKey<'_> {
		self.signer.public_key()
	}

	/// The signer.
	pub fn signer(&self) -> &S {
		&self.signer
	}

	/// The registration proof of possession for `register_device(key, proof, …)` by `owner`
	/// (its 32-byte account) on the chain of `genesis`.
	///
	/// ```
	/// use iot_device_sdk::{Device, Error, P256Signer, MAX_MESSAGE_LEN};
	///
	/// let device = Device::new(P256Signer::from_secret(&[5; 32])?);
	/// let mut buffer = [0u8; MAX_MESSAGE_LEN];
	/// let signed = device.registration(&[0; 32], &[1; 32], &mut buffer)?;
	/// assert_eq!(signed.message.len(), 111);
	/// assert_eq!(device.registration(&[0; 32], &[1; 32], &mut [0u8; 110]), Err(Error::BufferTooSmall));
	/// # Ok::<(), Error>(())
	/// ```
	pub fn registration<'b>(
		&self,
		genesis: &[u8; 32],
		owner: &[u8; 32],
		buffer: &'b mut [u8],
	) -> Result<Signed<'b>, Error> {
		let key = self.signer.public_key();
		self.sign_into(buffer, |out| iot_payloads::registration(out, genesis, owner, key))
	}

	/// A rotation to `new`'s key (`rotate_key(device, new_key, nonce, old_signature,
	/// new_signature)`), `nonce` being the device's current rotation nonce on the chain. After it,
	/// use `Device::with_id(new, *device.id())`.
	pub fn rotation<'b, N: Signer>(
		&self,
		new: &N,
		genesis: &[u8; 32],
		nonce: u32,
		buffer: &'b mut [u8],
	) -> Result<Rotation<'b>, Error> {
		let mut out = Buffer::new(buffer);
		iot_payloads::rotation(&mut out, genesis, &self.id, new.public_key(), nonce)?;
		let message = out.into_slice();
		let old_signature = self.signer.sign(message)?;
		let new_signature = new.sign(message)?;
		Ok(Rotation { message, old_signature, new_signature })
	}

	/// Signed attestation evidence for `submit_attestation`.
	pub fn attestation<'b>(
		&self,
		genesis: &[u8; 32],
		attestation: &Attestation,
		buffer: &'b mut [u8],
	) -> Result<Signed<'b>, Error> {
		let recent_block = attestation.recent_block.to_le_bytes();
		let evidence = iot_payloads::Evidence {
			device: &self.id,
			firmware_digest: &attestation.firmware_digest,
			security_version: attestation.security_version,
			boot_count: attestation.boot_count,
			recent_block: &recent_block,
			recent_hash: &attestation.recent_hash,
			counter: attestation.counter,
		};
		self.sign_into(buffer, |out| iot_payloads::attestation(out, genesis, &evidence))
	}

	/// A device-signed anchor of a batch's `root` and `leaf_count` for `anchor`, `seq` being the
	/// device's next anchor sequence number on the chain.
	pub fn anchor<'b>(
		&self,
		genesis: &[u8; 32],
		seq: u64,
		root: &[u8; 32],
		leaf_count: u32,
		buffer: &'b mut [u8],
	) -> Result<Signed<'b>, Error> {
		self.sign_into(buffer, |out| {
			iot_payloads::anchor(out, genesis, &self.id, seq, root, leaf_count)
		})
	}

	/// The nonce this device's TPM quote must carry in `extraData` for `submit_tpm_quote`:
	/// `blake2_256("iotc:tpm" ++ SCALE(genesis, device, recent_block, recent_hash, counter))`.
	pub fn quote_nonce(
		&self,
		genesis: &[u8; 32],
		recent_block: u32,
		recent_hash: &[u8; 32],
		counter: u32,
	) -> [u8; 32] {
		let mut hasher = Blake2_256::default();
		let Ok(()) = iot_payloads::quote_nonce_preimage(
			&mut hasher,
			genesis,
			&self.id,
			&recent_block.to_le_bytes(),
			recent_hash,
			counter,
		);
		hasher.finish()
	}

	/// Writes a message with `build` into `buffer` and signs it.
	fn sign_into<'b>(
		&self,
		buffer: &'b mut [u8],
		build: impl FnOnce(&mut Buffer<'b>) -> Result<(), BufferTooSmall>,
	) -> Result<Signed<'b>, Error> {
		let mut out = Buffer::new(buffer);
		build(&mut out)?;
		let message = out.into_slice();
		let signature = self.signer.sign(message)?;
		Ok(Signed { message, signature })
	}
}
