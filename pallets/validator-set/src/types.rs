//! The types the validator set stores.

use crate::Config;
use frame_support::BoundedVec;

/// The validator list as stored: at most `MaxValidators` accounts.
pub type ValidatorsOf<T> =
	BoundedVec<<T as frame_system::Config>::AccountId, <T as Config>::MaxValidators>;
