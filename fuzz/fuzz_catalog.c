/* libFuzzer target: fuzz_catalog (fuzz/targets.h says what it feeds). */
#include "targets.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_catalog(data, size);
}
