#include "mdtape.h"

#include <stdint.h>
#include <string.h>

/* The tape: a header (MAGIC, the parser's flags, whether the text holds no
 * '<', the text's size), then one record per callback, then END.  A record
 * is a word (what it is << 24 | md4c's type) and what follows it:
 *
 *   block, span:  0 (no detail), or 1 and the detail's fields (put_detail)
 *   text:         a pointer (put_ptr)
 *
 * A pointer is its kind, its size, then the offset into the text (IN) or
 * its bytes padded to a word (OWN); NONE for NULL.  An attribute is its
 * text as a pointer, then how many substrings, their types, and their
 * offsets with the one that ends the last (NO_SUBSTR: md4c gave no
 * arrays). */

#define MAGIC 0x4d445431u /* "MDT1" */
#define END 0xffffffffu
#define NO_SUBSTR 0xffffffffu

enum op { ENTER_BLOCK = 1, LEAVE_BLOCK, ENTER_SPAN, LEAVE_SPAN, TEXT };
enum ptr_kind { NONE, IN, OWN };

union detail {
	MD_BLOCK_UL_DETAIL ul;
	MD_BLOCK_OL_DETAIL ol;
	MD_BLOCK_LI_DETAIL li;
	MD_BLOCK_H_DETAIL h;
	MD_BLOCK_CODE_DETAIL code;
	MD_BLOCK_TABLE_DETAIL table;
	MD_BLOCK_TD_DETAIL td;
	MD_SPAN_A_DETAIL a;
	MD_SPAN_IMG_DETAIL img;
	MD_SPAN_WIKILINK_DETAIL wiki;
};

/* ---------------------------------------------------------------- record */

struct recorder {
	struct buf *tape;
	const MD_PARSER *inner;
	void *userdata;
	const MD_CHAR *text;
	MD_SIZE size, skip;
};

/* Room for words more words (and the NUL the buffer keeps after them):
 * every put is within a reserve, which a callback makes once for what it
 * writes at most. */
#define FIXED_WORDS 16
static void reserve(struct recorder *r, size_t words)
{
	buf_grow(r->tape, words * 4);
}

static inline void put(struct recorder *r, uint32_t w)
{
	struct buf *b = r->tape;
	memcpy(b->ptr + b->len, &w, sizeof(w));
	b->len += sizeof(w);
}

static void put_ptr(struct recorder *r, const MD_CHAR *p, MD_SIZE n)
{
	if (!p) {
		put(r, NONE);
		put(r, n);
		return;
	}
	uintptr_t at = (uintptr_t)p, base = (uintptr_t)r->text;
	if (at >= base && at - base <= r->size && n <= r->size - (at - base)) {
		put(r, IN);
		put(r, n);
		put(r, (uint32_t)(at - base) + r->skip);
		return;
	}
	size_t words = ((size_t)n + 3) / 4;
	reserve(r, 2 + words);
	put(r, OWN);
	put(r, n);
	if (n) {
		struct buf *b = r->tape;
		b->ptr[b->len + words * 4 - 1] = 0; /* the padding */
		b->ptr[b->len + words * 4 - 2] = 0;
		b->ptr[b->len + words * 4 - 3] = 0;
		memcpy(b->ptr + b->len, p, n);
		b->len += words * 4;
	}
}

static void put_attr(struct recorder *r, const MD_ATTRIBUTE *a)
{
	uint32_t n = 0;
	put_ptr(r, a->text, a->size);
	while (a->substr_offsets && a->substr_offsets[n] < a->size)
		n++;
	reserve(r, 2 * (size_t)n + 2 + FIXED_WORDS);
	if (!a->substr_offsets) { /* an indented code block's info */
		put(r, NO_SUBSTR);
		return;
	}
	put(r, n);
	for (uint32_t i = 0; i < n; i++)
		put(r, (uint32_t)a->substr_types[i]);
	for (uint32_t i = 0; i <= n; i++)
		put(r, a->substr_offsets[i]);
}

