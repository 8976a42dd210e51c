//! # iot-runtime
//!
//! The iot-chain runtime: FRAME's system, consensus (Aura + GRANDPA, their authorities following
//! `pallet-session` and iot-chain's permissioned validator set), balances, fees, sudo and utility
//! pallets, plus iot-chain's own pallets for device registration, firmware attestation and data
//! anchoring. It compiles to WASM (embedded in `iot-node`) and natively for tests.
#![cfg_attr(not(feature = "std"), no_std)]
// `construct_runtime` expands to large enums; the recursion limit follows the polkadot-sdk runtimes.
#![recursion_limit = "256"]

#[cfg(feature = "std")]
include!(concat!(env!("OUT_DIR"), "/wasm_binary.rs"));

extern crate alloc;

pub mod apis;
#[cfg(feature = "runtime-benchmarks")]
mod benchmarks;
pub mod configs;
pub mod genesis_config_presets;
pub mod weights;

use alloc::vec::Vec;
use sp_runtime::{
	generic, impl_opaque_keys,
	traits::{BlakeTwo256, IdentifyAccount, Verify},
	MultiAddress, MultiSignature,
};
use sp_version::RuntimeVersion;

pub use frame_system::Call as SystemCall;
pub use pallet_balances::Call as BalancesCall;
pub use pallet_timestamp::Call as TimestampCall;
#[cfg(any(feature = "std", test))]
pub use sp_runtime::BuildStorage;

/// Opaque types: the node uses these to handle blocks and extrinsics without knowing the runtime's
/// concrete call and extension types, so it keeps syncing across runtime upgrades.
pub mod opaque {
	use super::*;
	use sp_runtime::traits::Hash as HashT;

	pub use sp_runtime::OpaqueExtrinsic as UncheckedExtrinsic;

	/// Opaque block header type.
	pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
	/// Opaque block type.
	pub type Block = generic::Block<Header, UncheckedExtrinsic>;
	/// Opaque block identifier type.
	pub type BlockId = generic::BlockId<Block>;
	/// Opaque block hash type.
	pub type Hash = <BlakeTwo256 as HashT>::Output;
}

impl_opaque_keys! {
	/// The session keys of a validator: its Aura and GRANDPA keys.
	pub struct SessionKeys {
		/// Block production key.
		pub aura: Aura,
		/// Finality voting key.
		pub grandpa: Grandpa,
	}
}

/// Declares [`VERSION`] with the given `spec_version` (`#[runtime_version]` needs a literal).
macro_rules! runtime_version {
	($spec_version:tt) => {
		/// The runtime version. Bump `spec_version` with every runtime change that is deployed.
		#[sp_version::runtime_version]
		pub const VERSION: RuntimeVersion = RuntimeVersion {
			spec_name: alloc::borrow::Cow::Borrowed("iot-runtime"),
			impl_name: alloc::borrow::Cow::Borrowed("iot-runtime"),
			authoring_version: 1,
			spec_version: $spec_version,
			impl_version: 1,
			apis: apis::RUNTIME_API_VERSIONS,
			transaction_version: 1,
			system_version: 1,
		};
	};
}
// 101: per-device roots, exact Merkle proofs, hashed release keys (storage v2 of attestation and
// anchoring, see `Migrations`), manufacturer powers that end, endorsed-only free attestations.
// 102: TPM 2.0 quotes (`submit_tpm_quote`, `set_release_measurement`: new storage items only, no
// migration), a rotated key loses its factory endorsement.
// 103: pallet-session and the permissioned validator set (Aura and GRANDPA authorities follow the
// session; a chain started before 103 needs a new genesis, see docs/operations.md).
#[cfg(not(feature = "upgrade-test"))]
runtime_version!(103);
// The forkless-upgrade e2e test's runtime: the next spec version, nothing else changed.
#[cfg(feature = "upgrade-test")]
runtime_version!(104);

/// Target block time: one block every 6 seconds (Aura slot duration).
pub const MILLI_SECS_PER_BLOCK: u64 = 6000;

/// Aura slot duration; cannot change once the chain has started.
pub const SLOT_DURATION: u64 = MILLI_SECS_PER_BLOCK;

/// Blocks per minute.
pub const MINUTES: BlockNumber = 60_000 / (MILLI_SECS_PER_BLOCK as BlockNumber);
/// Blocks per hour.
pub const HOURS: BlockNumber = MINUTES * 60;
/// Blocks per day.
pub const DAYS: BlockNumber = HOURS * 24;

/// The token symbol of the chain's native currency.
pub const TOKEN_SYMBOL: &str = "IOTC";
/// Decimals of the native currency: 1 IOTC = 10^12 planck.
pub const TOKEN_DECIMALS: u8 = 12;
/// SS58 address prefix (generic Substrate).
pub const SS58_PREFIX: u16 = 42;

/// One IOTC in its smallest unit.
pub const UNIT: Balance = 1_000_000_000_000;
/// One thousandth of an IOTC.
pub const MILLI_UNIT: Balance = 1_000_000_000;
/// One millionth of an IOTC.
pub const MICRO_UNIT: Balance = 1_000_000;

