//! Anchoring: closed batches go to the chain in `DataAnchoring.anchor_batch` transactions signed by
//! the gateway's account (an authorised gateway of the devices' owner), followed to finality.
//!
//! Every state change is written to the database before the action it enables: a batch is marked
//! `Submitted` (with the last block its transaction can be included in) before the transaction is
//! sent. A batch found `Submitted` or `InBlock` without a live watcher (after a restart, a lost
//! connection, a retracted block) is *reconciled*: the chain's finalized state is asked whether
//! the device anchored that root (`DataAnchoring.AnchorsByRoot`); only when it did not and the
//! transaction can no longer be included is the batch sent again. So nothing is anchored twice.
//! A batch the chain refuses (e.g. its device is suspended) is recorded as failed with the chain's
//! error, reported (log, metrics, HTTP) and never retried.

use std::{
	collections::{HashMap, HashSet},
	sync::{
		atomic::{AtomicU32, AtomicUsize, Ordering},
		Arc, Mutex,
	},
	time::Duration,
};

use subxt::{
	config::{DefaultExtrinsicParamsBuilder, RpcConfigFor},
	error::{DispatchError, TransactionEventsError},
	rpcs::{methods::legacy::LegacyRpcMethods, RpcClient},
	transactions::{TransactionInBlock, TransactionProgress, TransactionStatus},
	utils::H256,
	OnlineClient, PolkadotConfig,
};
use subxt_signer::{sr25519::Keypair, SecretUri};
use tokio::sync::Notify;
use tracing::{debug, info, warn};

use crate::{
	metrics::Metrics,
	now_ms,
	store::{AnchorRef, Batch, BatchStatus, DeviceKey, Store},
	Config,
};

/// The runtime's interface, generated from its metadata (`metadata/iot-runtime.scale`; refresh
/// it with `scripts/gateway-metadata.sh` when the runtime's calls, events or storage change: subxt
/// refuses a call whose shape differs from the node's).
#[subxt::subxt(runtime_metadata_path = "metadata/iot-runtime.scale")]
pub mod iot {}

use iot::runtime_types::{
	bounded_collections::bounded_vec::BoundedVec,
	pallet_data_anchoring::{
		pallet::Error as AnchoringError,
		types::{AnchorError, AnchorItem},
	},
};

/// A client of an iot-chain node.
pub type Client = OnlineClient<PolkadotConfig>;

type Progress =
	TransactionProgress<PolkadotConfig, subxt::client::OnlineClientAtBlockImpl<PolkadotConfig>>;
type InBlock =
	TransactionInBlock<PolkadotConfig, subxt::client::OnlineClientAtBlockImpl<PolkadotConfig>>;

/// The longest a round of work on the chain may take before the connection is deemed dead.
const ROUND_TIMEOUT: Duration = Duration::from_secs(15);

/// A connection to a node: the subxt client and the legacy RPC methods on the same socket.
struct Connection {
	client: Client,
	legacy: LegacyRpcMethods<RpcConfigFor<PolkadotConfig>>,
}

impl Connection {
	async fn open(url: &str) -> Result<Self, ChainError> {
		let rpc = RpcClient::from_insecure_url(url).await.map_err(subxt_error)?;
		let client = Client::from_rpc_client(rpc.clone()).await.map_err(subxt_error)?;
		Ok(Self { client, legacy: LegacyRpcMethods::new(rpc) })
	}
}

