//! The gateway's Prometheus metrics (`GET /metrics`, OpenMetrics text format).

use prometheus_client::{
	encoding::{text::encode, EncodeLabelSet},
	metrics::{counter::Counter, family::Family, gauge::Gauge, histogram::Histogram},
	registry::{Metric, Registry},
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
		let r = &mut registry;
		let latency_buckets = [0.5, 1.0, 2.0, 5.0, 10.0, 15.0, 20.0, 30.0, 60.0, 120.0, 300.0];
		let size_buckets = [1.0, 10.0, 50.0, 100.0, 250.0, 500.0, 1000.0, 2500.0, 5000.0, 10000.0];
		Self {
			received: add(r, "readings_received", "MQTT messages received", Counter::default()),
			stored: add(r, "readings_stored", "Readings durably stored", Counter::default()),
			duplicates: add(
				r,
				"readings_duplicate",
				"Redelivered messages recognised and not stored again",
				Counter::default(),
			),
			rejected: add(r, "readings_rejected", "Messages rejected", Family::default()),
			anchored: add(
				r,
				"readings_anchored",
				"Readings whose batch was included in a block",
				Counter::default(),
			),
			finalized: add(
				r,
				"readings_finalized",
				"Readings whose batch was finalized",
				Counter::default(),
			),
			failed: add(
				r,
				"readings_failed",
				"Readings whose batch the chain refused",
				Counter::default(),
			),
			transactions: add(r, "transactions", "Transactions sent", Counter::default()),
			batch_size: add(
				r,
				"batch_size",
				"Readings per closed batch",
				Histogram::new(size_buckets),
			),
			queue_depth: add(
				r,
				"queue_depth",
				"Readings stored but not yet finalized",
				Gauge::default(),
			),
			outstanding_batches: add(
				r,
				"outstanding_batches",
				"Batches closed but not yet finalized or failed",
				Gauge::default(),
			),
			finality_latency: add(
				r,
				"finality_latency_seconds",
				"From a batch's first reading to its finalized anchor",
				Histogram::new(latency_buckets),
			),
			errors: add(r, "errors", "Errors by kind", Family::default()),
			chain_connected: add(
				r,
				"chain_connected",
				"1 while connected to the node",
				Gauge::default(),
			),
			broker_connected: add(
				r,
				"broker_connected",
				"1 while connected to the broker",
				Gauge::default(),
			),
			registry,
		}
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

/// Registers `metric` as `name` and returns it (metrics are shared handles).
fn add<M: Metric + Clone>(registry: &mut Registry, name: &str, help: &str, metric: M) -> M {
	registry.register(name, help, metric.clone());
	metric
}

impl Default for Metrics {
	fn default() -> Self {
		Self::new()
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn metrics_are_encoded_under_their_documented_names() {
		let metrics = Metrics::new();
		metrics.stored.inc_by(3);
		metrics.reject("size");
		metrics.error("chain");
		metrics.queue_depth.set(7);
		metrics.batch_size.observe(40.0);
		let text = metrics.encode();
		for line in [
			"iot_gateway_readings_stored_total 3",
			"iot_gateway_readings_rejected_total{reason=\"size\"} 1",
			"iot_gateway_errors_total{kind=\"chain\"} 1",
			"iot_gateway_queue_depth 7",
			"iot_gateway_batch_size_count 1",
			"iot_gateway_readings_finalized_total 0",
			"iot_gateway_chain_connected 0",
		] {
			assert!(text.lines().any(|l| l == line), "{line} missing from:\n{text}");
		}
		assert!(text.ends_with("# EOF\n"));
	}
}
