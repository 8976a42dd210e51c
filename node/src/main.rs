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

/// The node's allocator on Linux: jemalloc, as polkadot's node uses, with its background threads
/// started by [`main`]. glibc's malloc keeps what start-up frees (the genesis state, compiling the
/// runtime) as resident memory: an idle dev node held 150–190 MiB, of which ≈ 90 MiB were free
/// heap; with jemalloc purging in the background, 70 MiB (docs/performance.md, Node RSS).
#[cfg(target_os = "linux")]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() -> sc_cli::Result<()> {
	purge_freed_memory_in_background();
	command::run()
}

/// Starts jemalloc's background threads, which return freed pages to the system once they have
/// been unused for jemalloc's `dirty_decay_ms` (10 s) — without them, jemalloc purges only while
/// the thread that freed the memory allocates again, and an idle node's start-up memory stays.
/// An operator's `_RJEM_MALLOC_CONF` (jemalloc's options, e.g. `background_thread:false`) wins.
fn purge_freed_memory_in_background() {
	#[cfg(target_os = "linux")]
	if std::env::var_os("_RJEM_MALLOC_CONF").is_none() {
		if let Err(error) = tikv_jemalloc_ctl::background_thread::write(true) {
			eprintln!("jemalloc's background threads did not start ({error}): freed memory is returned later");
		}
	}
}
