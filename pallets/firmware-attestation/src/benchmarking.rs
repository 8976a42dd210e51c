//! Benchmarks of firmware attestation (FRAME benchmarking v2), each in its worst case: the longest
//! version string, and evidence recorded as trusted (the path that writes the most), once per
//! signature scheme since the call's weight follows the evidence signature's scheme, by a
//! factory-endorsed device whose attestation is free (the path that also reads and writes the
//! block's free-attestation budget). A TPM quote's worst case is the largest quote the call can
//! accept (the longest signer name, every PCR bank), of a measured release, trusted and free, by a
//! device whose TPM rebooted since its last quote. With an event log (measured boot, spec §13),
//! the worst case of `l` bytes is the log of the most events (no event data), every one compared
//! with every digest of the largest boot policy, which it meets (the path that writes the most).

use super::*;
use crate::Pallet as FirmwareAttestation;
use alloc::vec;
use frame_benchmarking::v2::*;
use frame_support::traits::{fungible::Mutate, EnsureOrigin, Get};
use frame_support::BoundedVec;
use frame_system::{pallet_prelude::BlockNumberFor, RawOrigin};
use iot_primitives::RegistryBenchmarkHelper;
use iot_primitives::{
	boot::{
		builder::LogBuilder, BootComponent, BootEvidence, BootPolicy, ComponentName, EventLogBytes,
		MAX_BOOT_COMPONENTS, MAX_COMPONENT_DIGESTS, MAX_COMPONENT_NAME_LEN, MAX_EVENT_LOG_LEN,
	},
	payloads,
	testing::TestDevice,
	tpm::{boot_quote_nonce, marshal_quote, Quote, MAX_NAME_LEN, MAX_PCR_BANKS, TPM_ALG_SHA256},
	DeviceId, Evidence, KeyScheme, PcrBank, PcrPolicy, PcrSelection, QuoteBytes, TpmClock, Verdict,
};
use sp_runtime::traits::{Bounded, One, Saturating};

const MODEL: u32 = 1;
const DIGEST: [u8; 32] = [0xf1; 32];

/// A funded, active manufacturer with model `MODEL`.
fn manufacturer<T: Config>() -> T::AccountId {
	let maker: T::AccountId = account("manufacturer", 0, 0);
	T::Currency::set_balance(&maker, BalanceOf::<T>::max_value() / 4u32.into());
	T::BenchmarkHelper::register_benchmark_model(&maker, MODEL);
	maker
}

fn publish<T: Config>(maker: &T::AccountId, security_version: u32) {
	let version = vec![b'v'; T::MaxVersionLength::get() as usize];
	let result = FirmwareAttestation::<T>::publish_release(
		RawOrigin::Signed(maker.clone()).into(),
		MODEL,
		DIGEST,
		version,
		security_version,
	);
	assert!(result.is_ok(), "benchmark setup: release published");
}

/// A device of `scheme` of a model with a published release, and its signed evidence of that
/// release (the trusted path, which writes the most).
fn signed_evidence<T: Config>(
	scheme: KeyScheme,
) -> (DeviceId, EvidenceOf<T>, iot_primitives::DeviceSignature) {
	let maker = manufacturer::<T>();
	publish::<T>(&maker, 7);
	let device = TestDevice::of_scheme(scheme, 1);
	let id = T::BenchmarkHelper::register_benchmark_device(&maker, &maker, MODEL, device.key, true);
	let now: BlockNumberFor<T> = 10u32.into();
	frame_system::Pallet::<T>::set_block_number(now);
	let recent_block = now.saturating_sub(One::one());
	let evidence = Evidence {
		device: id,
		firmware_digest: DIGEST,
		security_version: 7,
		boot_count: 1,
		recent_block,
		recent_hash: frame_system::Pallet::<T>::block_hash(recent_block),
		counter: 1,
	};
	let message =
		payloads::attestation_message(&FirmwareAttestation::<T>::genesis_hash(), &evidence);
	(id, evidence, device.sign(&message))
}

