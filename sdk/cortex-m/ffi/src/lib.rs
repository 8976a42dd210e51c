//! # iot-device-sdk-ffi
//!
//! The C interface of `iot-device-sdk` (spec §14): a static library (`libiot_device_sdk.a`) and the
//! header `sdk/include/iot_device_sdk.h` that cbindgen generates from this file.
//!
//! Nothing allocates. A device (`IotcDevice`) and a Merkle tree (`IotcMerkle`) live in storage the
//! C caller owns (a static or a stack variable), initialised by `iotc_device_init` and
//! `iotc_merkle_init`; messages and signatures are written into the caller's buffers. Every
//! function returns `IOTC_STATUS_OK` or a negative `IotcStatus`, and checks its pointers for
//! NULL; it cannot check that a non-NULL pointer is valid (that is C's contract).
#![no_std]
#![deny(unsafe_op_in_unsafe_fn)]

use core::mem::{align_of, size_of, MaybeUninit};
use iot_device_sdk::{
	Attestation, Device, Ed25519Signer, Error, MerkleRoot, P256Signer, PublicKey, Scheme,
	SignatureBytes, Signed, Signer,
};

/// What a function returns: `IOTC_STATUS_OK` (0), or why it failed (negative).
#[repr(i32)]
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum IotcStatus {
	/// Done.
	Ok = 0,
	/// An output buffer is too small for what it must hold.
	BufferTooSmall = -1,
	/// A reading is longer than 64 KiB (`IOTC_MAX_LEAF_LEN`).
	ReadingTooLong = -2,
	/// A tree already holds 2^32 - 1 readings.
	TooManyReadings = -3,
	/// A tree of no readings has no root.
	NoReadings = -4,
	/// A reading index is not in the tree.
	IndexOutOfRange = -5,
	/// A signature's length is not its scheme's.
	BadSignatureLength = -6,
	/// The secret is not a valid key of the scheme.
	InvalidSecret = -7,
	/// The signer failed.
	SignerFailed = -8,
	/// A required pointer is NULL.
	NullPointer = -9,
	/// The scheme is not one this library signs with (`IOTC_SCHEME_ED25519`, `IOTC_SCHEME_P256`).
	UnknownScheme = -10,
	/// The `IotcDevice` or `IotcMerkle` was not initialised.
	NotInitialised = -11,
}

impl From<Error> for IotcStatus {
	fn from(error: Error) -> Self {
		match error {
			Error::BufferTooSmall => Self::BufferTooSmall,
			Error::ReadingTooLong => Self::ReadingTooLong,
			Error::TooManyReadings => Self::TooManyReadings,
			Error::NoReadings => Self::NoReadings,
			Error::IndexOutOfRange => Self::IndexOutOfRange,
			Error::BadSignatureLength => Self::BadSignatureLength,
			Error::InvalidSecret => Self::InvalidSecret,
			Error::SignerFailed => Self::SignerFailed,
		}
	}
}

/// The Ed25519 scheme (the SCALE index of `DeviceKey::Ed25519`).
pub const IOTC_SCHEME_ED25519: u8 = 0;
/// The NIST P-256 scheme (the SCALE index of `DeviceKey::P256`).
pub const IOTC_SCHEME_P256: u8 = 3;
/// A buffer of this size holds every message (`iotc_registration`, `iotc_attestation`,
/// `iotc_anchor`).
pub const IOTC_MAX_MESSAGE_LEN: usize = 160;
/// A buffer of this size holds every SCALE-encoded key (scheme byte + up to 33 bytes).
pub const IOTC_MAX_KEY_LEN: usize = 34;
/// A buffer of this size holds every SCALE-encoded signature (scheme byte + up to 65 bytes).
pub const IOTC_MAX_SIGNATURE_LEN: usize = 66;
/// The longest reading the chain proves (64 KiB).
pub const IOTC_MAX_LEAF_LEN: usize = 65536;

/// Storage for a device (its key and identifier); initialise it with `iotc_device_init`.
#[repr(C)]
pub struct IotcDevice {
	/// Set by `iotc_device_init`.
	initialised: u32,
	/// The Rust device, opaque to C.
	opaque: [u64; 64],
}