/// An error talking to the chain (the connection is then rebuilt, with backoff).
#[derive(Debug, thiserror::Error)]
pub enum ChainError {
	/// subxt failed (connection, RPC, metadata mismatch, decoding).
	#[error("{0}")]
	Subxt(Box<subxt::Error>),
	/// The database failed.
	#[error("{0}")]
	Store(#[from] crate::store::StoreError),
	/// A round of work took longer than [`ROUND_TIMEOUT`].
	#[error("the node did not answer within {} s", ROUND_TIMEOUT.as_secs())]
	Timeout,
}

fn subxt_error(error: impl Into<subxt::Error>) -> ChainError {
	ChainError::Subxt(Box::new(error.into()))
}

/// The key of a batch: its device and first reading.
type BatchKey = (DeviceKey, u64);

/// Sends batches and follows them to finality.
pub struct Anchorer {
	config: Config,
	store: Arc<Store>,
	metrics: Arc<Metrics>,
	signer: Keypair,
	/// Batches whose transaction a watcher is following.
	in_flight: Mutex<HashSet<BatchKey>>,
	/// Transactions sent and not yet in a block (`--max-in-flight` bounds them).
	transactions: AtomicUsize,
	/// Transactions found invalid in a row (reset by an included one).
	invalid_streak: AtomicU32,
	/// The nonce of the next transaction, once known on this connection.
	next_nonce: tokio::sync::Mutex<Option<u64>>,
	/// Woken when batches close or a transaction ends.
	wake: Arc<Notify>,
}

/// Parses the gateway account's secret URI.
pub fn signer(suri: &str) -> Result<Keypair, String> {
	let uri: SecretUri = suri.parse().map_err(|error| format!("--suri: {error}"))?;
	Keypair::from_uri(&uri).map_err(|error| format!("--suri: {error}"))
}

impl Anchorer {
	/// An anchorer for the batches of `store`.
	pub fn new(
		config: Config,
		store: Arc<Store>,
		metrics: Arc<Metrics>,
		signer: Keypair,
		wake: Arc<Notify>,
	) -> Self {
		Self {
			config,
			store,
			metrics,
			signer,
			in_flight: Mutex::new(HashSet::new()),
			transactions: AtomicUsize::new(0),
			invalid_streak: AtomicU32::new(0),
			next_nonce: tokio::sync::Mutex::new(None),
			wake,
		}
	}

	/// The gateway account's SS58 address.
	pub fn account(&self) -> String {
		self.signer.public_key().to_account_id().to_string()
	}

	/// Connects to the node and anchors forever; a lost connection is rebuilt with exponential
	/// backoff (0.5 s doubling to 30 s), the batches waiting in the database meanwhile.
	pub async fn run(self: Arc<Self>) {
		let mut backoff = Duration::from_millis(500);
		loop {
			match Connection::open(&self.config.node).await {
				Ok(connection) => {
					info!(node = %self.config.node, account = %self.account(), "connected to the chain");
					self.metrics.chain_connected.set(1);
					let connected = std::time::Instant::now();
					*self.next_nonce.lock().await = None;
					if let Err(error) = self.serve(&connection).await {
						warn!(%error, "chain connection lost");
						self.metrics.error("chain");
					}
					self.metrics.chain_connected.set(0);
					// A connection that fails at once (e.g. every transaction refused) keeps the
					// backoff growing; one that served a while starts again from 0.5 s.
					if connected.elapsed() > Duration::from_secs(30) {
						backoff = Duration::from_millis(500);
					}
				}
				Err(error) => {
					warn!(node = %self.config.node, %error, retry_in = ?backoff, "cannot reach the node");
					self.metrics.error("chain");
				}
			}
			tokio::time::sleep(backoff).await;
			backoff = (backoff * 2).min(Duration::from_secs(30));
		}
	}

	async fn serve(self: &Arc<Self>, connection: &Connection) -> Result<(), ChainError> {
		let at = connection.client.at_current_block().await.map_err(subxt_error)?;
		let max_batch = at
			.constants()
			.entry(iot::constants().data_anchoring().max_batch())
			.map_err(subxt_error)?;
		let max_batch = usize::try_from(max_batch).unwrap_or(1).max(1);
		let mut probed = std::time::Instant::now();
		loop {
			// A node that stops answering (e.g. a half-open connection) ends the connection.
			tokio::time::timeout(ROUND_TIMEOUT, self.round(connection, max_batch))
				.await
				.map_err(|_| ChainError::Timeout)??;
			// Idle rounds ask the node nothing: probe it every second, so that a lost node is
			// noticed (health, metrics, reconnection) before there is work for it.
			if probed.elapsed() >= Duration::from_secs(1) {
				tokio::time::timeout(ROUND_TIMEOUT, connection.legacy.chain_get_finalized_head())
					.await
					.map_err(|_| ChainError::Timeout)?
					.map_err(subxt_error)?;
				probed = std::time::Instant::now();
			}
			tokio::select! {
				_ = self.wake.notified() => {},
				_ = tokio::time::sleep(Duration::from_secs(1)) => {},
			}
		}
	}

