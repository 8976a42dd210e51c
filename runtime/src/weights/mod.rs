//! Base weights measured on this project's benchmark machine by `iot-node benchmark overhead`
//! (`scripts/benchmark.sh`; never edit the generated files by hand):
//!
//! - [`block_weights::BlockExecutionWeight`]: executing an empty block;
//! - [`extrinsic_weights::ExtrinsicBaseWeight`]: executing a no-op extrinsic (`System::remark`),
//!   the base every extrinsic's weight is added to.
//!
//! - [`paritydb_weights::constants::ParityDbWeight`]: reading and writing one storage item of a
//!   populated ParityDB (`iot-node benchmark storage` on a `scale:` chain's database:
//!   `scripts/scale.sh --db-weights`), the runtime's `DbWeight`.
//!
//! The calls' own weights are each pallet's `weights.rs` (`iot-node benchmark pallet`), whose
//! storage reads and writes are priced with `DbWeight`.

pub mod block_weights;
pub mod extrinsic_weights;
// The generated file documents each constant's statistics with `///` on struct-expression fields.
#[allow(unused_doc_comments)]
pub mod paritydb_weights;
