#include "yaml.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "xalloc.h"

/* ---------------------------------------------------------------- scalars */

static int is_one_of(const char *s, const char *const *words)
{
	for (; *words; words++)
		if (strcmp(s, *words) == 0)
			return 1;
	return 0;
}

static int parse_int(const char *s, double *out)
{
	const char *p = s;
	int neg = 0;
	if (*p == '+' || *p == '-')
		neg = *p++ == '-';
	int base = 10;
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'o')) {
		base = p[1] == 'x' ? 16 : 8;
		if (neg || s != p)
			return -1;
		p += 2;
	}
	if (!*p)
		return -1;
	for (const char *q = p; *q; q++) {
		int ok = base == 16 ? strchr("0123456789abcdefABCDEF", *q) != NULL
			 : base == 8 ? (*q >= '0' && *q <= '7')
				     : (*q >= '0' && *q <= '9');
		if (!ok)
			return -1;
	}
	errno = 0;
	double v = (double)strtoull(p, NULL, base);
	*out = neg ? -v : v;
	return 0;
}

static int parse_float(const char *s, double *out)
{
	static const char *const inf[] = { ".inf",  ".Inf",  ".INF", "+.inf",
					   "+.Inf", "+.INF", NULL };
	static const char *const ninf[] = { "-.inf", "-.Inf", "-.INF", NULL };
	static const char *const nan_[] = { ".nan", ".NaN", ".NAN", NULL };
	if (is_one_of(s, inf)) {
		*out = INFINITY;
		return 0;
	}
	if (is_one_of(s, ninf)) {
		*out = -INFINITY;
		return 0;
	}
	if (is_one_of(s, nan_)) {
		*out = NAN;
		return 0;
	}
	/* [-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )? */
	const char *p = s;
	if (*p == '+' || *p == '-')
		p++;
	int digits = 0;
	while (*p >= '0' && *p <= '9')
		p++, digits++;
	if (*p == '.') {
		p++;
		while (*p >= '0' && *p <= '9')
			p++, digits++;
	}
	if (!digits)
		return -1;
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '+' || *p == '-')
			p++;
		if (!(*p >= '0' && *p <= '9'))
			return -1;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	if (*p)
		return -1;
	*out = strtod(s, NULL);
	return 0;
}

static struct val *scalar_val(struct arena *a, const yaml_event_t *ev)
{
	const char *s = (const char *)ev->data.scalar.value;
	size_t n = ev->data.scalar.length;
	const char *tag = (const char *)ev->data.scalar.tag;
	int plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
	static const char *const nulls[] = { "",     "~",    "null",
					     "Null", "NULL", NULL };
	static const char *const trues[] = { "true", "True", "TRUE", NULL };
	static const char *const falses[] = { "false", "False", "FALSE", NULL };

