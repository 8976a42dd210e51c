//! The gateway's database: every reading, every batch and the fate of its anchor, in one redb file.
//!
//! A reading is acknowledged to the broker only after the transaction that stored it committed
//! (redb's default durability: the commit is on disk when it returns), so a crash loses nothing
//! acknowledged. Tables (keys are big-endian so that a device's entries are contiguous and in order):
//!
//! | table | key | value |
//! |---|---|---|
//! | `readings` | device ‖ reading id | the payload, verbatim (the Merkle leaf) |
//! | `readings_by_hash` | device ‖ blake2-256(payload) | reading id (deduplication, lookup by leaf hash) |
//! | `devices` | device | [`DeviceState`]: next reading id, the open batch |
//! | `batches` | device ‖ first reading id | [`Batch`] |
//! | `outstanding` | device ‖ first reading id | closing time (batches not yet finalized or failed) |
//!
//! A device's readings are numbered from 0; its batches cover consecutive ranges of them, so the
//! batch of a reading is the last batch starting at or before it.

use std::{collections::HashMap, path::Path};

use codec::{Decode, Encode};
use redb::{Database, ReadableDatabase, ReadableTable, Table, TableDefinition, WriteTransaction};
use sp_crypto_hashing::blake2_256;

/// A device identifier (32 bytes, as on chain).
pub type DeviceKey = [u8; 32];

const READINGS: TableDefinition<&[u8], &[u8]> = TableDefinition::new("readings");
const BY_HASH: TableDefinition<&[u8], u64> = TableDefinition::new("readings_by_hash");
const DEVICES: TableDefinition<&[u8], &[u8]> = TableDefinition::new("devices");
const BATCHES: TableDefinition<&[u8], &[u8]> = TableDefinition::new("batches");
const OUTSTANDING: TableDefinition<&[u8], u64> = TableDefinition::new("outstanding");

/// An error of the database or of a record in it.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
	/// redb failed (I/O, corruption, a full disk).
	#[error("database: {0}")]
	Database(#[from] redb::Error),
	/// A stored record does not decode (the file is not this gateway's).
	#[error("corrupt record in table {0}")]
	Corrupt(&'static str),
}

impl StoreError {
	fn db(error: impl Into<redb::Error>) -> Self {
		Self::Database(error.into())
	}
}

/// Shorthand for results of this module.
pub type Result<T> = std::result::Result<T, StoreError>;

/// Per-device bookkeeping: readings `open_first..next_id` form the open batch.
#[derive(Encode, Decode, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DeviceState {
	/// The id the device's next reading gets.
	pub next_id: u64,
	/// The first reading of the open batch.
	pub open_first: u64,
	/// When the open batch's first reading arrived (ms since the Unix epoch).
	pub open_since_ms: u64,
}

impl DeviceState {
	/// The number of readings in the open batch.
	pub fn open_count(&self) -> u64 {
		self.next_id.saturating_sub(self.open_first)
	}
}

/// Where an anchor landed on chain.
#[derive(Encode, Decode, Clone, Copy, Debug, PartialEq, Eq)]
pub struct AnchorRef {
	/// The anchor's sequence number for the device (`DataAnchoring::Anchors(device, seq)`).
	pub seq: u64,
	/// The block that included it.
	pub block_hash: [u8; 32],
	/// That block's number.
	pub block_number: u64,
}

/// The life of a batch's anchor.
#[derive(Encode, Decode, Clone, Debug, PartialEq, Eq)]
pub enum BatchStatus {
	/// Closed, its root computed, not yet sent.
	Pending,
	/// Sent in a transaction; the outcome is unknown until it is seen in a block. The chain is
	/// asked before the batch is sent again, and it is sent again only after `valid_until`.
	Submitted {
		/// When it was sent (ms since the epoch).
		at_ms: u64,
		/// The last block that can include the transaction (its mortality).
		valid_until: u64,
	},
	/// Included in a best block (may still be retracted).
	InBlock(AnchorRef),
	/// Included in a finalized block: final.
	Finalized(AnchorRef),
	/// The chain refused it (e.g. the device is suspended): final, reported, never retried.
	Failed {
		/// The chain's error, e.g. `DataAnchoring.BatchItemFailed { error: DeviceNotActive }`.
		error: String,
	},
}

impl BatchStatus {
	/// Whether the batch needs no more work (finalized or failed).
	pub fn is_final(&self) -> bool {
		matches!(self, Self::Finalized(_) | Self::Failed { .. })
	}

