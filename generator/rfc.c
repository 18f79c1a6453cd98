#include "rfc.h"

#include <limits.h>
#include <md4c.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ascii.h"
#include "buf.h"
#include "date.h"
#include "utf8.h"
#include "xalloc.h"

/* The same dialect the page renderer uses, so the structure read here is the
 * structure readers see. */
#define OUTLINE_FLAGS (MD_DIALECT_GITHUB | MD_FLAG_NOHTML)
#define REPLACEMENT "\xEF\xBF\xBD"
#define NO_LINE (-1)

/* ---------------------------------------------------------------- text */

/* Trims blanks from both ends of s[0..*n); returns the new start. */
static const char *trim(const char *s, size_t *n)
{
	while (*n && ascii_is_space(*s))
		s++, (*n)--;
	while (*n && ascii_is_space(s[*n - 1]))
		(*n)--;
	return s;
}

static int all_blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!ascii_is_space(s[i]))
			return 0;
	return 1;
}

/* Does s[0..n) start with the lower-case ASCII word w, ignoring case? */
static int starts_with_ci(const char *s, size_t n, const char *w)
{
	size_t k = strlen(w);
	if (n < k)
		return 0;
	for (size_t i = 0; i < k; i++)
		if (ascii_lower(s[i]) != w[i])
			return 0;
	return 1;
}

static int is_sep(char c)
{
	return c == ' ' || c == '\t' || c == '-' || c == '_';
}

int rfc_words_eq(const char *a, size_t an, const char *b)
{
	size_t i = 0, j = 0;

	while (i < an && is_sep(a[i]))
		i++;
	while (i < an) {
		if (is_sep(a[i])) {
			while (i < an && is_sep(a[i]))
				i++;
			if (i == an)
				break;
			if (b[j] != ' ')
				return 0;
			j++;
			continue;
		}
		if (b[j] == '\0' || ascii_lower(a[i]) != b[j])
			return 0;
		i++, j++;
	}
	return b[j] == '\0';
}

int rfc_key_value(const char *s, size_t n, const char **key, size_t *klen,
		  const char **value, size_t *vlen)
{
	size_t i = 0, k, j;

	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (i == n || !ascii_is_alpha(s[i]))
		return 0;
	for (j = i; j < n && j - i <= 40; j++) {
		char c = s[j];
		if (!(ascii_is_alpha(c) || ascii_is_digit(c) || c == ' ' || c == '-' ||
		      c == '_' || c == '#'))
			break;
	}
	if (j == n || s[j] != ':' || j - i > 40)
		return 0;
	k = j - i;
	/* "RFC PR #:", "Rust Issue #:": the number sign is not the key's */
	while (k && (s[i + k - 1] == ' ' || s[i + k - 1] == '\t' || s[i + k - 1] == '#'))
		k--;
	for (size_t x = 0; x < k; x++)
		if (s[i + x] == '#')
			return 0;
	*vlen = n - j - 1;
	*value = trim(s + j + 1, vlen);
	if (!*vlen)
		return 0;
	*key = s + i;
	*klen = k;
	return 1;
}

/* ---------------------------------------------------------------- outline */

struct frame {
	size_t block;      /* the block being filled (a cell's row) */
	int is_cell;
	int is_item;
	struct buf text;
	int *lines;        /* file line of each text line, NO_LINE unknown */
	size_t nlines, lcap;
	size_t cell_cap;   /* rows: capacity of the block's cells */
	int need_break;    /* a new paragraph starts with the next text */
	int seen;          /* non-blank text seen */
	int struck;
	char *href;
};

enum op { OP_NONE, OP_FRAME, OP_ITEM, OP_CELL, OP_SKIP, OP_HEAD };

struct outliner {
	struct arena *a;
	const char *src;
	size_t len;
	int body_line;
	/* line cursor: the line [cur_off, cur_end) is body line cur_line */
	size_t cur_off, cur_end;
	int cur_line;
	int last_line;     /* file line of the latest lookup */
	struct rfc_block *blocks;
	size_t nblocks, bcap;
	struct frame *frames;
	size_t nframes, fcap;
	unsigned char *ops;
	size_t nops, ocap;
	int li_depth;
	int skip;          /* inside code blocks */
	int del;           /* strikethrough spans open */
	int in_head;       /* inside a table's header */
	struct buf scratch;
};

static size_t line_end(const char *s, size_t n, size_t i)
{
	while (i < n && s[i] != '\n' && s[i] != '\r')
		i++;
	return i;
}

/* File line of body offset o.  Moving forward costs the bytes passed, and
 * lookups arrive in document order, so a whole document costs linear time. */
static int line_at(struct outliner *st, size_t o)
{
	const char *s = st->src;
	size_t n = st->len;

	if (o > n)
		o = n;
	while (o < st->cur_off) {
		size_t p = st->cur_off - 1, q;
		if (s[p] == '\n' && p > 0 && s[p - 1] == '\r')
			p--;
		q = p;
		while (q > 0 && s[q - 1] != '\n' && s[q - 1] != '\r')
			q--;
		st->cur_off = q;
		st->cur_end = p;
		st->cur_line--;
	}
	while (o >= st->cur_end && st->cur_end < n) {
		size_t next = st->cur_end + 1;
		if (s[st->cur_end] == '\r' && next < n && s[next] == '\n')
			next++;
		if (o < next)
			break; /* inside the line break */
		st->cur_off = next;
		st->cur_end = line_end(s, n, next);
		st->cur_line++;
	}
	st->last_line = st->body_line + st->cur_line - 1;
	return st->last_line;
}

/* Offset of p in the source, or -1 when p points elsewhere (md4c's own
 * strings for breaks and NUL replacements). */
static long src_offset(const struct outliner *st, const char *p)
{
	uintptr_t u = (uintptr_t)p, base = (uintptr_t)st->src;
	if (u >= base && u - base < st->len)
		return (long)(u - base);
	return -1;
}

static struct frame *top(struct outliner *st)
{
	return st->nframes ? &st->frames[st->nframes - 1] : NULL;
}

static void push_line(struct frame *f, int line)
{
	XGROW(f->lines, f->lcap, f->nlines + 1);
	f->lines[f->nlines++] = line;
}

static struct frame *push_frame(struct outliner *st, size_t block)
{
	struct frame *f;
	XGROW(st->frames, st->fcap, st->nframes + 1);
	f = &st->frames[st->nframes++];
	memset(f, 0, sizeof(*f));
	buf_init(&f->text);
	f->block = block;
	push_line(f, NO_LINE);
	return f;
}

static void frame_release(struct frame *f)
{
	buf_release(&f->text);
	free(f->lines);
	f->lines = NULL;
}

static size_t new_block(struct outliner *st, enum rfc_block_kind kind,
			int level)
{
	struct rfc_block *b;
	XGROW(st->blocks, st->bcap, st->nblocks + 1);
	b = &st->blocks[st->nblocks];
	memset(b, 0, sizeof(*b));
	b->kind = kind;
	b->level = level;
	b->depth = st->li_depth;
	b->text = "";
	return st->nblocks++;
}

