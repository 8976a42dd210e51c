//! # Validator set pallet
//!
//! A permissioned validator set for a solochain whose consensus (Aura block production, GRANDPA
//! finality) follows `pallet-session`. The consortium's governance — `AddRemoveOrigin`, Root in
//! iot-chain's runtime — adds and removes validators; this pallet is the runtime's
//! [`pallet_session::SessionManager`], so every change reaches Aura and GRANDPA at a session
//! boundary, without a fork:
//!
//! - A validator is an account. Before it can be added it sets its session keys itself
//!   (`author_rotateKeysWithOwner` on its node, then `session.setKeys` with the keys and their
//!   ownership proof): [`Error::NoSessionKeys`] otherwise, so Root never adds a validator that
//!   could not author or vote.
//! - `pallet-session` asks for the set of session `n + 2` when session `n + 1` starts: a change made
//!   during session `n` is queued at the start of `n + 1` and active from the start of `n + 2`
//!   ([`Event::NewSetPlanned`] names the session it becomes active in).
//! - A member that purged its session keys since it was added is left out of the planned set
//!   ([`Event::ValidatorSkipped`]); if fewer than [`MinValidators`] members have keys, the current
//!   set is kept ([`Event::SetChangeDeferred`]): the chain never hands an empty or too small set to
//!   consensus.
//! - The set never drops below [`MinValidators`] (set at genesis, changed by the same origin):
//!   [`Error::TooFewValidators`]. With GRANDPA, `n` validators tolerate `⌊(n − 1) / 3⌋` faulty or
//!   offline ones, so a consortium running 4 keeps at least 4.
//! - Sessions last [`SessionPeriod`] blocks (genesis config, default `Config::DefaultSessionPeriod`);
//!   the runtime ends sessions with `pallet_session::PeriodicSessions<SessionPeriodOf<Runtime>, _>`.
#![cfg_attr(not(feature = "std"), no_std)]
#![warn(missing_docs)]

extern crate alloc;

pub use pallet::*;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod impl_session;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
pub mod types;
pub mod weights;

pub use impl_session::SessionPeriodOf;
pub use types::*;
pub use weights::WeightInfo;