	/// One pass over the outstanding batches: reconcile those without a watcher, send the pending
	/// ones (at most `max_batch` per transaction, `max_in_flight` transactions at once).
	async fn round(
		self: &Arc<Self>,
		connection: &Connection,
		max_batch: usize,
	) -> Result<(), ChainError> {
		let outstanding = self.store.outstanding(usize::MAX)?;
		self.metrics.outstanding_batches.set(i64::try_from(outstanding.len()).unwrap_or(i64::MAX));
		let in_flight = self.lock_in_flight().clone();
		let (mut pending, mut unsure) = (Vec::new(), Vec::new());
		for batch in outstanding {
			if in_flight.contains(&(batch.device, batch.first)) {
				continue;
			}
			match batch.status {
				BatchStatus::Pending => pending.push(batch),
				BatchStatus::Submitted { .. } | BatchStatus::InBlock(_) => unsure.push(batch),
				BatchStatus::Finalized(_) | BatchStatus::Failed { .. } => {}
			}
		}
		if !unsure.is_empty() {
			pending.extend(self.reconcile(&connection.client, unsure).await?);
		}
		for chunk in pending.chunks(max_batch) {
			if self.transactions.load(Ordering::SeqCst) >= self.config.max_in_flight {
				break;
			}
			self.send(connection, chunk.to_vec()).await?;
		}
		Ok(())
	}

	/// Asks the finalized state about batches nobody follows; returns those to send again.
	async fn reconcile(
		&self,
		client: &Client,
		batches: Vec<Batch>,
	) -> Result<Vec<Batch>, ChainError> {
		let at = client.at_current_block().await.map_err(subxt_error)?;
		let finalized = at.block_number();
		let mut updates = Vec::new();
		let mut resend = Vec::new();
		for mut batch in batches {
			let key = (H256(batch.root), H256(batch.device));
			let seq = at
				.storage()
				.try_fetch(iot::storage().data_anchoring().anchors_by_root(), key)
				.await
				.map_err(subxt_error)?;
			if let Some(seq) = seq {
				let seq = seq.decode().map_err(subxt_error)?;
				let anchor = at
					.storage()
					.fetch(iot::storage().data_anchoring().anchors(), (H256(batch.device), seq))
					.await
					.map_err(subxt_error)?
					.decode()
					.map_err(subxt_error)?;
				let block_number = u64::from(anchor.block);
				let block_hash =
					client.at_block(block_number).await.map_err(subxt_error)?.block_hash();
				let anchor = AnchorRef { seq, block_hash: block_hash.0, block_number };
				info!(device = %hex_id(&batch.device), first = batch.first, seq, block_number,
					"reconciled: the chain has the anchor");
				self.count_finalized(&batch, !matches!(batch.status, BatchStatus::InBlock(_)));
				updates.push((batch.device, batch.first, BatchStatus::Finalized(anchor)));
				continue;
			}
			let expired = match batch.status {
				BatchStatus::Submitted { valid_until, .. } => finalized > valid_until,
				// Included once, not in the finalized chain at or after that block: retracted.
				// Its transaction may still be re-included until it expires.
				BatchStatus::InBlock(anchor) => {
					let valid_until = anchor.block_number.saturating_add(self.config.mortality);
					if finalized >= anchor.block_number {
						updates.push((
							batch.device,
							batch.first,
							BatchStatus::Submitted { at_ms: now_ms(), valid_until },
						));
					}
					false
				}
				_ => false,
			};
			if expired {
				debug!(device = %hex_id(&batch.device), first = batch.first, "not anchored and expired: sending again");
				batch.status = BatchStatus::Pending;
				updates.push((batch.device, batch.first, BatchStatus::Pending));
				resend.push(batch);
			}
		}
		self.store.set_status(&updates)?;
		Ok(resend)
	}

	/// Marks `batches` submitted (durably), then sends them in one `anchor_batch` and starts a
	/// watcher.
	async fn send(
		self: &Arc<Self>,
		connection: &Connection,
		batches: Vec<Batch>,
	) -> Result<(), ChainError> {
		let at = connection.client.at_current_block().await.map_err(subxt_error)?;
		let valid_until = at.block_number().saturating_add(self.config.mortality);
		let items = batches
			.iter()
			.map(|batch| AnchorItem {
				device: H256(batch.device),
				root: H256(batch.root),
				leaf_count: batch.count,
				signature: None,
			})
			.collect();
		let call = iot::tx().data_anchoring().anchor_batch(BoundedVec(items));
		let submitted = BatchStatus::Submitted { at_ms: now_ms(), valid_until };
		let updates: Vec<_> =
			batches.iter().map(|batch| (batch.device, batch.first, submitted.clone())).collect();
		self.store.set_status(&updates)?;
		self.lock_in_flight().extend(batches.iter().map(|batch| (batch.device, batch.first)));
		// The nonce is the gateway's own count from the pool-aware `system_accountNextIndex`
		// (transactions in flight are not yet in the finalized state subxt would read).
		let mut next_nonce = self.next_nonce.lock().await;
		let nonce = match *next_nonce {
			Some(nonce) => nonce,
			None => connection
				.legacy
				.system_account_next_index(&self.signer.public_key().to_account_id())
				.await
				.map_err(subxt_error)?,
		};
		let params = DefaultExtrinsicParamsBuilder::<PolkadotConfig>::new()
			.mortal(self.config.mortality)
			.nonce(nonce)
			.build();
		let progress =
			at.transactions().sign_and_submit_then_watch(&call, &self.signer, params).await;
		let progress = match progress {
			Ok(progress) => progress,
			Err(error) => {
				// Unknown whether the node took it: the batches stay `Submitted` and are reconciled.
				*next_nonce = None;
				self.release(&batches);
				return Err(subxt_error(error));
			}
		};
		*next_nonce = Some(nonce.saturating_add(1));
		drop(next_nonce);
		self.metrics.transactions.inc();
		self.transactions.fetch_add(1, Ordering::SeqCst);
		let readings: u32 = batches.iter().map(|batch| batch.count).sum();
		debug!(batches = batches.len(), readings, valid_until, "anchor_batch sent");
		let this = Arc::clone(self);
		tokio::spawn(async move { this.watch(progress, batches).await });
		Ok(())
	}

