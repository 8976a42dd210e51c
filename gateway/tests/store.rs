//! The gateway's database: ids, deduplication, batch closing, proofs, states, reopening.

use iot_gateway::store::{
	AnchorRef, BatchPolicy, BatchStatus, DeviceKey, Incoming, Lookup, Store, Stored, Totals,
};
use sp_crypto_hashing::blake2_256;

const A: DeviceKey = [0xaa; 32];
const B: DeviceKey = [0xbb; 32];
const POLICY: BatchPolicy = BatchPolicy { max_readings: 4, max_age_ms: 1_000 };

fn reading(device: DeviceKey, text: &str) -> Incoming {
	Incoming { device, payload: text.as_bytes().to_vec() }
}

fn readings(device: DeviceKey, range: std::ops::Range<u32>) -> Vec<Incoming> {
	range.map(|n| reading(device, &format!("t={n}"))).collect()
}

fn open_store() -> (tempfile::TempDir, Store) {
	let dir = tempfile::tempdir().unwrap();
	let store = Store::open(&dir.path().join("gateway.redb")).unwrap();
	(dir, store)
}

fn payloads(range: std::ops::Range<u32>) -> Vec<Vec<u8>> {
	range.map(|n| format!("t={n}").into_bytes()).collect()
}

#[test]
fn readings_are_numbered_per_device_and_batches_close_at_the_size_limit() {
	let (_dir, store) = open_store();
	let mut messages = readings(A, 0..3);
	messages.extend(readings(B, 0..2));
	let outcome = store.ingest(&messages, 100, POLICY).unwrap();
	assert_eq!(
		outcome.stored,
		[Stored::New(0), Stored::New(1), Stored::New(2), Stored::New(0), Stored::New(1)]
	);
	assert!(outcome.closed.is_empty());

	// The fourth reading of A fills its batch: closed, its root the runtime's over the payloads.
	let outcome = store.ingest(&readings(A, 3..5), 200, POLICY).unwrap();
	assert_eq!(outcome.stored, [Stored::New(3), Stored::New(4)]);
	assert_eq!(outcome.closed.len(), 1);
	let batch = &outcome.closed[0];
	assert_eq!((batch.device, batch.first, batch.count), (A, 0, 4));
	assert_eq!(batch.root, iot_primitives::merkle::root(payloads(0..4)).0);
	assert_eq!((batch.opened_at_ms, batch.closed_at_ms), (100, 200));
	assert_eq!(batch.status, BatchStatus::Pending);
	assert_eq!(store.outstanding(10).unwrap(), outcome.closed);
	assert_eq!(
		store.totals().unwrap(),
		Totals { readings: 7, unfinalized_readings: 7, outstanding_batches: 1 }
	);
}

#[test]
fn a_redelivered_reading_is_recognised_not_stored_twice_even_after_reopening() {
	let dir = tempfile::tempdir().unwrap();
	let path = dir.path().join("gateway.redb");
	{
		let store = Store::open(&path).unwrap();
		let outcome = store.ingest(&readings(A, 0..2), 1, POLICY).unwrap();
		assert_eq!(outcome.stored, [Stored::New(0), Stored::New(1)]);
		// The same bytes twice in one commit: the second is the duplicate.
		let twice = [reading(A, "t=9"), reading(A, "t=9")];
		assert_eq!(
			store.ingest(&twice, 2, POLICY).unwrap().stored,
			[Stored::New(2), Stored::Duplicate(2)]
		);
	}
	// Reopened (as after a crash between storing and acknowledging): the broker redelivers.
	let store = Store::open(&path).unwrap();
	let outcome = store.ingest(&[reading(A, "t=1"), reading(A, "t=3")], 3, POLICY).unwrap();
	assert_eq!(outcome.stored, [Stored::Duplicate(1), Stored::New(3)]);
	// The same bytes from another device are that device's own reading.
	assert_eq!(store.ingest(&[reading(B, "t=1")], 4, POLICY).unwrap().stored, [Stored::New(0)]);
	assert_eq!(store.totals().unwrap().readings, 5);
	assert_eq!(store.reading_by_hash(&A, &blake2_256(b"t=3")).unwrap(), Some(3));
	assert_eq!(store.reading_by_hash(&B, &blake2_256(b"t=3")).unwrap(), None);
}

