//! Base weights measured on this project's benchmark machine by `iot-node benchmark overhead`
//! (`scripts/benchmark.sh`; never edit the generated files by hand):
//!
//! - [`block_weights::BlockExecutionWeight`]: executing an empty block;
//! - [`extrinsic_weights::ExtrinsicBaseWeight`]: executing a no-op extrinsic (`System::remark`),
//!   the base every extrinsic's weight is added to.
//!
//! The calls' own weights are each pallet's `weights.rs` (`iot-node benchmark pallet`).

pub mod block_weights;
pub mod extrinsic_weights;
