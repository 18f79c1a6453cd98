#include "outline.h"

#include <limits.h>
#include <md4c.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ascii.h"
#include "buf.h"
#include "html.h"
#include "markdown.h"
#include "mdtape.h"
#include "utf8.h"
#include "xalloc.h"

/* The same dialect the page renderer uses, so the structure read here is the
 * structure readers see. */
#define OUTLINE_FLAGS (MD_DIALECT_GITHUB | MD_FLAG_NOHTML)
#define REPLACEMENT "\xEF\xBF\xBD"
#define NO_LINE (-1)

/* ---------------------------------------------------------------- text */

const char *outline_trim(const char *s, size_t *n)
{
	while (*n && ascii_is_space(*s))
		s++, (*n)--;
	while (*n && ascii_is_space(s[*n - 1]))
		(*n)--;
	return s;
}

int outline_blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!ascii_is_space(s[i]))
			return 0;
	return 1;
}

int outline_starts_with(const char *s, size_t n, const char *w)
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

int outline_words_eq(const char *a, size_t an, const char *b)
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

/* A "<br>", "<br/>" or "<br />" that ends a value (Go's design documents
 * end their "Last updated: January 26, 2017<br>" lines so): the page shows
 * a line break there, so the value does not hold it.  The outline reads
 * with raw HTML off, so the tag is still text here. */
static void strip_line_break(const char *v, size_t *n)
{
	size_t k = *n;
	if (k < 4 || v[k - 1] != '>')
		return;
	k--;
	while (k && v[k - 1] == ' ')
		k--;
	if (k && v[k - 1] == '/')
		k--;
	while (k && v[k - 1] == ' ')
		k--;
	if (k < 3 || v[k - 3] != '<' || (v[k - 2] | 0x20) != 'b' ||
	    (v[k - 1] | 0x20) != 'r')
		return;
	k -= 3;
	while (k && (v[k - 1] == ' ' || v[k - 1] == '\t'))
		k--;
	*n = k;
}

