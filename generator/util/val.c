#include "val.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static struct val *mk(struct arena *a, enum val_type t)
{
	struct val *v = arena_alloc(a, sizeof(*v));
	v->type = t;
	return v;
}

struct val *val_null(struct arena *a)
{
	return mk(a, VAL_NULL);
}

struct val *val_bool(struct arena *a, int b)
{
	struct val *v = mk(a, VAL_BOOL);
	v->u.b = !!b;
	return v;
}

struct val *val_num(struct arena *a, double n)
{
	struct val *v = mk(a, VAL_NUM);
	v->u.num = n;
	return v;
}

struct val *val_str_ref(struct arena *a, const char *s, size_t n)
{
	struct val *v = mk(a, VAL_STR);
	v->u.str.ptr = s;
	v->u.str.len = n;
	return v;
}

struct val *val_strn(struct arena *a, const char *s, size_t n)
{
	return val_str_ref(a, arena_strndup(a, s ? s : "", s ? n : 0), s ? n : 0);
}

struct val *val_str(struct arena *a, const char *s)
{
	return val_strn(a, s, s ? strlen(s) : 0);
}

struct val *val_list(struct arena *a)
{
	return mk(a, VAL_LIST);
}
struct val *val_map(struct arena *a)
{
	return mk(a, VAL_MAP);
}

void val_push(struct arena *a, struct val *list, struct val *item)
{
	if (list->type != VAL_LIST)
		return;
	ARENA_GROW(a, list->u.list.items, list->u.list.cap, list->u.list.len + 1);
	list->u.list.items[list->u.list.len++] = item;
}

struct val *val_getn(const struct val *map, const char *key, size_t n)
{
	if (!map || map->type != VAL_MAP)
		return NULL;
	/* most keys of the same length differ in their first byte: no call
	 * to memcmp for those */
	for (size_t i = 0; i < map->u.map.len; i++) {
		const struct val_pair *p = &map->u.map.pairs[i];
		if (p->key_len == n && (!n || p->key[0] == key[0]) &&
		    memcmp(p->key, key, n) == 0)
			return p->val;
	}
	return NULL;
}

struct val *val_get(const struct val *map, const char *key)
{
	return val_getn(map, key, strlen(key));
}

struct val *val_set(struct arena *a, struct val *map, const char *key, struct val *item)
{
	if (map->type != VAL_MAP)
		return item;
	size_t n = strlen(key);
	for (size_t i = 0; i < map->u.map.len; i++) {
		struct val_pair *p = &map->u.map.pairs[i];
		if (p->key_len == n && memcmp(p->key, key, n) == 0) {
			p->val = item;
			return item;
		}
	}
	ARENA_GROW(a, map->u.map.pairs, map->u.map.cap, map->u.map.len + 1);
	struct val_pair *p = &map->u.map.pairs[map->u.map.len++];
	p->key = arena_strndup(a, key, n);
	p->key_len = n;
	p->val = item;
	return item;
}

void val_set_str(struct arena *a, struct val *map, const char *key, const char *s)
{
	val_set(a, map, key, val_str(a, s));
}

void val_set_num(struct arena *a, struct val *map, const char *key, double n)
{
	val_set(a, map, key, val_num(a, n));
}

void val_set_bool(struct arena *a, struct val *map, const char *key, int b)
{
	val_set(a, map, key, val_bool(a, b));
}

const char *val_as_str(const struct val *v)
{
	return v && v->type == VAL_STR ? v->u.str.ptr : NULL;
}

static void put_num(struct buf *out, double n)
{
	if (isnan(n) || isinf(n)) {
		buf_puts(out, isnan(n) ? ".nan" : n > 0 ? ".inf" : "-.inf");
		return;
	}
	if (fabs(n) < 1e15 && n == (double)(long long)n)
		buf_printf(out, "%lld", (long long)n);
	else
		buf_printf(out, "%.15g", n);
}

int val_scalar_text(struct buf *out, const struct val *v)
{
	if (!v)
		return -1;
	switch (v->type) {
	case VAL_STR: buf_put(out, v->u.str.ptr, v->u.str.len); return 0;
	case VAL_NUM: put_num(out, v->u.num); return 0;
	case VAL_BOOL: buf_puts(out, v->u.b ? "true" : "false"); return 0;
	default: return -1;
	}
}

int val_truthy(const struct val *v)
{
	if (!v)
		return 0;
	switch (v->type) {
	case VAL_NULL: return 0;
	case VAL_BOOL: return v->u.b;
	case VAL_STR: return v->u.str.len > 0;
	case VAL_LIST: return v->u.list.len > 0;
	default: return 1;
	}
}

const char *val_type_name(enum val_type t)
{
	switch (t) {
	case VAL_NULL: return "null";
	case VAL_BOOL: return "boolean";
	case VAL_NUM: return "number";
	case VAL_STR: return "string";
	case VAL_LIST: return "list";
	case VAL_MAP: return "mapping";
	}
	return "?";
}

void val_to_json(struct buf *out, const struct val *v)
{
	if (!v) {
		buf_puts(out, "null");
		return;
	}
	switch (v->type) {
	case VAL_NULL: buf_puts(out, "null"); break;
	case VAL_BOOL: buf_puts(out, v->u.b ? "true" : "false"); break;
	case VAL_NUM:
		if (isnan(v->u.num) || isinf(v->u.num))
			buf_puts(out, "null");
		else
			put_num(out, v->u.num);
		break;
	case VAL_STR:
		buf_putc(out, '"');
		buf_put_json(out, v->u.str.ptr, v->u.str.len);
		buf_putc(out, '"');
		break;
	case VAL_LIST:
		buf_putc(out, '[');
		for (size_t i = 0; i < v->u.list.len; i++) {
			if (i)
				buf_putc(out, ',');
			val_to_json(out, v->u.list.items[i]);
		}
		buf_putc(out, ']');
		break;
	case VAL_MAP:
		buf_putc(out, '{');
		for (size_t i = 0; i < v->u.map.len; i++) {
			const struct val_pair *p = &v->u.map.pairs[i];
			if (i)
				buf_putc(out, ',');
			buf_putc(out, '"');
			buf_put_json(out, p->key, p->key_len);
			buf_puts(out, "\":");
			val_to_json(out, p->val);
		}
		buf_putc(out, '}');
		break;
	}
}