/// The largest PCR policy: every bank, every PCR.
fn largest_policy() -> PcrPolicy {
	let banks =
		(0..MAX_PCR_BANKS as u16).map(|bank| PcrBank { hash_alg: 0x0b + bank, pcrs: u32::MAX });
	PcrPolicy { selection: PcrSelection::truncate_from(banks.collect()), digest: [0x9c; 32] }
}

/// `EV_EFI_BOOT_SERVICES_APPLICATION`: the event type every component of the largest boot
/// policy names.
const BOOT_APPLICATION: u32 = 0x8000_0003;
/// Every PCR of the SHA-256 bank.
const ALL_PCRS: u32 = (1 << 24) - 1;

/// The digest component `c`'s allowed digest `d`.
fn component_digest(c: u8, d: u8) -> [u8; 32] {
	[c.saturating_mul(16).saturating_add(d).saturating_add(1); 32]
}

/// The costliest boot policy to check: every component on PCR 4's boot applications, each with
/// the most digests and the longest name, all required, Secure Boot required.
fn largest_boot_policy() -> BootPolicy {
	let components = (0..MAX_BOOT_COMPONENTS as u8).map(|c| BootComponent {
		name: ComponentName::truncate_from(vec![b'a' + c; MAX_COMPONENT_NAME_LEN as usize]),
		pcr: 4,
		event_type: BOOT_APPLICATION,
		digests: BoundedVec::truncate_from(
			(0..MAX_COMPONENT_DIGESTS as u8).map(|d| component_digest(c, d)).collect(),
		),
		required: true,
	});
	BootPolicy {
		components: BoundedVec::truncate_from(components.collect()),
		allow_unknown_applications: false,
		require_secure_boot: true,
	}
}

/// A log of at most `len` bytes that meets [`largest_boot_policy`]: Secure Boot on, one event per
/// component, then data-less events of the last component's last digest (each compared with
/// every digest of the policy).
fn worst_log(len: u32) -> LogBuilder {
	const EVENT_LEN: usize = 4 + 4 + 4 + 2 + 32 + 4;
	let mut log = LogBuilder::sha256();
	log.secure_boot(true);
	for c in 0..MAX_BOOT_COMPONENTS as u8 {
		log.extend(4, BOOT_APPLICATION, &component_digest(c, 0), &[]);
	}
	let last = component_digest(MAX_BOOT_COMPONENTS as u8 - 1, MAX_COMPONENT_DIGESTS as u8 - 1);
	while log.bytes().len() + EVENT_LEN <= len as usize {
		log.extend(4, BOOT_APPLICATION, &last, &[]);
	}
	log
}

/// A published release `DIGEST` of `maker`'s `MODEL`, measured as every SHA-256 PCR with the
/// values `log` replays to (the selection a log can be replayed against, the largest).
fn release_measured_for_logs<T: Config>(maker: &T::AccountId, log: &LogBuilder) -> PcrPolicy {
	publish::<T>(maker, 7);
	let selection =
		PcrSelection::truncate_from(vec![PcrBank { hash_alg: TPM_ALG_SHA256, pcrs: ALL_PCRS }]);
	let policy = PcrPolicy { selection, digest: log.pcrs().composite(ALL_PCRS) };
	let origin = RawOrigin::Signed(maker.clone()).into();
	let measured =
		FirmwareAttestation::<T>::set_release_measurement(origin, MODEL, DIGEST, policy.clone());
	assert!(measured.is_ok(), "benchmark setup: measurement set");
	policy
}

/// [`release_measured_for_logs`] with the largest boot policy.
fn release_with_boot_policy<T: Config>(maker: &T::AccountId, log: &LogBuilder) -> PcrPolicy {
	let policy = release_measured_for_logs::<T>(maker, log);
	let origin = RawOrigin::Signed(maker.clone()).into();
	let boot =
		FirmwareAttestation::<T>::set_boot_policy(origin, MODEL, DIGEST, largest_boot_policy());
	assert!(boot.is_ok(), "benchmark setup: boot policy set");
	policy
}

