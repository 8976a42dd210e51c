//! Command-line interface of `iot-node`.

/// `iot-node` arguments: a subcommand, or the flags of the node itself.
#[derive(Debug, clap::Parser)]
pub struct Cli {
	/// A subcommand; without one, the node runs.
	#[command(subcommand)]
	pub subcommand: Option<Subcommand>,

	/// The standard Substrate node flags (`--dev`, `--chain`, `--base-path`, `--rpc-port`, …).
	#[clap(flatten)]
	pub run: sc_cli::RunCmd,

	/// Peers a warp-syncing node waits for before it asks for a warp proof (polkadot-sdk's
	/// default: 3). A small private network, or a node joining through a single trusted
	/// bootnode, sets 1.
	#[arg(long, value_name = "COUNT")]
	pub warp_sync_min_peers: Option<usize>,
}

/// The subcommands of `iot-node`.
#[derive(Debug, clap::Subcommand)]
#[allow(clippy::large_enum_variant)]
pub enum Subcommand {
	/// Key management utilities.
	#[command(subcommand)]
	Key(sc_cli::KeySubcommand),

	/// Export the chain specification as JSON.
	ExportChainSpec(sc_cli::ExportChainSpecCmd),

	/// Validate blocks.
	CheckBlock(sc_cli::CheckBlockCmd),

	/// Export blocks.
	ExportBlocks(sc_cli::ExportBlocksCmd),

	/// Export the state of a given block into a chain spec.
	ExportState(sc_cli::ExportStateCmd),

	/// Import blocks.
	ImportBlocks(sc_cli::ImportBlocksCmd),

	/// Remove the whole chain database.
	PurgeChain(sc_cli::PurgeChainCmd),

	/// Revert the chain to a previous state.
	Revert(sc_cli::RevertCmd),

	/// Benchmarks of pallets, blocks, storage and extrinsics (built with `runtime-benchmarks`).
	#[cfg(feature = "runtime-benchmarks")]
	#[command(subcommand)]
	Benchmark(frame_benchmarking_cli::BenchmarkCmd),

	/// Database meta columns information.
	ChainInfo(sc_cli::ChainInfoCmd),

	/// Offline Merkle roots and inclusion proofs of data files (one reading per line).
	#[command(subcommand)]
	Merkle(crate::merkle::MerkleCmd),
}
