//! Configuration of every pallet in the runtime.

use frame_support::{
	derive_impl,
	dispatch::DispatchClass,
	parameter_types,
	traits::{ConstBool, ConstU128, ConstU32, ConstU64, ConstU8, VariantCountOf},
	weights::{constants::WEIGHT_REF_TIME_PER_SECOND, ConstantMultiplier, IdentityFee, Weight},
};
use frame_system::limits::{BlockLength, BlockWeights};
use pallet_transaction_payment::{ConstFeeMultiplier, FungibleAdapter, Multiplier};
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_runtime::{traits::One, Perbill};
use sp_version::RuntimeVersion;

use super::{
	weights::{
		block_weights::BlockExecutionWeight, extrinsic_weights::ExtrinsicBaseWeight,
		paritydb_weights::constants::ParityDbWeight,
	},
	AccountId, Aura, Balance, Balances, Block, BlockNumber, DataAnchoring, DeviceRegistry,
	FirmwareAttestation, Hash, Nonce, OriginCaller, PalletInfo, Runtime, RuntimeCall, RuntimeEvent,
	RuntimeFreezeReason, RuntimeHoldReason, RuntimeOrigin, RuntimeTask, Session, SessionKeys,
	System, Timestamp, ValidatorSet, EXISTENTIAL_DEPOSIT, HOURS, MICRO_UNIT, MILLI_UNIT, MINUTES,
	SLOT_DURATION, SS58_PREFIX, UNIT, VERSION,
};

/// Share of a block's weight and length available to normal (user) transactions.
const NORMAL_DISPATCH_RATIO: Perbill = Perbill::from_percent(75);

/// 2 seconds of compute per block; the proof size is not limited (a solochain has no relay).
const MAXIMUM_BLOCK_WEIGHT: Weight =
	Weight::from_parts(2u64 * WEIGHT_REF_TIME_PER_SECOND, u64::MAX);

/// Share of a block's weight `on_initialize` hooks are expected to use.
const AVERAGE_ON_INITIALIZE_RATIO: Perbill = Perbill::from_percent(10);

/// Maximum length of a block in bytes (5 MiB).
const MAX_BLOCK_LENGTH: u32 = 5 * 1024 * 1024;

parameter_types! {
	/// Number of recent block hashes kept (for mortal transactions and attestation freshness).
	pub const BlockHashCount: BlockNumber = 2400;
	/// The runtime version.
	pub const Version: RuntimeVersion = VERSION;

	/// 2 seconds of compute per 6-second block, 75 % of it for normal transactions; the base
	/// weights of a block and of an extrinsic are the ones `benchmark overhead` measured.
	pub RuntimeBlockWeights: BlockWeights = BlockWeights::builder()
		.base_block(BlockExecutionWeight::get())
		.for_class(DispatchClass::all(), |weights| {
			weights.base_extrinsic = ExtrinsicBaseWeight::get();
		})
		.for_class(DispatchClass::Normal, |weights| {
			weights.max_total = Some(NORMAL_DISPATCH_RATIO * MAXIMUM_BLOCK_WEIGHT);
		})
		.for_class(DispatchClass::Operational, |weights| {
			weights.max_total = Some(MAXIMUM_BLOCK_WEIGHT);
			// Operational transactions may use the block's whole weight.
			weights.reserved =
				Some(MAXIMUM_BLOCK_WEIGHT - NORMAL_DISPATCH_RATIO * MAXIMUM_BLOCK_WEIGHT);
		})
		.avg_block_initialization(AVERAGE_ON_INITIALIZE_RATIO)
		.build_or_panic();
	/// At most 5 MiB per block.
	pub RuntimeBlockLength: BlockLength = BlockLength::builder()
		.max_length(MAX_BLOCK_LENGTH)
		.modify_max_length_for_class(DispatchClass::Normal, |max| *max = NORMAL_DISPATCH_RATIO * MAX_BLOCK_LENGTH)
		.build();
	/// SS58 address prefix.
	pub const SS58Prefix: u16 = SS58_PREFIX;
}