	/// The anchor, once included.
	pub fn anchor(&self) -> Option<&AnchorRef> {
		match self {
			Self::InBlock(anchor) | Self::Finalized(anchor) => Some(anchor),
			_ => None,
		}
	}

	/// A short name for logs and the HTTP API.
	pub fn name(&self) -> &'static str {
		match self {
			Self::Pending => "pending",
			Self::Submitted { .. } => "submitted",
			Self::InBlock(_) => "inBlock",
			Self::Finalized(_) => "finalized",
			Self::Failed { .. } => "failed",
		}
	}
}

/// A closed batch: readings `first..first + count` of `device`, and the root of their tree.
#[derive(Encode, Decode, Clone, Debug, PartialEq, Eq)]
pub struct Batch {
	/// The device.
	pub device: DeviceKey,
	/// Its first reading's id.
	pub first: u64,
	/// The number of readings (the tree's leaf count).
	pub count: u32,
	/// The Merkle root of the readings (spec §6).
	pub root: [u8; 32],
	/// When its first reading arrived (ms since the epoch).
	pub opened_at_ms: u64,
	/// When it was closed (ms since the epoch).
	pub closed_at_ms: u64,
	/// Its anchor's state.
	pub status: BatchStatus,
}

impl Batch {
	/// Whether reading `id` of the device is in this batch.
	pub fn contains(&self, id: u64) -> bool {
		id >= self.first && id - self.first < u64::from(self.count)
	}
}

/// A message to store: a payload published for a device.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Incoming {
	/// The device (from the topic).
	pub device: DeviceKey,
	/// The payload, verbatim.
	pub payload: Vec<u8>,
}

/// What became of one stored message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stored {
	/// A new reading with this id.
	New(u64),
	/// The same bytes were already stored for the device as this reading (a redelivery).
	Duplicate(u64),
}

/// When batches close.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BatchPolicy {
	/// A batch closes when it holds this many readings.
	pub max_readings: u32,
	/// A non-empty batch closes when its first reading is this old (ms).
	pub max_age_ms: u64,
}

/// The result of [`Store::ingest`].
#[derive(Debug, Default)]
pub struct IngestOutcome {
	/// One entry per message, in order.
	pub stored: Vec<Stored>,
	/// The batches that reached the size limit and were closed.
	pub closed: Vec<Batch>,
}

/// A reading, its batch and the sibling hashes that prove it (spec §6).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadingProof {
	/// The device.
	pub device: DeviceKey,
	/// The reading's id.
	pub id: u64,
	/// The payload (the leaf).
	pub payload: Vec<u8>,
	/// Its index in the batch's tree.
	pub leaf_index: u32,
	/// The batch.
	pub batch: Batch,
	/// Sibling hashes, bottom-up.
	pub proof: Vec<[u8; 32]>,
}

/// The answer to a reading lookup.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Lookup {
	/// No such reading.
	Unknown,
	/// Stored, in the device's open batch (no root yet).
	Open {
		/// The reading's id.
		id: u64,
	},
	/// In a closed batch: its proof.
	Closed(Box<ReadingProof>),
}

/// Totals for metrics and health.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Totals {
	/// Readings stored.
	pub readings: u64,
	/// Readings in open batches or in batches not yet finalized or failed.
	pub unfinalized_readings: u64,
	/// Batches not yet finalized or failed.
	pub outstanding_batches: u64,
}

fn key(device: &DeviceKey, suffix: &[u8]) -> Vec<u8> {
	let mut key = Vec::with_capacity(32 + suffix.len());
	key.extend_from_slice(device);
	key.extend_from_slice(suffix);
	key
}

fn id_key(device: &DeviceKey, id: u64) -> Vec<u8> {
	key(device, &id.to_be_bytes())
}

fn decode<T: Decode>(bytes: &[u8], table: &'static str) -> Result<T> {
	T::decode(&mut &bytes[..]).map_err(|_| StoreError::Corrupt(table))
}

/// The gateway's database.
pub struct Store {
	db: Database,
}

impl Store {
	/// Opens (or creates) the database at `path`.
	pub fn open(path: &Path) -> Result<Self> {
		let db = Database::create(path).map_err(StoreError::db)?;
		let txn = db.begin_write().map_err(StoreError::db)?;
		{
			// Create every table, so that readers never meet a missing one.
			txn.open_table(READINGS).map_err(StoreError::db)?;
			txn.open_table(BY_HASH).map_err(StoreError::db)?;
			txn.open_table(DEVICES).map_err(StoreError::db)?;
			txn.open_table(BATCHES).map_err(StoreError::db)?;
			txn.open_table(OUTSTANDING).map_err(StoreError::db)?;
		}
		txn.commit().map_err(StoreError::db)?;
		Ok(Self { db })
	}

