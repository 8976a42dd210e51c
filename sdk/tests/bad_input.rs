//! Bad input gets an error value, never a panic, and changes nothing.

use iot_device_sdk::{
	Attestation, Device, Ed25519Signer, Error, MerkleRoot, P256Signer, Scheme, SignatureBytes,
	MAX_LEAF_LEN, MAX_MESSAGE_LEN,
};

fn device() -> Device<Ed25519Signer> {
	Device::new(Ed25519Signer::from_seed(&[4; 32]))
}

#[test]
fn buffers_too_small() {
	let device = device();
	let genesis = [1u8; 32];
	for size in 0..MAX_MESSAGE_LEN {
		let mut buffer = vec![0u8; size];
		let fits = |len: usize| size >= len;
		let registration =
			device.registration(&genesis, &[2; 32], &mut buffer).map(|s| s.message.len());
		assert_eq!(registration, if fits(110) { Ok(110) } else { Err(Error::BufferTooSmall) });
		let attestation = device
			.attestation(&genesis, &Attestation::default(), &mut buffer)
			.map(|s| s.message.len());
		assert_eq!(attestation, if fits(155) { Ok(155) } else { Err(Error::BufferTooSmall) });
		let anchor = device.anchor(&genesis, 0, &[0; 32], 1, &mut buffer).map(|s| s.message.len());
		assert_eq!(anchor, if fits(119) { Ok(119) } else { Err(Error::BufferTooSmall) });
		let new = Ed25519Signer::from_seed(&[5; 32]);
		let rotation = device.rotation(&new, &genesis, 0, &mut buffer).map(|r| r.message.len());
		assert_eq!(rotation, if fits(112) { Ok(112) } else { Err(Error::BufferTooSmall) });
	}
	let signature = SignatureBytes::new(Scheme::Ed25519, &[1; 64]).expect("64 bytes");
	assert_eq!(signature.encode(&mut [0u8; 64]), Err(Error::BufferTooSmall));
	assert_eq!(signature.encode(&mut [0u8; 65]).map(<[u8]>::len), Ok(65));
}

#[test]
fn readings_too_long() {
	let mut tree = MerkleRoot::new();
	tree.push(&vec![0u8; MAX_LEAF_LEN]).expect("64 KiB is the limit");
	assert_eq!(tree.push(&vec![0u8; MAX_LEAF_LEN + 1]), Err(Error::ReadingTooLong));
	assert_eq!(tree.leaf_count(), 1, "the refused reading is not in the tree");
	let mut single = MerkleRoot::new();
	single.push(&vec![0u8; MAX_LEAF_LEN]).expect("fits");
	assert_eq!(tree.finish(), single.finish());
}

#[test]
fn index_out_of_range_and_empty_trees() {
	assert_eq!(MerkleRoot::new().finish(), Err(Error::NoReadings));
	assert_eq!(MerkleRoot::tracking(0).finish(), Err(Error::IndexOutOfRange));
	let mut tree = MerkleRoot::tracking(3);
	for reading in [b"a", b"b", b"c"] {
		tree.push(reading).expect("short");
	}
	assert_eq!(tree.finish(), Err(Error::IndexOutOfRange), "3 readings have no index 3");
	tree.push(b"d").expect("short");
	assert_eq!(tree.finish().map(|b| b.proof.leaf_index), Ok(3));
}

#[test]
fn bad_signatures_and_secrets() {
	for (scheme, good) in
		[(Scheme::Ed25519, 64), (Scheme::Sr25519, 64), (Scheme::Ecdsa, 65), (Scheme::P256, 64)]
	{
		for len in [0, 1, 63, 64, 65, 66] {
			let result = SignatureBytes::new(scheme, &vec![7u8; len]);
			if len == good {
				assert_eq!(result.map(|s| s.as_bytes().len()), Ok(good));
			} else {
				assert_eq!(result, Err(Error::BadSignatureLength), "{scheme:?} {len}");
			}
		}
	}
	// The P-256 group order n and n + 1 are not secret scalars; n - 1 is.
	let order = hex::decode("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551")
		.expect("hex");
	let mut secret: [u8; 32] = order.try_into().expect("32 bytes");
	assert_eq!(P256Signer::from_secret(&secret).err(), Some(Error::InvalidSecret));
	secret[31] += 1;
	assert_eq!(P256Signer::from_secret(&secret).err(), Some(Error::InvalidSecret));
	secret[31] -= 2;
	assert!(P256Signer::from_secret(&secret).is_ok());
	assert_eq!(P256Signer::from_secret(&[0; 32]).err(), Some(Error::InvalidSecret));
}
