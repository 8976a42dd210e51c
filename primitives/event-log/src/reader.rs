//! Little-endian reads from a byte slice, each checked against the bytes left.

use crate::EventLogError;

/// A cursor over the log's bytes; every read fails with [`EventLogError::Truncated`] past the end.
#[derive(Clone, Debug)]
pub(crate) struct Reader<'a> {
	bytes: &'a [u8],
	position: usize,
}

impl<'a> Reader<'a> {
	pub(crate) fn new(bytes: &'a [u8]) -> Self {
		Self { bytes, position: 0 }
	}

	/// The next `len` bytes.
	pub(crate) fn take(&mut self, len: usize) -> Result<&'a [u8], EventLogError> {
		let end = self.position.checked_add(len).ok_or(EventLogError::Truncated)?;
		let taken = self.bytes.get(self.position..end).ok_or(EventLogError::Truncated)?;
		self.position = end;
		Ok(taken)
	}

	pub(crate) fn u8(&mut self) -> Result<u8, EventLogError> {
		Ok(u8::from_le_bytes(self.array()?))
	}

	pub(crate) fn u16(&mut self) -> Result<u16, EventLogError> {
		Ok(u16::from_le_bytes(self.array()?))
	}

	pub(crate) fn u32(&mut self) -> Result<u32, EventLogError> {
		Ok(u32::from_le_bytes(self.array()?))
	}

	fn array<const N: usize>(&mut self) -> Result<[u8; N], EventLogError> {
		self.take(N)?.try_into().map_err(|_| EventLogError::Truncated)
	}

	/// How many bytes were read.
	pub(crate) fn position(&self) -> usize {
		self.position
	}

	/// The bytes read since `start` (a former [`Reader::position`]).
	pub(crate) fn since(&self, start: usize) -> &'a [u8] {
		self.bytes.get(start..self.position).unwrap_or_default()
	}

	/// The bytes not read yet.
	pub(crate) fn rest(&self) -> &'a [u8] {
		self.bytes.get(self.position..).unwrap_or_default()
	}

	pub(crate) fn is_empty(&self) -> bool {
		self.position >= self.bytes.len()
	}
}
