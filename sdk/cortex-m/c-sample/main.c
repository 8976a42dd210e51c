/* A C firmware on iot-device-sdk's C interface (sdk/include/iot_device_sdk.h), for
 * qemu-system-arm -machine mps2-an386 with semihosting. It reads the same 184-byte input file as
 * the Rust sample (sdk/cortex-m/firmware/src/main.rs documents the layout) and prints the same
 * lines for an Ed25519 and then a P-256 device (without the Rust sample's stack line), so that
 * scripts/sdk.sh can compare them byte for byte. Freestanding: no C library. */
#include "iot_device_sdk.h"

/* ARM semihosting (ARM DUI 0471): operation in r0, argument block in r1, `bkpt 0xab`. */
static int semihost(int op, const void *args) {
	register int r0 __asm__("r0") = op;
	register const void *r1 __asm__("r1") = args;
	__asm__ volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
	return r0;
}

enum { SYS_OPEN = 0x01, SYS_CLOSE = 0x02, SYS_WRITE = 0x05, SYS_READ = 0x06, SYS_EXIT = 0x18 };

/* The host's standard output (":tt" opened for writing), as the Rust sample's `hstdout`. */
static int stdout_fd = -1;

static void print(const char *text) {
	size_t len = 0;
	while (text[len]) len++;
	if (stdout_fd < 0) {
		static const char tt[] = ":tt";
		const uintptr_t open_args[3] = {(uintptr_t)tt, 4 /* w */, sizeof tt - 1};
		stdout_fd = semihost(SYS_OPEN, open_args);
	}
	const uintptr_t write_args[3] = {(uintptr_t)stdout_fd, (uintptr_t)text, len};
	semihost(SYS_WRITE, write_args);
}

static void exit_qemu(int ok) {
	/* ADP_Stopped_ApplicationExit (0x20026) or ADP_Stopped_RunTimeErrorUnknown (0x20023). */
	semihost(SYS_EXIT, (const void *)(ok ? 0x20026 : 0x20023));
	for (;;) {
	}
}

static void fail(const char *why) {
	print("error ");
	print(why);
	print("\n");
	exit_qemu(0);
}

static void check(IotcStatus status, const char *what) {
	if (status != IOTC_STATUS_OK) fail(what);
}

static void print_hex(const uint8_t *bytes, size_t len) {
	static const char digits[] = "0123456789abcdef";
	char pair[3] = {0, 0, 0};
	for (size_t i = 0; i < len; i++) {
		pair[0] = digits[bytes[i] >> 4];
		pair[1] = digits[bytes[i] & 0xf];
		print(pair);
	}
}

static void print_number(uint32_t value) {
	char digits[11];
	int at = 10;
	digits[10] = 0;
	do {
		digits[--at] = (char)('0' + value % 10);
		value /= 10;
	} while (value);
	print(&digits[at]);
}