/// System pallet: solochain defaults, overridden where iot-chain differs.
#[derive_impl(frame_system::config_preludes::SolochainDefaultConfig)]
impl frame_system::Config for Runtime {
	type Block = Block;
	type BlockWeights = RuntimeBlockWeights;
	type BlockLength = RuntimeBlockLength;
	type AccountId = AccountId;
	type Nonce = Nonce;
	type Hash = Hash;
	type BlockHashCount = BlockHashCount;
	/// The node stores its state in ParityDB: the cost of a read and a write measured by
	/// `benchmark storage` on a populated database (weights/paritydb_weights.rs).
	type DbWeight = ParityDbWeight;
	type Version = Version;
	type AccountData = pallet_balances::AccountData<Balance>;
	type SS58Prefix = SS58Prefix;
	type MaxConsumers = ConstU32<16>;
	/// The standard extensions' weights, with this runtime's (ParityDB) database weights.
	type ExtensionsWeightInfo = frame_system::SubstrateExtensionsWeight<Runtime>;
}

/// Most Aura and GRANDPA authorities, and so most validators.
pub const MAX_AUTHORITIES: u32 = 32;

impl pallet_aura::Config for Runtime {
	type AuthorityId = AuraId;
	type DisabledValidators = ();
	type MaxAuthorities = ConstU32<MAX_AUTHORITIES>;
	type AllowMultipleBlocksPerSlot = ConstBool<false>;
	type SlotDuration = pallet_aura::MinimumPeriodTimesTwo<Runtime>;
}

impl pallet_grandpa::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = ();
	type MaxAuthorities = ConstU32<MAX_AUTHORITIES>;
	type MaxNominators = ConstU32<0>;
	type MaxSetIdSessionEntries = ConstU64<0>;
	type KeyOwnerProof = sp_core::Void;
	type EquivocationReportSystem = ();
}

parameter_types! {
	/// Deposit held while an account has session keys (≈ 150 bytes of state): 0.1 IOTC, like a
	/// device. Anyone may set keys (before Root adds them), so keys are not free state.
	pub const SessionKeyDeposit: Balance = 100 * MILLI_UNIT;
}

/// Sessions end every `ValidatorSet::SessionPeriod` blocks (genesis config; 10 minutes unless the
/// chain spec says otherwise).
type Sessions = pallet_session::PeriodicSessions<
	pallet_validator_set::SessionPeriodOf<Runtime>,
	sp_core::ConstU32<0>,
>;

impl pallet_session::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	/// Validators are accounts; any account may set keys (the ownership proof ties them to it).
	type ValidatorId = AccountId;
	type ValidatorIdOf = sp_runtime::traits::ConvertInto;
	type ShouldEndSession = Sessions;
	type NextSessionRotation = Sessions;
	type SessionManager = ValidatorSet;
	/// Aura and GRANDPA, in the order of [`SessionKeys`](crate::SessionKeys).
	type SessionHandler = <SessionKeys as sp_runtime::traits::OpaqueKeys>::KeyTypeIdProviders;
	type Keys = SessionKeys;
	/// No offences are reported on this chain, so nobody is disabled.
	type DisablingStrategy = ();
	/// polkadot-sdk's weights: its benchmarks need `pallet-staking`, which this runtime lacks.
	type WeightInfo = pallet_session::weights::SubstrateWeight<Runtime>;
	type Currency = Balances;
	type KeyDeposit = SessionKeyDeposit;
}

/// Session keys for the validator-set benchmarks, written where `session.setKeys` writes them.
#[cfg(feature = "runtime-benchmarks")]
pub struct ValidatorSetBenchmarkHelper;
#[cfg(feature = "runtime-benchmarks")]
impl pallet_validator_set::BenchmarkHelper<AccountId> for ValidatorSetBenchmarkHelper {
	fn register_session_keys(validator: &AccountId) {
		use codec::Decode;
		// Any 64 bytes decode to the two public keys; these are unique per account.
		let raw: [u8; 32] = *validator.as_ref();
		let mut bytes = raw.to_vec();
		bytes.extend_from_slice(&raw);
		if let Ok(keys) = SessionKeys::decode(&mut &bytes[..]) {
			pallet_session::NextKeys::<Runtime>::insert(validator, keys);
		}
	}
}

