//! One certificate: strict DER decoding and the extension profile.

use crate::{
	algorithms::{self, IssuerKey, SignatureAlgorithm, SubjectKey},
	CertError, MAX_CERT_LEN,
};
use alloc::vec::Vec;
use const_oid::{db::rfc5280, AssociatedOid, ObjectIdentifier};
use der::{Decode, Encode, EncodingRules, Reader, SliceReader};
use x509_cert::{
	certificate::Version,
	ext::{
		pkix::{
			name::{GeneralName, HardwareModuleName},
			AuthorityKeyIdentifier, BasicConstraints, CertificatePolicies, ExtendedKeyUsage,
			KeyUsage, SubjectAltName, SubjectKeyIdentifier,
		},
		Extension,
	},
	name::Name,
	Certificate,
};

/// The extensions this profile understands: they are decoded (a value that does not decode is
/// [`CertError::Malformed`]) and may be critical. Any other extension is ignored when
/// non-critical and refused when critical ([`CertError::UnknownCriticalExtension`]).
///
/// `certificatePolicies` may be critical (STMicroelectronics' and Intel's TPM CAs mark it so):
/// paths are validated for any policy with no explicit policy required (RFC 5280 §6.1 with
/// `initial-explicit-policy` unset), under which a policy never fails a path; the extensions
/// that could require one (`policyConstraints`, `policyMappings`, `inhibitAnyPolicy`) and
/// `nameConstraints` are not processed, so a critical one is refused.
pub const KNOWN_EXTENSIONS: [ObjectIdentifier; 7] = [
	rfc5280::ID_CE_BASIC_CONSTRAINTS,
	rfc5280::ID_CE_KEY_USAGE,
	rfc5280::ID_CE_SUBJECT_ALT_NAME,
	rfc5280::ID_CE_EXT_KEY_USAGE,
	rfc5280::ID_CE_CERTIFICATE_POLICIES,
	rfc5280::ID_CE_SUBJECT_KEY_IDENTIFIER,
	rfc5280::ID_CE_AUTHORITY_KEY_IDENTIFIER,
];

/// A certificate that decoded under this profile (it is not yet known to chain to anything).
#[derive(Clone, Debug)]
pub struct Cert {
	inner: Certificate,
	tbs_der: Vec<u8>,
	algorithm: Result<SignatureAlgorithm, CertError>,
	basic_constraints: Option<BasicConstraints>,
	key_usage: Option<KeyUsage>,
	hardware_module: Option<HardwareModuleName>,
}

impl Cert {
	/// Decodes a DER certificate of at most [`MAX_CERT_LEN`] bytes and checks its profile: DER
	/// only, the inner and outer signature algorithms equal and supported, extensions only in
	/// v3 certificates, no extension twice, every known extension decodable, no unknown critical
	/// extension.
	pub fn parse(der: &[u8]) -> Result<Self, CertError> {
		let cert = Self::decode(der)?;
		cert.algorithm?;
		Ok(cert)
	}

	/// [`Self::parse`] but for the signature algorithm, which may be weak or unsupported (the
	/// signature of a trust anchor's certificate is never checked).
	pub fn decode(der: &[u8]) -> Result<Self, CertError> {
		if der.len() > MAX_CERT_LEN {
			return Err(CertError::TooLong);
		}
		let inner = decode_certificate(der).map_err(|_| CertError::Malformed)?;
		// Encoding what was decoded must give the same bytes: every BER production (long or
		// indefinite lengths, DEFAULT values written out, non-0xFF TRUE, ...) changes them.
		// The one left is the order of a SET OF's elements, kept as written: see
		// `decode_certificate`.
		if inner.to_der().map_err(|_| CertError::Malformed)? != der {
			return Err(CertError::NonCanonical);
		}
		let tbs = inner.tbs_certificate();
		if tbs.signature() != inner.signature_algorithm() {
			return Err(CertError::Malformed);
		}
		let algorithm = SignatureAlgorithm::from_identifier(inner.signature_algorithm());
		let extensions: &[Extension] = tbs.extensions().map_or(&[], |e| e.as_slice());
		if !extensions.is_empty() && tbs.version() != Version::V3 {
			return Err(CertError::Malformed);
		}
		let mut cert = Self {
			tbs_der: tbs.to_der().map_err(|_| CertError::Malformed)?,
			algorithm,
			basic_constraints: None,
			key_usage: None,
			hardware_module: None,
			inner: inner.clone(),
		};
		for (i, ext) in extensions.iter().enumerate() {
			if extensions.iter().take(i).any(|e| e.extn_id == ext.extn_id) {
				return Err(CertError::DuplicateExtension);
			}
			cert.read_extension(ext)?;
		}
		Ok(cert)
	}

	fn read_extension(&mut self, ext: &Extension) -> Result<(), CertError> {
		let value = ext.extn_value.as_bytes();
		match ext.extn_id {
			BasicConstraints::OID => self.basic_constraints = Some(decode(value)?),
			KeyUsage::OID => self.key_usage = Some(decode(value)?),
			SubjectAltName::OID => {
				let names: SubjectAltName = decode(value)?;
				for name in names.0.iter() {
					if let GeneralName::OtherName(other) = name {
						if let Some(hw) = HardwareModuleName::from_other_name(other)
							.map_err(|_| CertError::Malformed)?
						{
							self.hardware_module = Some(hw);
						}
					}
				}
			}
			ExtendedKeyUsage::OID => drop(decode::<ExtendedKeyUsage>(value)?),
			CertificatePolicies::OID => drop(decode::<CertificatePolicies>(value)?),
			SubjectKeyIdentifier::OID => drop(decode::<SubjectKeyIdentifier>(value)?),
			AuthorityKeyIdentifier::OID => drop(decode::<AuthorityKeyIdentifier>(value)?),
			_ if ext.critical => return Err(CertError::UnknownCriticalExtension),
			_ => {}
		}
		Ok(())
	}

