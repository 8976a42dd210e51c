//! The error of one item of a batch call, declared once.
//!
//! `register_devices` and `anchor_batch` fail with `BatchItemFailed { index, error }`, whose
//! `error` says why the item failed in the words the single call (`register_device`, `anchor`)
//! would have used. Clients see the single call's errors by their own names (for example
//! `deviceRegistry.BadProof`), so those stay variants of the pallet's `Error<T>`, where their
//! meaning is documented; [`batch_item_error!`](crate::batch_item_error) generates the item error
//! from the list of their names, and the conversion back, so no meaning is written twice and a
//! name missing from `Error<T>` does not compile.

/// Declares the error of one item of a batch call: an enum whose variants are the listed
/// variants of the pallet's `Error<T>` (the single call's errors), and
/// `From<ItemError> for Error<T>`, so that the single call returns the same error as a batch
/// reports for its item.
///
/// The caller adds the derives (a pallet error field needs `Encode`, `Decode`, `TypeInfo`,
/// `MaxEncodedLen` and `frame_support::PalletError`); `Error` must be in scope by the name given
/// after `mirrors`.
///
/// ```ignore
/// iot_primitives::batch_item_error! {
///     /// Why one anchor of an `anchor_batch` failed.
///     #[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, TypeInfo, MaxEncodedLen, Debug)]
///     pub enum AnchorError mirrors Error { BadLeafCount, UnknownDevice }
/// }
/// ```
#[macro_export]
macro_rules! batch_item_error {
	(
		$(#[$attr:meta])*
		$vis:vis enum $name:ident mirrors $error:ident { $($variant:ident),+ $(,)? }
	) => {
		$(#[$attr])*
		$vis enum $name {
			$(
				#[doc = concat!(
					"The item failed as the single call fails with `",
					stringify!($error), "::", stringify!($variant),
					"`: see that error."
				)]
				$variant,
			)+
		}

		impl<T> From<$name> for $error<T> {
			fn from(error: $name) -> Self {
				match error {
					$($name::$variant => $error::$variant,)+
				}
			}
		}
	};
}

#[cfg(test)]
mod tests {
	use core::marker::PhantomData;

	/// A pallet-like error: generic, with more variants than its items can fail with.
	#[derive(Debug, PartialEq)]
	enum Error<T> {
		First,
		Second,
		OnlyForSingleCalls,
		#[allow(dead_code)]
		Phantom(PhantomData<T>),
	}

	crate::batch_item_error! {
		/// The item error of the test.
		#[derive(Debug, Clone, Copy, PartialEq)]
		enum ItemError mirrors Error { First, Second }
	}

	#[test]
	fn item_errors_convert_to_the_variants_of_the_same_name() {
		assert_eq!(Error::<()>::from(ItemError::First), Error::First);
		assert_eq!(Error::<()>::from(ItemError::Second), Error::Second);
		assert_ne!(Error::<()>::from(ItemError::Second), Error::OnlyForSingleCalls);
	}
}
