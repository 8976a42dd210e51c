//! `iot-node`: the iot-chain node binary.
#![warn(missing_docs)]

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod chain_spec;
mod cli;
mod command;
mod iot_rpc;
mod merkle;
mod rpc;
mod service;

fn main() -> sc_cli::Result<()> {
	command::run()
}
