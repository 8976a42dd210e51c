//! A device's signed payloads.

use crate::{hash::Blake2_256, Error, SignatureBytes, Signer};
use iot_payloads::{Buffer, BufferTooSmall, PublicKey};

/// A signed payload: the message (in the caller's buffer) and its signature, ready for the
/// extrinsic that takes them.
///
/// ```
/// use iot_device_sdk::{Device, Ed25519Signer, MAX_MESSAGE_LEN};
///
/// let device = Device::new(Ed25519Signer::from_seed(&[1; 32]));
/// let mut buffer = [0u8; MAX_MESSAGE_LEN];
/// let signed = device.anchor(&[0; 32], 0, &[9; 32], 1, &mut buffer)?;
/// let mut encoded = [0u8; 66];
/// let argument = signed.signature.encode(&mut encoded)?; // SCALE `DeviceSignature`
/// assert_eq!((signed.message.len(), argument.len()), (119, 65));
/// # Ok::<(), iot_device_sdk::Error>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Signed<'b> {
	/// The exact bytes signed.
	pub message: &'b [u8],
	/// The device's signature of them.
	pub signature: SignatureBytes,
}

/// A signed key rotation: `rotate_key` needs the old and the new key's signatures of one message.
///
/// ```
/// use iot_device_sdk::{Device, Ed25519Signer, P256Signer, MAX_MESSAGE_LEN};
///
/// let device = Device::new(Ed25519Signer::from_seed(&[1; 32]));
/// let new = P256Signer::from_secret(&[2; 32])?; // a device may change scheme
/// let mut buffer = [0u8; MAX_MESSAGE_LEN];
/// let rotation = device.rotation(&new, &[0; 32], 0, &mut buffer)?;
/// assert!(rotation.message.starts_with(b"iotc:rotate"));
/// assert_ne!(rotation.old_signature.scheme(), rotation.new_signature.scheme());
/// # Ok::<(), iot_device_sdk::Error>(())
/// ```
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
///
/// ```
/// use iot_device_sdk::Attestation;
///
/// let evidence = Attestation {
///     firmware_digest: [0x42; 32], // the digest of the running image
///     security_version: 3,
///     boot_count: 17,
///     recent_block: 1_000,         // a block the device heard of, with its hash
///     recent_hash: [0x11; 32],
///     counter: 5,                  // above the last accepted counter
/// };
/// assert_eq!(evidence.counter, 5);
/// ```
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
///
/// ```
/// use iot_device_sdk::{Device, P256Signer};
///
/// let device = Device::new(P256Signer::from_secret(&[3; 32])?);
/// assert_eq!(device.public_key().bytes().len(), 33); // compressed SEC1
/// # Ok::<(), iot_device_sdk::Error>(())
/// ```
pub struct Device<S> {
	signer: S,
	id: [u8; 32],
}

impl<S: Signer> Device<S> {
	/// A device whose current key is its initial key: its identifier is derived from it.
	///
	/// ```
	/// use iot_device_sdk::{Device, Ed25519Signer};
	///
	/// let device = Device::new(Ed25519Signer::from_seed(&[1; 32]));
	/// assert_eq!(device.id(), &Device::<Ed25519Signer>::id_of(device.public_key()));
	/// ```
	pub fn new(signer: S) -> Self {
		let id = Self::id_of(signer.public_key());
		Self { signer, id }
	}

	/// A device whose key has been rotated: its identifier stays that of its initial key.
	///
	/// ```
	/// use iot_device_sdk::{Device, Ed25519Signer};
	///
	/// let first = Device::new(Ed25519Signer::from_seed(&[1; 32]));
	/// let rotated = Device::with_id(Ed25519Signer::from_seed(&[2; 32]), *first.id());
	/// assert_eq!(rotated.id(), first.id());
	/// assert_ne!(rotated.public_key(), first.public_key());
	/// ```
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

	/// The device's identifier (`DeviceId`, what every extrinsic names the device by).
	///
	/// ```
	/// use iot_device_sdk::{Device, Ed25519Signer};
	///
	/// assert_eq!(Device::new(Ed25519Signer::from_seed(&[0; 32])).id().len(), 32);
	/// ```
	pub fn id(&self) -> &[u8; 32] {
		&self.id
	}

