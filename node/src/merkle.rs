//! `iot-node merkle root FILE` and `iot-node merkle proof FILE INDEX`: build, offline, exactly the
//! Merkle roots and proofs the runtime verifies (one leaf per line of FILE, without its line
//! terminator; JSON on standard output).

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
	},
	/// Prints the inclusion proof of line INDEX (0-based) of FILE:
	/// `{ "root", "leafCount", "leafIndex", "leaf", "proof" }`.
	Proof {
		/// A file with one leaf (reading) per line.
		file: PathBuf,
		/// The 0-based index of the leaf to prove.
		index: u32,
	},
}

fn hex(bytes: &[u8]) -> String {
	format!("0x{}", hex::encode(bytes))
}

/// The lines of `file`, the leaves of the tree.
fn leaves(file: &PathBuf) -> Result<Vec<Vec<u8>>, String> {
	let text = std::fs::read_to_string(file)
		.map_err(|e| format!("cannot read {}: {e}", file.display()))?;
	let leaves: Vec<Vec<u8>> = text.lines().map(|line| line.as_bytes().to_vec()).collect();
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
			Self::Root { file } => {
				let leaves = leaves(file)?;
				Ok(json!({
					"root": hex(merkle::root(&leaves).as_bytes()),
					"leafCount": leaves.len(),
				}))
			}
			Self::Proof { file, index } => {
				let leaves = leaves(file)?;
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