static void push_op(struct outliner *st, enum op op)
{
	XGROW(st->ops, st->ocap, st->nops + 1);
	st->ops[st->nops++] = (unsigned char)op;
}

static void newline(struct frame *f)
{
	buf_putc(&f->text, '\n');
	push_line(f, NO_LINE);
}

/* Appends text that has no line breaks; at is its offset in the source or
 * -1. */
static void put_piece(struct outliner *st, struct frame *f, const char *s,
		      size_t n, long at)
{
	if (!n)
		return;
	if (f->need_break) {
		if (f->text.len && f->text.ptr[f->text.len - 1] != '\n')
			newline(f);
		f->need_break = 0;
	}
	if (at >= 0 && f->lines[f->nlines - 1] == NO_LINE)
		f->lines[f->nlines - 1] = line_at(st, (size_t)at);
	if (!f->seen && !all_blank(s, n)) {
		f->seen = 1;
		f->struck = st->del > 0;
	}
	buf_put(&f->text, s, n);
}

/* Appends text that may hold line breaks ("\r" is dropped). */
static void put_text(struct outliner *st, struct frame *f, const char *s,
		     size_t n)
{
	long at = src_offset(st, s);
	size_t i = 0;

	while (i < n) {
		size_t j = i;
		while (j < n && s[j] != '\n' && s[j] != '\r')
			j++;
		put_piece(st, f, s + i, j - i, at >= 0 ? at + (long)i : -1);
		if (j < n && s[j] == '\n')
			newline(f);
		i = j + 1;
	}
}

/* Decodes an entity ("&amp;", "&#39;", "&#x2014;") into out; entities
 * other than the few that matter in plain text stay as written. */
static void decode_entity(struct buf *out, const char *s, size_t n)
{
	static const struct {
		const char *name;
		uint32_t c;
	} names[] = {
		{ "amp", '&' },	      { "lt", '<' },	    { "gt", '>' },
		{ "quot", '"' },      { "apos", '\'' },     { "nbsp", 0xA0 },
		{ "ndash", 0x2013 },  { "mdash", 0x2014 },  { "hellip", 0x2026 },
		{ "rsquo", 0x2019 },  { "lsquo", 0x2018 },  { "copy", 0xA9 },
	};

	if (n >= 4 && s[0] == '&' && s[1] == '#' && s[n - 1] == ';') {
		int hex = s[2] == 'x' || s[2] == 'X';
		uint32_t c = 0;
		size_t i = hex ? 3 : 2;
		if (i >= n - 1)
			goto verbatim;
		for (; i < n - 1; i++) {
			char ch = ascii_lower(s[i]);
			uint32_t dg;
			if (ascii_is_digit(ch))
				dg = (uint32_t)(ch - '0');
			else if (hex && ch >= 'a' && ch <= 'f')
				dg = (uint32_t)(ch - 'a' + 10);
			else
				goto verbatim;
			if (c <= 0x10FFFF)
				c = c * (hex ? 16 : 10) + dg;
		}
		if (c == 0 || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
			c = 0xFFFD;
		utf8_put(out, c);
		return;
	}
	if (n >= 3 && s[0] == '&' && s[n - 1] == ';') {
		for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
			if (strlen(names[i].name) == n - 2 &&
			    memcmp(names[i].name, s + 1, n - 2) == 0) {
				utf8_put(out, names[i].c);
				return;
			}
		}
	}
verbatim:
	buf_put(out, s, n);
}

/* Copies the text of f with HTML comments ("<!-- ... -->") taken out; their
 * line breaks stay, so text lines keep matching source lines. */
static char *strip_comments(struct arena *a, const struct buf *t,
			    size_t *len)
{
	struct buf out = BUF_INIT;
	const char *s = t->ptr;
	size_t n = t->len, i = 0;
	char *res;

	if (!memmem(s, n, "<!--", 4)) {
		*len = n;
		return arena_strndup(a, s, n);
	}
	while (i < n) {
		const char *open = memmem(s + i, n - i, "<!--", 4), *close;
		if (!open) {
			buf_put(&out, s + i, n - i);
			break;
		}
		close = memmem(open + 4, n - (size_t)(open + 4 - s), "-->", 3);
		if (!close) {
			buf_put(&out, s + i, n - i);
			break;
		}
		buf_put(&out, s + i, (size_t)(open - (s + i)));
		for (const char *p = open; p < close; p++)
			if (*p == '\n')
				buf_putc(&out, '\n');
		i = (size_t)(close + 3 - s);
	}
	*len = out.len;
	res = arena_strndup(a, out.ptr, out.len);
	buf_release(&out);
	return res;
}

/* Turns the frame's lines into file lines: an unknown first line is the
 * latest line seen, each later unknown one follows the one before. */
static int *finish_lines(struct outliner *st, struct frame *f)
{
	int *lines = arena_alloc(st->a, f->nlines * sizeof(int));
	for (size_t i = 0; i < f->nlines; i++) {
		int l = f->lines[i];
		if (l == NO_LINE)
			l = i ? lines[i - 1] + 1
			      : (st->last_line ? st->last_line : st->body_line);
		lines[i] = l;
	}
	return lines;
}

/* Pops the top frame into its block (or its row's cells). */
static void pop_frame(struct outliner *st)
{
	struct frame *f = top(st);
	struct rfc_block *b = &st->blocks[f->block];
	int is_cell = f->is_cell;
	size_t len;
	char *text = strip_comments(st->a, &f->text, &len);

	if (is_cell) {
		struct frame *row = &st->frames[st->nframes - 2];
		struct rfc_cell *c;
		ARENA_GROW(st->a, b->cells, row->cell_cap, b->ncells + 1);
		c = &b->cells[b->ncells++];
		c->text = text;
		c->len = len;
		c->struck = f->struck;
		if (row->lines[0] == NO_LINE && f->lines[0] != NO_LINE)
			row->lines[0] = f->lines[0];
		if (!row->href && f->href)
			row->href = f->href;
	} else {
		int *lines = finish_lines(st, f);
		b->text = text;
		b->len = len;
		b->lines = lines;
		b->nlines = f->nlines;
		b->line = lines[0];
		b->href = f->href;
		b->struck = f->struck;
	}
	frame_release(f);
	st->nframes--;
	if (st->nframes && !is_cell)
		top(st)->need_break = 1;
}