/// What the benchmarks need from the runtime: session keys for an account, so that it can be
/// added ([`Error::NoSessionKeys`] otherwise).
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AccountId> {
	/// Registers session keys for `validator`, as `session.setKeys` would.
	fn register_session_keys(validator: &AccountId);
}

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use alloc::vec::Vec;
	use frame_support::{pallet_prelude::*, traits::ValidatorRegistration};
	use frame_system::pallet_prelude::*;
	use sp_runtime::traits::{One, Zero};

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Configuration of the pallet.
	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// Who adds and removes validators and sets the minimum (Root in iot-chain's runtime).
		type AddRemoveOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Whether an account has session keys (`pallet_session::Pallet`).
		type ValidatorRegistration: ValidatorRegistration<Self::AccountId>;

		/// Maximum number of validators: at most the Aura and GRANDPA `MaxAuthorities`.
		#[pallet::constant]
		type MaxValidators: Get<u32>;

		/// Session length in blocks when the genesis config does not set one.
		#[pallet::constant]
		type DefaultSessionPeriod: Get<BlockNumberFor<Self>>;

		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;

		/// Gives accounts session keys in benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId>;
	}

	/// Default of [`MinValidators`]: one validator.
	#[pallet::type_value]
	pub fn DefaultMinValidators() -> u32 {
		1
	}

	/// Default of [`SessionPeriod`]: `Config::DefaultSessionPeriod`.
	#[pallet::type_value]
	pub fn DefaultSessionPeriod<T: Config>() -> BlockNumberFor<T> {
		T::DefaultSessionPeriod::get()
	}

	/// The validator set as governance decided it, in the order validators were added. It becomes
	/// the session's set two session boundaries after a change (members without session keys
	/// left out).
	#[pallet::storage]
	pub type Validators<T: Config> = StorageValue<_, ValidatorsOf<T>, ValueQuery>;

	/// The set last handed to `pallet-session` (queued or active): a session plans a new set only
	/// when it differs from this one.
	#[pallet::storage]
	pub type PlannedValidators<T: Config> = StorageValue<_, ValidatorsOf<T>, ValueQuery>;

	/// The fewest validators the set may have (at least 1).
	#[pallet::storage]
	pub type MinValidators<T: Config> = StorageValue<_, u32, ValueQuery, DefaultMinValidators>;

	/// Session length in blocks (at least 1), fixed at genesis.
	#[pallet::storage]
	pub type SessionPeriod<T: Config> =
		StorageValue<_, BlockNumberFor<T>, ValueQuery, DefaultSessionPeriod<T>>;

	/// Genesis: the initial validators (their session keys are in `pallet-session`'s genesis),
	/// the minimum, and the session length.
	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// The validators of the first sessions.
		pub validators: Vec<T::AccountId>,
		/// The fewest validators the set may have; 0 means the default, 1.
		pub min_validators: u32,
		/// Session length in blocks; 0 means `Config::DefaultSessionPeriod`.
		pub session_period: BlockNumberFor<T>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			let validators = ValidatorsOf::<T>::try_from(self.validators.clone())
				.unwrap_or_else(|_| panic!("more genesis validators than MaxValidators"));
			assert!(
				!Pallet::<T>::has_duplicates(&validators),
				"a genesis validator is listed twice"
			);
			if self.min_validators > 0 {
				MinValidators::<T>::put(self.min_validators);
			}
			assert!(
				validators.is_empty() || validators.len() as u32 >= MinValidators::<T>::get(),
				"fewer genesis validators than min_validators"
			);
			if !self.session_period.is_zero() {
				SessionPeriod::<T>::put(self.session_period);
			}
			Validators::<T>::put(&validators);
			PlannedValidators::<T>::put(validators);
		}
	}

	/// Events of the pallet.
	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A validator was added; it joins at the second session boundary from now.
		ValidatorAdded {
			/// The new validator.
			validator: T::AccountId,
		},
		/// A validator was removed; it leaves at the second session boundary from now.
		ValidatorRemoved {
			/// The removed validator.
			validator: T::AccountId,
		},
		/// The minimum number of validators changed.
		MinValidatorsSet {
			/// The new minimum.
			min: u32,
		},
		/// A new set was handed to `pallet-session`; it becomes active at the start of `session`.
		NewSetPlanned {
			/// The session the set validates.
			session: u32,
			/// The validators of that session.
			validators: ValidatorsOf<T>,
		},
		/// A member has no session keys (it purged them) and was left out of `session`'s set.
		ValidatorSkipped {
			/// The member without keys.
			validator: T::AccountId,
			/// The session it does not validate.
			session: u32,
		},
		/// Fewer than [`MinValidators`] members have session keys: `session` keeps the current set.
		SetChangeDeferred {
			/// The session whose set was not changed.
			session: u32,
			/// How many members have session keys.
			with_keys: u32,
		},
	}

	/// Errors of the pallet.
	#[pallet::error]
	pub enum Error<T> {
		/// The account is a validator already.
		///
		/// Fix: nothing to do: the account is in the set.
		AlreadyValidator,
		/// The account is not a validator.
		///
		/// Fix: check the account: only members can be removed.
		NotValidator,
		/// The set would have fewer validators than [`MinValidators`].
		///
		/// Fix: add a validator first, or lower the minimum (`setMinValidators`).
		TooFewValidators,
		/// The set has `MaxValidators` validators.
		///
		/// Fix: remove a validator before adding another.
		TooManyValidators,
		/// The account has not set session keys (`session.setKeys`).
		///
		/// Fix: the validator calls `session.setKeys` with its node's `author_rotateKeysWithOwner`
		/// keys first.
		NoSessionKeys,
		/// The minimum must be at least 1.
		///
		/// Fix: set a minimum of at least 1.
		ZeroMinimum,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(T::MaxValidators::get() >= 1, "MaxValidators must be at least 1");
			assert!(
				T::DefaultSessionPeriod::get() >= One::one(),
				"DefaultSessionPeriod must be at least 1 block"
			);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Adds `validator` to the set; it validates from the second session boundary on.
		///
		/// The validator must have set its session keys. Origin: `AddRemoveOrigin`.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::add_validator())]
		pub fn add_validator(origin: OriginFor<T>, validator: T::AccountId) -> DispatchResult {
			T::AddRemoveOrigin::ensure_origin(origin)?;
			Self::do_add_validator(validator)
		}

		/// Removes `validator` from the set; it stops validating at the second session boundary.
		///
		/// Origin: `AddRemoveOrigin`.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::remove_validator())]
		pub fn remove_validator(origin: OriginFor<T>, validator: T::AccountId) -> DispatchResult {
			T::AddRemoveOrigin::ensure_origin(origin)?;
			Self::do_remove_validator(validator)
		}

		/// Sets the fewest validators the set may have: at least 1, at most the current number.
		///
		/// Origin: `AddRemoveOrigin`.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::set_min_validators())]
		pub fn set_min_validators(origin: OriginFor<T>, min: u32) -> DispatchResult {
			T::AddRemoveOrigin::ensure_origin(origin)?;
			Self::do_set_min_validators(min)
		}
	}

	impl<T: Config> Pallet<T> {
		/// The validator set as governance decided it (see [`Validators`]).
		pub fn validators() -> Vec<T::AccountId> {
			Validators::<T>::get().into_inner()
		}

		/// Adds a member with session keys.
		fn do_add_validator(validator: T::AccountId) -> DispatchResult {
			let mut validators = Validators::<T>::get();
			ensure!(!validators.contains(&validator), Error::<T>::AlreadyValidator);
			ensure!(T::ValidatorRegistration::is_registered(&validator), Error::<T>::NoSessionKeys);
			validators.try_push(validator.clone()).map_err(|_| Error::<T>::TooManyValidators)?;
			Validators::<T>::put(validators);
			Self::deposit_event(Event::ValidatorAdded { validator });
			Ok(())
		}

		/// Removes a member, keeping at least [`MinValidators`].
		fn do_remove_validator(validator: T::AccountId) -> DispatchResult {
			let mut validators = Validators::<T>::get();
			let position = validators
				.iter()
				.position(|member| *member == validator)
				.ok_or(Error::<T>::NotValidator)?;
			ensure!(
				validators.len() as u32 > MinValidators::<T>::get(),
				Error::<T>::TooFewValidators
			);
			validators.remove(position);
			Validators::<T>::put(validators);
			Self::deposit_event(Event::ValidatorRemoved { validator });
			Ok(())
		}

		/// Changes the minimum, which the current set must meet.
		fn do_set_min_validators(min: u32) -> DispatchResult {
			ensure!(min >= 1, Error::<T>::ZeroMinimum);
			ensure!(
				Validators::<T>::decode_len().unwrap_or(0) as u32 >= min,
				Error::<T>::TooFewValidators
			);
			MinValidators::<T>::put(min);
			Self::deposit_event(Event::MinValidatorsSet { min });
			Ok(())
		}

		/// Whether `validators` lists an account twice.
		pub(crate) fn has_duplicates(validators: &[T::AccountId]) -> bool {
			validators.iter().enumerate().any(|(i, validator)| {
				validators.iter().skip(i.saturating_add(1)).any(|v| v == validator)
			})
		}

		/// Checks the pallet's invariants: no duplicate in either list, a minimum of at least 1
		/// that a non-empty set meets, a session period of at least one block.
		#[cfg(any(feature = "try-runtime", test))]
		pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
			let validators = Validators::<T>::get();
			let min = MinValidators::<T>::get();
			ensure!(!Self::has_duplicates(&validators), "a validator is listed twice");
			ensure!(
				!Self::has_duplicates(&PlannedValidators::<T>::get()),
				"a planned validator is listed twice"
			);
			ensure!(min >= 1, "MinValidators is 0");
			ensure!(
				validators.is_empty() || validators.len() as u32 >= min,
				"fewer validators than MinValidators"
			);
			ensure!(!SessionPeriod::<T>::get().is_zero(), "SessionPeriod is 0");
			Ok(())
		}
	}
}
