/* hash: one fast 64-bit hash for the whole program (not cryptographic:
 * for hash tables, change detection and fingerprints).  The same input and
 * seed always give the same value, on every machine cairn runs on. */
#ifndef CAIRN_HASH_H
#define CAIRN_HASH_H

#include <stddef.h>
#include <stdint.h>

/* A hash of the n bytes at p. */
uint64_t hash_of(const void *p, size_t n, uint64_t seed);
/* Folds a string (NULL is distinct from "") / a number into a running
 * fingerprint h. */
uint64_t hash_mix_str(uint64_t h, const char *s);
uint64_t hash_mix_u64(uint64_t h, uint64_t v);

#endif
