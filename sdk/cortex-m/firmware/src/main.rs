//! # iot-sample-firmware
//!
//! A Cortex-M4 firmware on `iot-device-sdk`, for `qemu-system-arm -machine mps2-an386` with
//! semihosting (scripts/sdk-test.sh runs it). It reads its inputs from the host file
//! `iot-firmware-input.bin` (in QEMU's working directory), derives its key from the seed there,
//! and prints, one line each, in hex:
//!
//! ```text
//! scheme ed25519|p256
//! device <device id>
//! key <SCALE DeviceKey>
//! register <message> <SCALE DeviceSignature>
//! attest <message> <SCALE DeviceSignature>
//! nonce <quote nonce> <boot quote nonce>
//! merkle <root> 1000
//! anchor <message> <SCALE DeviceSignature>
//! stack register <bytes> attest <bytes> merkle <bytes> anchor <bytes>
//! ```
//!
//! `nonce` is what a TPM quote of this device must carry (`submit_tpm_quote`) for the
//! attestation input's recent block, hash and counter: without boot evidence, and with boot
//! evidence claiming the input's firmware digest as the booted release (spec §13).
//! The 1,000 readings are `reading 0` … `reading 999`. `stack` is the high-water mark of each
//! path, measured by painting the unused stack and finding the deepest word overwritten.
//!
//! Input layout (184 bytes): seed `[0..32]` (Ed25519 seed or P-256 secret scalar), genesis hash
//! `[32..64]`, owner account `[64..96]`, firmware digest `[96..128]`, security version `u32` LE
//! `[128..132]`, boot count `[132..136]`, recent block `[136..140]`, recent block hash
//! `[140..172]`, attestation counter `[172..176]`, anchor sequence number `u64` LE `[176..184]`.
#![no_std]
#![no_main]
#![deny(unsafe_op_in_unsafe_fn)]

use cortex_m_rt::entry;
use cortex_m_semihosting::{debug, hio, syscall};
use iot_device_sdk::{Attestation, Device, Error, MerkleRoot, Signed, Signer, MAX_MESSAGE_LEN};

/// The size of the input file.
const INPUT_LEN: usize = 184;
/// The host file the inputs are read from (NUL-terminated for semihosting).
const INPUT_FILE: &[u8] = b"iot-firmware-input.bin\0";
/// How much stack below the caller's frame is painted to measure the signing paths.
const PAINT: usize = 24 * 1024;
/// The painted pattern.
const PATTERN: u32 = 0xa5a5_a5a5;

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
	fail(b"panic\n")
}

/// Prints `why` and makes QEMU exit with a failure status.
fn fail(why: &[u8]) -> ! {
	print(b"error ");
	print(why);
	debug::exit(debug::EXIT_FAILURE);
	halt()
}

/// Stops here (only reached if the host ignored the semihosting exit).
fn halt() -> ! {
	loop {
		cortex_m::asm::wfi();
	}
}

fn print(bytes: &[u8]) {
	if let Ok(mut out) = hio::hstdout() {
		let _ = out.write_all(bytes);
	}
}

fn print_hex(bytes: &[u8]) {
	const DIGITS: &[u8; 16] = b"0123456789abcdef";
	let mut line = [0u8; 2 * 256];
	let mut len = 0;
	for chunk in bytes.chunks(256) {
		for (i, byte) in chunk.iter().enumerate() {
			line[2 * i] = DIGITS[usize::from(byte >> 4)];
			line[2 * i + 1] = DIGITS[usize::from(byte & 0xf)];
			len = 2 * (i + 1);
		}
		print(&line[..len]);
	}
}

/// `value` in decimal, in `digits`.
fn decimal(mut value: u32, digits: &mut [u8; 10]) -> &[u8] {
	let mut start = digits.len();
	loop {
		start -= 1;
		digits[start] = b'0' + (value % 10) as u8;
		value /= 10;
		if value == 0 {
			break;
		}
	}
	&digits[start..]
}

fn print_number(value: u32) {
	print(decimal(value, &mut [0u8; 10]));
}

/// Reads the input file through semihosting.
fn read_input() -> Result<[u8; INPUT_LEN], &'static [u8]> {
	let mut input = [0u8; INPUT_LEN];
	// SAFETY: semihosting calls with a NUL-terminated name and a buffer we own, of its length.
	let fd = unsafe { syscall!(OPEN, INPUT_FILE.as_ptr(), 1, INPUT_FILE.len() - 1) } as isize;
	if fd < 0 {
		return Err(b"cannot open iot-firmware-input.bin\n");
	}
	// SAFETY: as above; READ returns the number of bytes *not* read.
	let missing = unsafe { syscall!(READ, fd, input.as_mut_ptr(), INPUT_LEN) };
	// SAFETY: closes the descriptor opened above.
	unsafe { syscall!(CLOSE, fd) };
	if missing != 0 {
		return Err(b"iot-firmware-input.bin is shorter than 184 bytes\n");
	}
	Ok(input)
}

/// The stack pointer of the caller, painted below with [`PATTERN`]: what [`stack_used`] measures
/// against.
#[inline(never)]
fn paint_stack() -> usize {
	let top = cortex_m::register::msp::read() as usize;
	// Leave this function's own frame alone: paint from 256 bytes below it.
	let high = top - 256;
	let low = top - PAINT;
	let mut word = low;
	while word < high {
		// SAFETY: unused stack below the current frame (64 KiB of RAM, the stack at its top, the
		// firmware's data far below); nothing lives there until a callee's frame does.
		unsafe { core::ptr::write_volatile(word as *mut u32, PATTERN) };
		word += 4;
	}
	top
}

