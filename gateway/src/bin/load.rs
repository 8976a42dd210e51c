//! `iot-gateway-load`: publishes readings for many devices to an MQTT broker at a steady rate
//! (QoS 1), for scripts/gateway-demo.sh and scripts/gateway-bench.sh; with `--gateway`, it then
//! measures what the gateway made of them.
//!
//! Each reading is `{"device":I,"n":K,"t":MS,"v":X}` padded to `--size` bytes: unique per device
//! (its counter), so no two readings of a device are alike. With `--gateway URL`, every
//! `--track`-th reading is followed through the gateway's HTTP API (by its leaf hash) until its
//! proof is finalized: the tool prints the publish-to-finalized latency (p50, p99, max) of those
//! samples, the end-to-end rate (readings ÷ time from the first publish until the gateway's
//! finalized count covered them all) and the sustained rate (the slope of that count between 10 %
//! and 90 % of the run, sampled every 250 ms).

use std::{
	collections::VecDeque,
	sync::{
		atomic::{AtomicU64, Ordering},
		Arc,
	},
	time::{Duration, Instant},
};

use clap::Parser;
use rumqttc::{AsyncClient, Event, MqttOptions, Packet, QoS};
use tokio::{
	io::{AsyncReadExt, AsyncWriteExt},
	net::TcpStream,
	sync::Mutex,
};

/// Publishes readings for `--devices` at `--rate` per second; optionally measures the gateway.
#[derive(Debug, Parser)]
#[command(name = "iot-gateway-load", version, about)]
struct Args {
	/// MQTT broker host.
	#[arg(long, default_value = "127.0.0.1")]
	mqtt_host: String,
	/// MQTT broker port.
	#[arg(long, default_value_t = 1883)]
	mqtt_port: u16,
	/// Topic prefix (readings go to `<prefix>/<device>/readings`).
	#[arg(long, default_value = "iot")]
	topic_prefix: String,
	/// Device ids (0x and 64 hex digits), comma-separated.
	#[arg(long, value_delimiter = ',', required = true)]
	devices: Vec<String>,
	/// Readings per second, all devices together.
	#[arg(long, default_value_t = 100)]
	rate: u64,
	/// Total readings to publish.
	#[arg(long, default_value_t = 1000)]
	count: u64,
	/// Bytes per reading (padded with spaces; at least the JSON's length).
	#[arg(long, default_value_t = 64)]
	size: usize,
	/// First reading counter (to continue an earlier run without repeating readings).
	#[arg(long, default_value_t = 0)]
	start: u64,
	/// MQTT client id.
	#[arg(long, default_value = "iot-gateway-load")]
	client_id: String,
	/// The gateway's HTTP API (host:port): measure latency and sustained rate through it.
	#[arg(long)]
	gateway: Option<String>,
	/// Follow every N-th reading's proof (with --gateway).
	#[arg(long, default_value_t = 500)]
	track: u64,
	/// Give up waiting for finality after this many seconds (with --gateway).
	#[arg(long, default_value_t = 300)]
	timeout: u64,
	/// Print progress every this many seconds (0: never).
	#[arg(long, default_value_t = 2)]
	progress: u64,
}

/// A reading followed until its proof is finalized.
struct Sample {
	device: String,
	leaf_hash: String,
	published: Instant,
}

fn fail(message: &str) -> ! {
	eprintln!("iot-gateway-load: {message}");
	std::process::exit(1);
}

/// `GET path` from `host:port` (HTTP/1.1, connection closed after): (status, body).
async fn http_get(address: &str, path: &str) -> std::io::Result<(u16, String)> {
	let mut stream = TcpStream::connect(address).await?;
	let request = format!("GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n");
	stream.write_all(request.as_bytes()).await?;
	let mut response = Vec::new();
	stream.read_to_end(&mut response).await?;
	let text = String::from_utf8_lossy(&response);
	let status = text.get(9..12).and_then(|code| code.parse().ok()).unwrap_or(0);
	let body = text.split_once("\r\n\r\n").map_or(String::new(), |(_, body)| body.to_string());
	Ok((status, body))
}

/// The value of counter `name` in the gateway's metrics.
async fn metric(address: &str, name: &str) -> Option<f64> {
	let (_, body) = http_get(address, "/metrics").await.ok()?;
	body.lines()
		.find_map(|line| line.strip_prefix(&format!("iot_gateway_{name}_total ")))
		.and_then(|value| value.trim().parse().ok())
}