	/// The decoded certificate (RustCrypto's `x509-cert` type), for reading any field.
	pub fn certificate(&self) -> &Certificate {
		&self.inner
	}

	/// The subject name.
	pub fn subject(&self) -> &Name {
		self.inner.tbs_certificate().subject()
	}

	/// The issuer name.
	pub fn issuer(&self) -> &Name {
		self.inner.tbs_certificate().issuer()
	}

	/// The DER encoding of the issuer name (with [`Self::serial`], what identifies the
	/// certificate to revocation).
	pub fn issuer_der(&self) -> Vec<u8> {
		self.issuer().to_der().unwrap_or_default()
	}

	/// The serial number's content octets (big-endian, as encoded).
	pub fn serial(&self) -> &[u8] {
		self.inner.tbs_certificate().serial_number().as_bytes()
	}

	/// The DER `subjectPublicKeyInfo` (what revocation of an intermediate by key hashes).
	pub fn spki_der(&self) -> Result<Vec<u8>, CertError> {
		algorithms::spki_der(self.inner.tbs_certificate().subject_public_key_info())
	}

	/// The certified public key.
	pub fn subject_key(&self) -> SubjectKey {
		SubjectKey::from_spki(self.inner.tbs_certificate().subject_public_key_info())
	}

	/// The certified key as a certificate-signing key ([`CertError::UnsupportedKey`],
	/// [`CertError::RsaKeySize`]).
	pub fn issuer_key(&self) -> Result<IssuerKey, CertError> {
		IssuerKey::from_spki(self.inner.tbs_certificate().subject_public_key_info())
	}

	/// The algorithm the certificate is signed with, or why it is not accepted
	/// ([`CertError::WeakAlgorithm`], [`CertError::UnsupportedAlgorithm`], [`CertError::Malformed`]).
	pub fn signature_algorithm(&self) -> Result<SignatureAlgorithm, CertError> {
		self.algorithm
	}

	/// The DER `tbsCertificate`: the signed bytes.
	pub fn signed_bytes(&self) -> &[u8] {
		&self.tbs_der
	}

	/// `notBefore` and `notAfter` in seconds since the UNIX epoch.
	pub fn validity(&self) -> (u64, u64) {
		let v = self.inner.tbs_certificate().validity();
		(v.not_before.to_unix_duration().as_secs(), v.not_after.to_unix_duration().as_secs())
	}

	/// [`CertError::NotYetValid`] or [`CertError::Expired`] unless `notBefore ≤ now ≤ notAfter`
	/// (`now` in seconds since the UNIX epoch).
	pub fn check_validity(&self, now: u64) -> Result<(), CertError> {
		let (not_before, not_after) = self.validity();
		if now < not_before {
			Err(CertError::NotYetValid)
		} else if now > not_after {
			Err(CertError::Expired)
		} else {
			Ok(())
		}
	}

	/// The `pathLenConstraint` of a CA certificate (`None`: unlimited), or the reason it may
	/// not sign certificates: [`CertError::NotCa`] without `basicConstraints` `cA: TRUE`,
	/// [`CertError::KeyUsage`] without `keyUsage` `keyCertSign`.
	pub fn ca_path_len(&self) -> Result<Option<u8>, CertError> {
		let constraints = self.basic_constraints.as_ref().filter(|c| c.ca);
		let constraints = constraints.ok_or(CertError::NotCa)?;
		if !self.key_usage.is_some_and(|k| k.key_cert_sign()) {
			return Err(CertError::KeyUsage);
		}
		Ok(constraints.path_len_constraint)
	}

	/// Whether `keyUsage` allows `digitalSignature` (true when the certificate has no
	/// `keyUsage`: RFC 5280 §4.2.1.3 leaves the key unrestricted then).
	pub fn allows_digital_signature(&self) -> bool {
		self.key_usage.is_none_or(|k| k.digital_signature())
	}

	/// The RFC 4108 `hardwareModuleName` in the `subjectAltName`, if any: `(hwType, hwSerialNum)`,
	/// the type as the OID's DER content octets. TCG's IAK/IDevID certificates name their TPM
	/// with it.
	pub fn hardware_module_name(&self) -> Option<(&[u8], &[u8])> {
		self.hardware_module.as_ref().map(|hw| (hw.hw_type.as_bytes(), hw.hw_serial_num.as_bytes()))
	}
}

/// Decodes a certificate keeping the elements of every SET OF in their written order, so that
/// encoding it again gives back the signed bytes. DER sorts them (X.690 §11.6), but Nuvoton's TPM
/// CAs write their names' multi-valued RDN unsorted, as do others; OpenSSL, Go and webpki accept
/// that, and the signature covers the bytes as written. Names are then compared as written.
fn decode_certificate(der: &[u8]) -> der::Result<Certificate> {
	let mut reader = SliceReader::new_with_encoding_rules(der, EncodingRules::Ber)?;
	let certificate = Certificate::decode(&mut reader)?;
	reader.finish()?;
	Ok(certificate)
}

fn decode<'a, T: Decode<'a>>(value: &'a [u8]) -> Result<T, CertError> {
	T::from_der(value).map_err(|_| CertError::Malformed)
}