static int enter_block(MD_BLOCKTYPE type, void *detail, void *userdata)
{
	struct outliner *st = userdata;
	struct frame *f = top(st);
	size_t b;

	if (st->skip) {
		push_op(st, OP_NONE);
		return 0;
	}
	switch (type) {
	case MD_BLOCK_LI: {
		const MD_BLOCK_LI_DETAIL *li = detail;
		b = new_block(st, RFC_BLOCK_ITEM, 0);
		f = push_frame(st, b);
		f->is_item = 1;
		if (li->is_task) {
			st->blocks[b].task = li->task_mark == ' ' ? 1 : 2;
			f->lines[0] = line_at(st, li->task_mark_offset);
		}
		st->li_depth++;
		push_op(st, OP_ITEM);
		break;
	}
	case MD_BLOCK_H:
		b = new_block(st, RFC_BLOCK_HEADING,
			      (int)((MD_BLOCK_H_DETAIL *)detail)->level);
		push_frame(st, b);
		push_op(st, OP_FRAME);
		break;
	case MD_BLOCK_P:
		if (f && f->is_item) {
			f->need_break = 1;
			push_op(st, OP_NONE);
			break;
		}
		b = new_block(st, RFC_BLOCK_PARA, 0);
		push_frame(st, b);
		push_op(st, OP_FRAME);
		break;
	case MD_BLOCK_CODE:
	case MD_BLOCK_HTML:
		st->skip++;
		push_op(st, OP_SKIP);
		break;
	case MD_BLOCK_THEAD:
		st->in_head = 1;
		push_op(st, OP_HEAD);
		break;
	case MD_BLOCK_TR:
		b = new_block(st, RFC_BLOCK_ROW, st->in_head);
		push_frame(st, b);
		push_op(st, OP_FRAME);
		break;
	case MD_BLOCK_TH:
	case MD_BLOCK_TD:
		if (!f || st->blocks[f->block].kind != RFC_BLOCK_ROW || f->is_cell) {
			push_op(st, OP_NONE);
			break;
		}
		f = push_frame(st, f->block);
		f->is_cell = 1;
		push_op(st, OP_CELL);
		break;
	default:
		push_op(st, OP_NONE);
		break;
	}
	return 0;
}

static int leave_block(MD_BLOCKTYPE type, void *detail, void *userdata)
{
	struct outliner *st = userdata;
	enum op op = st->nops ? (enum op)st->ops[--st->nops] : OP_NONE;

	(void)type;
	(void)detail;
	switch (op) {
	case OP_ITEM:
		st->li_depth--;
		/* fall through */
	case OP_FRAME:
	case OP_CELL:
		if (st->nframes)
			pop_frame(st);
		break;
	case OP_SKIP:
		st->skip--;
		if (top(st))
			top(st)->need_break = 1;
		break;
	case OP_HEAD:
		st->in_head = 0;
		break;
	case OP_NONE:
		break;
	}
	return 0;
}

static int enter_span(MD_SPANTYPE type, void *detail, void *userdata)
{
	struct outliner *st = userdata;
	struct frame *f = top(st);

	if (type == MD_SPAN_DEL)
		st->del++;
	if (type == MD_SPAN_A && f && !f->href && !st->skip) {
		const MD_ATTRIBUTE *h = &((MD_SPAN_A_DETAIL *)detail)->href;
		buf_clear(&st->scratch);
		for (size_t k = 0; h->size && h->substr_offsets[k] < h->size; k++) {
			const char *s = h->text + h->substr_offsets[k];
			size_t n = h->substr_offsets[k + 1] - h->substr_offsets[k];
			if (h->substr_types[k] == MD_TEXT_ENTITY)
				decode_entity(&st->scratch, s, n);
			else if (h->substr_types[k] == MD_TEXT_NULLCHAR)
				buf_put(&st->scratch, REPLACEMENT, 3);
			else
				buf_put(&st->scratch, s, n);
		}
		if (st->scratch.len)
			f->href = arena_strndup(st->a, st->scratch.ptr,
						st->scratch.len);
	}
	return 0;
}

static int leave_span(MD_SPANTYPE type, void *detail, void *userdata)
{
	struct outliner *st = userdata;
	(void)detail;
	if (type == MD_SPAN_DEL && st->del)
		st->del--;
	return 0;
}

static int on_text(MD_TEXTTYPE type, const MD_CHAR *s, MD_SIZE n,
		   void *userdata)
{
	struct outliner *st = userdata;
	struct frame *f = top(st);

	if (st->skip || !f)
		return 0;
	switch (type) {
	case MD_TEXT_NULLCHAR:
		put_piece(st, f, REPLACEMENT, 3, -1);
		break;
	case MD_TEXT_BR:
	case MD_TEXT_SOFTBR:
		if (f->is_cell)
			put_piece(st, f, " ", 1, -1);
		else
			newline(f);
		break;
	case MD_TEXT_ENTITY: {
		long at = src_offset(st, s);
		buf_clear(&st->scratch);
		decode_entity(&st->scratch, s, n);
		put_piece(st, f, st->scratch.ptr, st->scratch.len, at);
		break;
	}
	default:
		put_text(st, f, s, n);
		break;
	}
	return 0;
}

int rfc_outline_parse(struct rfc_outline *out, struct arena *a,
		      const char *body, size_t len, int body_line)
{
	struct outliner st;
	struct buf fixed = BUF_INIT;
	MD_PARSER parser = {
		.abi_version = 0,
		.flags = OUTLINE_FLAGS,
		.enter_block = enter_block,
		.leave_block = leave_block,
		.enter_span = enter_span,
		.leave_span = leave_span,
		.text = on_text,
	};
	size_t keep = 0;
	int rc = -1;

	out->blocks = NULL;
	out->len = 0;
	memset(&st, 0, sizeof(st));
	buf_init(&st.scratch);
	if (!body)
		len = 0;
	if (len >= 3 && memcmp(body, "\xEF\xBB\xBF", 3) == 0)
		body += 3, len -= 3;
	/* md4c 0.4.8 can read past the end of a document that ends inside an
	 * inline link, so it always gets text ending in a line break; invalid
	 * UTF-8 (and NUL) is replaced, which keeps the line breaks. */
	if (len && utf8_check(body, len) != len) {
		utf8_repair(&fixed, body, len);
		buf_putc(&fixed, '\n');
	} else if (len && body[len - 1] != '\n') {
		buf_grow(&fixed, len + 1);
		buf_put(&fixed, body, len);
		buf_putc(&fixed, '\n');
	}
	if (fixed.len) {
		body = fixed.ptr;
		len = fixed.len;
	}
	if (len > UINT_MAX)
		goto cleanup;

	st.a = a;
	st.src = body ? body : "";
	st.len = len;
	st.body_line = body_line > 0 ? body_line : 1;
	st.cur_end = line_end(st.src, len, 0);
	st.cur_line = 1;
	if (md_parse(st.src, (MD_SIZE)len, &parser, &st) == 0)
		rc = 0;

cleanup:
	/* blocks still open after a failure keep what they had */
	while (st.nframes)
		pop_frame(&st);
	if (st.nblocks) {
		out->blocks = arena_alloc(a, st.nblocks * sizeof(*out->blocks));
		for (size_t i = 0; i < st.nblocks; i++) {
			struct rfc_block *b = &st.blocks[i];
			if (b->kind == RFC_BLOCK_PARA && all_blank(b->text, b->len))
				continue; /* only a comment */
			if (!b->lines) {
				int *one = arena_alloc(a, sizeof(int));
				*one = b->line ? b->line : st.body_line;
				b->lines = one;
				b->nlines = 1;
				b->line = *one;
			}
			out->blocks[keep++] = *b;
		}
	}
	out->len = keep;
	free(st.blocks);
	free(st.frames);
	free(st.ops);
	buf_release(&st.scratch);
	buf_release(&fixed);
	return rc;
}

