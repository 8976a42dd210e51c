//! X.509 chains (iot-cert-path): arbitrary certificates and chains never panic the parser or the
//! verifier; whatever parses is canonical DER (it encodes back to the same bytes); a chain that
//! verifies has only certificates that parse on their own, and never more than MAX_CHAIN_LEN.
//!
//! Input: 8 bytes of chain time (big-endian seconds), one byte choosing the anchor, then
//! certificates, each a 2-byte big-endian length and its DER (seeds/cert_chain holds real chains
//! in this format, made from iot-cert-path's fixtures).
#![no_main]

use iot_cert_path::{verify_chain, Anchor, Cert, MAX_CHAIN_LEN};
use libfuzzer_sys::fuzz_target;

const ANCHORS: [&[u8]; 3] = [
	include_bytes!("../../primitives/cert-path/tests/fixtures/generated/p256_root.der"),
	include_bytes!("../../primitives/cert-path/tests/fixtures/generated/rsa3072_root.der"),
	include_bytes!("../../primitives/cert-path/tests/fixtures/generated/oem_root.der"),
];

fuzz_target!(|data: &[u8]| {
	let Some((time, rest)) = data.split_first_chunk::<8>() else { return };
	let Some((choice, mut rest)) = rest.split_first() else { return };
	let mut chain = Vec::new();
	while let Some((len, tail)) = rest.split_first_chunk::<2>() {
		let len = usize::from(u16::from_be_bytes(*len)).min(tail.len());
		chain.push(&tail[..len]);
		rest = &tail[len..];
	}
	for der in &chain {
		if let Ok(cert) = Cert::parse(der) {
			let _ = (cert.subject_key(), cert.hardware_module_name(), cert.ca_path_len());
		}
		if let Ok(anchor) = Anchor::parse(der) {
			assert_eq!(anchor.der(), *der);
		}
	}
	let anchor = match Anchor::parse(ANCHORS[usize::from(*choice) % ANCHORS.len()]) {
		Ok(anchor) => anchor,
		Err(error) => panic!("fixture anchor refused: {error:?}"),
	};
	if let Ok(verified) = verify_chain(&chain, &anchor, u64::from_be_bytes(*time)) {
		assert!(chain.len() <= MAX_CHAIN_LEN, "a chain longer than MAX_CHAIN_LEN verified");
		assert_eq!(verified.certs().count(), chain.len());
		for der in &chain {
			assert!(
				Cert::parse(der).is_ok(),
				"a verified chain holds a certificate that does not parse"
			);
		}
	}
});