	/// The device's current public key (`register_device`'s `key`).
	///
	/// ```
	/// use iot_device_sdk::{Device, Ed25519Signer, Scheme};
	///
	/// let device = Device::new(Ed25519Signer::from_seed(&[0; 32]));
	/// assert_eq!(device.public_key().scheme(), Scheme::Ed25519);
	/// ```
	pub fn public_key(&self) -> PublicKey<'_> {
		self.signer.public_key()
	}

	/// The signer.
	///
	/// ```
	/// use iot_device_sdk::{Device, Ed25519Signer, Signer};
	///
	/// let device = Device::new(Ed25519Signer::from_seed(&[0; 32]));
	/// assert_eq!(device.signer().public_key(), device.public_key());
	/// ```
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
	///
	/// ```
	/// use iot_device_sdk::{Device, Ed25519Signer, Error};
	///
	/// let device = Device::new(Ed25519Signer::from_seed(&[1; 32]));
	/// let new = Ed25519Signer::from_seed(&[2; 32]);
	/// let mut exact = [0u8; 112];
	/// assert_eq!(device.rotation(&new, &[0; 32], 0, &mut exact)?.message.len(), 112);
	/// let mut short = [0u8; 111];
	/// let refused = device.rotation(&new, &[0; 32], 0, &mut short);
	/// assert_eq!(refused.err(), Some(Error::BufferTooSmall));
	/// # Ok::<(), Error>(())
	/// ```
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
	///
	/// ```
	/// use iot_device_sdk::{Attestation, Device, Ed25519Signer, MAX_MESSAGE_LEN};
	///
	/// let device = Device::new(Ed25519Signer::from_seed(&[1; 32]));
	/// let evidence = Attestation { recent_block: 7, counter: 1, ..Default::default() };
	/// let mut buffer = [0u8; MAX_MESSAGE_LEN];
	/// let signed = device.attestation(&[0; 32], &evidence, &mut buffer)?;
	/// assert_eq!(&signed.message[11 + 32..11 + 64], device.id()); // the device, after the genesis
	/// # Ok::<(), iot_device_sdk::Error>(())
	/// ```
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
	///
	/// ```
	/// use iot_device_sdk::{Device, Ed25519Signer, MerkleRoot, MAX_MESSAGE_LEN};
	///
	/// let device = Device::new(Ed25519Signer::from_seed(&[1; 32]));
	/// let mut tree = MerkleRoot::new();
	/// tree.push(b"21.5 C")?;
	/// let batch = tree.finish()?;
	/// let mut buffer = [0u8; MAX_MESSAGE_LEN];
	/// let signed = device.anchor(&[0; 32], 0, &batch.root, batch.leaf_count, &mut buffer)?;
	/// assert!(signed.message.starts_with(b"iotc:anchor"));
	/// # Ok::<(), iot_device_sdk::Error>(())
	/// ```
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
	///
	/// ```
	/// use iot_device_sdk::{Device, P256Signer};
	///
	/// let device = Device::new(P256Signer::from_secret(&[4; 32])?);
	/// let nonce = device.quote_nonce(&[0; 32], 100, &[1; 32], 1);
	/// assert_ne!(nonce, device.quote_nonce(&[0; 32], 100, &[1; 32], 2)); // a counter per quote
	/// # Ok::<(), iot_device_sdk::Error>(())
	/// ```
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

	/// The nonce of a quote sent with boot evidence (the boot event log and the release the
	/// device claims it booted, spec §13): [`Device::quote_nonce`]'s preimage followed by the
	/// claimed release's firmware digest, so that no relayer can change or strip the claim.
	///
	/// ```
	/// use iot_device_sdk::{Device, P256Signer};
	///
	/// let device = Device::new(P256Signer::from_secret(&[4; 32])?);
	/// let plain = device.quote_nonce(&[0; 32], 100, &[1; 32], 1);
	/// let claiming = device.boot_quote_nonce(&[0; 32], 100, &[1; 32], 1, &[0xf1; 32]);
	/// assert_ne!(plain, claiming);
	/// # Ok::<(), iot_device_sdk::Error>(())
	/// ```
	pub fn boot_quote_nonce(
		&self,
		genesis: &[u8; 32],
		recent_block: u32,
		recent_hash: &[u8; 32],
		counter: u32,
		release: &[u8; 32],
	) -> [u8; 32] {
		let mut hasher = Blake2_256::default();
		let Ok(()) = iot_payloads::boot_quote_nonce_preimage(
			&mut hasher,
			genesis,
			&self.id,
			&recent_block.to_le_bytes(),
			recent_hash,
			counter,
			release,
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