/* ---------------------------------------------------------------- front matter */

const struct val *rfc_meta_get(const struct val *meta, const char *key)
{
	if (!meta || meta->type != VAL_MAP)
		return NULL;
	for (size_t i = 0; i < meta->u.map.len; i++) {
		const struct val_pair *p = &meta->u.map.pairs[i];
		if (rfc_words_eq(p->key, p->key_len, key))
			return p->val;
	}
	return NULL;
}

const char *rfc_meta_text(struct arena *a, const struct val *v)
{
	struct buf t = BUF_INIT;
	const char *s, *res = NULL;
	size_t n;

	if (!v || val_scalar_text(&t, v) < 0)
		goto cleanup;
	n = strnlen(t.ptr, t.len);
	s = trim(t.ptr, &n);
	if (n)
		res = arena_strndup(a, s, n);

cleanup:
	buf_release(&t);
	return res;
}

static void add_name(struct arena *a, const char ***items, size_t *len,
		     size_t *cap, const char *s, size_t n)
{
	s = trim(s, &n);
	if (n && *s == '@')
		s++, n--;
	if (!n)
		return;
	ARENA_GROW(a, *items, *cap, *len + 1);
	(*items)[(*len)++] = arena_strndup(a, s, n);
}

static void add_names_text(struct arena *a, const char ***items, size_t *len,
			   size_t *cap, const char *s, size_t n)
{
	size_t i = 0;
	while (i <= n) {
		size_t j = i;
		while (j < n && s[j] != ',' && s[j] != ';' && s[j] != '\n')
			j++;
		add_name(a, items, len, cap, s + i, j - i);
		i = j + 1;
	}
}

size_t rfc_names_text(struct arena *a, const char *s, size_t n,
		      const char ***out)
{
	const char **items = NULL;
	size_t len = 0, cap = 0;
	if (s)
		add_names_text(a, &items, &len, &cap, s, n);
	*out = len ? items : NULL;
	return len;
}

size_t rfc_names(struct arena *a, const struct val *v, const char ***out)
{
	const char **items = NULL;
	size_t len = 0, cap = 0;

	if (v && v->type == VAL_LIST) {
		for (size_t i = 0; i < v->u.list.len; i++) {
			const struct val *e = v->u.list.items[i];
			const char *t;
			if (e && e->type == VAL_MAP)
				e = rfc_meta_get(e, "name");
			t = rfc_meta_text(a, e);
			if (t)
				add_name(a, &items, &len, &cap, t, strlen(t));
		}
	} else if (v && v->type != VAL_MAP) {
		const char *t = rfc_meta_text(a, v);
		if (t)
			add_names_text(a, &items, &len, &cap, t, strlen(t));
	}
	*out = len ? items : NULL;
	return len;
}

const char *rfc_path_stem(struct arena *a, const char *path)
{
	const char *base, *dot;
	if (!path)
		return "";
	base = strrchr(path, '/');
	base = base ? base + 1 : path;
	dot = strrchr(base, '.');
	if (!dot || dot == base)
		dot = base + strlen(base);
	return arena_strndup(a, base, (size_t)(dot - base));
}

/* ---------------------------------------------------------------- statuses */

const char *rfc_status_name(enum rfc_status s)
{
	switch (s) {
	case RFC_DRAFT: return "draft";
	case RFC_REVIEW: return "review";
	case RFC_ACCEPTED: return "accepted";
	case RFC_REJECTED: return "rejected";
	case RFC_SUPERSEDED: return "superseded";
	case RFC_WITHDRAWN: return "withdrawn";
	case RFC_UNKNOWN: break;
	}
	return "unknown";
}

static const struct {
	const char *words;
	enum rfc_status status;
} status_words[] = {
	{ "draft", RFC_DRAFT },
	{ "drafting", RFC_DRAFT },
	{ "wip", RFC_DRAFT },
	{ "work in progress", RFC_DRAFT },
	{ "in progress", RFC_DRAFT },
	{ "idea", RFC_DRAFT },
	{ "new", RFC_DRAFT },
	{ "review", RFC_REVIEW },
	{ "in review", RFC_REVIEW },
	{ "under review", RFC_REVIEW },
	{ "ready for review", RFC_REVIEW },
	{ "reviewing", RFC_REVIEW },
	{ "proposed", RFC_REVIEW },
	{ "proposal", RFC_REVIEW },
	{ "open", RFC_REVIEW },
	{ "pending", RFC_REVIEW },
	{ "submitted", RFC_REVIEW },
	{ "discussion", RFC_REVIEW },
	{ "in discussion", RFC_REVIEW },
	{ "under discussion", RFC_REVIEW },
	{ "final comment period", RFC_REVIEW },
	{ "fcp", RFC_REVIEW },
	{ "under consideration", RFC_REVIEW },
	{ "accepted", RFC_ACCEPTED },
	{ "approved", RFC_ACCEPTED },
	{ "adopted", RFC_ACCEPTED },
	{ "agreed", RFC_ACCEPTED },
	{ "decided", RFC_ACCEPTED },
	{ "active", RFC_ACCEPTED },
	{ "implemented", RFC_ACCEPTED },
	{ "implementing", RFC_ACCEPTED },
	{ "done", RFC_ACCEPTED },
	{ "complete", RFC_ACCEPTED },
	{ "completed", RFC_ACCEPTED },
	{ "final", RFC_ACCEPTED },
	{ "merged", RFC_ACCEPTED },
	{ "in effect", RFC_ACCEPTED },
	{ "amended", RFC_ACCEPTED },
	{ "ratified", RFC_ACCEPTED },
	{ "stable", RFC_ACCEPTED },
	{ "rejected", RFC_REJECTED },
	{ "declined", RFC_REJECTED },
	{ "denied", RFC_REJECTED },
	{ "refused", RFC_REJECTED },
	{ "not accepted", RFC_REJECTED },
	{ "wontfix", RFC_REJECTED },
	{ "wont fix", RFC_REJECTED },
	{ "wont do", RFC_REJECTED },
	{ "superseded", RFC_SUPERSEDED },
	{ "deprecated", RFC_SUPERSEDED },
	{ "replaced", RFC_SUPERSEDED },
	{ "obsolete", RFC_SUPERSEDED },
	{ "obsoleted", RFC_SUPERSEDED },
	{ "retired", RFC_SUPERSEDED },
	{ "outdated", RFC_SUPERSEDED },
	{ "withdrawn", RFC_WITHDRAWN },
	{ "abandoned", RFC_WITHDRAWN },
	{ "cancelled", RFC_WITHDRAWN },
	{ "canceled", RFC_WITHDRAWN },
	{ "retracted", RFC_WITHDRAWN },
	{ "postponed", RFC_WITHDRAWN },
	{ "deferred", RFC_WITHDRAWN },
	{ "on hold", RFC_WITHDRAWN },
	{ "parked", RFC_WITHDRAWN },
	{ "dropped", RFC_WITHDRAWN },
	{ "dormant", RFC_WITHDRAWN },
};