/// Storage for a Merkle tree being computed; initialise it with `iotc_merkle_init`.
#[repr(C)]
pub struct IotcMerkle {
	/// Set by `iotc_merkle_init`.
	initialised: u32,
	/// The Rust tree, opaque to C.
	opaque: [u64; 140],
}

/// Attestation evidence (`submit_attestation`), as `iot_device_sdk::Attestation`.
#[repr(C)]
pub struct IotcAttestation {
	/// Digest of the firmware image the device runs.
	pub firmware_digest: [u8; 32],
	/// The security version the firmware claims.
	pub security_version: u32,
	/// The device's boot counter.
	pub boot_count: u32,
	/// A recent block number.
	pub recent_block: u32,
	/// The hash of that block.
	pub recent_hash: [u8; 32],
	/// A counter above the device's last accepted one.
	pub counter: u32,
}

/// A signed message's outputs: the message and the SCALE `DeviceSignature`, each in a caller
/// buffer, with their lengths.
#[repr(C)]
pub struct IotcSigned {
	/// Where the message goes (`IOTC_MAX_MESSAGE_LEN` bytes suffice).
	pub message: *mut u8,
	/// The capacity of `message`.
	pub message_capacity: usize,
	/// Set to the message's length.
	pub message_len: usize,
	/// Where the SCALE `DeviceSignature` goes (`IOTC_MAX_SIGNATURE_LEN` bytes suffice).
	pub signature: *mut u8,
	/// The capacity of `signature`.
	pub signature_capacity: usize,
	/// Set to the signature's length.
	pub signature_len: usize,
}

/// The Rust device inside an `IotcDevice`.
enum AnyDevice {
	Ed25519(Device<Ed25519Signer>),
	P256(Device<P256Signer>),
	External(Device<ExternalSigner>),
}

/// A signer outside this library — a secure element, a TPM — that signs through a C function:
/// it writes the raw signature of the `message_len` bytes at `message` into `signature` (of
/// `signature_capacity` bytes; 64 for Ed25519 and P-256 `r || s`, 65 for secp256k1 `r || s || v`)
/// and its length into `signature_len`, and returns 0, or anything else if it failed
/// (`IOTC_STATUS_SIGNER_FAILED`). `context` is passed through unchanged.
pub type IotcSignFn = Option<
	unsafe extern "C" fn(
		context: *mut core::ffi::c_void,
		message: *const u8,
		message_len: usize,
		signature: *mut u8,
		signature_capacity: usize,
		signature_len: *mut usize,
	) -> i32,
>;

/// The Rust side of an external signer: its public key and its C function.
struct ExternalSigner {
	scheme: Scheme,
	key: [u8; 33],
	sign: unsafe extern "C" fn(
		*mut core::ffi::c_void,
		*const u8,
		usize,
		*mut u8,
		usize,
		*mut usize,
	) -> i32,
	context: *mut core::ffi::c_void,
}

impl Signer for ExternalSigner {
	fn public_key(&self) -> PublicKey<'_> {
		let short = self.key.first_chunk::<32>();
		match (self.scheme, short) {
			(Scheme::Ed25519, Some(key)) => PublicKey::Ed25519(key),
			(Scheme::Sr25519, Some(key)) => PublicKey::Sr25519(key),
			(Scheme::Ecdsa, _) => PublicKey::Ecdsa(&self.key),
			_ => PublicKey::P256(&self.key),
		}
	}

	fn sign(&self, message: &[u8]) -> Result<SignatureBytes, Error> {
		let mut signature = [0u8; 65];
		let mut len = 0usize;
		// SAFETY: the C function's contract (`iotc_device_init_external`): it writes at most
		// `signature.len()` bytes into `signature` and one `size_t` into `len`.
		let failed = unsafe {
			(self.sign)(
				self.context,
				message.as_ptr(),
				message.len(),
				signature.as_mut_ptr(),
				signature.len(),
				&mut len,
			)
		};
		if failed != 0 {
			return Err(Error::SignerFailed);
		}
		SignatureBytes::new(self.scheme, signature.get(..len).ok_or(Error::BadSignatureLength)?)
	}
}

