//! `iot-node merkle root FILE` and `iot-node merkle proof FILE INDEX`: build, offline, exactly the
//! Merkle roots and proofs the runtime verifies (one leaf per line of FILE, without its line
//! terminator — or, with `--hex`, one hex-encoded leaf per line, for binary readings; JSON on
//! standard output).

use iot_primitives::merkle;
use serde_json::json;
use std::path::PathBuf;

/// Offline Merkle tools for data owners.
#[derive(Debug, clap::Subcommand)]
pub enum MerkleCmd {
	/// Prints the Merkle root of FILE's lines: `{ "root", "leafCount" }`.
	Root {
		/// A file with one leaf (reading) per line.
		file: PathBuf,
		/// Each line is the leaf's bytes in hex (`0x` optional), not the leaf itself.
		#[arg(long)]
		hex: bool,
	},
	/// Prints the inclusion proof of line INDEX (0-based) of FILE:
	/// `{ "root", "leafCount", "leafIndex", "leaf", "proof" }`.
	Proof {
		/// A file with one leaf (reading) per line.
		file: PathBuf,
		/// The 0-based index of the leaf to prove.
		index: u32,
		/// Each line is the leaf's bytes in hex (`0x` optional), not the leaf itself.
		#[arg(long)]
		hex: bool,
	},
}

fn hex(bytes: &[u8]) -> String {
	format!("0x{}", hex::encode(bytes))
}

/// The lines of `file`, the leaves of the tree: as they are, or decoded from hex.
fn leaves(file: &PathBuf, hex_lines: bool) -> Result<Vec<Vec<u8>>, String> {
	let text = std::fs::read_to_string(file)
		.map_err(|e| format!("cannot read {}: {e}", file.display()))?;
	let leaves: Vec<Vec<u8>> = if hex_lines {
		text.lines()
			.enumerate()
			.map(|(number, line)| {
				let line = line.trim();
				hex::decode(line.strip_prefix("0x").unwrap_or(line))
					.map_err(|e| format!("line {} is not hex: {e}", number + 1))
			})
			.collect::<Result<_, _>>()?
	} else {
		text.lines().map(|line| line.as_bytes().to_vec()).collect()
	};
	if leaves.is_empty() {
		return Err(format!("{} has no lines", file.display()));
	}
	u32::try_from(leaves.len()).map_err(|_| "too many lines".to_string())?;
	Ok(leaves)
}

impl MerkleCmd {
	/// Runs the command and returns the JSON it prints.
	pub fn output(&self) -> Result<serde_json::Value, String> {
		match self {
			Self::Root { file, hex: hex_lines } => {
				let leaves = leaves(file, *hex_lines)?;
				Ok(json!({
					"root": hex(merkle::root(&leaves).as_bytes()),
					"leafCount": leaves.len(),
				}))
			}
			Self::Proof { file, index, hex: hex_lines } => {
				let leaves = leaves(file, *hex_lines)?;
				let leaf = leaves.get(*index as usize).ok_or_else(|| {
					format!("index {index} is out of range: {} leaves", leaves.len())
				})?;
				let proof: Vec<String> =
					merkle::proof(&leaves, *index).iter().map(|h| hex(h.as_bytes())).collect();
				Ok(json!({
					"root": hex(merkle::root(&leaves).as_bytes()),
					"leafCount": leaves.len(),
					"leafIndex": index,
					"leaf": hex(leaf),
					"proof": proof,
				}))
			}
		}
	}

	/// Runs the command, printing its JSON.
	pub fn run(&self) -> sc_cli::Result<()> {
		let output = self.output()?;
		println!("{output:#}");
		Ok(())
	}
}