/// Existential deposit: the minimum balance that keeps an account alive.
pub const EXISTENTIAL_DEPOSIT: Balance = MILLI_UNIT;

/// Alias to 512-bit hash when used in the context of a transaction signature on the chain.
pub type Signature = MultiSignature;

/// Account identifier: the public key of the transaction signer (AccountId32).
pub type AccountId = <<Signature as Verify>::Signer as IdentifyAccount>::AccountId;

/// Balance of an account.
pub type Balance = u128;

/// Index of a transaction in the chain.
pub type Nonce = u32;

/// A hash of some data used by the chain.
pub type Hash = sp_core::H256;

/// An index to a block.
pub type BlockNumber = u32;

/// The address format for describing accounts.
pub type Address = MultiAddress<AccountId, ()>;

/// Block header type as expected by this runtime.
pub type Header = generic::Header<BlockNumber, BlakeTwo256>;

/// Block type as expected by this runtime.
pub type Block = generic::Block<Header, UncheckedExtrinsic>;

/// A block identified by its hash or number.
pub type BlockId = generic::BlockId<Block>;

/// The transaction extensions checked for every signed transaction.
pub type TxExtension = (
	frame_system::AuthorizeCall<Runtime>,
	frame_system::CheckNonZeroSender<Runtime>,
	frame_system::CheckSpecVersion<Runtime>,
	frame_system::CheckTxVersion<Runtime>,
	frame_system::CheckGenesis<Runtime>,
	frame_system::CheckEra<Runtime>,
	frame_system::CheckNonce<Runtime>,
	frame_system::CheckWeight<Runtime>,
	pallet_transaction_payment::ChargeTransactionPayment<Runtime>,
	frame_system::WeightReclaim<Runtime>,
);

/// Unchecked extrinsic type as expected by this runtime.
pub type UncheckedExtrinsic =
	generic::UncheckedExtrinsic<Address, RuntimeCall, Signature, TxExtension>;

/// The payload being signed in transactions.
pub type SignedPayload = generic::SignedPayload<RuntimeCall, TxExtension>;

/// Runtime migrations applied on upgrade, each versioned (it runs only if the pallet's on-chain
/// storage version is the one it migrates from). From spec 100 to 101: release keys hashed,
/// roots indexed per device.
pub type Migrations = (
	pallet_firmware_attestation::migrations::v2::MigrateToV2<Runtime>,
	pallet_data_anchoring::migrations::v2::MigrateToV2<Runtime>,
);

/// Executive: dispatches calls to the pallets.
pub type Executive = frame_executive::Executive<
	Runtime,
	Block,
	frame_system::ChainContext<Runtime>,
	Runtime,
	AllPalletsWithSystem,
	Migrations,
>;

/// The runtime: its pallets and their indices.
#[frame_support::runtime]
mod runtime {
	/// The iot-chain runtime.
	#[runtime::runtime]
	#[runtime::derive(
		RuntimeCall,
		RuntimeEvent,
		RuntimeError,
		RuntimeOrigin,
		RuntimeFreezeReason,
		RuntimeHoldReason,
		RuntimeSlashReason,
		RuntimeLockId,
		RuntimeTask,
		RuntimeViewFunction
	)]
	pub struct Runtime;

	/// Core system pallet.
	#[runtime::pallet_index(0)]
	pub type System = frame_system;

	/// On-chain time, set by an inherent in every block.
	#[runtime::pallet_index(1)]
	pub type Timestamp = pallet_timestamp;

	/// The native IOTC balances.
	#[runtime::pallet_index(4)]
	pub type Balances = pallet_balances;

	/// Transaction fees.
	#[runtime::pallet_index(5)]
	pub type TransactionPayment = pallet_transaction_payment;

	/// The permissioned validator set (Root adds and removes validators), the session manager.
	/// Declared after Balances (accounts exist when Session counts
	/// references to them) and before Session, whose genesis asks it for the initial set.
	#[runtime::pallet_index(11)]
	pub type ValidatorSet = pallet_validator_set;

	/// Sessions: validators' keys, and the set Aura and GRANDPA follow, changed at boundaries.
	/// Declared before Aura and GRANDPA, which it initialises at genesis.
	#[runtime::pallet_index(12)]
	pub type Session = pallet_session;

	/// Aura block production.
	#[runtime::pallet_index(2)]
	pub type Aura = pallet_aura;

	/// GRANDPA finality.
	#[runtime::pallet_index(3)]
	pub type Grandpa = pallet_grandpa;

	/// Superuser access (dev and test networks).
	#[runtime::pallet_index(6)]
	pub type Sudo = pallet_sudo;

	/// Batching of calls.
	#[runtime::pallet_index(7)]
	pub type Utility = pallet_utility;

	/// Manufacturers, models and devices.
	#[runtime::pallet_index(8)]
	pub type DeviceRegistry = pallet_device_registry;

	/// Firmware reference values and device attestation.
	#[runtime::pallet_index(9)]
	pub type FirmwareAttestation = pallet_firmware_attestation;

	/// Merkle anchors of device readings.
	#[runtime::pallet_index(10)]
	pub type DataAnchoring = pallet_data_anchoring;
}
