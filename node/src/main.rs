//! `iot-node`: the iot-chain node binary.
#![warn(missing_docs)]
// `sc_cli::Error` and `sc_service::Error` are the error types of the client APIs the node builds on;
// boxing them at every call site would only obscure the code.
#![allow(clippy::result_large_err)]

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod boot_rpc;
mod certificates_rpc;
mod chain_spec;
mod cli;
mod command;
mod iot_rpc;
mod merkle;
mod rpc;
mod scale;
mod service;

fn main() -> sc_cli::Result<()> {
	command::run()
}
