/* Minimal Cortex-M startup for the C sample: the vector table, copying .data, zeroing .bss,
 * enabling the FPU (the library is built for the hard-float ABI), then main(). */
#include <stdint.h>

extern uint32_t _sidata, _sdata, _edata, _sbss, _ebss, _stack_top;
int main(void);

void reset_handler(void) {
	uint32_t *from = &_sidata, *to = &_sdata;
	while (to < &_edata) *to++ = *from++;
	for (to = &_sbss; to < &_ebss;) *to++ = 0;
	/* CPACR: full access to CP10 and CP11 (the FPU). */
	*(volatile uint32_t *)0xE000ED88 |= 0xFu << 20;
	__asm__ volatile("dsb\n isb");
	main();
	for (;;) {
	}
}

static void fault_handler(void) {
	/* Semihosting exit with a run-time error, so QEMU stops instead of spinning. */
	register int r0 __asm__("r0") = 0x18;
	register int r1 __asm__("r1") = 0x20023;
	__asm__ volatile("bkpt 0xab" : : "r"(r0), "r"(r1));
	for (;;) {
	}
}

__attribute__((section(".vectors"), used)) static void (*const vectors[16])(void) = {
	(void (*)(void))&_stack_top, reset_handler, fault_handler, fault_handler, fault_handler,
	fault_handler, fault_handler, 0, 0, 0, 0, fault_handler, fault_handler, 0, fault_handler,
	fault_handler,
};