static void put_detail(struct recorder *r, enum op op, int type, const void *d)
{
	/* each detail read as its own type: md4c's may be less aligned
	 * than the union of them all */
	put(r, d != NULL);
	if (!d)
		return;
	if (op == ENTER_BLOCK || op == LEAVE_BLOCK) {
		switch ((MD_BLOCKTYPE)type) {
		case MD_BLOCK_UL: {
			const MD_BLOCK_UL_DETAIL *x = d;
			put(r, (uint32_t)x->is_tight);
			put(r, (uint32_t)(unsigned char)x->mark);
			break;
		}
		case MD_BLOCK_OL: {
			const MD_BLOCK_OL_DETAIL *x = d;
			put(r, x->start);
			put(r, (uint32_t)x->is_tight);
			put(r, (uint32_t)(unsigned char)x->mark_delimiter);
			break;
		}
		case MD_BLOCK_LI: {
			const MD_BLOCK_LI_DETAIL *x = d;
			put(r, (uint32_t)x->is_task);
			put(r, (uint32_t)(unsigned char)x->task_mark);
			put(r, x->task_mark_offset + r->skip);
			break;
		}
		case MD_BLOCK_H:
			put(r, ((const MD_BLOCK_H_DETAIL *)d)->level);
			break;
		case MD_BLOCK_CODE: {
			const MD_BLOCK_CODE_DETAIL *x = d;
			put_attr(r, &x->info);
			put_attr(r, &x->lang);
			put(r, (uint32_t)(unsigned char)x->fence_char);
			break;
		}
		case MD_BLOCK_TABLE: {
			const MD_BLOCK_TABLE_DETAIL *x = d;
			put(r, x->col_count);
			put(r, x->head_row_count);
			put(r, x->body_row_count);
			break;
		}
		case MD_BLOCK_TH:
		case MD_BLOCK_TD:
			put(r, (uint32_t)((const MD_BLOCK_TD_DETAIL *)d)->align);
			break;
		default: break; /* md4c's zeroed detail, which says nothing */
		}
		return;
	}
	switch ((MD_SPANTYPE)type) {
	case MD_SPAN_A: {
		const MD_SPAN_A_DETAIL *x = d;
		put_attr(r, &x->href);
		put_attr(r, &x->title);
		break;
	}
	case MD_SPAN_IMG: {
		const MD_SPAN_IMG_DETAIL *x = d;
		put_attr(r, &x->src);
		put_attr(r, &x->title);
		break;
	}
	case MD_SPAN_WIKILINK:
		put_attr(r, &((const MD_SPAN_WIKILINK_DETAIL *)d)->target);
		break;
	default: break;
	}
}

static void put_event(struct recorder *r, enum op op, int type, const void *d)
{
	reserve(r, FIXED_WORDS);
	put(r, (uint32_t)op << 24 | (uint32_t)type);
	put_detail(r, op, type, d);
}

static int rec_enter_block(MD_BLOCKTYPE type, void *detail, void *userdata)
{
	struct recorder *r = userdata;
	put_event(r, ENTER_BLOCK, type, detail);
	return r->inner->enter_block(type, detail, r->userdata);
}

static int rec_leave_block(MD_BLOCKTYPE type, void *detail, void *userdata)
{
	struct recorder *r = userdata;
	put_event(r, LEAVE_BLOCK, type, detail);
	return r->inner->leave_block(type, detail, r->userdata);
}

static int rec_enter_span(MD_SPANTYPE type, void *detail, void *userdata)
{
	struct recorder *r = userdata;
	put_event(r, ENTER_SPAN, type, detail);
	return r->inner->enter_span(type, detail, r->userdata);
}

static int rec_leave_span(MD_SPANTYPE type, void *detail, void *userdata)
{
	struct recorder *r = userdata;
	put_event(r, LEAVE_SPAN, type, detail);
	return r->inner->leave_span(type, detail, r->userdata);
}

static int rec_text(MD_TEXTTYPE type, const MD_CHAR *s, MD_SIZE n, void *userdata)
{
	struct recorder *r = userdata;
	reserve(r, FIXED_WORDS);
	put(r, (uint32_t)TEXT << 24 | (uint32_t)type);
	put_ptr(r, s, n);
	return r->inner->text(type, s, n, r->userdata);
}

int mdtape_parse(struct buf *tape, const MD_CHAR *text, MD_SIZE size,
		 MD_SIZE skip, const MD_PARSER *parser, void *userdata)
{
	struct recorder r = { tape, parser, userdata, text, size, skip };
	MD_PARSER p = *parser;
	p.enter_block = rec_enter_block;
	p.leave_block = rec_leave_block;
	p.enter_span = rec_enter_span;
	p.leave_span = rec_leave_span;
	p.text = rec_text;
	buf_clear(tape);
	/* about a third of the text's size */
	buf_grow(tape, FIXED_WORDS * 4 + size / 2);
	put(&r, MAGIC);
	put(&r, parser->flags);
	put(&r, !size || !memchr(text, '<', size));
	put(&r, size + skip);
	int rc = md_parse(text, size, &p, &r);
	if (rc != 0) {
		buf_clear(tape);
		return rc;
	}
	reserve(&r, 1);
	put(&r, END);
	tape->ptr[tape->len] = '\0';
	return rc;
}

/* ---------------------------------------------------------------- play */

struct player {
	const uint32_t *w, *end;
	const MD_CHAR *text;
	MD_SIZE size;
	int bad;
};

static uint32_t take(struct player *p)
{
	if (p->w >= p->end) {
		p->bad = 1;
		return 0;
	}
	return *p->w++;
}

static const MD_CHAR *take_ptr(struct player *p, MD_SIZE *n)
{
	uint32_t kind = take(p);
	*n = take(p);
	if (kind == NONE)
		return NULL;
	if (kind == IN) {
		uint32_t off = take(p);
		if (off > p->size || *n > p->size - off)
			p->bad = 1;
		return p->bad ? NULL : p->text + off;
	}
	size_t words = ((size_t)*n + 3) / 4;
	if (kind != OWN || words > (size_t)(p->end - p->w)) {
		p->bad = 1;
		p->w = p->end;
		return NULL;
	}
	const MD_CHAR *s = (const MD_CHAR *)p->w;
	p->w += words;
	return s;
}