#[test]
fn batches_close_by_age_only_when_old_enough_and_not_empty() {
	let (_dir, store) = open_store();
	store.ingest(&readings(A, 0..2), 1_000, POLICY).unwrap();
	store.ingest(&readings(B, 0..1), 1_500, POLICY).unwrap();
	assert!(store.close_due(1_999, POLICY).unwrap().is_empty());
	let closed = store.close_due(2_000, POLICY).unwrap();
	assert_eq!(closed.len(), 1);
	assert_eq!((closed[0].device, closed[0].first, closed[0].count), (A, 0, 2));
	// A's batch is empty now; B's closes at its own age.
	assert!(store.close_due(2_499, POLICY).unwrap().is_empty());
	let closed = store.close_due(2_500, POLICY).unwrap();
	assert_eq!((closed[0].device, closed[0].count), (B, 1));
	assert!(store.close_due(1_000_000, POLICY).unwrap().is_empty());
	// A's next batch starts after the closed one, its age from its own first reading.
	store.ingest(&readings(A, 2..3), 5_000, POLICY).unwrap();
	assert!(store.close_due(5_999, POLICY).unwrap().is_empty());
	let closed = store.close_due(6_000, POLICY).unwrap();
	assert_eq!((closed[0].first, closed[0].count, closed[0].opened_at_ms), (2, 1, 5_000));
}

#[test]
fn lookups_give_unknown_open_or_a_proof_the_runtime_accepts() {
	let (_dir, store) = open_store();
	store.ingest(&readings(A, 0..6), 10, POLICY).unwrap();
	assert_eq!(store.lookup(&A, 6).unwrap(), Lookup::Unknown);
	assert_eq!(store.lookup(&B, 0).unwrap(), Lookup::Unknown);
	assert_eq!(store.lookup(&A, 4).unwrap(), Lookup::Open { id: 4 });
	store.close_due(10_000, POLICY).unwrap();
	for id in 0..6u64 {
		let Lookup::Closed(proof) = store.lookup(&A, id).unwrap() else { panic!("reading {id}") };
		let (first, count) = if id < 4 { (0, 4) } else { (4, 2) };
		assert_eq!((proof.batch.first, proof.batch.count), (first, count));
		assert_eq!(u64::from(proof.leaf_index), id - first);
		assert_eq!(proof.payload, format!("t={id}").into_bytes());
		let siblings: Vec<_> = proof.proof.iter().map(|hash| sp_core::H256(*hash)).collect();
		assert!(iot_primitives::merkle::verify(
			&sp_core::H256(proof.batch.root),
			&siblings,
			proof.batch.count,
			proof.leaf_index,
			&proof.payload,
		));
	}
}

#[test]
fn final_states_leave_the_outstanding_list_and_survive_reopening() {
	let dir = tempfile::tempdir().unwrap();
	let path = dir.path().join("gateway.redb");
	let anchor = AnchorRef { seq: 7, block_hash: [1; 32], block_number: 42 };
	{
		let store = Store::open(&path).unwrap();
		store.ingest(&readings(A, 0..8), 1, POLICY).unwrap();
		store.ingest(&readings(B, 0..4), 1, POLICY).unwrap();
		assert_eq!(store.outstanding(10).unwrap().len(), 3);
		assert_eq!(store.outstanding(2).unwrap().len(), 2);
		store
			.set_status(&[
				(A, 0, BatchStatus::Submitted { at_ms: 5, valid_until: 20 }),
				(A, 4, BatchStatus::Finalized(anchor)),
				(B, 0, BatchStatus::Failed { error: "DataAnchoring.DeviceNotActive".into() }),
				// Unknown batches are ignored.
				(B, 99, BatchStatus::Pending),
			])
			.unwrap();
	}
	let store = Store::open(&path).unwrap();
	let outstanding = store.outstanding(10).unwrap();
	assert_eq!(outstanding.len(), 1);
	assert_eq!(outstanding[0].status, BatchStatus::Submitted { at_ms: 5, valid_until: 20 });
	assert_eq!(store.batch(&A, 4).unwrap().unwrap().status, BatchStatus::Finalized(anchor));
	assert_eq!(
		store.batch(&B, 0).unwrap().unwrap().status,
		BatchStatus::Failed { error: "DataAnchoring.DeviceNotActive".into() }
	);
	assert_eq!(store.batch(&B, 99).unwrap(), None);
	assert_eq!(
		store.totals().unwrap(),
		Totals { readings: 12, unfinalized_readings: 4, outstanding_batches: 1 }
	);
	let Lookup::Closed(proof) = store.lookup(&A, 5).unwrap() else { panic!("closed") };
	assert_eq!(proof.batch.status.anchor(), Some(&anchor));
}