/// `initialised` of live storage.
const MAGIC: u32 = 0x696f_7463; // "iotc"

const _: () = assert!(size_of::<AnyDevice>() <= size_of::<[u64; 64]>());
const _: () = assert!(align_of::<AnyDevice>() <= align_of::<u64>());
const _: () = assert!(size_of::<MerkleRoot>() <= size_of::<[u64; 140]>());
const _: () = assert!(align_of::<MerkleRoot>() <= align_of::<u64>());
const _: () = assert!(IOTC_MAX_MESSAGE_LEN == iot_device_sdk::MAX_MESSAGE_LEN);
const _: () = assert!(IOTC_MAX_LEAF_LEN == iot_device_sdk::MAX_LEAF_LEN);

#[cfg(not(test))]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
	// The SDK does not panic on input; should anything else, stop here (a debugger sees it).
	loop {
		core::hint::spin_loop();
	}
}

fn status(result: Result<(), IotcStatus>) -> IotcStatus {
	result.err().unwrap_or(IotcStatus::Ok)
}

/// The `len` bytes at `pointer` (NULL only if `len` is 0).
///
/// # Safety
/// `pointer` points to `len` readable bytes.
unsafe fn input<'a>(pointer: *const u8, len: usize) -> Result<&'a [u8], IotcStatus> {
	if len == 0 {
		return Ok(&[]);
	}
	if pointer.is_null() {
		return Err(IotcStatus::NullPointer);
	}
	// SAFETY: the caller's contract.
	Ok(unsafe { core::slice::from_raw_parts(pointer, len) })
}

/// The 32 bytes at `pointer`.
///
/// # Safety
/// `pointer` points to 32 readable bytes.
unsafe fn array<'a>(pointer: *const u8) -> Result<&'a [u8; 32], IotcStatus> {
	// SAFETY: the caller's contract.
	let bytes = unsafe { input(pointer, 32) }?;
	bytes.try_into().map_err(|_| IotcStatus::BufferTooSmall)
}

/// The device in `device`'s storage.
///
/// # Safety
/// `device` is NULL or points to an `IotcDevice`.
unsafe fn device<'a>(device: *const IotcDevice) -> Result<&'a AnyDevice, IotcStatus> {
	// SAFETY: the caller's contract.
	let storage = unsafe { device.as_ref() }.ok_or(IotcStatus::NullPointer)?;
	if storage.initialised != MAGIC {
		return Err(IotcStatus::NotInitialised);
	}
	// SAFETY: `iotc_device_init` wrote an `AnyDevice` at the start of `opaque` (size and
	// alignment checked at compile time) and set `initialised`.
	Ok(unsafe { &*(storage.opaque.as_ptr() as *const AnyDevice) })
}

/// Copies a signed message into the caller's outputs.
///
/// # Safety
/// `out` is NULL or points to an `IotcSigned` whose buffers have the capacities it states.
unsafe fn write_signed(signed: Signed<'_>, out: *mut IotcSigned) -> Result<(), IotcStatus> {
	// SAFETY: the caller's contract.
	let out = unsafe { out.as_mut() }.ok_or(IotcStatus::NullPointer)?;
	if out.message.is_null() || out.signature.is_null() {
		return Err(IotcStatus::NullPointer);
	}
	// SAFETY: the caller's contract: `message` has `message_capacity` writable bytes.
	let message = unsafe { core::slice::from_raw_parts_mut(out.message, out.message_capacity) };
	// SAFETY: as above, for `signature`.
	let signature =
		unsafe { core::slice::from_raw_parts_mut(out.signature, out.signature_capacity) };
	let target = message.get_mut(..signed.message.len()).ok_or(IotcStatus::BufferTooSmall)?;
	target.copy_from_slice(signed.message);
	let encoded = signed.signature.encode(signature)?.len();
	out.message_len = signed.message.len();
	out.signature_len = encoded;
	Ok(())
}