int rfc_status_from_text(const char *s, size_t n)
{
	char norm[64];
	size_t k = 0, words = 0, i = 0, best_len = 0;
	int best = -1, in_word = 0;

	if (!s)
		return -1;
	while (i < n && ascii_is_space(s[i]))
		i++;
	/* a template's placeholder: "[proposed | accepted]", "{...}", "<...>" */
	if (i < n && (s[i] == '[' || s[i] == '{' || s[i] == '<'))
		return -1;
	/* the leading words, lower case, one space apart; apostrophes inside
	 * a word vanish ("won't" -> "wont") */
	while (i < n && words < 5 && k < sizeof(norm) - 2) {
		char c = s[i];
		if (ascii_is_alpha(c)) {
			if (!in_word && words && k)
				norm[k++] = ' ';
			norm[k++] = ascii_lower(c);
			in_word = 1;
			i++;
		} else if (in_word && c == '\'') {
			i++;
		} else if (in_word && n - i >= 3 &&
			   memcmp(s + i, "\xE2\x80\x99", 3) == 0) {
			i += 3;
		} else {
			if (in_word)
				words++;
			in_word = 0;
			/* "Accepted: 2024" and "accepted (x)" end the status
			 * words at the punctuation; "**", emoji and spaces
			 * before the first word are skipped */
			if (k && c != ' ' && c != '\t' && c != '-' && c != '_')
				break;
			i++;
		}
	}
	norm[k] = '\0';
	for (size_t p = 0; p < sizeof(status_words) / sizeof(status_words[0]);
	     p++) {
		size_t len = strlen(status_words[p].words);
		if (len > best_len && strncmp(norm, status_words[p].words, len) == 0 &&
		    (norm[len] == '\0' || norm[len] == ' ')) {
			best = (int)status_words[p].status;
			best_len = len;
		}
	}
	return best;
}

/* ---------------------------------------------------------------- numbers */

/* Parses 1..9 digits at s[*i]; returns the number or -1. */
static int digits_at(const char *s, size_t n, size_t *i)
{
	int v = 0;
	size_t start = *i;
	while (*i < n && ascii_is_digit(s[*i]) && *i - start < 9)
		v = v * 10 + (s[(*i)++] - '0');
	if (*i == start || (*i < n && ascii_is_digit(s[*i])))
		return -1;
	return v;
}

static int starts_with_date(const char *s, size_t n)
{
	return n >= 10 && date_find_iso(s, 10) == 0;
}

/* Number at the start of a file stem, and where the rest starts. */
static int stem_number(const char *s, size_t n, size_t *rest)
{
	size_t i = 0;
	int v;

	if (starts_with_date(s, n))
		return -1;
	if (starts_with_ci(s, n, "adr") || starts_with_ci(s, n, "rfc")) {
		i = 3;
		if (i < n && (s[i] == '-' || s[i] == '_' || s[i] == ' '))
			i++;
	}
	v = digits_at(s, n, &i);
	if (v < 0 || (i < n && s[i] != '-' && s[i] != '_' && s[i] != '.' &&
		      s[i] != ' '))
		return -1;
	if (rest)
		*rest = i < n ? i + 1 : i;
	return v;
}

int rfc_number_from_path(const char *path)
{
	const char *base, *dot;
	if (!path)
		return -1;
	base = strrchr(path, '/');
	base = base ? base + 1 : path;
	dot = strrchr(base, '.');
	if (!dot || dot == base)
		dot = base + strlen(base);
	return stem_number(base, (size_t)(dot - base), NULL);
}

/* Takes a number prefix off a title: "1. Title", "12: Title", "3) Title",
 * "4 - Title", "ADR-0007: Title", "RFC 12 Title".  Returns the number (and
 * moves *t past it) or -1, leaving *t alone. */
static int title_number(const char **t, size_t *n)
{
	const char *s = *t;
	size_t len = *n, i = 0;
	int prefixed = 0, v;

	if (starts_with_ci(s, len, "adr") || starts_with_ci(s, len, "rfc")) {
		i = 3;
		prefixed = 1;
		while (i < len && (s[i] == ' ' || s[i] == '-' || s[i] == '_' ||
				   s[i] == '#'))
			i++;
	}
	v = digits_at(s, len, &i);
	if (v < 0)
		return -1;
	if (i < len && (s[i] == '.' || s[i] == ':' || s[i] == ')')) {
		i++;
		if (i < len && s[i] != ' ' && s[i] != '\t')
			return -1;
	} else if (i < len && (s[i] == ' ' || s[i] == '\t')) {
		size_t j = i;
		while (j < len && (s[j] == ' ' || s[j] == '\t'))
			j++;
		if (j < len && (s[j] == '-' || s[j] == ':'))
			i = j + 1;
		else if (len - j >= 3 && (memcmp(s + j, "\xE2\x80\x93", 3) == 0 ||
					  memcmp(s + j, "\xE2\x80\x94", 3) == 0))
			i = j + 3;
		else if (!prefixed)
			return -1;
	} else if (i < len) {
		return -1;
	}
	len -= i;
	s = trim(s + i, &len);
	if (!len)
		return -1;
	*t = s;
	*n = len;
	return v;
}

/* "0042-use-kafka" -> "Use kafka". */
static const char *stem_title(struct arena *a, const char *stem)
{
	size_t n = strlen(stem), rest = 0;
	char *t;

	if (stem_number(stem, n, &rest) >= 0 && rest < n)
		stem += rest, n -= rest;
	t = arena_strndup(a, stem, n);
	for (char *p = t; *p; p++)
		if (*p == '-' || *p == '_')
			*p = ' ';
	if (t[0] >= 'a' && t[0] <= 'z')
		t[0] = (char)(t[0] - 'a' + 'A');
	return t;
}

/* A section's heading, not a document's title ("## Summary"). */
static int section_word(const char *s, size_t n)
{
	static const char *const words[] = { "summary", "motivation", "abstract",
					     "introduction", "overview", "background",
					     "context", "status", "table of contents" };
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (rfc_words_eq(s, n, words[i]))
			return 1;
	return 0;
}

/* A title made from a name ("nll", "rust-lang_github_org_access_policy",
 * a file name): '_' becomes a space, and each word takes the case the
 * document's text writes it in most often when that is not all lower case
 * ("rfc" -> "RFC", "ufcs" -> "UFCS", "github" -> "GitHub"; a capital that
 * only opens a sentence does not count).  The first letter is made upper
 * case. */