impl pallet_validator_set::Config for Runtime {
	type AddRemoveOrigin = frame_system::EnsureRoot<AccountId>;
	type ValidatorRegistration = Session;
	type MaxValidators = ConstU32<MAX_AUTHORITIES>;
	/// 10 minutes (100 blocks of 6 s); the `dev` and `local` chain specs set 10 blocks.
	type DefaultSessionPeriod = ConstU32<{ 10 * MINUTES }>;
	type WeightInfo = pallet_validator_set::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = ValidatorSetBenchmarkHelper;
}

impl pallet_timestamp::Config for Runtime {
	/// Milliseconds since the Unix epoch.
	type Moment = u64;
	type OnTimestampSet = Aura;
	type MinimumPeriod = ConstU64<{ SLOT_DURATION / 2 }>;
	type WeightInfo = ();
}

impl pallet_balances::Config for Runtime {
	type MaxLocks = ConstU32<50>;
	type MaxReserves = ();
	type ReserveIdentifier = [u8; 8];
	type Balance = Balance;
	type RuntimeEvent = RuntimeEvent;
	type DustRemoval = ();
	type ExistentialDeposit = ConstU128<EXISTENTIAL_DEPOSIT>;
	type AccountStore = System;
	type WeightInfo = pallet_balances::weights::SubstrateWeight<Runtime>;
	type FreezeIdentifier = RuntimeFreezeReason;
	type MaxFreezes = VariantCountOf<RuntimeFreezeReason>;
	type RuntimeHoldReason = RuntimeHoldReason;
	type RuntimeFreezeReason = RuntimeFreezeReason;
	type DoneSlashHandler = ();
}

parameter_types! {
	/// Fees are not adjusted by congestion.
	pub FeeMultiplier: Multiplier = Multiplier::one();
	/// Fee per byte of transaction: 1 µIOTC.
	pub const TransactionByteFee: Balance = MICRO_UNIT;
}

impl pallet_transaction_payment::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type OnChargeTransaction = FungibleAdapter<Balances, ()>;
	type OperationalFeeMultiplier = ConstU8<5>;
	/// One planck per picosecond of weight.
	type WeightToFee = IdentityFee<Balance>;
	type LengthToFee = ConstantMultiplier<Balance, TransactionByteFee>;
	type FeeMultiplierUpdate = ConstFeeMultiplier<FeeMultiplier>;
	type WeightInfo = pallet_transaction_payment::weights::SubstrateWeight<Runtime>;
}

impl pallet_sudo::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type WeightInfo = pallet_sudo::weights::SubstrateWeight<Runtime>;
}

impl pallet_utility::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type PalletsOrigin = OriginCaller;
	type WeightInfo = pallet_utility::weights::SubstrateWeight<Runtime>;
}

parameter_types! {
	/// Deposit per registered device: 0.1 IOTC.
	pub const DeviceDeposit: Balance = 100 * MILLI_UNIT;
	/// The price of a permanent key record (≈ 100 bytes with its trie overhead), burned when a
	/// device leaves: 0.01 IOTC per key it ever had.
	pub const KeyRecordDeposit: Balance = 10 * MILLI_UNIT;
	/// Deposit per device model: 1 IOTC.
	pub const ModelDeposit: Balance = UNIT;
	/// Deposit per authorised gateway: 0.1 IOTC.
	pub const GatewayDeposit: Balance = 100 * MILLI_UNIT;
	/// Deposit per manufacturer-owned trust anchor (a certificate of up to 2 KiB): 1 IOTC.
	pub const AnchorDeposit: Balance = UNIT;
	/// Deposit per revocation under a manufacturer's own anchor (≈ 80 bytes): 0.01 IOTC.
	pub const RevocationDeposit: Balance = 10 * MILLI_UNIT;
	/// Deposit per certified device's certificate record (≈ 800 bytes at most): 0.1 IOTC.
	pub const CertificateDeposit: Balance = 100 * MILLI_UNIT;
}

