/* val: the generic data model (null, bool, number, string, list, map).
 *
 * YAML and JSON input are parsed into vals (yaml.c); templates render
 * against vals (mustache.c); JSON exports are written from vals.  Every val
 * and everything it points to lives in an arena: there is no val_free.
 * Maps keep insertion order.  Strings are NUL-terminated and may hold NULs
 * (len is authoritative).  `line` is the 1-based source line a parsed val
 * came from, or 0. */
#ifndef CAIRN_VAL_H
#define CAIRN_VAL_H

#include <stddef.h>

#include "arena.h"
#include "buf.h"

enum val_type { VAL_NULL, VAL_BOOL, VAL_NUM, VAL_STR, VAL_LIST, VAL_MAP };

struct val;

struct val_pair {
	const char *key;
	size_t key_len;
	struct val *val;
};

struct val {
	enum val_type type;
	int line;
	union {
		int b;
		double num;
		struct {
			const char *ptr;
			size_t len;
		} str;
		struct {
			struct val **items;
			size_t len, cap;
		} list;
		struct {
			struct val_pair *pairs;
			size_t len, cap;
		} map;
	} u;
};

struct val *val_null(struct arena *a);
struct val *val_bool(struct arena *a, int b);
struct val *val_num(struct arena *a, double n);
/* Copies s into the arena. */
struct val *val_strn(struct arena *a, const char *s, size_t n);
struct val *val_str(struct arena *a, const char *s); /* s may be NULL: "" */
/* Does not copy: s must outlive the val (e.g. arena-owned). */
struct val *val_str_ref(struct arena *a, const char *s, size_t n);
struct val *val_list(struct arena *a);
struct val *val_map(struct arena *a);

void val_push(struct arena *a, struct val *list, struct val *item);
/* Sets key (copied) in map, replacing an existing entry; returns item. */
struct val *val_set(struct arena *a, struct val *map, const char *key, struct val *item);
/* Convenience setters on maps. */
void val_set_str(struct arena *a, struct val *map, const char *key, const char *s);
void val_set_num(struct arena *a, struct val *map, const char *key, double n);
void val_set_bool(struct arena *a, struct val *map, const char *key, int b);

/* Map lookup; NULL when v is not a map or the key is absent. */
struct val *val_get(const struct val *map, const char *key);
struct val *val_getn(const struct val *map, const char *key, size_t n);
/* The string of a VAL_STR, or NULL for any other type. */
const char *val_as_str(const struct val *v);
/* Text of a scalar (string, number, bool) into out; returns 0, or -1 for
 * null, lists and maps. */
int val_scalar_text(struct buf *out, const struct val *v);
/* Mustache/template truthiness: null, false, "" and [] are false. */
int val_truthy(const struct val *v);
const char *val_type_name(enum val_type t);

/* Writes v as JSON (compact). */
void val_to_json(struct buf *out, const struct val *v);

#endif