fn assert_trusted<T: Config>(device: DeviceId) {
	assert_eq!(Attestations::<T>::get(device).map(|r| r.verdict), Some(Verdict::Trusted));
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn publish_release() {
		let maker = manufacturer::<T>();
		let version = vec![b'v'; T::MaxVersionLength::get() as usize];
		#[extrinsic_call]
		_(RawOrigin::Signed(maker.clone()), MODEL, DIGEST, version, 7);
		assert!(Releases::<T>::contains_key((&maker, MODEL, DIGEST)));
	}

	#[benchmark]
	fn revoke_release() {
		let maker = manufacturer::<T>();
		publish::<T>(&maker, 7);
		#[extrinsic_call]
		_(RawOrigin::Signed(maker.clone()), MODEL, DIGEST, 1);
		assert_eq!(Releases::<T>::get((&maker, MODEL, DIGEST)).and_then(|r| r.revoked), Some(1));
	}

	#[benchmark]
	fn set_security_floor() {
		let maker = manufacturer::<T>();
		#[extrinsic_call]
		_(RawOrigin::Signed(maker.clone()), MODEL, 5);
		assert_eq!(SecurityFloor::<T>::get(&maker, MODEL), 5);
	}

	/// The worst case lowers the floor of a model whose manufacturer was deactivated.
	#[benchmark]
	fn force_set_security_floor() -> Result<(), BenchmarkError> {
		let origin =
			T::ForceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let maker = manufacturer::<T>();
		SecurityFloor::<T>::insert(&maker, MODEL, u32::MAX);
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, maker.clone(), MODEL, 1);
		assert_eq!(SecurityFloor::<T>::get(&maker, MODEL), 1);
		Ok(())
	}

	#[benchmark]
	fn force_reinstate_release() -> Result<(), BenchmarkError> {
		let origin =
			T::ForceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let maker = manufacturer::<T>();
		publish::<T>(&maker, 7);
		Releases::<T>::mutate((&maker, MODEL, DIGEST), |release| {
			if let Some(release) = release {
				release.revoked = Some(1);
			}
		});
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, maker.clone(), MODEL, DIGEST);
		assert_eq!(Releases::<T>::get((&maker, MODEL, DIGEST)).map(|r| r.revoked), Some(None));
		Ok(())
	}

	#[benchmark]
	fn submit_attestation_ed25519() {
		let (id, evidence, signature) = signed_evidence::<T>(KeyScheme::Ed25519);
		#[extrinsic_call]
		submit_attestation(RawOrigin::Signed(whitelisted_caller()), evidence, signature);
		assert_trusted::<T>(id);
	}

	#[benchmark]
	fn submit_attestation_sr25519() {
		let (id, evidence, signature) = signed_evidence::<T>(KeyScheme::Sr25519);
		#[extrinsic_call]
		submit_attestation(RawOrigin::Signed(whitelisted_caller()), evidence, signature);
		assert_trusted::<T>(id);
	}

	#[benchmark]
	fn submit_attestation_ecdsa() {
		let (id, evidence, signature) = signed_evidence::<T>(KeyScheme::Ecdsa);
		#[extrinsic_call]
		submit_attestation(RawOrigin::Signed(whitelisted_caller()), evidence, signature);
		assert_trusted::<T>(id);
	}

	#[benchmark]
	fn submit_attestation_p256() {
		let (id, evidence, signature) = signed_evidence::<T>(KeyScheme::P256);
		#[extrinsic_call]
		submit_attestation(RawOrigin::Signed(whitelisted_caller()), evidence, signature);
		assert_trusted::<T>(id);
	}

	/// One P-256 signature verification and nothing else (no storage): the cost the P-256 paths
	/// of every call share, measured in the runtime's WASM to compare with the native figure of
	/// `cargo run --release -p iot-primitives --example p256_verify` (docs/performance.md).
	#[benchmark]
	fn verify_p256() {
		let device = TestDevice::of_scheme(KeyScheme::P256, 1);
		let message = [0x5a_u8; 150];
		let signature = device.sign(&message);
		let verified;
		#[block]
		{
			verified = device.key.verify(&message, &signature);
		}
		assert_eq!(verified, Ok(()));
	}

	/// The first measurement of a release, which also holds the deposit.
	#[benchmark]
	fn set_release_measurement() {
		let maker = manufacturer::<T>();
		publish::<T>(&maker, 7);
		let policy = largest_policy();
		#[extrinsic_call]
		_(RawOrigin::Signed(maker.clone()), MODEL, DIGEST, policy.clone());
		assert_eq!(
			ReleaseMeasurements::<T>::get((&maker, MODEL, DIGEST)).map(|m| m.policy),
			Some(policy)
		);
	}

	#[benchmark]
	fn submit_tpm_quote(l: Linear<1_024, { MAX_EVENT_LOG_LEN as u32 }>) {
		let maker = manufacturer::<T>();
		let log = worst_log(l);
		let policy = release_with_boot_policy::<T>(&maker, &log);
		let device = TestDevice::of_scheme(KeyScheme::P256, 1);
		let id =
			T::BenchmarkHelper::register_benchmark_device(&maker, &maker, MODEL, device.key, true);
		let now: BlockNumberFor<T> = 10u32.into();
		frame_system::Pallet::<T>::set_block_number(now);
		let recent_block = now.saturating_sub(One::one());
		let recent_hash = frame_system::Pallet::<T>::block_hash(recent_block);
		TpmClocks::<T>::insert(
			id,
			TpmClock { clock: 1, reset_count: 1, restart_count: 3, safe: true },
		);
		let genesis = FirmwareAttestation::<T>::genesis_hash();
		let nonce = boot_quote_nonce(&genesis, &id, &recent_block, &recent_hash, 1, &DIGEST);
		let quote = marshal_quote(&Quote {
			qualified_signer: &[0x0b; MAX_NAME_LEN],
			extra_data: &nonce,
			clock: TpmClock { clock: 2, reset_count: 2, restart_count: 0, safe: true },
			firmware_version: 1,
			selection: policy.selection,
			pcr_digest: &policy.digest,
		});
		let signature = device.sign(&quote);
		let quote = QuoteBytes::truncate_from(quote);
		let boot =
			BootEvidence { release: DIGEST, event_log: EventLogBytes::truncate_from(log.finish()) };
		#[extrinsic_call]
		_(
			RawOrigin::Signed(whitelisted_caller()),
			id,
			quote,
			signature,
			recent_block,
			recent_hash,
			1,
			Some(boot),
		);
		assert_trusted::<T>(id);
		assert_eq!(TpmClocks::<T>::get(id).map(|c| c.reset_count), Some(2));
		let boot = VerifiedBoots::<T>::get(id);
		assert_eq!(boot.map(|b| (b.violation, b.components.len())), Some((None, 8)));
	}

	/// The first boot policy of a release (which holds the deposit), the largest one.
	#[benchmark]
	fn set_boot_policy() {
		let maker = manufacturer::<T>();
		release_measured_for_logs::<T>(&maker, &worst_log(1_024));
		let policy = largest_boot_policy();
		#[extrinsic_call]
		_(RawOrigin::Signed(maker.clone()), MODEL, DIGEST, policy.clone());
		assert_eq!(FirmwareAttestation::<T>::boot_policy(&maker, MODEL, DIGEST), Some(policy));
	}

	#[benchmark]
	fn remove_boot_policy() {
		let maker = manufacturer::<T>();
		release_with_boot_policy::<T>(&maker, &worst_log(1_024));
		#[extrinsic_call]
		_(RawOrigin::Signed(maker.clone()), MODEL, DIGEST);
		assert_eq!(FirmwareAttestation::<T>::boot_policy(&maker, MODEL, DIGEST), None);
	}

	impl_benchmark_test_suite!(FirmwareAttestation, crate::mock::new_test_ext(), crate::mock::Test);
}