/// Runs `sign` with the device's signer and copies the result out.
///
/// # Safety
/// As [`device`] and [`write_signed`].
unsafe fn signed_by(
	storage: *const IotcDevice,
	out: *mut IotcSigned,
	sign: impl for<'b> FnOnce(&dyn DeviceOps, &'b mut [u8]) -> Result<Signed<'b>, Error>,
) -> Result<(), IotcStatus> {
	// SAFETY: the caller's contract.
	let device = unsafe { device(storage) }?;
	let mut buffer = [0u8; IOTC_MAX_MESSAGE_LEN];
	let signed = sign(ops(device), &mut buffer)?;
	// SAFETY: the caller's contract.
	unsafe { write_signed(signed, out) }
}

/// A device of `signer` whose identifier is `id`, or its key's when `id` is `None`.
fn make<S: Signer>(signer: S, id: Option<[u8; 32]>) -> Device<S> {
	match id {
		Some(id) => Device::with_id(signer, id),
		None => Device::new(signer),
	}
}

/// The device's calls, whatever its signer.
fn ops(device: &AnyDevice) -> &dyn DeviceOps {
	match device {
		AnyDevice::Ed25519(device) => device,
		AnyDevice::P256(device) => device,
		AnyDevice::External(device) => device,
	}
}

/// The SDK's device calls, whatever the signer.
trait DeviceOps {
	fn id(&self) -> &[u8; 32];
	fn key(&self, out: &mut [u8]) -> Result<usize, Error>;
	fn registration<'b>(
		&self,
		g: &[u8; 32],
		o: &[u8; 32],
		b: &'b mut [u8],
	) -> Result<Signed<'b>, Error>;
	fn attestation<'b>(
		&self,
		g: &[u8; 32],
		a: &Attestation,
		b: &'b mut [u8],
	) -> Result<Signed<'b>, Error>;
	fn anchor<'b>(
		&self,
		g: &[u8; 32],
		seq: u64,
		root: &[u8; 32],
		count: u32,
		b: &'b mut [u8],
	) -> Result<Signed<'b>, Error>;
	fn quote_nonce(&self, g: &[u8; 32], block: u32, hash: &[u8; 32], counter: u32) -> [u8; 32];
	fn boot_quote_nonce(
		&self,
		g: &[u8; 32],
		block: u32,
		hash: &[u8; 32],
		counter: u32,
		release: &[u8; 32],
	) -> [u8; 32];
	fn sign(&self, message: &[u8]) -> Result<SignatureBytes, Error>;
}

impl<S: Signer> DeviceOps for Device<S> {
	fn id(&self) -> &[u8; 32] {
		Device::id(self)
	}

	fn key(&self, out: &mut [u8]) -> Result<usize, Error> {
		let key = self.public_key();
		let len = 1 + key.bytes().len();
		let target = out.get_mut(..len).ok_or(Error::BufferTooSmall)?;
		if let Some((scheme, bytes)) = target.split_first_mut() {
			*scheme = key.scheme() as u8;
			bytes.copy_from_slice(key.bytes());
		}
		Ok(len)
	}

	fn registration<'b>(
		&self,
		g: &[u8; 32],
		o: &[u8; 32],
		b: &'b mut [u8],
	) -> Result<Signed<'b>, Error> {
		Device::registration(self, g, o, b)
	}

	fn attestation<'b>(
		&self,
		g: &[u8; 32],
		a: &Attestation,
		b: &'b mut [u8],
	) -> Result<Signed<'b>, Error> {
		Device::attestation(self, g, a, b)
	}

	fn anchor<'b>(
		&self,
		g: &[u8; 32],
		seq: u64,
		root: &[u8; 32],
		count: u32,
		b: &'b mut [u8],
	) -> Result<Signed<'b>, Error> {
		Device::anchor(self, g, seq, root, count, b)
	}

	fn quote_nonce(&self, g: &[u8; 32], block: u32, hash: &[u8; 32], counter: u32) -> [u8; 32] {
		Device::quote_nonce(self, g, block, hash, counter)
	}

	fn boot_quote_nonce(
		&self,
		g: &[u8; 32],
		block: u32,
		hash: &[u8; 32],
		counter: u32,
		release: &[u8; 32],
	) -> [u8; 32] {
		Device::boot_quote_nonce(self, g, block, hash, counter, release)
	}

	fn sign(&self, message: &[u8]) -> Result<SignatureBytes, Error> {
		self.signer().sign(message)
	}
}