static uint32_t le32(const uint8_t *p) {
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void copy(uint8_t *to, const uint8_t *from, size_t len) {
	for (size_t i = 0; i < len; i++) to[i] = from[i];
}

static void print_signed(const char *label, IotcStatus status, const IotcSigned *out) {
	check(status, label);
	print(label);
	print(" ");
	print_hex(out->message, out->message_len);
	print(" ");
	print_hex(out->signature, out->signature_len);
	print("\n");
}

static uint8_t input[184];
static IotcDevice device;
static IotcMerkle tree;

static void run(uint8_t scheme, const char *name) {
	const uint8_t *genesis = input + 32, *owner = input + 64;
	uint8_t id[32], key[IOTC_MAX_KEY_LEN], message[IOTC_MAX_MESSAGE_LEN];
	uint8_t signature[IOTC_MAX_SIGNATURE_LEN];
	size_t key_len = 0;
	IotcSigned out = {message, sizeof message, 0, signature, sizeof signature, 0};

	check(iotc_device_init(&device, scheme, input, NULL), "iotc_device_init");
	check(iotc_device_id(&device, id), "iotc_device_id");
	check(iotc_device_key(&device, key, sizeof key, &key_len), "iotc_device_key");
	print("scheme ");
	print(name);
	print("\ndevice ");
	print_hex(id, sizeof id);
	print("\nkey ");
	print_hex(key, key_len);
	print("\n");

	print_signed("register", iotc_registration(&device, genesis, owner, &out), &out);

	IotcAttestation attestation;
	copy(attestation.firmware_digest, input + 96, 32);
	attestation.security_version = le32(input + 128);
	attestation.boot_count = le32(input + 132);
	attestation.recent_block = le32(input + 136);
	copy(attestation.recent_hash, input + 140, 32);
	attestation.counter = le32(input + 172);
	print_signed("attest", iotc_attestation(&device, genesis, &attestation, &out), &out);

	uint8_t nonce[32], boot_nonce[32];
	check(iotc_quote_nonce(&device, genesis, attestation.recent_block, attestation.recent_hash,
	                       attestation.counter, nonce),
	      "iotc_quote_nonce");
	check(iotc_boot_quote_nonce(&device, genesis, attestation.recent_block, attestation.recent_hash,
	                            attestation.counter, attestation.firmware_digest, boot_nonce),
	      "iotc_boot_quote_nonce");
	print("nonce ");
	print_hex(nonce, sizeof nonce);
	print(" ");
	print_hex(boot_nonce, sizeof boot_nonce);
	print("\n");

	/* 1,000 readings "reading 0" ... "reading 999". */
	check(iotc_merkle_init(&tree), "iotc_merkle_init");
	for (uint32_t i = 0; i < 1000; i++) {
		char reading[20] = "reading ";
		char digits[10];
		int n = 0, len = 8;
		uint32_t v = i;
		do {
			digits[n++] = (char)('0' + v % 10);
			v /= 10;
		} while (v);
		while (n) reading[len++] = digits[--n];
		check(iotc_merkle_push(&tree, (const uint8_t *)reading, (size_t)len), "iotc_merkle_push");
	}
	uint8_t root[32];
	uint32_t leaf_count = 0;
	check(iotc_merkle_root(&tree, root, &leaf_count), "iotc_merkle_root");
	print("merkle ");
	print_hex(root, sizeof root);
	print(" ");
	print_number(leaf_count);
	print("\n");

	uint64_t seq = (uint64_t)le32(input + 176) | (uint64_t)le32(input + 180) << 32;
	print_signed("anchor", iotc_anchor(&device, genesis, seq, root, leaf_count, &out), &out);
}

/* A secure element stand-in for the external-signer hook: signs with a software device. */
static IotcDevice secure_element;

static int32_t sign_in_secure_element(void *context, const uint8_t *message, size_t message_len,
				      uint8_t *signature, size_t capacity, size_t *signature_len) {
	if (context != &secure_element) return 1;
	return iotc_device_sign(&secure_element, message, message_len, signature, capacity, signature_len);
}

static int32_t broken_secure_element(void *context, const uint8_t *message, size_t message_len,
				     uint8_t *signature, size_t capacity, size_t *signature_len) {
	(void)context, (void)message, (void)message_len, (void)signature, (void)capacity, (void)signature_len;
	return -1;
}

/* The external-signer hook (iotc_device_init_external) gives the same signed bytes as the same
 * key inside the library (Ed25519 signatures are deterministic), and a failing signer is an
 * error value. */
static void check_external_signer(void) {
	uint8_t key[IOTC_MAX_KEY_LEN], message[IOTC_MAX_MESSAGE_LEN], signature[IOTC_MAX_SIGNATURE_LEN];
	uint8_t inside[IOTC_MAX_MESSAGE_LEN + IOTC_MAX_SIGNATURE_LEN];
	size_t key_len = 0, inside_len;
	IotcSigned out = {message, sizeof message, 0, signature, sizeof signature, 0};
	check(iotc_device_init(&secure_element, IOTC_SCHEME_ED25519, input, NULL), "iotc_device_init");
	check(iotc_device_key(&secure_element, key, sizeof key, &key_len), "iotc_device_key");
	check(iotc_registration(&secure_element, input + 32, input + 64, &out), "iotc_registration");
	copy(inside, message, out.message_len);
	copy(inside + out.message_len, signature, out.signature_len);
	inside_len = out.message_len + out.signature_len;

	check(iotc_device_init_external(&device, key, key_len, sign_in_secure_element, &secure_element, NULL),
	      "iotc_device_init_external");
	check(iotc_registration(&device, input + 32, input + 64, &out), "external iotc_registration");
	if (out.message_len + out.signature_len != inside_len) fail("the external signer's length differs");
	for (size_t i = 0; i < out.message_len; i++)
		if (message[i] != inside[i]) fail("the external signer's message differs");
	for (size_t i = 0; i < out.signature_len; i++)
		if (signature[i] != inside[out.message_len + i]) fail("the external signer's signature differs");

	check(iotc_device_init_external(&device, key, key_len, broken_secure_element, NULL, NULL),
	      "iotc_device_init_external");
	if (iotc_registration(&device, input + 32, input + 64, &out) != IOTC_STATUS_SIGNER_FAILED)
		fail("a failing signer was not reported");
	if (iotc_device_init_external(&device, key, key_len - 1, sign_in_secure_element, NULL, NULL) !=
	    IOTC_STATUS_BUFFER_TOO_SMALL)
		fail("a short key was accepted");
	print("external-signer same bytes\n");
}

/* Bad input gets an error value: a few of them, checked on the device itself. */
static void refuse_bad_input(void) {
	uint8_t small[8], signature[IOTC_MAX_SIGNATURE_LEN];
	IotcSigned out = {small, sizeof small, 0, signature, sizeof signature, 0};
	if (iotc_registration(&device, input + 32, input + 64, &out) != IOTC_STATUS_BUFFER_TOO_SMALL)
		fail("a short buffer was accepted");
	if (iotc_device_init(&device, 7, input, NULL) != IOTC_STATUS_UNKNOWN_SCHEME)
		fail("an unknown scheme was accepted");
	if (iotc_merkle_push(&tree, NULL, 1) != IOTC_STATUS_NULL_POINTER) fail("NULL was accepted");
	if (iotc_merkle_push(&tree, input, IOTC_MAX_LEAF_LEN + 1) != IOTC_STATUS_READING_TOO_LONG)
		fail("a reading over 64 KiB was accepted");
	static IotcMerkle fresh;
	uint8_t root[32];
	uint32_t count;
	if (iotc_merkle_root(&fresh, root, &count) != IOTC_STATUS_NOT_INITIALISED)
		fail("an uninitialised tree was used");
	check(iotc_merkle_init(&fresh), "iotc_merkle_init");
	if (iotc_merkle_root(&fresh, root, &count) != IOTC_STATUS_NO_READINGS) fail("an empty tree had a root");
	print("bad-input refused\n");
}

int main(void) {
	static const char name[] = "iot-firmware-input.bin";
	const uintptr_t open_args[3] = {(uintptr_t)name, 1 /* rb */, sizeof name - 1};
	int fd = semihost(SYS_OPEN, open_args);
	if (fd < 0) fail("cannot open iot-firmware-input.bin");
	const uintptr_t read_args[3] = {(uintptr_t)fd, (uintptr_t)input, sizeof input};
	if (semihost(SYS_READ, read_args) != 0) fail("iot-firmware-input.bin is shorter than 184 bytes");
	const uintptr_t close_args[1] = {(uintptr_t)fd};
	semihost(SYS_CLOSE, close_args);

	run(IOTC_SCHEME_ED25519, "ed25519");
	run(IOTC_SCHEME_P256, "p256");
	refuse_bad_input();
	check_external_signer();
	exit_qemu(1);
	return 0;
}
