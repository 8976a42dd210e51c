//! Where message bytes go: a fixed buffer, a counter, a vector or a hasher.

/// A destination for message bytes.
///
/// ```
/// use iot_payloads::{anchor, Sink};
///
/// /// Counts the bytes equal to zero, for the example.
/// struct Zeros(usize);
/// impl Sink for Zeros {
///     type Error = core::convert::Infallible;
///     fn write(&mut self, bytes: &[u8]) -> Result<(), Self::Error> {
///         self.0 += bytes.iter().filter(|b| **b == 0).count();
///         Ok(())
///     }
/// }
/// let mut zeros = Zeros(0);
/// let Ok(()) = anchor(&mut zeros, &[0; 32], &[1; 32], 0, &[2; 32], 1);
/// assert_eq!(zeros.0, 32 + 8 + 3);
/// ```
pub trait Sink {
	/// Why a write can fail ([`BufferTooSmall`] for a fixed buffer,
	/// [`core::convert::Infallible`] for growable ones).
	type Error;

	/// Appends `bytes`.
	fn write(&mut self, bytes: &[u8]) -> Result<(), Self::Error>;
}

/// The message does not fit the buffer it is written into (see [`Buffer`]).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct BufferTooSmall;

/// A message being written into a caller's fixed buffer.
///
/// ```
/// use iot_payloads::{Buffer, BufferTooSmall, Sink};
///
/// let mut bytes = [0u8; 4];
/// let mut buffer = Buffer::new(&mut bytes);
/// buffer.write(b"iot").unwrap();
/// assert_eq!(buffer.write(b"c:"), Err(BufferTooSmall)); // nothing of it is written
/// assert_eq!(buffer.as_slice(), b"iot");
/// ```
#[derive(Debug)]
pub struct Buffer<'a> {
	bytes: &'a mut [u8],
	len: usize,
}

impl<'a> Buffer<'a> {
	/// An empty message over `bytes`.
	pub fn new(bytes: &'a mut [u8]) -> Self {
		Self { bytes, len: 0 }
	}

	/// The number of bytes written.
	pub fn len(&self) -> usize {
		self.len
	}

	/// Whether nothing has been written.
	pub fn is_empty(&self) -> bool {
		self.len == 0
	}

	/// The bytes written so far.
	pub fn as_slice(&self) -> &[u8] {
		self.bytes.get(..self.len).unwrap_or_default()
	}

	/// The bytes written, borrowed for the buffer's whole lifetime.
	pub fn into_slice(self) -> &'a [u8] {
		let len = self.len;
		let bytes: &'a [u8] = self.bytes;
		bytes.get(..len).unwrap_or_default()
	}
}

impl Sink for Buffer<'_> {
	type Error = BufferTooSmall;

	fn write(&mut self, bytes: &[u8]) -> Result<(), BufferTooSmall> {
		let end = self.len.checked_add(bytes.len()).ok_or(BufferTooSmall)?;
		let target = self.bytes.get_mut(self.len..end).ok_or(BufferTooSmall)?;
		target.copy_from_slice(bytes);
		self.len = end;
		Ok(())
	}
}

/// Counts the bytes of a message without keeping them (to size a buffer).
///
/// ```
/// use iot_payloads::{registration, Length, PublicKey};
///
/// let mut length = Length::default();
/// let Ok(()) = registration(&mut length, &[0; 32], &[1; 32], PublicKey::P256(&[2; 33]));
/// assert_eq!(length.0, 111);
/// ```
#[derive(Clone, Copy, Default, Debug)]
pub struct Length(pub usize);

impl Sink for Length {
	type Error = core::convert::Infallible;

	fn write(&mut self, bytes: &[u8]) -> Result<(), Self::Error> {
		self.0 = self.0.saturating_add(bytes.len());
		Ok(())
	}
}

#[cfg(feature = "alloc")]
impl Sink for alloc::vec::Vec<u8> {
	type Error = core::convert::Infallible;

	fn write(&mut self, bytes: &[u8]) -> Result<(), Self::Error> {
		self.extend_from_slice(bytes);
		Ok(())
	}
}