	/// Follows one transaction until it is finalized or gone.
	async fn watch(self: Arc<Self>, mut progress: Progress, batches: Vec<Batch>) {
		let mut counted_anchored = false;
		let mut settled = false;
		let mut slot_released = false;
		while let Some(status) = progress.next().await {
			match status {
				Ok(TransactionStatus::InBestBlock(in_block)) if !settled => {
					match self.included(&in_block, &batches, false, &mut counted_anchored).await {
						Ok(done) => settled = done,
						Err(error) => warn!(%error, "reading an anchoring block"),
					}
					// In a block: its slot is free for the next transaction (its batches stay
					// followed until finality).
					if !slot_released {
						slot_released = true;
						self.transactions.fetch_sub(1, Ordering::SeqCst);
						self.wake.notify_one();
					}
				}
				Ok(TransactionStatus::InFinalizedBlock(in_block)) => {
					if !settled {
						if let Err(error) =
							self.included(&in_block, &batches, true, &mut counted_anchored).await
						{
							warn!(%error, "reading a finalized anchoring block");
						}
					}
					break;
				}
				Ok(TransactionStatus::Invalid { message }) => {
					// Out of the pool for good (e.g. its nonce was used, or no funds for the fee):
					// safe to send again, after a delay growing with each invalid one in a row
					// (0.5 s doubling to 32 s), so that a lasting cause is no busy loop.
					*self.next_nonce.lock().await = None;
					let streak = self.invalid_streak.fetch_add(1, Ordering::SeqCst).min(6);
					let delay = Duration::from_millis(500 << streak);
					warn!(%message, retry_in = ?delay, "anchoring transaction invalid; sending its batches again");
					self.metrics.error("chain");
					tokio::time::sleep(delay).await;
					let updates: Vec<_> = batches
						.iter()
						.map(|batch| (batch.device, batch.first, BatchStatus::Pending))
						.collect();
					if let Err(error) = self.store.set_status(&updates) {
						warn!(%error, "recording batches as pending");
					}
					break;
				}
				Ok(
					TransactionStatus::Dropped { message } | TransactionStatus::Error { message },
				) => {
					warn!(%message, "anchoring transaction dropped; its batches will be reconciled");
					self.metrics.error("chain");
					break;
				}
				Ok(_) => {}
				Err(error) => {
					warn!(%error, "lost the anchoring transaction's status; its batches will be reconciled");
					break;
				}
			}
		}
		self.release(&batches);
		if !slot_released {
			self.transactions.fetch_sub(1, Ordering::SeqCst);
		}
		self.wake.notify_one();
	}