	/// Stores `messages` in one durable transaction (a redelivered payload is recognised and
	/// not stored twice) and closes every batch that reaches `policy.max_readings`.
	pub fn ingest(
		&self,
		messages: &[Incoming],
		now_ms: u64,
		policy: BatchPolicy,
	) -> Result<IngestOutcome> {
		let mut outcome = IngestOutcome::default();
		let txn = self.db.begin_write().map_err(StoreError::db)?;
		{
			let mut tables = WriteTables::open(&txn)?;
			let mut states: HashMap<DeviceKey, DeviceState> = HashMap::new();
			for message in messages {
				let mut state = match states.get(&message.device) {
					Some(state) => *state,
					None => tables.device_state(&message.device)?,
				};
				let hash_key = key(&message.device, &blake2_256(&message.payload));
				if let Some(id) = tables.by_hash.get(hash_key.as_slice()).map_err(StoreError::db)? {
					outcome.stored.push(Stored::Duplicate(id.value()));
					continue;
				}
				let id = state.next_id;
				tables.by_hash.insert(hash_key.as_slice(), id).map_err(StoreError::db)?;
				tables
					.readings
					.insert(id_key(&message.device, id).as_slice(), message.payload.as_slice())
					.map_err(StoreError::db)?;
				if state.open_count() == 0 {
					state.open_since_ms = now_ms;
				}
				state.next_id = id.saturating_add(1);
				if state.open_count() >= u64::from(policy.max_readings) {
					outcome.closed.push(tables.close(&message.device, &mut state, now_ms)?);
				}
				states.insert(message.device, state);
				outcome.stored.push(Stored::New(id));
			}
			tables.put_states(&states)?;
		}
		txn.commit().map_err(StoreError::db)?;
		Ok(outcome)
	}

	/// Closes every non-empty open batch whose first reading is older than `policy.max_age_ms`.
	pub fn close_due(&self, now_ms: u64, policy: BatchPolicy) -> Result<Vec<Batch>> {
		let due: Vec<(DeviceKey, DeviceState)> = {
			let read = self.db.begin_read().map_err(StoreError::db)?;
			let devices = read.open_table(DEVICES).map_err(StoreError::db)?;
			let mut due = Vec::new();
			for entry in devices.iter().map_err(StoreError::db)? {
				let (device, state) = entry.map_err(StoreError::db)?;
				let state: DeviceState = decode(state.value(), "devices")?;
				let device = DeviceKey::try_from(device.value())
					.map_err(|_| StoreError::Corrupt("devices"))?;
				if state.open_count() > 0
					&& now_ms.saturating_sub(state.open_since_ms) >= policy.max_age_ms
				{
					due.push((device, state));
				}
			}
			due
		};
		if due.is_empty() {
			return Ok(Vec::new());
		}
		let txn = self.db.begin_write().map_err(StoreError::db)?;
		let mut closed = Vec::new();
		{
			let mut tables = WriteTables::open(&txn)?;
			let mut states = HashMap::new();
			for (device, _) in due {
				// Read again inside the write transaction: the ingest path may have closed it.
				let mut state = tables.device_state(&device)?;
				if state.open_count() == 0 {
					continue;
				}
				closed.push(tables.close(&device, &mut state, now_ms)?);
				states.insert(device, state);
			}
			tables.put_states(&states)?;
		}
		txn.commit().map_err(StoreError::db)?;
		Ok(closed)
	}

	/// Batches not yet finalized or failed, oldest first within each device, at most `limit`.
	pub fn outstanding(&self, limit: usize) -> Result<Vec<Batch>> {
		let read = self.db.begin_read().map_err(StoreError::db)?;
		let outstanding = read.open_table(OUTSTANDING).map_err(StoreError::db)?;
		let batches = read.open_table(BATCHES).map_err(StoreError::db)?;
		let mut result = Vec::new();
		for entry in outstanding.iter().map_err(StoreError::db)? {
			if result.len() >= limit {
				break;
			}
			let (key, _) = entry.map_err(StoreError::db)?;
			let batch = batches
				.get(key.value())
				.map_err(StoreError::db)?
				.ok_or(StoreError::Corrupt("outstanding"))?;
			result.push(decode::<Batch>(batch.value(), "batches")?);
		}
		Ok(result)
	}

