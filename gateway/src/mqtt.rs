//! MQTT ingestion: a persistent QoS 1 subscription to `<prefix>/+/readings`, each message stored
//! (in group commits) before it is acknowledged.
//!
//! Malformed topics, empty and oversized payloads are counted, logged, acknowledged and dropped:
//! the broker would otherwise redeliver them forever. A reading redelivered after a crash (stored,
//! not yet acknowledged) is recognised by its bytes and acknowledged without being stored again.

use std::{sync::Arc, time::Duration};

use rumqttc::{AsyncClient, Event, MqttOptions, Packet, Publish, QoS};
use tokio::sync::{mpsc, Notify};
use tracing::{info, warn};

use crate::{
	metrics::Metrics,
	now_ms,
	store::{BatchPolicy, DeviceKey, Incoming, Store, StoreError, Stored},
	Config,
};

/// Why a message is not a reading.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rejected {
	/// The topic is not `<prefix>/<64 hex digits>/readings`.
	Topic,
	/// The payload is empty.
	Empty,
	/// The payload is longer than `--max-payload`.
	Size,
}

impl Rejected {
	/// The metric label.
	pub fn label(self) -> &'static str {
		match self {
			Self::Topic => "topic",
			Self::Empty => "empty",
			Self::Size => "size",
		}
	}
}

/// The device of a reading topic `<prefix>/<device id: 64 hex digits, optional 0x>/readings`.
pub fn device_of(topic: &str, prefix: &str) -> Option<DeviceKey> {
	let rest = topic.strip_prefix(prefix)?.strip_prefix('/')?;
	let id = rest.strip_suffix("/readings")?;
	let id = id.strip_prefix("0x").unwrap_or(id);
	if id.len() != 64 {
		return None;
	}
	let mut device = [0u8; 32];
	hex::decode_to_slice(id, &mut device).ok()?;
	Some(device)
}

/// Checks one message: its device, or why it is refused.
pub fn check(publish: &Publish, prefix: &str, max_payload: usize) -> Result<Incoming, Rejected> {
	let device = device_of(&publish.topic, prefix).ok_or(Rejected::Topic)?;
	if publish.payload.is_empty() {
		return Err(Rejected::Empty);
	}
	if publish.payload.len() > max_payload {
		return Err(Rejected::Size);
	}
	Ok(Incoming { device, payload: publish.payload.to_vec() })
}

/// Runs the subscription until the database fails (then the gateway stops: the broker keeps
/// whatever was not acknowledged). Broker disconnections are retried with backoff.
pub async fn run(
	config: Config,
	store: Arc<Store>,
	metrics: Arc<Metrics>,
	wake: Arc<Notify>,
) -> Result<(), StoreError> {
	let mut options =
		MqttOptions::new(config.mqtt_client_id.clone(), config.mqtt_host.clone(), config.mqtt_port);
	options
		.set_clean_session(false)
		.set_manual_acks(true)
		.set_keep_alive(Duration::from_secs(30))
		.set_max_packet_size(config.mqtt_max_packet as usize, 64 * 1024)
		.set_inflight(1024);
	if let (Some(user), Some(password)) = (&config.mqtt_username, &config.mqtt_password) {
		options.set_credentials(user, password);
	}
	let (client, mut events) = AsyncClient::new(options, 4096);
	let (sender, receiver) = mpsc::channel::<Publish>(config.commit_max.max(1) * 4);
	let writer =
		tokio::spawn(write(config.clone(), client.clone(), receiver, store, metrics.clone(), wake));
	let filter = format!("{}/+/readings", config.topic_prefix);
	let mut backoff = Duration::from_millis(200);
	loop {
		if writer.is_finished() {
			break;
		}
		match events.poll().await {
			Ok(Event::Incoming(Packet::ConnAck(ack))) => {
				info!(broker = %format!("{}:{}", config.mqtt_host, config.mqtt_port),
					session_present = ack.session_present, "connected to the broker");
				metrics.broker_connected.set(1);
				backoff = Duration::from_millis(200);
				if let Err(error) = client.try_subscribe(filter.clone(), QoS::AtLeastOnce) {
					warn!(%error, "subscribing");
				}
			}
			Ok(Event::Incoming(Packet::Publish(publish))) => {
				if sender.send(publish).await.is_err() {
					break;
				}
			}
			Ok(_) => {}
			Err(error) => {
				metrics.broker_connected.set(0);
				metrics.error("mqtt");
				warn!(%error, retry_in = ?backoff, "broker connection");
				tokio::time::sleep(backoff).await;
				backoff = (backoff * 2).min(Duration::from_secs(5));
			}
		}
	}
	drop(sender);
	match writer.await {
		Ok(result) => result,
		Err(_) => Ok(()),
	}
}

