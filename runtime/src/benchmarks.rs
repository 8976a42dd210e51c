//! The pallets whose benchmarks `iot-node benchmark pallet` runs.

frame_benchmarking::define_benchmarks!(
	[frame_benchmarking, BaselineBench::<Runtime>]
	[frame_system, SystemBench::<Runtime>]
	[pallet_balances, Balances]
	[pallet_timestamp, Timestamp]
	[pallet_sudo, Sudo]
	[pallet_utility, Utility]
	[pallet_device_registry, DeviceRegistry]
	[pallet_firmware_attestation, FirmwareAttestation]
	[pallet_data_anchoring, DataAnchoring]
	[pallet_validator_set, ValidatorSet]
);