	/// Records the outcome of an included transaction. Returns whether it failed (nothing more
	/// to follow).
	async fn included(
		&self,
		in_block: &InBlock,
		batches: &[Batch],
		finalized: bool,
		counted_anchored: &mut bool,
	) -> Result<bool, ChainError> {
		self.invalid_streak.store(0, Ordering::SeqCst);
		let block_hash = in_block.block_hash();
		let block_number = in_block.at().await.map_err(subxt_error)?.block_number();
		let events = match in_block.wait_for_success().await {
			Ok(events) => events,
			Err(TransactionEventsError::ExtrinsicFailed(error)) => {
				self.refused(batches, &error)?;
				return Ok(true);
			}
			Err(error) => return Err(subxt_error(error)),
		};
		let mut seqs: HashMap<(DeviceKey, [u8; 32]), u64> = HashMap::new();
		for event in events.find::<iot::data_anchoring::events::Anchored>() {
			let event = event.map_err(subxt_error)?;
			seqs.insert((event.device.0, event.root.0), event.seq);
		}
		let mut updates = Vec::new();
		for batch in batches {
			let Some(&seq) = seqs.get(&(batch.device, batch.root)) else {
				warn!(device = %hex_id(&batch.device), first = batch.first, "no Anchored event for a batch");
				continue;
			};
			let anchor = AnchorRef { seq, block_hash: block_hash.0, block_number };
			let status = if finalized {
				BatchStatus::Finalized(anchor)
			} else {
				BatchStatus::InBlock(anchor)
			};
			updates.push((batch.device, batch.first, status));
		}
		self.store.set_status(&updates)?;
		for batch in batches {
			if finalized {
				self.count_finalized(batch, !*counted_anchored);
			} else if !*counted_anchored {
				self.metrics.anchored.inc_by(u64::from(batch.count));
			}
		}
		*counted_anchored = true;
		if finalized {
			info!(block_number, batches = batches.len(), "anchors finalized");
		}
		Ok(false)
	}

	/// Records a refused `anchor_batch`: the failing item is `Failed` with the chain's error, the
	/// others (not anchored: the call is all-or-nothing) go back to `Pending`.
	fn refused(&self, batches: &[Batch], error: &DispatchError) -> Result<(), ChainError> {
		let (index, reason) = match error {
			DispatchError::Module(module) => match module.as_root_error::<iot::Error>() {
				// The device anchored this root already: our own earlier transaction. Not a
				// failure: the batch is reconciled (its anchor read back), the others resent.
				Ok(iot::Error::DataAnchoring(AnchoringError::BatchItemFailed {
					index,
					error: AnchorError::DuplicateRoot,
				})) => return self.already_anchored(batches, usize::from(index)),
				Ok(iot::Error::DataAnchoring(AnchoringError::BatchItemFailed { index, error })) => {
					(Some(usize::from(index)), format!("DataAnchoring.{error:?}"))
				}
				Ok(other) => (None, format!("{other:?}")),
				Err(_) => (None, module.details_string()),
			},
			other => (None, other.to_string()),
		};
		let mut updates = Vec::new();
		for (position, batch) in batches.iter().enumerate() {
			if index.is_none() || index == Some(position) {
				warn!(device = %hex_id(&batch.device), first = batch.first, readings = batch.count,
					error = %reason, "the chain refused a batch; recorded as failed");
				self.metrics.failed.inc_by(u64::from(batch.count));
				self.metrics.queue_depth.dec_by(i64::from(batch.count));
				self.metrics.error("anchor");
				updates.push((
					batch.device,
					batch.first,
					BatchStatus::Failed { error: reason.clone() },
				));
			} else {
				updates.push((batch.device, batch.first, BatchStatus::Pending));
			}
		}
		self.store.set_status(&updates).map_err(ChainError::from)
	}

	/// After `DuplicateRoot` on item `index`: that batch is reconciled, the others resent.
	fn already_anchored(&self, batches: &[Batch], index: usize) -> Result<(), ChainError> {
		let updates: Vec<_> = batches
			.iter()
			.enumerate()
			.map(|(position, batch)| {
				let status = if position == index {
					BatchStatus::Submitted { at_ms: now_ms(), valid_until: 0 }
				} else {
					BatchStatus::Pending
				};
				(batch.device, batch.first, status)
			})
			.collect();
		self.store.set_status(&updates).map_err(ChainError::from)
	}

	fn count_finalized(&self, batch: &Batch, also_anchored: bool) {
		let count = u64::from(batch.count);
		if also_anchored {
			self.metrics.anchored.inc_by(count);
		}
		self.metrics.finalized.inc_by(count);
		self.metrics.queue_depth.dec_by(i64::from(batch.count));
		let latency = now_ms().saturating_sub(batch.opened_at_ms);
		self.metrics.finality_latency.observe(latency as f64 / 1000.0);
	}

	fn release(&self, batches: &[Batch]) {
		let mut in_flight = self.lock_in_flight();
		for batch in batches {
			in_flight.remove(&(batch.device, batch.first));
		}
	}

	fn lock_in_flight(&self) -> std::sync::MutexGuard<'_, HashSet<BatchKey>> {
		// A panic while holding the lock cannot leave the set inconsistent: use it anyway.
		self.in_flight.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
	}
}

/// A device id as `0x` and 64 hex digits.
pub fn hex_id(device: &DeviceKey) -> String {
	format!("0x{}", hex::encode(device))
}