static void take_attr(struct player *p, MD_ATTRIBUTE *a)
{
	a->text = take_ptr(p, &a->size);
	uint32_t n = take(p);
	if (n == NO_SUBSTR) {
		a->substr_types = NULL;
		a->substr_offsets = NULL;
		return;
	}
	if (n > (size_t)(p->end - p->w) / 2) {
		p->bad = 1;
		p->w = p->end;
		return;
	}
	/* the tape's words, read as md4c's types and offsets */
	a->substr_types = (const MD_TEXTTYPE *)p->w;
	p->w += n;
	a->substr_offsets = (const MD_OFFSET *)p->w;
	p->w += n;
	take(p); /* the end of the last */
}

static void *take_detail(struct player *p, enum op op, int type, union detail *x)
{
	memset(x, 0, sizeof(*x));
	if (!take(p))
		return NULL;
	if (op == ENTER_BLOCK || op == LEAVE_BLOCK) {
		switch ((MD_BLOCKTYPE)type) {
		case MD_BLOCK_UL:
			x->ul.is_tight = (int)take(p);
			x->ul.mark = (MD_CHAR)take(p);
			break;
		case MD_BLOCK_OL:
			x->ol.start = take(p);
			x->ol.is_tight = (int)take(p);
			x->ol.mark_delimiter = (MD_CHAR)take(p);
			break;
		case MD_BLOCK_LI:
			x->li.is_task = (int)take(p);
			x->li.task_mark = (MD_CHAR)take(p);
			x->li.task_mark_offset = take(p);
			break;
		case MD_BLOCK_H: x->h.level = take(p); break;
		case MD_BLOCK_CODE:
			take_attr(p, &x->code.info);
			take_attr(p, &x->code.lang);
			x->code.fence_char = (MD_CHAR)take(p);
			break;
		case MD_BLOCK_TABLE:
			x->table.col_count = take(p);
			x->table.head_row_count = take(p);
			x->table.body_row_count = take(p);
			break;
		case MD_BLOCK_TH:
		case MD_BLOCK_TD: x->td.align = (MD_ALIGN)take(p); break;
		default: break;
		}
		return x;
	}
	switch ((MD_SPANTYPE)type) {
	case MD_SPAN_A:
		take_attr(p, &x->a.href);
		take_attr(p, &x->a.title);
		break;
	case MD_SPAN_IMG:
		take_attr(p, &x->img.src);
		take_attr(p, &x->img.title);
		break;
	case MD_SPAN_WIKILINK: take_attr(p, &x->wiki.target); break;
	default: break;
	}
	return x;
}

int mdtape_fits(const char *tape, size_t len, MD_SIZE size, unsigned flags)
{
	const uint32_t *w = (const uint32_t *)tape;
	if (!tape || len < 5 * sizeof(*w) || len % sizeof(*w) ||
	    (uintptr_t)tape % sizeof(*w))
		return 0;
	size_t n = len / sizeof(*w);
	if (w[0] != MAGIC || w[3] != size || w[n - 1] != END)
		return 0;
	if (w[1] == flags)
		return 1;
	return w[2] && (w[1] & ~(unsigned)MD_FLAG_NOHTML) ==
			       (flags & ~(unsigned)MD_FLAG_NOHTML);
}

int mdtape_play(const char *tape, size_t len, const MD_CHAR *text, MD_SIZE size,
		const MD_PARSER *parser, void *userdata)
{
	const uint32_t *w = (const uint32_t *)tape;
	if (!mdtape_fits(tape, len, size, parser->flags))
		return -1;
	struct player p = { w + 4, w + len / sizeof(*w) - 1, text, size, 0 };
	union detail x;
	int rc = 0;
	while (!rc && p.w < p.end) {
		uint32_t head = take(&p);
		enum op op = (enum op)(head >> 24);
		int type = (int)(head & 0xffffff);
		if (op == TEXT) {
			MD_SIZE n;
			const MD_CHAR *s = take_ptr(&p, &n);
			if (p.bad)
				break;
			rc = parser->text((MD_TEXTTYPE)type, s, n, userdata);
			continue;
		}
		void *d = take_detail(&p, op, type, &x);
		if (p.bad)
			break;
		switch (op) {
		case ENTER_BLOCK:
			rc = parser->enter_block((MD_BLOCKTYPE)type, d, userdata);
			break;
		case LEAVE_BLOCK:
			rc = parser->leave_block((MD_BLOCKTYPE)type, d, userdata);
			break;
		case ENTER_SPAN:
			rc = parser->enter_span((MD_SPANTYPE)type, d, userdata);
			break;
		case LEAVE_SPAN:
			rc = parser->leave_span((MD_SPANTYPE)type, d, userdata);
			break;
		default: p.bad = 1; break;
		}
	}
	return p.bad ? -1 : rc;
}