int outline_key_value(const char *s, size_t n, const char **key, size_t *klen,
		      const char **value, size_t *vlen)
{
	size_t i = 0, k, j;

	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (i == n || !ascii_is_alpha(s[i]))
		return 0;
	for (j = i; j < n && j - i <= 40; j++) {
		char c = s[j];
		if (!(ascii_is_alpha(c) || ascii_is_digit(c) || c == ' ' ||
		      c == '-' || c == '_' || c == '#' || c == '(' || c == ')'))
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
	*value = outline_trim(s + j + 1, vlen);
	strip_line_break(*value, vlen);
	if (!*vlen)
		return 0;
	*key = s + i;
	*klen = k;
	return 1;
}

/* ---------------------------------------------------------------- outline */

struct frame {
	size_t block; /* the block being filled (a cell's row) */
	int is_cell;
	int is_item;
	struct buf text;
	int *lines; /* file line of each text line, NO_LINE unknown */
	size_t nlines, lcap;
	size_t cell_cap; /* rows: capacity of the block's cells */
	int need_break;	 /* a new paragraph starts with the next text */
	int seen;	 /* non-blank text seen */
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
	int last_line; /* file line of the latest lookup */
	int has_cr;    /* the text holds a '\r' */
	struct outline_block *blocks;
	size_t nblocks, bcap;
	struct frame *frames;
	size_t nframes, fcap;
	size_t fmade; /* frames[0..fmade) hold storage kept for reuse */
	unsigned char *ops;
	size_t nops, ocap;
	int li_depth;
	int skip;    /* inside code blocks */
	int del;     /* strikethrough spans open */
	int in_head; /* inside a table's header */
	struct buf scratch;
};

/* The end of the line starting at i: its '\n' or '\r', or n.  Without a
 * '\r' in the text (has_cr 0), memchr finds it. */
static size_t line_end(const char *s, size_t n, size_t i, int has_cr)
{
	if (!has_cr) {
		const char *nl = i < n ? memchr(s + i, '\n', n - i) : NULL;
		return nl ? (size_t)(nl - s) : n;
	}
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
		st->cur_end = line_end(s, n, next, st->has_cr);
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

/* A frame's slot keeps its text buffer and lines array between the
 * blocks it holds (a document has hundreds of thousands of blocks at
 * most a few deep): cleared, not freed, when popped. */
static struct frame *push_frame(struct outliner *st, size_t block)
{
	struct frame *f;
	XGROW(st->frames, st->fcap, st->nframes + 1);
	f = &st->frames[st->nframes++];
	if (st->nframes > st->fmade) {
		memset(f, 0, sizeof(*f));
		buf_init(&f->text);
		st->fmade = st->nframes;
	} else {
		struct buf text = f->text;
		int *lines = f->lines;
		size_t lcap = f->lcap;
		memset(f, 0, sizeof(*f));
		f->text = text;
		buf_clear(&f->text);
		f->lines = lines;
		f->lcap = lcap;
	}
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

static size_t new_block(struct outliner *st, enum outline_block_kind kind, int level)
{
	struct outline_block *b;
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
	if (!f->seen && !outline_blank(s, n)) {
		f->seen = 1;
		f->struck = st->del > 0;
	}
	buf_put(&f->text, s, n);
}

/* Appends text that may hold line breaks ("\r" is dropped). */
static void put_text(struct outliner *st, struct frame *f, const char *s, size_t n)
{
	long at = src_offset(st, s);
	/* a piece of the source holds a '\r' only where the source does */
	int has_cr = at < 0 || st->has_cr;
	size_t i = 0;

	while (i < n) {
		size_t j = line_end(s, n, i, has_cr);
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
		{ "amp", '&' },	     { "lt", '<' },	  { "gt", '>' },
		{ "quot", '"' },     { "apos", '\'' },	  { "nbsp", 0xA0 },
		{ "ndash", 0x2013 }, { "mdash", 0x2014 }, { "hellip", 0x2026 },
		{ "rsquo", 0x2019 }, { "lsquo", 0x2018 }, { "copy", 0xA9 },
	};

	if (n >= 2 && s[1] == '#') {
		html_put_entity(out, s, n); /* a number: as the page reads it */
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
	buf_put(out, s, n);
}

/* The first "<!--" in s (n bytes), or NULL: memchr for its '<' (memmem's
 * set-up cost more than the search, on the short texts of blocks). */
static const char *comment_open(const char *s, size_t n)
{
	const char *end = s + n, *p = s;
	while ((p = memchr(p, '<', (size_t)(end - p))) != NULL) {
		if (end - p >= 4 && memcmp(p, "<!--", 4) == 0)
			return p;
		p++;
	}
	return NULL;
}

/* Copies the text of f with HTML comments ("<!-- ... -->") taken out; their
 * line breaks stay, so text lines keep matching source lines. */
static char *strip_comments(struct arena *a, const struct buf *t, size_t *len)
{
	struct buf out = BUF_INIT;
	const char *s = t->ptr;
	size_t n = t->len, i = 0;
	char *res;

	if (!comment_open(s, n)) {
		*len = n;
		return arena_strndup(a, s, n);
	}
	while (i < n) {
		const char *open = comment_open(s + i, n - i), *close;
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
	struct outline_block *b = &st->blocks[f->block];
	int is_cell = f->is_cell;
	size_t len;
	char *text = strip_comments(st->a, &f->text, &len);

	if (is_cell) {
		struct frame *row = &st->frames[st->nframes - 2];
		struct outline_cell *c;
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
	st->nframes--; /* its storage kept for the next frame there */
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
		b = new_block(st, OUTLINE_ITEM, 0);
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
		b = new_block(st, OUTLINE_HEADING,
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
		b = new_block(st, OUTLINE_PARA, 0);
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
		b = new_block(st, OUTLINE_ROW, st->in_head);
		push_frame(st, b);
		push_op(st, OP_FRAME);
		break;
	case MD_BLOCK_TH:
	case MD_BLOCK_TD:
		if (!f || st->blocks[f->block].kind != OUTLINE_ROW || f->is_cell) {
			push_op(st, OP_NONE);
			break;
		}
		f = push_frame(st, f->block);
		f->is_cell = 1;
		push_op(st, OP_CELL);
		break;
	default: push_op(st, OP_NONE); break;
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
	case OP_HEAD: st->in_head = 0; break;
	case OP_NONE: break;
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

static int on_text(MD_TEXTTYPE type, const MD_CHAR *s, MD_SIZE n, void *userdata)
{
	struct outliner *st = userdata;
	struct frame *f = top(st);

	if (st->skip || !f)
		return 0;
	switch (type) {
	case MD_TEXT_NULLCHAR: put_piece(st, f, REPLACEMENT, 3, -1); break;
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
	default: put_text(st, f, s, n); break;
	}
	return 0;
}

/* Whether s[0..n) is blank lines only (no byte order mark, no comment). */
static int only_blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
			return 0;
	return 1;
}

int outline_parse(struct outline *out, struct arena *a, const char *body,
		  size_t len, int body_line)
{
	return outline_parse_tape(out, a, body, len, body_line, NULL);
}

int outline_parse_tape(struct outline *out, struct arena *a, const char *body,
		       size_t len, int body_line, struct buf *tape)
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
	if (tape)
		buf_clear(tape);
	memset(&st, 0, sizeof(st));
	buf_init(&st.scratch);
	if (!body)
		len = 0;
	/* what the text opens with (a byte order mark, blank lines, HTML
	 * comments: markdown_lead) is not read, as the render does not show
	 * it: a template's comment block holds no section, list or title */
	size_t lead = len ? markdown_lead(body, len) : 0;
	if (body_line < 1)
		body_line = 1;
	for (size_t i = 0; i < lead; i++)
		if (body[i] == '\n' ||
		    (body[i] == '\r' && (i + 1 >= len || body[i + 1] != '\n')))
			body_line++;
	/* the page parses the whole text: a tape of it only when what is
	 * skipped here is what md4c skips there */
	int taped = tape && only_blank(body, lead);
	body += lead, len -= lead;
	markdown_md4c_input(&fixed, &body, &len);
	if (len > UINT_MAX)
		goto cleanup;

	st.a = a;
	st.src = body ? body : "";
	st.len = len;
	st.body_line = body_line > 0 ? body_line : 1;
	st.has_cr = len && memchr(st.src, '\r', len) != NULL;
	st.cur_end = line_end(st.src, len, 0, st.has_cr);
	st.cur_line = 1;
	if (taped && len + lead <= UINT_MAX)
		rc = mdtape_parse(tape, st.src, (MD_SIZE)len, (MD_SIZE)lead,
				  &parser, &st)
			     ? -1
			     : 0;
	else if (md_parse(st.src, (MD_SIZE)len, &parser, &st) == 0)
		rc = 0;

cleanup:
	/* blocks still open after a failure keep what they had */
	while (st.nframes)
		pop_frame(&st);
	if (st.nblocks) {
		out->blocks = arena_alloc(a, st.nblocks * sizeof(*out->blocks));
		for (size_t i = 0; i < st.nblocks; i++) {
			struct outline_block *b = &st.blocks[i];
			if (b->kind == OUTLINE_PARA && outline_blank(b->text, b->len))
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
	for (size_t i = 0; i < st.fmade; i++)
		frame_release(&st.frames[i]);
	free(st.frames);
	free(st.ops);
	buf_release(&st.scratch);
	buf_release(&fixed);
	return rc;
}

int outline_next_line(const struct outline_block *b, struct outline_cursor *c,
		      const char **s, size_t *n, int *line)
{
	size_t i = c->off, j = i, k = c->index;

	if (i > b->len)
		return 0;
	const char *nl = i < b->len ? memchr(b->text + i, '\n', b->len - i) : NULL;
	j = nl ? (size_t)(nl - b->text) : b->len;
	*s = b->text + i;
	*n = j - i;
	*line = b->lines[k < b->nlines ? k : b->nlines - 1];
	c->off = j + 1;
	c->index++;
	return 1;
}