/// Initialises `device` with the key of `scheme` (`IOTC_SCHEME_ED25519`: a 32-byte seed;
/// `IOTC_SCHEME_P256`: a 32-byte big-endian secret scalar) from `secret`. `id` is NULL for a device
/// whose key is its initial key (its identifier is derived from it), or the 32-byte identifier of
/// a device whose key has been rotated (the identifier of its first key).
///
/// # Safety
/// `device` points to writable `IotcDevice` storage, `secret` to 32 readable bytes, `id` is NULL
/// or points to 32 readable bytes.
#[no_mangle]
pub unsafe extern "C" fn iotc_device_init(
	device: *mut IotcDevice,
	scheme: u8,
	secret: *const u8,
	id: *const u8,
) -> IotcStatus {
	status((|| {
		// SAFETY: the caller's contract.
		let secret = unsafe { array(secret) }?;
		// SAFETY: the caller's contract.
		let id = if id.is_null() { None } else { Some(*unsafe { array(id) }?) };
		// SAFETY: the caller's contract.
		let storage = unsafe { device.as_mut() }.ok_or(IotcStatus::NullPointer)?;
		let value = match scheme {
			IOTC_SCHEME_ED25519 => AnyDevice::Ed25519(make(Ed25519Signer::from_seed(secret), id)),
			IOTC_SCHEME_P256 => AnyDevice::P256(make(P256Signer::from_secret(secret)?, id)),
			_ => return Err(IotcStatus::UnknownScheme),
		};
		let slot = storage.opaque.as_mut_ptr() as *mut MaybeUninit<AnyDevice>;
		// SAFETY: `opaque` is large and aligned enough (checked at compile time) and owned by us.
		unsafe { (*slot).write(value) };
		storage.initialised = MAGIC;
		Ok(())
	})())
}

/// Initialises `device` with a key held outside this library (a secure element, a TPM): its
/// SCALE `DeviceKey` (`key_len` bytes at `key`: the scheme byte, then 32 bytes for Ed25519 or 33
/// for P-256 and secp256k1) and the C function that signs with it, called with `context`. `id` as
/// in `iotc_device_init`.
///
/// # Safety
/// `device` points to writable `IotcDevice` storage, `key` to `key_len` readable bytes, `id` is
/// NULL or points to 32 readable bytes; `sign` follows `IotcSignFn`'s contract for as long as the
/// device is used.
#[no_mangle]
pub unsafe extern "C" fn iotc_device_init_external(
	device: *mut IotcDevice,
	key: *const u8,
	key_len: usize,
	sign: IotcSignFn,
	context: *mut core::ffi::c_void,
	id: *const u8,
) -> IotcStatus {
	status((|| {
		// SAFETY: the caller's contract.
		let key = unsafe { input(key, key_len) }?;
		let sign = sign.ok_or(IotcStatus::NullPointer)?;
		// SAFETY: the caller's contract.
		let id = if id.is_null() { None } else { Some(*unsafe { array(id) }?) };
		// SAFETY: the caller's contract.
		let storage = unsafe { device.as_mut() }.ok_or(IotcStatus::NullPointer)?;
		let (&index, bytes) = key.split_first().ok_or(IotcStatus::BufferTooSmall)?;
		let scheme = match index {
			0 => Scheme::Ed25519,
			1 => Scheme::Sr25519,
			2 => Scheme::Ecdsa,
			3 => Scheme::P256,
			_ => return Err(IotcStatus::UnknownScheme),
		};
		if bytes.len() != scheme.key_len() {
			return Err(IotcStatus::BufferTooSmall);
		}
		let mut stored = [0u8; 33];
		stored.get_mut(..bytes.len()).ok_or(IotcStatus::BufferTooSmall)?.copy_from_slice(bytes);
		let signer = ExternalSigner { scheme, key: stored, sign, context };
		let device = make(signer, id);
		let slot = storage.opaque.as_mut_ptr() as *mut MaybeUninit<AnyDevice>;
		// SAFETY: `opaque` is large and aligned enough (checked at compile time) and owned by us.
		unsafe { (*slot).write(AnyDevice::External(device)) };
		storage.initialised = MAGIC;
		Ok(())
	})())
}

