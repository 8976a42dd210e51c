//! The gateway's Prometheus metrics (`GET /metrics`, OpenMetrics text format).

use prometheus_client::{
	encoding::{text::encode, EncodeLabelSet},
	metrics::{counter::Counter, family::Family, gauge::Gauge, histogram::Histogram},
	registry::Registry,
};

/// Why a message was not stored.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct Rejection {
	/// `topic` (not `iot/<64 hex digits>/readings`), `size` (payload over the limit) or `empty`.
	pub reason: String,
}

/// An error, by where it happened.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct ErrorKind {
	/// `mqtt`, `database`, `chain` or `anchor` (an anchor the chain refused).
	pub kind: String,
}

/// Every metric of the gateway.
pub struct Metrics {
	registry: Registry,
	/// Messages received from the broker (including rejected and duplicate ones).
	pub received: Counter,
	/// Readings durably stored (then acknowledged).
	pub stored: Counter,
	/// Redelivered messages recognised and not stored again.
	pub duplicates: Counter,
	/// Messages rejected, by reason.
	pub rejected: Family<Rejection, Counter>,
	/// Readings whose batch was included in a block.
	pub anchored: Counter,
	/// Readings whose batch was finalized.
	pub finalized: Counter,
	/// Readings whose batch the chain refused.
	pub failed: Counter,
	/// Transactions sent.
	pub transactions: Counter,
	/// Readings per closed batch.
	pub batch_size: Histogram,
	/// Readings stored but not yet finalized (open batches and outstanding ones).
	pub queue_depth: Gauge,
	/// Batches closed but not yet finalized or failed.
	pub outstanding_batches: Gauge,
	/// Reading-to-finalized latency of finalized batches, in seconds (from the batch's first reading).
	pub finality_latency: Histogram,
	/// Errors, by kind.
	pub errors: Family<ErrorKind, Counter>,
	/// Whether the chain connection is up (1) or not (0).
	pub chain_connected: Gauge,
	/// Whether the broker connection is up (1) or not (0).
	pub broker_connected: Gauge,
}

impl Metrics {
	/// Registers every metric under the `iot_gateway` prefix.
	pub fn new() -> Self {
		let mut registry = Registry::with_prefix("iot_gateway");
		let metrics = Self {
			received: Counter::default(),
			stored: Counter::default(),
			duplicates: Counter::default(),
			rejected: Family::default(),
			anchored: Counter::default(),
			finalized: Counter::default(),
			failed: Counter::default(),
			transactions: Counter::default(),
			batch_size: Histogram::new([
				1.0, 10.0, 50.0, 100.0, 250.0, 500.0, 1000.0, 2500.0, 5000.0, 10000.0,
			]),
			queue_depth: Gauge::default(),
			outstanding_batches: Gauge::default(),
			finality_latency: Histogram::new([
				1.0, 2.0, 5.0, 10.0, 15.0, 20.0, 30.0, 60.0, 120.0, 300.0,
			]),
			errors: Family::default(),
			chain_connected: Gauge::default(),
			broker_connected: Gauge::default(),
			registry: Registry::default(),
		};
		registry.register("readings_received", "MQTT messages received", metrics.received.clone());
		registry.register("readings_stored", "Readings durably stored", metrics.stored.clone());
		registry.register(
			"readings_duplicate",
			"Redelivered messages recognised and not stored again",
			metrics.duplicates.clone(),
		);
		registry.register("readings_rejected", "Messages rejected", metrics.rejected.clone());
		registry.register(
			"readings_anchored",
			"Readings whose batch was included in a block",
			metrics.anchored.clone(),
		);
		registry.register(
			"readings_finalized",
			"Readings whose batch was finalized",
			metrics.finalized.clone(),
		);
		registry.register(
			"readings_failed",
			"Readings whose batch the chain refused",
			metrics.failed.clone(),
		);
		registry.register("transactions", "Transactions sent", metrics.transactions.clone());
		registry.register("batch_size", "Readings per closed batch", metrics.batch_size.clone());
		registry.register(
			"queue_depth",
			"Readings stored but not yet finalized",
			metrics.queue_depth.clone(),
		);
		registry.register(
			"outstanding_batches",
			"Batches closed but not yet finalized or failed",
			metrics.outstanding_batches.clone(),
		);
		registry.register(
			"finality_latency_seconds",
			"From a batch's first reading to its finalized anchor",
			metrics.finality_latency.clone(),
		);
		registry.register("errors", "Errors by kind", metrics.errors.clone());
		registry.register(
			"chain_connected",
			"1 while connected to the node",
			metrics.chain_connected.clone(),
		);
		registry.register(
			"broker_connected",
			"1 while connected to the broker",
			metrics.broker_connected.clone(),
		);
		Self { registry, ..metrics }
	}

	/// Counts a rejected message.
	pub fn reject(&self, reason: &str) {
		self.rejected.get_or_create(&Rejection { reason: reason.into() }).inc();
	}

	/// Counts an error.
	pub fn error(&self, kind: &str) {
		self.errors.get_or_create(&ErrorKind { kind: kind.into() }).inc();
	}

	/// The OpenMetrics text of every metric.
	pub fn encode(&self) -> String {
		let mut text = String::new();
		// Writing into a `String` cannot fail.
		let _ = encode(&mut text, &self.registry);
		text
	}
}

impl Default for Metrics {
	fn default() -> Self {
		Self::new()
	}
}