fn percentile(sorted: &[f64], fraction: f64) -> f64 {
	if sorted.is_empty() {
		return f64::NAN;
	}
	let rank = ((sorted.len() as f64) * fraction).ceil() as usize;
	sorted[rank.clamp(1, sorted.len()) - 1]
}

#[tokio::main]
async fn main() {
	let args = Args::parse();
	let mut devices = Vec::new();
	for device in &args.devices {
		let digits = device.strip_prefix("0x").unwrap_or(device);
		if digits.len() != 64 || hex::decode(digits).is_err() {
			fail(&format!("--devices: {device} is not 0x and 64 hex digits"));
		}
		devices.push(digits.to_lowercase());
	}
	let finalized_before = match &args.gateway {
		Some(gateway) => metric(gateway, "readings_finalized")
			.await
			.unwrap_or_else(|| fail(&format!("--gateway {gateway}: no metrics answer"))),
		None => 0.0,
	};

	let mut options =
		MqttOptions::new(args.client_id.clone(), args.mqtt_host.clone(), args.mqtt_port);
	options.set_keep_alive(Duration::from_secs(30)).set_inflight(u16::MAX).set_clean_session(true);
	let (client, mut events) = AsyncClient::new(options, 10_000);
	let acked = Arc::new(AtomicU64::new(0));
	let counter = Arc::clone(&acked);
	let poller = tokio::spawn(async move {
		loop {
			match events.poll().await {
				Ok(Event::Incoming(Packet::PubAck(_))) => {
					counter.fetch_add(1, Ordering::Relaxed);
				}
				Ok(_) => {}
				Err(error) => {
					eprintln!("iot-gateway-load: broker: {error}");
					tokio::time::sleep(Duration::from_millis(200)).await;
				}
			}
		}
	});

	let samples = Arc::new(Mutex::new(VecDeque::<Sample>::new()));
	let latencies = Arc::new(Mutex::new(Vec::<f64>::new()));
	let tracker = args.gateway.clone().map(|gateway| {
		let samples = Arc::clone(&samples);
		let latencies = Arc::clone(&latencies);
		tokio::spawn(async move {
			loop {
				let pending: Vec<_> = samples.lock().await.drain(..).collect();
				let mut still = Vec::new();
				for sample in pending {
					let path = format!("/readings/0x{}/{}/proof", sample.device, sample.leaf_hash);
					match http_get(&gateway, &path).await {
						Ok((200, body)) if body.contains("\"status\":\"finalized\"") => {
							latencies.lock().await.push(sample.published.elapsed().as_secs_f64())
						}
						_ => still.push(sample),
					}
				}
				samples.lock().await.extend(still);
				tokio::time::sleep(Duration::from_millis(100)).await;
			}
		})
	});

	let started = Instant::now();
	// The gateway's finalized count over time, sampled every 250 ms from the first publish.
	let finality_curve = Arc::new(Mutex::new(Vec::<(f64, f64)>::new()));
	let sampler = args.gateway.clone().map(|gateway| {
		let curve = Arc::clone(&finality_curve);
		tokio::spawn(async move {
			loop {
				if let Some(finalized) = metric(&gateway, "readings_finalized").await {
					curve
						.lock()
						.await
						.push((started.elapsed().as_secs_f64(), finalized - finalized_before));
				}
				tokio::time::sleep(Duration::from_millis(250)).await;
			}
		})
	});
	let interval = Duration::from_secs_f64(1.0 / args.rate.max(1) as f64);
	let mut last_progress = Instant::now();
	for k in args.start..args.start.saturating_add(args.count) {
		let index = usize::try_from(k % devices.len() as u64).unwrap_or(0);
		let millis = std::time::SystemTime::now()
			.duration_since(std::time::UNIX_EPOCH)
			.map_or(0, |elapsed| elapsed.as_millis());
		let mut payload = format!(
			"{{\"device\":{index},\"n\":{k},\"t\":{millis},\"v\":{:.2}}}",
			20.0 + (k % 100) as f64 / 10.0
		);
		while payload.len() < args.size {
			payload.push(' ');
		}
		if args.gateway.is_some() && (k - args.start) % args.track.max(1) == 0 {
			samples.lock().await.push_back(Sample {
				device: devices[index].clone(),
				leaf_hash: format!(
					"0x{}",
					hex::encode(sp_crypto_hashing::blake2_256(payload.as_bytes()))
				),
				published: Instant::now(),
			});
		}
		let topic = format!("{}/{}/readings", args.topic_prefix, devices[index]);
		if let Err(error) = client.publish(topic, QoS::AtLeastOnce, false, payload).await {
			fail(&format!("publish: {error}"));
		}
		// Pace by the schedule, not by the previous send: a slow moment is caught up.
		let due = interval.mul_f64((k - args.start + 1) as f64);
		if let Some(wait) = due.checked_sub(started.elapsed()) {
			tokio::time::sleep(wait).await;
		}
		if args.progress > 0 && last_progress.elapsed() >= Duration::from_secs(args.progress) {
			last_progress = Instant::now();
			eprintln!(
				"  published {} / {} ({} acknowledged by the broker)",
				k - args.start + 1,
				args.count,
				acked.load(Ordering::Relaxed)
			);
		}
	}
	let publish_seconds = started.elapsed().as_secs_f64();
	let deadline = Instant::now() + Duration::from_secs(60);
	while acked.load(Ordering::Relaxed) < args.count && Instant::now() < deadline {
		tokio::time::sleep(Duration::from_millis(20)).await;
	}
	let acked = acked.load(Ordering::Relaxed);
	println!(
		"published {} readings for {} devices in {publish_seconds:.2} s ({:.0} readings/s), {acked} acknowledged by the broker",
		args.count,
		devices.len(),
		args.count as f64 / publish_seconds
	);
	if acked < args.count {
		fail("the broker did not acknowledge every reading");
	}
	poller.abort();

	let Some(gateway) = args.gateway.as_deref() else { return };
	let deadline = Instant::now() + Duration::from_secs(args.timeout);
	let target = finalized_before + args.count as f64;
	let mut last_progress = Instant::now();
	let finalized_at = loop {
		let finalized = metric(gateway, "readings_finalized").await.unwrap_or(0.0);
		if finalized >= target {
			break started.elapsed().as_secs_f64();
		}
		if Instant::now() > deadline {
			fail(&format!(
				"only {} of {} readings finalized after {} s",
				finalized - finalized_before,
				args.count,
				args.timeout
			));
		}
		if args.progress > 0 && last_progress.elapsed() >= Duration::from_secs(args.progress) {
			last_progress = Instant::now();
			let stored = metric(gateway, "readings_stored").await.unwrap_or(0.0);
			let anchored = metric(gateway, "readings_anchored").await.unwrap_or(0.0);
			eprintln!(
				"  gateway: {stored} stored, {anchored} anchored, {} of this run finalized",
				finalized - finalized_before
			);
		}
		tokio::time::sleep(Duration::from_millis(100)).await;
	};
	// The samples' last proofs.
	while !samples.lock().await.is_empty() && Instant::now() < deadline {
		tokio::time::sleep(Duration::from_millis(100)).await;
	}
	for task in [tracker, sampler].into_iter().flatten() {
		task.abort();
	}
	let mut latencies = latencies.lock().await.clone();
	latencies.sort_by(f64::total_cmp);
	println!(
		"end to end: {} readings from first publish to all finalized in {finalized_at:.2} s = {:.0} readings/s",
		args.count,
		args.count as f64 / finalized_at
	);
	// The steady rate: how fast finalized readings grew between 10 % and 90 % of the run.
	let curve = finality_curve.lock().await.clone();
	let count = args.count as f64;
	let time_at =
		|share: f64| curve.iter().find(|(_, done)| *done >= share * count).map(|(t, _)| *t);
	if let (Some(t10), Some(t90)) = (time_at(0.1), time_at(0.9)) {
		if t90 > t10 {
			println!(
				"sustained: {:.0} readings/s finalized (10 % of the run finalized at {t10:.1} s, 90 % at {t90:.1} s)",
				0.8 * count / (t90 - t10)
			);
		}
	}
	println!(
		"publish-to-finalized latency over {} sampled readings: p50 {:.2} s, p99 {:.2} s, max {:.2} s",
		latencies.len(),
		percentile(&latencies, 0.5),
		percentile(&latencies, 0.99),
		latencies.last().copied().unwrap_or(f64::NAN)
	);
}