/// Signs the `message_len` bytes at `message` with the device's key and writes the raw signature
/// (64 bytes, or 65 for secp256k1; no scheme byte) into `signature` (of `signature_capacity`
/// bytes) and its length into `signature_len`: for protocols of the firmware's own. The chain's
/// messages come from `iotc_registration` and its siblings.
///
/// # Safety
/// `device` points to an initialised `IotcDevice`, `message` to `message_len` readable bytes,
/// `signature` to `signature_capacity` writable bytes, `signature_len` to a writable `size_t`.
#[no_mangle]
pub unsafe extern "C" fn iotc_device_sign(
	device: *const IotcDevice,
	message: *const u8,
	message_len: usize,
	signature: *mut u8,
	signature_capacity: usize,
	signature_len: *mut usize,
) -> IotcStatus {
	status((|| {
		// SAFETY: the caller's contract.
		let (device, message) = unsafe { (self::device(device)?, input(message, message_len)?) };
		if signature.is_null() {
			return Err(IotcStatus::NullPointer);
		}
		// SAFETY: the caller's contract.
		let out = unsafe { core::slice::from_raw_parts_mut(signature, signature_capacity) };
		// SAFETY: the caller's contract.
		let signature_len = unsafe { signature_len.as_mut() }.ok_or(IotcStatus::NullPointer)?;
		let signed = ops(device).sign(message)?;
		let bytes = signed.as_bytes();
		out.get_mut(..bytes.len()).ok_or(IotcStatus::BufferTooSmall)?.copy_from_slice(bytes);
		*signature_len = bytes.len();
		Ok(())
	})())
}

/// Writes the device's 32-byte identifier into `id`.
///
/// # Safety
/// `device` points to an initialised `IotcDevice` and `id` to 32 writable bytes.
#[no_mangle]
pub unsafe extern "C" fn iotc_device_id(device: *const IotcDevice, id: *mut u8) -> IotcStatus {
	status((|| {
		// SAFETY: the caller's contract.
		let device = unsafe { self::device(device) }?;
		let source = ops(device).id();
		// SAFETY: the caller's contract.
		let id = unsafe { id.cast::<[u8; 32]>().as_mut() }.ok_or(IotcStatus::NullPointer)?;
		*id = *source;
		Ok(())
	})())
}

/// Writes the device's SCALE `DeviceKey` (scheme byte, then the key) into `key` (of `capacity`
/// bytes; `IOTC_MAX_KEY_LEN` suffice) and its length into `key_len`.
///
/// # Safety
/// `device` points to an initialised `IotcDevice`, `key` to `capacity` writable bytes and
/// `key_len` to a writable `size_t`.
#[no_mangle]
pub unsafe extern "C" fn iotc_device_key(
	device: *const IotcDevice,
	key: *mut u8,
	capacity: usize,
	key_len: *mut usize,
) -> IotcStatus {
	status((|| {
		// SAFETY: the caller's contract.
		let device = unsafe { self::device(device) }?;
		if key.is_null() {
			return Err(IotcStatus::NullPointer);
		}
		// SAFETY: the caller's contract.
		let out = unsafe { core::slice::from_raw_parts_mut(key, capacity) };
		// SAFETY: the caller's contract.
		let key_len = unsafe { key_len.as_mut() }.ok_or(IotcStatus::NullPointer)?;
		*key_len = ops(device).key(out)?;
		Ok(())
	})())
}

/// The registration proof of possession for `register_device` by `owner` (32-byte account) on the
/// chain of `genesis`.
///
/// # Safety
/// `device` points to an initialised `IotcDevice`, `genesis` and `owner` to 32 readable bytes,
/// `out` to an `IotcSigned` with valid buffers.
#[no_mangle]
pub unsafe extern "C" fn iotc_registration(
	device: *const IotcDevice,
	genesis: *const u8,
	owner: *const u8,
	out: *mut IotcSigned,
) -> IotcStatus {
	status((|| {
		// SAFETY: the caller's contract.
		let (genesis, owner) = unsafe { (array(genesis)?, array(owner)?) };
		// SAFETY: the caller's contract.
		unsafe { signed_by(device, out, |d, b| d.registration(genesis, owner, b)) }
	})())
}