/// How many bytes below `top` the stack has been written since [`paint_stack`].
fn stack_used(top: usize) -> usize {
	let mut word = top - PAINT;
	// SAFETY: reads the painted region (see `paint_stack`).
	while word < top && unsafe { core::ptr::read_volatile(word as *const u32) } == PATTERN {
		word += 4;
	}
	top - word
}

/// Runs `path` on a freshly painted stack and returns its result and its stack high-water mark.
fn measured<T>(path: impl FnOnce() -> T) -> (T, usize) {
	let top = paint_stack();
	let result = call(path);
	(result, stack_used(top))
}

/// Calls `path` in a frame of its own, below the painted mark (not inlined into the caller's).
#[inline(never)]
fn call<T>(path: impl FnOnce() -> T) -> T {
	path()
}

fn print_signed(label: &[u8], signed: Result<Signed<'_>, Error>) {
	let Ok(signed) = signed else { fail(b"signing failed\n") };
	let mut encoded = [0u8; 66];
	let Ok(signature) = signed.signature.encode(&mut encoded) else { fail(b"encoding\n") };
	print(label);
	print(b" ");
	print_hex(signed.message);
	print(b" ");
	print_hex(signature);
	print(b"\n");
}

fn reading(index: u32, buffer: &mut [u8; 20]) -> &[u8] {
	buffer[..8].copy_from_slice(b"reading ");
	let mut digits = [0u8; 10];
	let digits = decimal(index, &mut digits);
	buffer[8..8 + digits.len()].copy_from_slice(digits);
	&buffer[..8 + digits.len()]
}

fn array<const N: usize>(input: &[u8; INPUT_LEN], at: usize) -> [u8; N] {
	let mut out = [0u8; N];
	out.copy_from_slice(&input[at..at + N]);
	out
}

fn run<S: Signer>(scheme: &[u8], signer: S, input: &[u8; INPUT_LEN]) {
	let device = Device::new(signer);
	let genesis: [u8; 32] = array(input, 32);
	let owner: [u8; 32] = array(input, 64);
	let attestation = Attestation {
		firmware_digest: array(input, 96),
		security_version: u32::from_le_bytes(array(input, 128)),
		boot_count: u32::from_le_bytes(array(input, 132)),
		recent_block: u32::from_le_bytes(array(input, 136)),
		recent_hash: array(input, 140),
		counter: u32::from_le_bytes(array(input, 172)),
	};
	let seq = u64::from_le_bytes(array(input, 176));

	print(b"scheme ");
	print(scheme);
	print(b"\ndevice ");
	print_hex(device.id());
	print(b"\nkey ");
	let key = device.public_key();
	print_hex(&[key.scheme() as u8]);
	print_hex(key.bytes());
	print(b"\n");

	let mut buffer = [0u8; MAX_MESSAGE_LEN];
	let (signed, register_stack) = measured(|| device.registration(&genesis, &owner, &mut buffer));
	print_signed(b"register", signed);
	let mut buffer = [0u8; MAX_MESSAGE_LEN];
	let (signed, attest_stack) =
		measured(|| device.attestation(&genesis, &attestation, &mut buffer));
	print_signed(b"attest", signed);
	let (block, hash, counter) =
		(attestation.recent_block, &attestation.recent_hash, attestation.counter);
	print(b"nonce ");
	print_hex(&device.quote_nonce(&genesis, block, hash, counter));
	print(b" ");
	print_hex(&device.boot_quote_nonce(
		&genesis,
		block,
		hash,
		counter,
		&attestation.firmware_digest,
	));
	print(b"\n");
	let (batch, merkle_stack) = measured(|| {
		let mut tree = MerkleRoot::new();
		let mut bytes = [0u8; 20];
		for index in 0..1000 {
			tree.push(reading(index, &mut bytes))?;
		}
		tree.finish()
	});
	let Ok(batch) = batch else { fail(b"merkle\n") };
	print(b"merkle ");
	print_hex(&batch.root);
	print(b" ");
	print_number(batch.leaf_count);
	print(b"\n");
	let mut buffer = [0u8; MAX_MESSAGE_LEN];
	let (signed, anchor_stack) =
		measured(|| device.anchor(&genesis, seq, &batch.root, batch.leaf_count, &mut buffer));
	print_signed(b"anchor", signed);
	for (label, bytes) in [
		(&b"stack register "[..], register_stack),
		(b" attest ", attest_stack),
		(b" merkle ", merkle_stack),
		(b" anchor ", anchor_stack),
	] {
		print(label);
		print_number(bytes as u32);
	}
	print(b"\n");
}

#[entry]
fn main() -> ! {
	let input = match read_input() {
		Ok(input) => input,
		Err(why) => fail(why),
	};
	let seed: [u8; 32] = array(&input, 0);
	#[cfg(feature = "ed25519")]
	run(b"ed25519", iot_device_sdk::Ed25519Signer::from_seed(&seed), &input);
	#[cfg(feature = "p256")]
	match iot_device_sdk::P256Signer::from_secret(&seed) {
		Ok(signer) => run(b"p256", signer, &input),
		Err(_) => fail(b"invalid P-256 secret\n"),
	}
	debug::exit(debug::EXIT_SUCCESS);
	halt()
}