impl pallet_device_registry::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type ManufacturerOrigin = frame_system::EnsureRoot<AccountId>;
	type DeviceDeposit = DeviceDeposit;
	type KeyRecordDeposit = KeyRecordDeposit;
	type ModelDeposit = ModelDeposit;
	type GatewayDeposit = GatewayDeposit;
	type MaxNameLength = ConstU32<64>;
	type MaxMetadataLength = ConstU32<256>;
	type MaxDevicesPerOwner = ConstU32<10_000>;
	type MaxGateways = ConstU32<16>;
	type MaxBatch = ConstU32<50>;
	/// Certificates are valid against the block's timestamp.
	type UnixTime = Timestamp;
	type AnchorDeposit = AnchorDeposit;
	type RevocationDeposit = RevocationDeposit;
	type CertificateDeposit = CertificateDeposit;
	type MaxAnchorsPerManufacturer = ConstU32<16>;
	type MaxModelAnchors = ConstU32<8>;
	type MaxRevocationsPerAnchor = ConstU32<100_000>;
	/// A certified registration verifies up to two chains of four certificates: 10 per call.
	type MaxCertifiedBatch = ConstU32<10>;
	/// Decommissioning removes the device's attestation state and anchor counter.
	type OnDeviceRemoved = (FirmwareAttestation, DataAnchoring);
	type WeightInfo = pallet_device_registry::weights::SubstrateWeight<Runtime>;
}

parameter_types! {
	/// Deposit per firmware release: 1 IOTC (releases are permanent reference values).
	pub const ReleaseDeposit: Balance = UNIT;
	/// Deposit per release measurement (PCR policy and its index entry, ≈ 250 bytes): 1 IOTC,
	/// like the release it describes.
	pub const MeasurementDeposit: Balance = UNIT;
	/// Deposit per boot policy (at most 8 components of 4 digests, ≈ 1.4 KB): 2 IOTC, released
	/// when the policy is removed.
	pub const BootPolicyDeposit: Balance = 2 * UNIT;
	/// Evidence must name a block at most 10 minutes old.
	pub const FreshnessWindow: BlockNumber = 10 * MINUTES;
	/// An attestation result is valid for 24 hours.
	pub const AttestationValidity: BlockNumber = 24 * HOURS;
	/// One free trusted attestation per endorsed device per hour.
	pub const MinAttestationInterval: BlockNumber = HOURS;
	/// Free attestations use at most 10 % of a block's weight (200 ms of the 2 s; 13 % of the
	/// normal class): ≈ 110 P-256 or ≈ 1,000 Ed25519 attestations per block, enough for ≈ 66,000
	/// endorsed P-256 devices (≈ 600,000 Ed25519) attesting hourly, while paying transactions
	/// always keep at least 87 % of the normal class. See docs/device-integration.md.
	pub MaxFreeAttestationWeight: Weight = Perbill::from_percent(10) * MAXIMUM_BLOCK_WEIGHT;
}

impl pallet_firmware_attestation::Config for Runtime {
	type Registry = DeviceRegistry;
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type ReleaseDeposit = ReleaseDeposit;
	type MeasurementDeposit = MeasurementDeposit;
	type BootPolicyDeposit = BootPolicyDeposit;
	type MaxVersionLength = ConstU32<32>;
	type FreshnessWindow = FreshnessWindow;
	type AttestationValidity = AttestationValidity;
	type MinAttestationInterval = MinAttestationInterval;
	type MaxFreeAttestationWeight = MaxFreeAttestationWeight;
	type ForceOrigin = frame_system::EnsureRoot<AccountId>;
	type WeightInfo = pallet_firmware_attestation::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = DeviceRegistry;
}

impl pallet_data_anchoring::Config for Runtime {
	type Registry = DeviceRegistry;
	type Trust = FirmwareAttestation;
	type Time = Timestamp;
	/// Trees of up to 2^24 readings.
	type MaxLeaves = ConstU32<{ 1 << 24 }>;
	type MaxBatch = ConstU32<100>;
	/// Readings of up to 64 KiB can be verified.
	type MaxLeafLength = ConstU32<{ 64 * 1024 }>;
	/// A lookup by root visits at most 64 entries of its index (a page).
	type MaxAnchorsPerQuery = ConstU32<64>;
	type WeightInfo = pallet_data_anchoring::weights::SubstrateWeight<Runtime>;
	/// The anchoring benchmarks' setup: devices from the registry, trust from firmware attestation.
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = (DeviceRegistry, FirmwareAttestation);
}