/// Signed attestation evidence for `submit_attestation`.
///
/// # Safety
/// `device` points to an initialised `IotcDevice`, `genesis` to 32 readable bytes, `attestation`
/// to an `IotcAttestation`, `out` to an `IotcSigned` with valid buffers.
#[no_mangle]
pub unsafe extern "C" fn iotc_attestation(
	device: *const IotcDevice,
	genesis: *const u8,
	attestation: *const IotcAttestation,
	out: *mut IotcSigned,
) -> IotcStatus {
	status((|| {
		// SAFETY: the caller's contract.
		let genesis = unsafe { array(genesis) }?;
		// SAFETY: the caller's contract.
		let a = unsafe { attestation.as_ref() }.ok_or(IotcStatus::NullPointer)?;
		let attestation = Attestation {
			firmware_digest: a.firmware_digest,
			security_version: a.security_version,
			boot_count: a.boot_count,
			recent_block: a.recent_block,
			recent_hash: a.recent_hash,
			counter: a.counter,
		};
		// SAFETY: the caller's contract.
		unsafe { signed_by(device, out, |d, b| d.attestation(genesis, &attestation, b)) }
	})())
}

/// A device-signed anchor of a batch (`root`, `leaf_count`) for `anchor`, `seq` being the
/// device's next anchor sequence number.
///
/// # Safety
/// `device` points to an initialised `IotcDevice`, `genesis` and `root` to 32 readable bytes,
/// `out` to an `IotcSigned` with valid buffers.
#[no_mangle]
pub unsafe extern "C" fn iotc_anchor(
	device: *const IotcDevice,
	genesis: *const u8,
	seq: u64,
	root: *const u8,
	leaf_count: u32,
	out: *mut IotcSigned,
) -> IotcStatus {
	status((|| {
		// SAFETY: the caller's contract.
		let (genesis, root) = unsafe { (array(genesis)?, array(root)?) };
		// SAFETY: the caller's contract.
		unsafe { signed_by(device, out, |d, b| d.anchor(genesis, seq, root, leaf_count, b)) }
	})())
}

/// The 32-byte nonce the device's TPM quote carries for `submit_tpm_quote`.
///
/// # Safety
/// `device` points to an initialised `IotcDevice`, `genesis` and `recent_hash` to 32 readable
/// bytes, `nonce` to 32 writable bytes.
#[no_mangle]
pub unsafe extern "C" fn iotc_quote_nonce(
	device: *const IotcDevice,
	genesis: *const u8,
	recent_block: u32,
	recent_hash: *const u8,
	counter: u32,
	nonce: *mut u8,
) -> IotcStatus {
	status((|| {
		// SAFETY: the caller's contract.
		let device = unsafe { self::device(device) }?;
		// SAFETY: the caller's contract.
		let (genesis, recent_hash) = unsafe { (array(genesis)?, array(recent_hash)?) };
		// SAFETY: the caller's contract.
		let nonce = unsafe { nonce.cast::<[u8; 32]>().as_mut() }.ok_or(IotcStatus::NullPointer)?;
		*nonce = ops(device).quote_nonce(genesis, recent_block, recent_hash, counter);
		Ok(())
	})())
}

/// The 32-byte nonce of a TPM quote sent with boot evidence (the boot event log and the release
/// the device claims it booted, spec §13): `iotc_quote_nonce`'s preimage followed by `release`,
/// the claimed release's firmware digest, so that no relayer can change or strip the claim.
///
/// # Safety
/// `device` points to an initialised `IotcDevice`, `genesis`, `recent_hash` and `release` to 32
/// readable bytes, `nonce` to 32 writable bytes.
#[no_mangle]
pub unsafe extern "C" fn iotc_boot_quote_nonce(
	device: *const IotcDevice,
	genesis: *const u8,
	recent_block: u32,
	recent_hash: *const u8,
	counter: u32,
	release: *const u8,
	nonce: *mut u8,
) -> IotcStatus {
	status((|| {
		// SAFETY: the caller's contract.
		let device = unsafe { self::device(device) }?;
		// SAFETY: the caller's contract.
		let (genesis, recent_hash, release) =
			unsafe { (array(genesis)?, array(recent_hash)?, array(release)?) };
		// SAFETY: the caller's contract.
		let nonce = unsafe { nonce.cast::<[u8; 32]>().as_mut() }.ok_or(IotcStatus::NullPointer)?;
		*nonce = ops(device).boot_quote_nonce(genesis, recent_block, recent_hash, counter, release);
		Ok(())
	})())
}

