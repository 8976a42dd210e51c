//! The gateway's configuration: command-line flags, each also settable by an environment variable.

use std::{net::SocketAddr, path::PathBuf};

use clap::Parser;

/// The largest reading the runtime accepts as a leaf (`MaxLeafLength`, spec §6).
pub const MAX_LEAF_LENGTH: usize = 64 * 1024;

/// iot-gateway: stores every MQTT reading durably, anchors each device's batches on iot-chain
/// as the owner's authorised gateway, and serves proofs the light-client verifier checks.
///
/// Readings are published (QoS 1) to `<prefix>/<device id: 64 hex digits>/readings`; the payload
/// bytes are the Merkle leaf, verbatim. A reading is acknowledged only once it is on disk.
#[derive(Clone, Debug, Parser)]
#[command(name = "iot-gateway", version, about, long_about)]
pub struct Config {
	/// MQTT broker host.
	#[arg(long, env = "IOT_GATEWAY_MQTT_HOST", default_value = "127.0.0.1")]
	pub mqtt_host: String,
	/// MQTT broker port.
	#[arg(long, env = "IOT_GATEWAY_MQTT_PORT", default_value_t = 1883)]
	pub mqtt_port: u16,
	/// MQTT client id. The session is persistent (clean session off): keep the id stable, so
	/// that the broker keeps unacknowledged readings for the gateway while it is down.
	#[arg(long, env = "IOT_GATEWAY_MQTT_CLIENT_ID", default_value = "iot-gateway")]
	pub mqtt_client_id: String,
	/// MQTT user name (with --mqtt-password).
	#[arg(long, env = "IOT_GATEWAY_MQTT_USERNAME", requires = "mqtt_password")]
	pub mqtt_username: Option<String>,
	/// MQTT password.
	#[arg(
		long,
		env = "IOT_GATEWAY_MQTT_PASSWORD",
		requires = "mqtt_username",
		hide_env_values = true
	)]
	pub mqtt_password: Option<String>,
	/// First topic level: the gateway subscribes to `<prefix>/+/readings`.
	#[arg(long, env = "IOT_GATEWAY_TOPIC_PREFIX", default_value = "iot")]
	pub topic_prefix: String,
	/// Largest payload stored, in bytes (at most 65536, the runtime's leaf limit); larger ones are
	/// rejected (counted, logged, acknowledged and dropped).
	#[arg(long, env = "IOT_GATEWAY_MAX_PAYLOAD", default_value_t = 4096,
		value_parser = clap::value_parser!(u32).range(1..=MAX_LEAF_LENGTH as i64))]
	pub max_payload: u32,
	/// Largest MQTT packet read from the broker, in bytes. Configure the broker to refuse larger
	/// ones (Mosquitto: `max_packet_size`).
	#[arg(long, env = "IOT_GATEWAY_MQTT_MAX_PACKET", default_value_t = 1 << 20)]
	pub mqtt_max_packet: u32,
	/// WebSocket RPC endpoint of an iot-chain node.
	#[arg(long, env = "IOT_GATEWAY_NODE", default_value = "ws://127.0.0.1:9944")]
	pub node: String,
	/// Secret URI of the gateway's account (e.g. a mnemonic, or `//Gateway` on a dev chain). The
	/// devices' owner authorises it with `deviceRegistry.addGateway`; it pays the fees.
	#[arg(long, env = "IOT_GATEWAY_SURI", hide_env_values = true)]
	pub suri: String,
	/// The database file.
	#[arg(long, env = "IOT_GATEWAY_DB", default_value = "iot-gateway.redb")]
	pub db: PathBuf,
	/// Address of the HTTP API (proofs, /health, /metrics).
	#[arg(long, env = "IOT_GATEWAY_HTTP", default_value = "127.0.0.1:8080")]
	pub http: SocketAddr,
	/// A device's batch closes when it holds this many readings.
	#[arg(long, env = "IOT_GATEWAY_BATCH_SIZE", default_value_t = 1000,
		value_parser = clap::value_parser!(u32).range(1..=1 << 20))]
	pub batch_size: u32,
	/// A device's non-empty batch closes when its first reading is this old (milliseconds).
	#[arg(long, env = "IOT_GATEWAY_BATCH_INTERVAL_MS", default_value_t = 2000)]
	pub batch_interval_ms: u64,
	/// Most messages stored in one database commit (one disk flush acknowledges them all).
	#[arg(long, env = "IOT_GATEWAY_COMMIT_MAX", default_value_t = 2048)]
	pub commit_max: usize,
	/// Most anchoring transactions awaiting inclusion in a block at once (once in a block, they
	/// are followed to finality without holding a slot).
	#[arg(long, env = "IOT_GATEWAY_MAX_IN_FLIGHT", default_value_t = 4)]
	pub max_in_flight: usize,
	/// Blocks an anchoring transaction stays valid. After a restart, a batch sent but not seen on
	/// chain is sent again only once its transaction can no longer be included.
	#[arg(long, env = "IOT_GATEWAY_MORTALITY", default_value_t = 16)]
	pub mortality: u64,
}