/// Stores what arrives, many messages per commit, then acknowledges them.
async fn write(
	config: Config,
	client: AsyncClient,
	mut receiver: mpsc::Receiver<Publish>,
	store: Arc<Store>,
	metrics: Arc<Metrics>,
	wake: Arc<Notify>,
) -> Result<(), StoreError> {
	let policy =
		BatchPolicy { max_readings: config.batch_size, max_age_ms: config.batch_interval_ms };
	let max_payload = config.max_payload as usize;
	while let Some(first) = receiver.recv().await {
		let mut publishes = vec![first];
		while publishes.len() < config.commit_max {
			match receiver.try_recv() {
				Ok(publish) => publishes.push(publish),
				Err(_) => break,
			}
		}
		metrics.received.inc_by(publishes.len() as u64);
		let mut incoming = Vec::with_capacity(publishes.len());
		for publish in &publishes {
			match check(publish, &config.topic_prefix, max_payload) {
				Ok(message) => incoming.push(message),
				Err(reason) => {
					metrics.reject(reason.label());
					warn!(topic = %publish.topic, bytes = publish.payload.len(), reason = reason.label(),
						"message rejected");
				}
			}
		}
		if !incoming.is_empty() {
			let store = Arc::clone(&store);
			let outcome =
				tokio::task::spawn_blocking(move || store.ingest(&incoming, now_ms(), policy))
					.await
					.map_err(|_| StoreError::Corrupt("ingest task"))?;
			let outcome = match outcome {
				Ok(outcome) => outcome,
				Err(error) => {
					metrics.error("database");
					return Err(error);
				}
			};
			for stored in &outcome.stored {
				match stored {
					Stored::New(_) => metrics.stored.inc(),
					Stored::Duplicate(_) => metrics.duplicates.inc(),
				};
			}
			let new = outcome.stored.iter().filter(|s| matches!(s, Stored::New(_))).count();
			metrics.queue_depth.inc_by(new as i64);
			for batch in &outcome.closed {
				metrics.batch_size.observe(f64::from(batch.count));
			}
			if !outcome.closed.is_empty() {
				wake.notify_one();
			}
		}
		// Durable now: acknowledge (rejected ones too, so that the broker drops them).
		for publish in &publishes {
			if let Err(error) = client.ack(publish).await {
				warn!(%error, "acknowledging");
			}
		}
	}
	Ok(())
}

#[cfg(test)]
mod tests {
	use super::*;

	const DEVICE: &str = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

	fn publish(topic: &str, payload: &[u8]) -> Publish {
		Publish::new(topic, QoS::AtLeastOnce, payload.to_vec())
	}

	#[test]
	fn topics_name_a_device() {
		let expected = hex::decode(DEVICE).unwrap();
		assert_eq!(device_of(&format!("iot/{DEVICE}/readings"), "iot").unwrap().to_vec(), expected);
		assert_eq!(
			device_of(&format!("iot/0x{DEVICE}/readings"), "iot").unwrap().to_vec(),
			expected
		);
		assert_eq!(
			device_of(&format!("fleet/a/{DEVICE}/readings"), "fleet/a").unwrap().to_vec(),
			expected
		);
		for bad in [
			format!("iot/{DEVICE}"),
			format!("iot/{DEVICE}/reading"),
			format!("iot/{DEVICE}/readings/x"),
			format!("iotx/{DEVICE}/readings"),
			format!("iot/{}/readings", &DEVICE[2..]),
			format!("iot/{DEVICE}00/readings"),
			format!("iot/{}zz/readings", &DEVICE[2..]),
			"iot//readings".into(),
		] {
			assert_eq!(device_of(&bad, "iot"), None, "{bad}");
		}
	}

	#[test]
	fn messages_are_checked() {
		let topic = format!("iot/{DEVICE}/readings");
		let message = check(&publish(&topic, b"t=21.5"), "iot", 8).unwrap();
		assert_eq!(message.payload, b"t=21.5");
		assert_eq!(check(&publish(&topic, b""), "iot", 8), Err(Rejected::Empty));
		assert_eq!(check(&publish(&topic, b"123456789"), "iot", 8), Err(Rejected::Size));
		assert!(check(&publish(&topic, b"12345678"), "iot", 8).is_ok());
		assert_eq!(check(&publish("iot/x/readings", b"1"), "iot", 8), Err(Rejected::Topic));
	}
}