	if (tag && strcmp(tag, YAML_STR_TAG) == 0)
		plain = 0;
	if (plain && !tag && strlen(s) == n) {
		/* each word by its first letter: most scalars are none */
		char c = s[0];
		double d;
		if ((!c || c == '~' || c == 'n' || c == 'N') && is_one_of(s, nulls))
			return val_null(a);
		if ((c == 't' || c == 'T') && is_one_of(s, trues))
			return val_bool(a, 1);
		if ((c == 'f' || c == 'F') && is_one_of(s, falses))
			return val_bool(a, 0);
		if (((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.') &&
		    (parse_int(s, &d) == 0 || parse_float(s, &d) == 0))
			return val_num(a, d);
	}
	return val_strn(a, s, n);
}

/* ---------------------------------------------------------------- parser */

/* What a node costs once its aliases are expanded: nodes, and bytes of
 * scalar text. */
struct weight {
	size_t nodes, text;
};

struct anchor {
	char *name;
	struct val *val;
	struct weight weight;
};

struct frame {
	struct val *node;
	char *anchor;
	struct weight weight;
	/* maps: the key waiting for its value */
	struct val *key;
	int have_key;
	int merged; /* keys came from "<<": they may be given again */
};

struct parser {
	struct arena *a;
	struct anchor *anchors;
	size_t nanchors, anchors_cap;
	struct frame *stack;
	size_t depth, stack_cap;
	struct weight doc_weight;
	struct yaml_limits lim;
	struct yaml_error *err;
};

static void set_err(struct yaml_error *err, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void set_err(struct yaml_error *err, int line, const char *fmt, ...)
{
	if (!err)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	err->line = line;
}

static void add_anchor(struct parser *p, const char *name, struct val *v,
		       struct weight weight)
{
	if (!name)
		return;
	XGROW(p->anchors, p->anchors_cap, p->nanchors + 1);
	p->anchors[p->nanchors++] = (struct anchor){ xstrdup(name), v, weight };
}

static const struct anchor *find_anchor(struct parser *p, const char *name)
{
	for (size_t i = p->nanchors; i-- > 0;)
		if (strcmp(p->anchors[i].name, name) == 0)
			return &p->anchors[i];
	return NULL;
}

static void clear_anchors(struct parser *p)
{
	for (size_t i = 0; i < p->nanchors; i++)
		free(p->anchors[i].name);
	p->nanchors = 0;
}

static void merge_into(struct arena *a, struct val *map, const struct val *src)
{
	if (!src || src->type != VAL_MAP)
		return;
	for (size_t i = 0; i < src->u.map.len; i++) {
		const struct val_pair *kv = &src->u.map.pairs[i];
		if (!val_getn(map, kv->key, kv->key_len))
			val_set(a, map, kv->key, kv->val);
	}
}

/* Adds a finished node to its parent (or returns it as the document root
 * through *root).  Returns -1 on error. */
static int attach(struct parser *p, struct val *v, struct weight weight,
		  struct val **root, int line)
{
	p->doc_weight.nodes += weight.nodes;
	p->doc_weight.text += weight.text;
	if (p->doc_weight.nodes > p->lim.nodes) {
		set_err(p->err, line,
			"document expands to more than %zu nodes through aliases (an alias bomb?): the limit is limits.yaml_nodes",
			p->lim.nodes);
		return -1;
	}
	if (p->doc_weight.text > YAML_MAX_TEXT) {
		set_err(p->err, line,
			"document expands to more than %d MiB of text (an alias bomb?)",
			YAML_MAX_TEXT >> 20);
		return -1;
	}
	if (!p->depth) {
		*root = v;
		return 0;
	}
	struct frame *f = &p->stack[p->depth - 1];
	f->weight.nodes += weight.nodes;
	f->weight.text += weight.text;
	if (f->node->type == VAL_LIST) {
		val_push(p->a, f->node, v);
		return 0;
	}
	if (!f->have_key) {
		if (v->type == VAL_LIST || v->type == VAL_MAP) {
			set_err(p->err, line, "a mapping key must be a scalar");
			return -1;
		}
		f->key = v;
		f->have_key = 1;
		return 0;
	}
	/* a string key as it is (up to a NUL, as the text of it would be),
	 * another scalar as its text */
	struct buf text = BUF_INIT;
	const char *key = f->key->type == VAL_STR ? f->key->u.str.ptr : NULL;
	if (!key) {
		if (val_scalar_text(&text, f->key) < 0)
			buf_puts(&text, "null");
		key = text.ptr;
	}
	if (strcmp(key, "<<") == 0 && f->key->type == VAL_STR &&
	    (v->type == VAL_MAP || v->type == VAL_LIST)) {
		f->merged = 1;
		if (v->type == VAL_MAP)
			merge_into(p->a, f->node, v);
		else
			for (size_t i = 0; i < v->u.list.len; i++)
				merge_into(p->a, f->node, v->u.list.items[i]);
	} else if (p->lim.unique_keys && !f->merged && val_get(f->node, key)) {
		set_err(p->err, f->key->line ? f->key->line : line,
			"key \"%s\" is given twice in one mapping (the last would win)",
			key);
		buf_release(&text);
		return -1;
	} else {
		val_set(p->a, f->node, key, v);
	}
	buf_release(&text);
	f->have_key = 0;
	return 0;
}

static int push(struct parser *p, struct val *v, const char *anchor, int line)
{
	if (p->depth >= p->lim.depth) {
		set_err(p->err, line,
			"nesting deeper than %zu levels: the limit is limits.yaml_depth",
			p->lim.depth);
		return -1;
	}
	XGROW(p->stack, p->stack_cap, p->depth + 1);
	p->stack[p->depth++] = (struct frame){
		v, anchor ? xstrdup(anchor) : NULL, { 1, 0 }, NULL, 0, 0
	};
	return 0;
}

static int run(struct val **out, struct arena *a, const char *text, size_t len,
	       const struct yaml_limits *lim, struct yaml_error *err, int first_only)
{
	yaml_parser_t yp;
	yaml_event_t ev;
	static const struct yaml_limits defaults = YAML_LIMITS_INIT;
	struct parser p = { .a = a, .err = err, .lim = lim ? *lim : defaults };
	struct val *docs = val_list(a);
	struct val *root = NULL;
	int rc = -1, done = 0;

	if (err) {
		err->line = 0;
		err->msg[0] = '\0';
	}
	*out = docs;
	if (!yaml_parser_initialize(&yp)) {
		set_err(err, 0, "cannot initialise the YAML parser");
		return -1;
	}
	yaml_parser_set_input_string(&yp, (const unsigned char *)text, len);

	while (!done) {
		if (!yaml_parser_parse(&yp, &ev)) {
			const char *problem = yp.problem ? yp.problem : "syntax error";
			int line = (int)(yp.problem_mark.line + 1);
			int from = (int)(yp.context_mark.line + 1);
			/* libyaml notices an unclosed [ or " where the next
			 * thing starts: name the line where it was opened */
			if (yp.context && from < line)
				set_err(err, line, "%s %s that starts at line %d",
					problem, yp.context, from);
			else if (yp.context)
				set_err(err, line, "%s %s", problem, yp.context);
			else
				set_err(err, line, "%s", problem);
			goto cleanup;
		}
		int line = (int)ev.start_mark.line + 1;
		int bad = 0;
		switch (ev.type) {
		case YAML_STREAM_END_EVENT: done = 1; break;
		case YAML_DOCUMENT_START_EVENT:
			root = NULL;
			p.doc_weight = (struct weight){ 0, 0 };
			clear_anchors(&p);
			break;
		case YAML_DOCUMENT_END_EVENT:
			val_push(a, docs, root ? root : val_null(a));
			if (first_only)
				done = 1;
			break;
		case YAML_SCALAR_EVENT: {
			struct val *v = scalar_val(a, &ev);
			struct weight w = { 1, ev.data.scalar.length };
			v->line = line;
			add_anchor(&p, (const char *)ev.data.scalar.anchor, v, w);
			bad = attach(&p, v, w, &root, line);
			break;
		}
		case YAML_ALIAS_EVENT: {
			const struct anchor *an =
				find_anchor(&p, (const char *)ev.data.alias.anchor);
			if (!an) {
				set_err(err, line, "alias \"*%s\" names no anchor",
					(const char *)ev.data.alias.anchor);
				bad = 1;
				break;
			}
			bad = attach(&p, an->val, an->weight, &root, line);
			break;
		}
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT: {
			struct val *v = ev.type == YAML_SEQUENCE_START_EVENT
						? val_list(a)
						: val_map(a);
			v->line = line;
			const char *anchor =
				ev.type == YAML_SEQUENCE_START_EVENT
					? (const char *)ev.data.sequence_start.anchor
					: (const char *)ev.data.mapping_start.anchor;
			bad = push(&p, v, anchor, line);
			break;
		}
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT: {
			struct frame f = p.stack[--p.depth];
			add_anchor(&p, f.anchor, f.node, f.weight);
			free(f.anchor);
			/* its children were counted as they came, this node's
			 * own weight (one node, no text) was not */
			p.doc_weight.nodes -= f.weight.nodes - 1;
			p.doc_weight.text -= f.weight.text;
			bad = attach(&p, f.node, f.weight, &root, line);
			break;
		}
		default: break;
		}
		yaml_event_delete(&ev);
		if (bad)
			goto cleanup;
	}
	rc = 0;

cleanup:
	while (p.depth)
		free(p.stack[--p.depth].anchor);
	free(p.stack);
	clear_anchors(&p);
	free(p.anchors);
	yaml_parser_delete(&yp);
	return rc;
}

int yaml_parse_all_limited(struct val **out, struct arena *a, const char *text,
			   size_t len, const struct yaml_limits *lim,
			   struct yaml_error *err)
{
	return run(out, a, text, len, lim, err, 0);
}

int yaml_parse_limited(struct val **out, struct arena *a, const char *text, size_t len,
		       const struct yaml_limits *lim, struct yaml_error *err)
{
	struct val *docs;
	int rc = run(&docs, a, text, len, lim, err, 1);
	*out = docs->u.list.len ? docs->u.list.items[0] : val_null(a);
	return rc;
}

int yaml_parse_all(struct val **out, struct arena *a, const char *text,
		   size_t len, struct yaml_error *err)
{
	return yaml_parse_all_limited(out, a, text, len, NULL, err);
}

int yaml_parse(struct val **out, struct arena *a, const char *text, size_t len,
	       struct yaml_error *err)
{
	return yaml_parse_limited(out, a, text, len, NULL, err);
}
