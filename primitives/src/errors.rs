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
/// reports for its item. The pallets' tests exercise both directions (`BatchItemFailed` naming
/// each item error, and the single calls' errors with `assert_noop!`).
///
/// The enum gets what a field of a pallet error needs: `Clone`, `Copy`, `PartialEq`, `Eq`,
/// `Debug`, SCALE (`codec::{Encode, Decode, DecodeWithMemTracking, MaxEncodedLen}`),
/// `scale_info::TypeInfo` and `frame_support::PalletError` — so the calling crate must depend on
/// `codec` (parity-scale-codec), `scale-info` and `frame-support` under those names, as every
/// pallet does. `Error` must be in scope by the name given after `mirrors`.
///
/// ```ignore
/// iot_primitives::batch_item_error! {
///     /// Why one anchor of an `anchor_batch` failed.
///     pub enum AnchorError mirrors Error { BadLeafCount, UnknownDevice }
/// }
/// ```
#[macro_export]
macro_rules! batch_item_error {
	(
		$(#[$attr:meta])*
		$vis:vis enum $name:ident mirrors $error:ident { $($variant:ident),+ $(,)? }
	) => {
		$crate::pallet_error_field! {
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

/// Gives a type (an enum or struct) what a field of a pallet error needs: `Clone`, `Copy`,
/// `PartialEq`, `Eq`, `Debug`, SCALE (`codec::{Encode, Decode, DecodeWithMemTracking,
/// MaxEncodedLen}`), `scale_info::TypeInfo` and `frame_support::PalletError` — one list for
/// every such type ([`batch_item_error!`](crate::batch_item_error) uses it too). The calling
/// crate must depend on `codec`, `scale-info` and `frame-support` under those names.
///
/// ```ignore
/// iot_primitives::pallet_error_field! {
///     /// Why one item failed.
///     pub enum ItemError { Registration(RegistrationError), Certificate(CertError) }
/// }
/// ```
#[macro_export]
macro_rules! pallet_error_field {
	($item:item) => {
		#[derive(
			Clone,
			Copy,
			PartialEq,
			Eq,
			Debug,
			codec::Encode,
			codec::Decode,
			codec::DecodeWithMemTracking,
			codec::MaxEncodedLen,
			scale_info::TypeInfo,
			frame_support::PalletError,
		)]
		$item
	};
}