/// The tree in `merkle`'s storage.
///
/// # Safety
/// `merkle` is NULL or points to an `IotcMerkle`.
unsafe fn tree<'a>(merkle: *mut IotcMerkle) -> Result<&'a mut MerkleRoot, IotcStatus> {
	// SAFETY: the caller's contract.
	let storage = unsafe { merkle.as_mut() }.ok_or(IotcStatus::NullPointer)?;
	if storage.initialised != MAGIC {
		return Err(IotcStatus::NotInitialised);
	}
	// SAFETY: `iotc_merkle_init` wrote a `MerkleRoot` there (size and alignment checked at compile
	// time) and set `initialised`.
	Ok(unsafe { &mut *(storage.opaque.as_mut_ptr() as *mut MerkleRoot) })
}

/// Initialises (or resets) `merkle` to an empty tree.
///
/// # Safety
/// `merkle` points to writable `IotcMerkle` storage.
#[no_mangle]
pub unsafe extern "C" fn iotc_merkle_init(merkle: *mut IotcMerkle) -> IotcStatus {
	status((|| {
		// SAFETY: the caller's contract.
		let storage = unsafe { merkle.as_mut() }.ok_or(IotcStatus::NullPointer)?;
		let slot = storage.opaque.as_mut_ptr() as *mut MaybeUninit<MerkleRoot>;
		// SAFETY: `opaque` is large and aligned enough (checked at compile time).
		unsafe { (*slot).write(MerkleRoot::new()) };
		storage.initialised = MAGIC;
		Ok(())
	})())
}

/// Adds the next reading (`len` bytes at `reading`, at most `IOTC_MAX_LEAF_LEN`).
///
/// # Safety
/// `merkle` points to an initialised `IotcMerkle`, `reading` to `len` readable bytes.
#[no_mangle]
pub unsafe extern "C" fn iotc_merkle_push(
	merkle: *mut IotcMerkle,
	reading: *const u8,
	len: usize,
) -> IotcStatus {
	status((|| {
		// SAFETY: the caller's contract.
		let (tree, reading) = unsafe { (tree(merkle)?, input(reading, len)?) };
		Ok(tree.push(reading)?)
	})())
}

/// Writes the root of the readings pushed into `root` (32 bytes) and their count into
/// `leaf_count`; the tree is unchanged.
///
/// # Safety
/// `merkle` points to an initialised `IotcMerkle`, `root` to 32 writable bytes, `leaf_count` to a
/// writable `uint32_t`.
#[no_mangle]
pub unsafe extern "C" fn iotc_merkle_root(
	merkle: *mut IotcMerkle,
	root: *mut u8,
	leaf_count: *mut u32,
) -> IotcStatus {
	status((|| {
		// SAFETY: the caller's contract.
		let tree = unsafe { tree(merkle) }?;
		// SAFETY: the caller's contract.
		let root = unsafe { root.cast::<[u8; 32]>().as_mut() }.ok_or(IotcStatus::NullPointer)?;
		// SAFETY: the caller's contract.
		let leaf_count = unsafe { leaf_count.as_mut() }.ok_or(IotcStatus::NullPointer)?;
		let batch = tree.finish()?;
		*root = batch.root;
		*leaf_count = batch.leaf_count;
		Ok(())
	})())
}

// The scheme constants are the SDK's scheme indexes.
const _: () =
	assert!(Scheme::Ed25519 as u8 == IOTC_SCHEME_ED25519 && Scheme::P256 as u8 == IOTC_SCHEME_P256);
