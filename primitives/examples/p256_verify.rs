//! Native cost of one P-256 signature verification as the runtime does it
//! ([`iot_primitives::DeviceKey::verify`]), to compare with the WASM figure of the
//! `verify_p256` benchmark (`scripts/benchmark.sh`, pallet firmware-attestation):
//!
//! ```sh
//! cargo run --release -p iot-primitives --example p256_verify [ITERATIONS]
//! ```
//!
//! Prints the mean and the best of five rounds in µs per verification.
use iot_primitives::testing::TestDevice;
use std::time::Instant;

fn main() {
	let iterations: u32 = std::env::args().nth(1).and_then(|n| n.parse().ok()).unwrap_or(2_000);
	let device = TestDevice::p256(1);
	let message = [0x5a_u8; 150];
	let signature = device.sign(&message);
	let mut rounds = Vec::new();
	for _ in 0..5 {
		let started = Instant::now();
		for _ in 0..iterations {
			assert!(device.key.verify(std::hint::black_box(&message), &signature).is_ok());
		}
		rounds.push(started.elapsed().as_secs_f64() * 1e6 / f64::from(iterations));
	}
	let mean = rounds.iter().sum::<f64>() / rounds.len() as f64;
	let best = rounds.iter().copied().fold(f64::INFINITY, f64::min);
	println!("p256 verify (native, {iterations} × 5): mean {mean:.1} µs, best {best:.1} µs");
}