static const char *humane_title(struct arena *a, const char *name, size_t n,
				const char *body, size_t body_len)
{
	char *t = arena_strndup(a, name, n);
	for (char *p = t; *p; p++)
		if (*p == '_')
			*p = ' ';
	/* the words of the title, each with its best casing in the text */
	struct word { char *at; size_t n; const char *best; size_t best_n; int lower, best_count; };
	struct word w[16];
	size_t nw = 0;
	for (char *p = t; *p && nw < 16;) {
		if (!ascii_is_alpha(*p)) {
			p++;
			continue;
		}
		char *q = p;
		while (*q && (ascii_is_alpha(*q) || ascii_is_digit(*q)))
			q++;
		w[nw++] = (struct word){ p, (size_t)(q - p), NULL, 0, 0, 0 };
		p = q;
	}
	for (size_t i = 0; body && i < body_len && nw;) {
		if (!ascii_is_alpha(body[i])) {
			i++;
			if (body[i - 1] == '_' || ascii_is_digit(body[i - 1]))
				while (i < body_len && (ascii_is_alpha(body[i]) || ascii_is_digit(body[i]) || body[i] == '_'))
					i++;
			continue;
		}
		size_t j = i;
		/* identifiers ("a_github_org") are not words of the text */
		while (j < body_len && (ascii_is_alpha(body[j]) || ascii_is_digit(body[j]) || body[j] == '_'))
			j++;
		size_t len = j - i;
		for (size_t k = 0; k < nw; k++) {
			if (w[k].n != len || strncasecmp(w[k].at, body + i, len) != 0)
				continue;
			int upper = 0, inner = 0;
			for (size_t x = 0; x < len; x++)
				if (body[i + x] >= 'A' && body[i + x] <= 'Z') {
					upper++;
					inner |= x > 0;
				}
			if (!upper)
				w[k].lower++;
			else if (inner && len >= 2) {
				/* "RFC", "GitHub": counted by exact spelling */
				if (w[k].best && w[k].best_n == len &&
				    memcmp(w[k].best, body + i, len) == 0)
					w[k].best_count++;
				else if (!w[k].best || w[k].best_count == 0)
					w[k].best = body + i, w[k].best_n = len,
					w[k].best_count = 1;
				else
					w[k].best_count--;
			}
		}
		i = j;
	}
	for (size_t k = 0; k < nw; k++)
		if (w[k].best && w[k].best_count > w[k].lower)
			memcpy(w[k].at, w[k].best, w[k].n);
	if (t[0] >= 'a' && t[0] <= 'z')
		t[0] = (char)(t[0] - 'a' + 'A');
	return t;
}

/* ---------------------------------------------------------------- parse */

struct found {
	const char *text; /* not NUL-terminated */
	size_t len;
	int line;
	const char *href;
};

struct body_fields {
	struct found status, date, authors, feature, pr, discussion,
		superseded_by;
	int rust;      /* Rust template keys seen */
	int list_form; /* a status or deciders key in a list under the title */
	int dated;     /* a "Date:" paragraph line (Nygard) */
};

struct ctx {
	struct arena *a;
	const char *repo, *path;
	struct diag_list *d;
	enum diag_severity sev;
};

