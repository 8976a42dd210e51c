//! iot-gateway: from MQTT to anchored, provable readings (spec §15).
//!
//! Devices publish readings (QoS 1) to `<prefix>/<device id>/readings`. The gateway
//!
//! 1. stores each payload verbatim in its database ([`store`], redb) and only then acknowledges it
//!    to the broker ([`mqtt`]; persistent session, redeliveries recognised by their bytes);
//! 2. batches each device's readings by count and by age, builds the runtime's Merkle tree over a
//!    closed batch (`iot_primitives::merkle`, the same code the runtime verifies with);
//! 3. anchors the roots with `DataAnchoring.anchor_batch` as the owner's authorised gateway,
//!    through subxt, and follows each transaction to finality ([`chain`]), asking the chain before
//!    anything is sent again;
//! 4. serves each reading's proof, `/health` and `/metrics` over HTTP ([`http`]).
//!
//! See docs/gateway.md for operators.

pub mod chain;
pub mod config;
pub mod http;
pub mod metrics;
pub mod mqtt;
pub mod store;

use std::{
	sync::Arc,
	time::{Duration, SystemTime, UNIX_EPOCH},
};

pub use config::Config;
use tokio::sync::Notify;
use tracing::{error, info, warn};

/// Milliseconds since the Unix epoch.
pub fn now_ms() -> u64 {
	SystemTime::now()
		.duration_since(UNIX_EPOCH)
		.map_or(0, |elapsed| u64::try_from(elapsed.as_millis()).unwrap_or(u64::MAX))
}

/// Runs the gateway until the database fails or the process is stopped.
pub async fn run(config: Config) -> Result<(), String> {
	let signer = chain::signer(&config.suri)?;
	let store = Arc::new(
		store::Store::open(&config.db)
			.map_err(|error| format!("opening {}: {error}", config.db.display()))?,
	);
	let metrics = Arc::new(metrics::Metrics::new());
	let totals = store.totals().map_err(|error| error.to_string())?;
	metrics.queue_depth.set(i64::try_from(totals.unfinalized_readings).unwrap_or(i64::MAX));
	info!(db = %config.db.display(), readings = totals.readings,
		unfinalized = totals.unfinalized_readings, outstanding_batches = totals.outstanding_batches,
		"database open");
	let wake = Arc::new(Notify::new());

	let listener = tokio::net::TcpListener::bind(config.http)
		.await
		.map_err(|error| format!("--http {}: {error}", config.http))?;
	info!(http = %config.http, "HTTP API listening");
	let api = http::Api { store: Arc::clone(&store), metrics: Arc::clone(&metrics) };
	tokio::spawn(async move {
		if let Err(error) = axum::serve(listener, http::router(api)).await {
			error!(%error, "HTTP API stopped");
		}
	});

	let anchorer = Arc::new(chain::Anchorer::new(
		config.clone(),
		Arc::clone(&store),
		Arc::clone(&metrics),
		signer,
		Arc::clone(&wake),
	));
	info!(account = %anchorer.account(), "gateway account");
	tokio::spawn(anchorer.run());
	tokio::spawn(close_due_batches(
		config.clone(),
		Arc::clone(&store),
		Arc::clone(&metrics),
		Arc::clone(&wake),
	));

	mqtt::run(config, store, metrics, wake).await.map_err(|error| format!("database: {error}"))
}

/// Closes batches that reached their age, a few times per batch interval.
async fn close_due_batches(
	config: Config,
	store: Arc<store::Store>,
	metrics: Arc<metrics::Metrics>,
	wake: Arc<Notify>,
) {
	let policy = store::BatchPolicy {
		max_readings: config.batch_size,
		max_age_ms: config.batch_interval_ms,
	};
	let tick = Duration::from_millis((config.batch_interval_ms / 4).clamp(20, 1000));
	loop {
		tokio::time::sleep(tick).await;
		let store = Arc::clone(&store);
		match tokio::task::spawn_blocking(move || store.close_due(now_ms(), policy)).await {
			Ok(Ok(closed)) if !closed.is_empty() => {
				for batch in &closed {
					metrics.batch_size.observe(f64::from(batch.count));
				}
				wake.notify_one();
			}
			Ok(Ok(_)) => {}
			Ok(Err(failure)) => {
				metrics.error("database");
				warn!(error = %failure, "closing batches");
			}
			Err(_) => warn!("closing batches: task failed"),
		}
	}
}