	/// Records new states of batches (identified by device and first reading) in one transaction.
	/// A final state takes the batch off the outstanding list.
	pub fn set_status(&self, updates: &[(DeviceKey, u64, BatchStatus)]) -> Result<()> {
		let txn = self.db.begin_write().map_err(StoreError::db)?;
		{
			let mut batches = txn.open_table(BATCHES).map_err(StoreError::db)?;
			let mut outstanding = txn.open_table(OUTSTANDING).map_err(StoreError::db)?;
			for (device, first, status) in updates {
				let key = id_key(device, *first);
				let mut batch: Batch = match batches.get(key.as_slice()).map_err(StoreError::db)? {
					Some(batch) => decode(batch.value(), "batches")?,
					None => continue,
				};
				batch.status = status.clone();
				batches
					.insert(key.as_slice(), batch.encode().as_slice())
					.map_err(StoreError::db)?;
				if status.is_final() {
					outstanding.remove(key.as_slice()).map_err(StoreError::db)?;
				}
			}
		}
		txn.commit().map_err(StoreError::db)
	}

	/// The batch that starts at reading `first` of `device`.
	pub fn batch(&self, device: &DeviceKey, first: u64) -> Result<Option<Batch>> {
		let read = self.db.begin_read().map_err(StoreError::db)?;
		let batches = read.open_table(BATCHES).map_err(StoreError::db)?;
		let batch = batches.get(id_key(device, first).as_slice()).map_err(StoreError::db)?;
		batch.map(|batch| decode(batch.value(), "batches")).transpose()
	}

	/// The id of the device's reading whose payload hashes to `leaf_hash`.
	pub fn reading_by_hash(&self, device: &DeviceKey, leaf_hash: &[u8; 32]) -> Result<Option<u64>> {
		let read = self.db.begin_read().map_err(StoreError::db)?;
		let by_hash = read.open_table(BY_HASH).map_err(StoreError::db)?;
		let id = by_hash.get(key(device, leaf_hash).as_slice()).map_err(StoreError::db)?;
		Ok(id.map(|id| id.value()))
	}

	/// Reading `id` of `device`: unknown, in the open batch, or its proof.
	pub fn lookup(&self, device: &DeviceKey, id: u64) -> Result<Lookup> {
		let read = self.db.begin_read().map_err(StoreError::db)?;
		let readings = read.open_table(READINGS).map_err(StoreError::db)?;
		let Some(payload) = readings.get(id_key(device, id).as_slice()).map_err(StoreError::db)?
		else {
			return Ok(Lookup::Unknown);
		};
		let payload = payload.value().to_vec();
		let batches = read.open_table(BATCHES).map_err(StoreError::db)?;
		let start = id_key(device, 0);
		let end = id_key(device, id);
		let last = batches
			.range(start.as_slice()..=end.as_slice())
			.map_err(StoreError::db)?
			.next_back()
			.transpose()
			.map_err(StoreError::db)?;
		let batch: Batch = match last {
			Some((_, batch)) => decode(batch.value(), "batches")?,
			None => return Ok(Lookup::Open { id }),
		};
		if !batch.contains(id) {
			return Ok(Lookup::Open { id });
		}
		let leaves = Self::leaves(&readings, &batch)?;
		let leaf_index =
			u32::try_from(id - batch.first).map_err(|_| StoreError::Corrupt("batches"))?;
		let proof = iot_primitives::merkle::proof(leaves.iter(), leaf_index)
			.into_iter()
			.map(|hash| hash.0)
			.collect();
		Ok(Lookup::Closed(Box::new(ReadingProof {
			device: *device,
			id,
			payload,
			leaf_index,
			batch,
			proof,
		})))
	}

	/// The payloads of a batch's readings, in order.
	pub fn batch_leaves(&self, batch: &Batch) -> Result<Vec<Vec<u8>>> {
		let read = self.db.begin_read().map_err(StoreError::db)?;
		let readings = read.open_table(READINGS).map_err(StoreError::db)?;
		Self::leaves(&readings, batch)
	}

