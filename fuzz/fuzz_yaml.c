/* libFuzzer target: fuzz_yaml (fuzz/targets.h says what it feeds). */
#include "targets.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_yaml(data, size);
}
