//! The HTTP API: proofs of readings, health and metrics.
//!
//! - `GET /readings/{device}/{reading}/proof` — `{reading}` is the reading's number for the device
//!   (from 0, in arrival order) or the `0x` hex blake2-256 hash of its bytes (the leaf hash, which
//!   the device can compute itself). 200 with a [`ProofDocument`] once the reading's batch is
//!   closed (its `status` says whether the anchor is finalized); 202 with `{"status":"open"}`
//!   while it is in the device's open batch; 404 if unknown; 400 for a malformed path.
//!   `scripts/verify.sh --proof FILE` (and the web verifier) check the document as is.
//! - `GET /health` — 200 when connected to both the broker and the node, 503 otherwise; the body
//!   says which, with the database's totals.
//! - `GET /metrics` — Prometheus / OpenMetrics text.

use std::sync::Arc;

use axum::{
	extract::{Path, State},
	http::{header, StatusCode},
	response::{IntoResponse, Response},
	routing::get,
	Json, Router,
};
use serde::Serialize;

use crate::{
	metrics::Metrics,
	store::{BatchStatus, DeviceKey, Lookup, ReadingProof, Store},
};

/// The format tag of [`ProofDocument`].
pub const PROOF_FORMAT: &str = "iot-chain-reading-proof/1";

/// What the API handlers share.
#[derive(Clone)]
pub struct Api {
	/// The database.
	pub store: Arc<Store>,
	/// The metrics.
	pub metrics: Arc<Metrics>,
}

/// Where a reading's anchor is on chain.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AnchorDocument {
	/// The anchor's sequence number for the device.
	pub seq: u64,
	/// The block that included it.
	pub block_hash: String,
	/// Its number.
	pub block_number: u64,
}

/// A reading and everything needed to check it against the chain (spec §15).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ProofDocument {
	/// [`PROOF_FORMAT`].
	pub format: &'static str,
	/// The device, `0x` and 64 hex digits.
	pub device: String,
	/// The reading's number for the device.
	pub reading_id: u64,
	/// The reading's bytes (the leaf), `0x` hex.
	pub reading: String,
	/// Its index in the batch's tree.
	pub leaf_index: u32,
	/// The tree's leaf count (the anchor's `leaf_count`).
	pub leaf_count: u32,
	/// The anchored root.
	pub root: String,
	/// Sibling hashes, bottom-up (spec §6).
	pub proof: Vec<String>,
	/// `pending`, `submitted`, `inBlock`, `finalized` or `failed`.
	pub status: &'static str,
	/// The anchor, once included.
	pub anchor: Option<AnchorDocument>,
	/// The chain's error, if it refused the batch.
	#[serde(skip_serializing_if = "Option::is_none")]
	pub error: Option<String>,
}

fn hex0x(bytes: &[u8]) -> String {
	format!("0x{}", hex::encode(bytes))
}

impl From<&ReadingProof> for ProofDocument {
	fn from(proof: &ReadingProof) -> Self {
		let status = &proof.batch.status;
		Self {
			format: PROOF_FORMAT,
			device: hex0x(&proof.device),
			reading_id: proof.id,
			reading: hex0x(&proof.payload),
			leaf_index: proof.leaf_index,
			leaf_count: proof.batch.count,
			root: hex0x(&proof.batch.root),
			proof: proof.proof.iter().map(|hash| hex0x(hash)).collect(),
			status: status.name(),
			anchor: status.anchor().map(|anchor| AnchorDocument {
				seq: anchor.seq,
				block_hash: hex0x(&anchor.block_hash),
				block_number: anchor.block_number,
			}),
			error: match status {
				BatchStatus::Failed { error } => Some(error.clone()),
				_ => None,
			},
		}
	}
}

/// The API's routes.
pub fn router(api: Api) -> Router {
	Router::new()
		.route("/readings/{device}/{reading}/proof", get(proof))
		.route("/health", get(health))
		.route("/metrics", get(metrics))
		.with_state(api)
}

fn parse_hash(text: &str) -> Option<[u8; 32]> {
	let text = text.strip_prefix("0x")?;
	let mut bytes = [0u8; 32];
	hex::decode_to_slice(text, &mut bytes).ok()?;
	Some(bytes)
}

fn error(status: StatusCode, message: &str) -> Response {
	(status, Json(serde_json::json!({ "error": message }))).into_response()
}

async fn proof(
	State(api): State<Api>,
	Path((device, reading)): Path<(String, String)>,
) -> Response {
	let Some(device) = parse_hash(&device) else {
		return error(StatusCode::BAD_REQUEST, "device: expected 0x and 64 hex digits");
	};
	let store = Arc::clone(&api.store);
	let answer = tokio::task::spawn_blocking(move || lookup(&store, &device, &reading)).await;
	match answer {
		Ok(Ok(Some(Lookup::Closed(proof)))) => {
			Json(ProofDocument::from(proof.as_ref())).into_response()
		}
		Ok(Ok(Some(Lookup::Open { id }))) => {
			(StatusCode::ACCEPTED, Json(serde_json::json!({ "status": "open", "readingId": id })))
				.into_response()
		}
		Ok(Ok(Some(Lookup::Unknown))) => error(StatusCode::NOT_FOUND, "no such reading"),
		Ok(Ok(None)) => error(
			StatusCode::BAD_REQUEST,
			"reading: expected a reading number or 0x and a 64-hex-digit leaf hash",
		),
		Ok(Err(failure)) => {
			api.metrics.error("database");
			error(StatusCode::INTERNAL_SERVER_ERROR, &failure.to_string())
		}
		Err(_) => error(StatusCode::INTERNAL_SERVER_ERROR, "lookup task failed"),
	}
}

/// Resolves `reading` (a number or a leaf hash); `None` if it is neither.
fn lookup(
	store: &Store,
	device: &DeviceKey,
	reading: &str,
) -> Result<Option<Lookup>, crate::store::StoreError> {
	let id = if reading.starts_with("0x") {
		let Some(hash) = parse_hash(reading) else { return Ok(None) };
		match store.reading_by_hash(device, &hash)? {
			Some(id) => id,
			None => return Ok(Some(Lookup::Unknown)),
		}
	} else {
		match reading.parse::<u64>() {
			Ok(id) => id,
			Err(_) => return Ok(None),
		}
	};
	store.lookup(device, id).map(Some)
}

async fn health(State(api): State<Api>) -> Response {
	let broker = api.metrics.broker_connected.get() == 1;
	let chain = api.metrics.chain_connected.get() == 1;
	let store = Arc::clone(&api.store);
	let totals = tokio::task::spawn_blocking(move || store.totals()).await;
	let (database, totals) = match totals {
		Ok(Ok(totals)) => (true, Some(totals)),
		_ => (false, None),
	};
	let healthy = broker && chain && database;
	let body = serde_json::json!({
		"status": if healthy { "ok" } else { "degraded" },
		"broker": broker,
		"chain": chain,
		"database": database,
		"readings": totals.map(|t| t.readings),
		"unfinalizedReadings": totals.map(|t| t.unfinalized_readings),
		"outstandingBatches": totals.map(|t| t.outstanding_batches),
	});
	let status = if healthy { StatusCode::OK } else { StatusCode::SERVICE_UNAVAILABLE };
	(status, Json(body)).into_response()
}

async fn metrics(State(api): State<Api>) -> Response {
	(
		[(header::CONTENT_TYPE, "application/openmetrics-text; version=1.0.0; charset=utf-8")],
		api.metrics.encode(),
	)
		.into_response()
}