static void report(struct ctx *c, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void report(struct ctx *c, int line, const char *fmt, ...)
{
	struct buf msg = BUF_INIT;
	va_list ap;

	if (!c->d)
		return;
	va_start(ap, fmt);
	buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	diag_add(c->d, c->sev, DIAG_USER, c->repo, c->path, line, "%s", msg.ptr);
	buf_release(&msg);
}

static void set_found(struct found *f, const char *s, size_t n, int line,
		      const char *href)
{
	if (f->text)
		return;
	f->text = s;
	f->len = n;
	f->line = line;
	f->href = href;
}

/* Reads one "Key: value" line of the part under the title. */
static void preamble_line(struct body_fields *bf, const struct rfc_block *b,
			  const char *s, size_t n, int line, const char *href)
{
	const char *k, *v;
	size_t kn, vn;
	int item = b->kind == RFC_BLOCK_ITEM;

	if (!rfc_key_value(s, n, &k, &kn, &v, &vn))
		return;
	if (rfc_words_eq(k, kn, "status")) {
		set_found(&bf->status, v, vn, line, href);
		bf->list_form |= item;
	} else if (rfc_words_eq(k, kn, "date") ||
		   rfc_words_eq(k, kn, "start date") ||
		   rfc_words_eq(k, kn, "created") ||
		   rfc_words_eq(k, kn, "last updated")) {
		set_found(&bf->date, v, vn, line, NULL);
		if (rfc_words_eq(k, kn, "start date"))
			bf->rust = 1;
		else if (!item)
			bf->dated = 1;
	} else if (rfc_words_eq(k, kn, "authors") ||
		   rfc_words_eq(k, kn, "author")) {
		set_found(&bf->authors, v, vn, line, NULL);
	} else if (rfc_words_eq(k, kn, "deciders") ||
		   rfc_words_eq(k, kn, "decision makers")) {
		set_found(&bf->authors, v, vn, line, NULL);
		bf->list_form |= item;
	} else if (rfc_words_eq(k, kn, "feature name")) {
		set_found(&bf->feature, v, vn, line, NULL);
		bf->rust = 1;
	} else if (rfc_words_eq(k, kn, "rfc pr") || rfc_words_eq(k, kn, "erfc pr") ||
		   rfc_words_eq(k, kn, "rfc pull request")) {
		set_found(&bf->pr, v, vn, line, href);
		bf->rust = 1;
	} else if (rfc_words_eq(k, kn, "rust issue")) {
		bf->rust = 1;
	} else if (rfc_words_eq(k, kn, "discussion") ||
		   rfc_words_eq(k, kn, "pull request")) {
		set_found(&bf->discussion, v, vn, line, href);
	} else if (rfc_words_eq(k, kn, "superseded by")) {
		set_found(&bf->superseded_by, v, vn, line, href);
	}
}

/* The first text line of b that is not blank. */
static int first_line(const struct rfc_block *b, const char **s, size_t *n,
		      int *line)
{
	size_t i = 0, k = 0;
	while (i <= b->len) {
		size_t j = i;
		while (j < b->len && b->text[j] != '\n')
			j++;
		if (!all_blank(b->text + i, j - i)) {
			*n = j - i;
			*s = trim(b->text + i, n);
			*line = b->lines[k < b->nlines ? k : b->nlines - 1];
			return 1;
		}
		i = j + 1;
		k++;
	}
	return 0;
}

/* A heading's text without numbering ("2. ", "3) ") or a trailing ':'. */
static const char *heading_core(const struct rfc_block *h, size_t *n)
{
	const char *s = h->text;

	*n = h->len;
	s = trim(s, n);
	if (*n && ascii_is_digit(*s)) {
		size_t i = 0;
		while (i < *n && (ascii_is_digit(s[i]) || s[i] == '.' || s[i] == ')'))
			i++;
		s += i, *n -= i;
		s = trim(s, n);
	}
	while (*n && (s[*n - 1] == ':' || s[*n - 1] == '.'))
		(*n)--;
	return s;
}

/* The status a "Status" section gives: its heading "Status: x", or the
 * first line of the first paragraph or item after it. */
static int status_section(const struct rfc_outline *ol, struct found *out)
{
	for (size_t i = 0; i < ol->len; i++) {
		const struct rfc_block *h = &ol->blocks[i];
		const char *k, *v;
		size_t kn, vn;
		if (h->kind != RFC_BLOCK_HEADING)
			continue;
		if (rfc_key_value(h->text, h->len, &k, &kn, &v, &vn) &&
		    rfc_words_eq(k, kn, "status")) {
			set_found(out, v, vn, h->line, h->href);
			return 1;
		}
		k = heading_core(h, &kn);
		if (!rfc_words_eq(k, kn, "status"))
			continue;
		for (size_t j = i + 1; j < ol->len; j++) {
			const struct rfc_block *b = &ol->blocks[j];
			const char *s;
			size_t n;
			int line;
			if (b->kind == RFC_BLOCK_HEADING)
				break;
			if (b->kind == RFC_BLOCK_ROW || !first_line(b, &s, &n, &line))
				continue;
			set_found(out, s, n, line, b->href);
			return 1;
		}
		return 1; /* an empty Status section */
	}
	return 0;
}

/* The lightweight RFC sections, each with the headings that count. */
static const char *const sections[4][4] = {
	{ "problem statement", "problem", NULL, NULL },
	{ "proposed approach", "proposal", "proposed solution", "approach" },
	{ "alternatives considered", "alternatives", "considered alternatives",
	  NULL },
	{ "decision rationale", "rationale", NULL, NULL },
};
static const char *const section_names[4] = {
	"Problem statement", "Proposed approach", "Alternatives considered",
	"Decision rationale"
};

/* Which of the four sections heading h is, or -1. */
static int section_of(const struct rfc_block *h)
{
	size_t n;
	const char *s = heading_core(h, &n);

	for (int k = 0; k < 4; k++)
		for (int w = 0; w < 4 && sections[k][w]; w++)
			if (rfc_words_eq(s, n, sections[k][w]))
				return k;
	return -1;
}

/* A date as written to YYYY-MM-DD in the arena, or NULL when it is not a
 * real date ("2024-05-01T10:00:00Z" keeps its date). */
static const char *norm_date(struct arena *a, const char *s, size_t n)
{
	s = trim(s, &n);
	if (n < 10 || (n > 10 && s[10] != 'T' && s[10] != 't' && s[10] != ' '))
		return NULL;
	if (date_iso_days(s, 10) < 0)
		return NULL;
	return arena_strndup(a, s, 10);
}

/* The target of "Superseded by X" (a Markdown link's URL, else X). */
static const char *superseding(struct arena *a, const char *s, size_t n)
{
	size_t i;
	for (i = 0; i + 3 <= n; i++)
		if ((i == 0 || s[i - 1] == ' ') && starts_with_ci(s + i, n - i, "by") &&
		    (i + 2 == n || s[i + 2] == ' ' || s[i + 2] == ':'))
			break;
	if (i + 3 > n)
		return NULL;
	s += i + 3, n -= i + 3;
	s = trim(s, &n);
	if (n && s[0] == '[') {
		const char *mid = memmem(s, n, "](", 2);
		if (mid && s[n - 1] == ')' && mid + 2 < s + n - 1)
			return arena_strndup(a, mid + 2,
					     (size_t)(s + n - 1 - (mid + 2)));
	}
	return n ? arena_strndup(a, s, n) : NULL;
}

/* Rust's "RFC PR:" names a real pull request: its last number is not 0
 * (the template's placeholder is "rust-lang/rfcs#0000"). */
static int names_pr(const struct found *pr)
{
	const char *s = pr->href ? pr->href : pr->text;
	size_t n = pr->href ? strlen(pr->href) : pr->len;
	while (n && !ascii_is_digit(s[n - 1]))
		n--;
	while (n && ascii_is_digit(s[n - 1])) {
		if (s[n - 1] != '0')
			return 1;
		n--;
	}
	return 0;
}

static const char *copy_line(struct arena *a, const char *s, size_t n)
{
	const char *nl = memchr(s, '\n', n);
	if (nl)
		n = (size_t)(nl - s);
	s = trim(s, &n);
	return arena_strndup(a, s, n);
}

static void set_status(struct rfc_info *out, struct ctx *c, const char *s,
		       size_t n, int line, const char *href)
{
	int st;

	out->status_text = copy_line(c->a, s, n);
	out->status_line = line;
	st = rfc_status_from_text(out->status_text, strlen(out->status_text));
	if (st < 0) {
		out->status = RFC_UNKNOWN;
		report(c, line,
		       "rfc status \"%s\" is not a known status: use draft, review, "
		       "accepted, rejected, superseded or withdrawn",
		       out->status_text);
		return;
	}
	out->status = (enum rfc_status)st;
	if (out->status == RFC_SUPERSEDED && !out->superseded_by)
		out->superseded_by = href ? href
					  : superseding(c->a, out->status_text,
							strlen(out->status_text));
}

int rfc_parse(struct rfc_info *out, struct arena *a, const char *path,
	      const struct val *meta, const char *body, size_t body_len,
	      int body_line, const struct rfc_opts *opts, const char *repo,
	      struct diag_list *d)
{
	static const struct rfc_opts defaults = RFC_OPTS_INIT;
	struct ctx c = { a, repo, path, d, DIAG_WARNING };
	struct rfc_outline ol;
	struct body_fields bf;
	struct found sec;
	const struct val *v;
	const char *t;
	size_t start = 0, end, title_at = (size_t)-1;
	int rc, has_fm, madr_fm, has_status_section, have[4] = { 0 }, any = 0;
	int anchor_line;

	if (!opts)
		opts = &defaults;
	c.sev = opts->severity;
	memset(out, 0, sizeof(*out));
	memset(&bf, 0, sizeof(bf));
	memset(&sec, 0, sizeof(sec));
	out->number = rfc_number_from_path(path);
	out->shape = "plain";
	if (body_line < 1)
		body_line = 1;

	rc = rfc_outline_parse(&ol, a, body, body_len, body_line);
	has_fm = meta && meta->type == VAL_MAP && meta->u.map.len > 0;
	madr_fm = has_fm && (rfc_meta_get(meta, "deciders") ||
			     rfc_meta_get(meta, "decision makers") ||
			     rfc_meta_get(meta, "consulted") ||
			     rfc_meta_get(meta, "informed"));

	/* the part under the title: "Key: value" lines and list items */
	if (ol.len && ol.blocks[0].kind == RFC_BLOCK_HEADING)
		start = 1;
	for (end = start; end < ol.len; end++) {
		const struct rfc_block *b = &ol.blocks[end];
		size_t i = 0, k = 0;
		if (b->kind == RFC_BLOCK_HEADING)
			break;
		if (b->kind == RFC_BLOCK_ROW)
			continue;
		while (i <= b->len) {
			size_t j = i;
			while (j < b->len && b->text[j] != '\n')
				j++;
			preamble_line(&bf, b, b->text + i, j - i,
				      b->lines[k < b->nlines ? k : b->nlines - 1],
				      b->nlines == 1 ? b->href : NULL);
			i = j + 1;
			k++;
		}
	}
	has_status_section = status_section(&ol, &sec);

	/* shape */
	if (has_fm)
		out->shape = madr_fm ? "madr" : "front-matter";
	else if (bf.rust)
		out->shape = "rust";
	else if (bf.list_form)
		out->shape = "madr";
	else if (has_status_section || bf.dated)
		out->shape = "nygard";

	/* a Rust header list that opens the document: shown as metadata */
	if (!strcmp(out->shape, "rust") && ol.len && ol.blocks[0].kind == RFC_BLOCK_ITEM) {
		int last = 0;
		for (size_t i = 0; i < ol.len && ol.blocks[i].kind == RFC_BLOCK_ITEM; i++) {
			const struct rfc_block *b = &ol.blocks[i];
			if (b->lines[b->nlines - 1] > last)
				last = b->lines[b->nlines - 1];
		}
		/* the offset of the line after it */
		size_t off = 0;
		for (int ln = body_line; ln <= last && off < body_len; ln++) {
			const char *nl = memchr(body + off, '\n', body_len - off);
			off = nl ? (size_t)(nl - body) + 1 : body_len;
		}
		out->header_len = off;
	}

	/* title */
	if ((v = rfc_meta_get(meta, "title")) && (t = rfc_meta_text(a, v))) {
		out->title = t;
		out->title_line = v->line;
	}
	{
		int rust = strcmp(out->shape, "rust") == 0;
		for (size_t i = 0; i < ol.len; i++) {
			const struct rfc_block *b = &ol.blocks[i];
			if (b->kind != RFC_BLOCK_HEADING)
				continue;
			/* a Rust RFC's headings are its sections, unless a
			 * level-1 heading names the document */
			if (rust && (b->level != 1 || section_word(b->text, b->len)))
				continue;
			if (i == 0 || b->level == 1) {
				title_at = i;
				break;
			}
		}
	}
	if (title_at != (size_t)-1) {
		const struct rfc_block *h = &ol.blocks[title_at];
		const char *s = h->text;
		size_t n = h->len;
		int num;
		s = trim(s, &n);
		num = title_number(&s, &n);
		if (out->number < 0)
			out->number = num;
		if (!out->title && n) {
			out->title = copy_line(a, s, n);
			out->title_line = h->line;
		}
	}
	if (!out->title && bf.feature.text) {
		const char *s = bf.feature.text;
		size_t n = bf.feature.len;
		const char *nl = memchr(s, '\n', n);
		if (nl)
			n = (size_t)(nl - s);
		s = trim(s, &n);
		/* "`nll`" */
		while (n && (*s == '`' || *s == '\'' || *s == '"'))
			s++, n--;
		while (n && (s[n - 1] == '`' || s[n - 1] == '\'' || s[n - 1] == '"'))
			n--;
		if (n && *s != '(' && *s != '[' && !rfc_words_eq(s, n, "n/a") &&
		    !rfc_words_eq(s, n, "none")) {
			out->title = humane_title(a, s, n, body, body_len);
			out->title_line = bf.feature.line;
		}
	}
	if (!out->title) {
		const char *st = stem_title(a, rfc_path_stem(a, path));
		out->title = humane_title(a, st, strlen(st), body, body_len);
	}
	anchor_line = title_at != (size_t)-1 ? ol.blocks[title_at].line
					     : body_line;

	/* people, links */
	if ((v = rfc_meta_get(meta, "authors")) ||
	    (v = rfc_meta_get(meta, "author")) ||
	    (v = rfc_meta_get(meta, "deciders")) ||
	    (v = rfc_meta_get(meta, "decision makers")))
		out->nauthors = rfc_names(a, v, &out->authors);
	if (!out->nauthors && bf.authors.text)
		out->nauthors = rfc_names_text(a, bf.authors.text,
					       bf.authors.len, &out->authors);
	if ((v = rfc_meta_get(meta, "superseded by")))
		out->superseded_by = rfc_meta_text(a, v);
	if (!out->superseded_by && bf.superseded_by.text)
		out->superseded_by =
			bf.superseded_by.href
				? bf.superseded_by.href
				: copy_line(a, bf.superseded_by.text,
					    bf.superseded_by.len);
	if ((v = rfc_meta_get(meta, "discussion")))
		out->discussion = rfc_meta_text(a, v);
	if (!out->discussion) {
		const struct found *f = bf.pr.text ? &bf.pr : &bf.discussion;
		if (f->text)
			out->discussion = f->href ? f->href
						  : copy_line(a, f->text, f->len);
	}

	/* date */
	if ((v = rfc_meta_get(meta, "date")) && (t = rfc_meta_text(a, v))) {
		out->date = norm_date(a, t, strlen(t));
		out->date_line = v->line;
		if (!out->date)
			report(&c, v->line,
			       "rfc date \"%s\" is not a real YYYY-MM-DD date: write "
			       "it like \"2026-01-31\"",
			       t);
	} else if (bf.date.text) {
		out->date = norm_date(a, bf.date.text, bf.date.len);
		out->date_line = bf.date.line;
		if (!out->date)
			report(&c, bf.date.line,
			       "rfc date \"%s\" is not a real YYYY-MM-DD date: write "
			       "it like \"2026-01-31\"",
			       copy_line(a, bf.date.text, bf.date.len));
	}

	/* status */
	v = rfc_meta_get(meta, "status");
	if (v && (t = rfc_meta_text(a, v)))
		set_status(out, &c, t, strlen(t), v->line, NULL);
	else if (bf.status.text)
		set_status(out, &c, bf.status.text, bf.status.len, bf.status.line,
			   bf.status.href);
	else if (sec.text)
		set_status(out, &c, sec.text, sec.len, sec.line, sec.href);
	else if (!strcmp(out->shape, "rust"))
		out->status = bf.pr.text && names_pr(&bf.pr) ? RFC_ACCEPTED
							      : RFC_DRAFT;
	else if (has_fm)
		report(&c, v && v->line ? v->line : (meta->line ? meta->line : 1),
		       "%s has no status: add \"status: draft\" (or review, "
		       "accepted, rejected, superseded, withdrawn) to its front "
		       "matter",
		       madr_fm ? "adr" : "rfc");
	else if (!strcmp(out->shape, "nygard"))
		report(&c, has_status_section && sec.line ? sec.line : anchor_line,
		       "adr has no status: add a \"## Status\" section whose first "
		       "line is the status, e.g. \"Accepted\"");
	else if (!strcmp(out->shape, "madr"))
		report(&c, anchor_line,
		       "adr has no status: add a \"* Status: accepted\" line (or "
		       "proposed, rejected, deprecated) under the title");
	else
		report(&c, anchor_line,
		       "rfc has no status: add front matter with \"status: "
		       "draft\" (or review, accepted, rejected, superseded, "
		       "withdrawn)");

	/* lightweight RFC sections */
	for (size_t i = 0; i < ol.len; i++) {
		int k;
		if (ol.blocks[i].kind == RFC_BLOCK_HEADING &&
		    (k = section_of(&ol.blocks[i])) >= 0) {
			any += !have[k];
			have[k] = 1;
		}
	}
	out->lightweight = !strcmp(out->shape, "front-matter") && any > 0;
	if (out->lightweight && opts->check_sections)
		for (int k = 0; k < 4; k++)
			if (!have[k])
				report(&c, anchor_line,
				       "rfc is missing its \"%s\" section: add a "
				       "\"## %s\" heading (a lightweight RFC has "
				       "Problem statement, Proposed approach, "
				       "Alternatives considered and Decision "
				       "rationale)",
				       section_names[k], section_names[k]);
	return rc;
}