	/// Totals over the whole database (a scan of the device and outstanding tables).
	pub fn totals(&self) -> Result<Totals> {
		let read = self.db.begin_read().map_err(StoreError::db)?;
		let mut totals = Totals::default();
		let devices = read.open_table(DEVICES).map_err(StoreError::db)?;
		for entry in devices.iter().map_err(StoreError::db)? {
			let (_, state) = entry.map_err(StoreError::db)?;
			let state: DeviceState = decode(state.value(), "devices")?;
			totals.readings = totals.readings.saturating_add(state.next_id);
			totals.unfinalized_readings =
				totals.unfinalized_readings.saturating_add(state.open_count());
		}
		let outstanding = read.open_table(OUTSTANDING).map_err(StoreError::db)?;
		let batches = read.open_table(BATCHES).map_err(StoreError::db)?;
		for entry in outstanding.iter().map_err(StoreError::db)? {
			let (key, _) = entry.map_err(StoreError::db)?;
			if let Some(batch) = batches.get(key.value()).map_err(StoreError::db)? {
				let batch: Batch = decode(batch.value(), "batches")?;
				totals.outstanding_batches = totals.outstanding_batches.saturating_add(1);
				totals.unfinalized_readings =
					totals.unfinalized_readings.saturating_add(u64::from(batch.count));
			}
		}
		Ok(totals)
	}

	fn leaves(
		readings: &impl ReadableTable<&'static [u8], &'static [u8]>,
		batch: &Batch,
	) -> Result<Vec<Vec<u8>>> {
		let start = id_key(&batch.device, batch.first);
		let end = id_key(&batch.device, batch.first.saturating_add(u64::from(batch.count)));
		let mut leaves = Vec::with_capacity(batch.count as usize);
		for entry in readings.range(start.as_slice()..end.as_slice()).map_err(StoreError::db)? {
			let (_, payload) = entry.map_err(StoreError::db)?;
			leaves.push(payload.value().to_vec());
		}
		if leaves.len() != batch.count as usize {
			return Err(StoreError::Corrupt("readings"));
		}
		Ok(leaves)
	}
}

/// The tables of a write transaction, opened once.
struct WriteTables<'txn> {
	readings: Table<'txn, &'static [u8], &'static [u8]>,
	by_hash: Table<'txn, &'static [u8], u64>,
	devices: Table<'txn, &'static [u8], &'static [u8]>,
	batches: Table<'txn, &'static [u8], &'static [u8]>,
	outstanding: Table<'txn, &'static [u8], u64>,
}

impl<'txn> WriteTables<'txn> {
	fn open(txn: &'txn WriteTransaction) -> Result<Self> {
		Ok(Self {
			readings: txn.open_table(READINGS).map_err(StoreError::db)?,
			by_hash: txn.open_table(BY_HASH).map_err(StoreError::db)?,
			devices: txn.open_table(DEVICES).map_err(StoreError::db)?,
			batches: txn.open_table(BATCHES).map_err(StoreError::db)?,
			outstanding: txn.open_table(OUTSTANDING).map_err(StoreError::db)?,
		})
	}

	fn device_state(&self, device: &DeviceKey) -> Result<DeviceState> {
		let state = self.devices.get(device.as_slice()).map_err(StoreError::db)?;
		state.map_or(Ok(DeviceState::default()), |state| decode(state.value(), "devices"))
	}

	fn put_states(&mut self, states: &HashMap<DeviceKey, DeviceState>) -> Result<()> {
		for (device, state) in states {
			self.devices
				.insert(device.as_slice(), state.encode().as_slice())
				.map_err(StoreError::db)?;
		}
		Ok(())
	}

	/// Closes the device's open batch: computes its root, records it as pending and outstanding.
	fn close(&mut self, device: &DeviceKey, state: &mut DeviceState, now_ms: u64) -> Result<Batch> {
		let count =
			u32::try_from(state.open_count()).map_err(|_| StoreError::Corrupt("devices"))?;
		let mut batch = Batch {
			device: *device,
			first: state.open_first,
			count,
			root: [0; 32],
			opened_at_ms: state.open_since_ms,
			closed_at_ms: now_ms,
			status: BatchStatus::Pending,
		};
		let leaves = Store::leaves(&self.readings, &batch)?;
		batch.root = iot_primitives::merkle::root(leaves.iter()).0;
		let key = id_key(device, batch.first);
		self.batches.insert(key.as_slice(), batch.encode().as_slice()).map_err(StoreError::db)?;
		self.outstanding.insert(key.as_slice(), now_ms).map_err(StoreError::db)?;
		state.open_first = state.next_id;
		Ok(batch)
	}
}
