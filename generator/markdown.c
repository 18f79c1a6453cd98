#include "markdown.h"

#include <limits.h>
#include <md4c.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "ascii.h"
#include "html.h"
#include "map.h"
#include "markdown_ids.h"
#include "mdtape.h"
#include "utf8.h"
#include "xalloc.h"

#define REPLACEMENT "\xEF\xBF\xBD"

/* ---------------------------------------------------------------- attributes */

/* Appends an md4c attribute with its entities decoded and NULs replaced. */
static void put_attribute(struct buf *out, const MD_ATTRIBUTE *a)
{
	if (!a->size)
		return;
	for (size_t k = 0; a->substr_offsets[k] < a->size; k++) {
		const char *s = a->text + a->substr_offsets[k];
		size_t n = a->substr_offsets[k + 1] - a->substr_offsets[k];
		switch (a->substr_types[k]) {
		case MD_TEXT_ENTITY: html_put_entity(out, s, n); break;
		case MD_TEXT_NULLCHAR: buf_put(out, REPLACEMENT, 3); break;
		default: buf_put(out, s, n); break;
		}
	}
}

/* ---------------------------------------------------------------- renderer */

/* A piece of raw HTML: its offset in render.raw, and where it starts in
 * the source (or elsewhere: md4c reports some line breaks from its own
 * memory). */
struct raw_piece {
	size_t off;
	const char *at;
};

struct render {
	struct markdown_result *res;
	const struct markdown_opts *opts;
	const char *src;
	size_t len;

	struct buf *html; /* res->html, or heading while in a heading */
	int depth;	  /* open blocks */
	size_t ntop;	  /* top-level blocks opened so far */

	int in_heading;
	unsigned level;
	int heading_is_title;
	struct buf heading;	 /* html of the heading's content */
	struct buf heading_text; /* its plain text */

	unsigned char *links; /* per open link: 1 when <a> was written */
	size_t nlinks, links_cap;

	int img_depth; /* open images; only the outermost counts */
	int img_keep;
	struct buf img_src, img_title, img_alt;

	struct buf url, tmp, scratch;
	struct idset ids;

	/* raw HTML (opts->raw_html): pieces md4c reported in a row, sanitized
	 * together when something else comes */
	struct html_sanitizer san;
	struct buf raw;
	struct raw_piece *pieces; /* where each piece of raw came from */
	size_t npieces, pieces_cap;
	int scope; /* open blocks (not HTML blocks) and spans */

	/* line lookup for the resolve callback */
	MD_OFFSET *lines; /* offsets of line starts, built on first use */
	size_t nlines, lines_cap;
	size_t search_pos;    /* end of the last text seen in the source */
	size_t search_budget; /* bytes the URL search may still look at */

	/* GitLab's table of contents: a paragraph that is only "[[_TOC_]]" or
	 * "[TOC]" is cut out, and the table written where it was once the
	 * headings are known */
	size_t p_html, p_text; /* where the open paragraph began */
	const char *p_first;   /* its first text in the source, or NULL */
	const char *p_end;     /* the end of its last text */
	size_t *tocs;	       /* offsets in html of the cut paragraphs */
	size_t ntocs, tocs_cap;

	/* what the text opens with (markdown_lead): a top-level block all of
	 * whose text lies in it (a comment) does not count in ntop */
	size_t lead;
	int top_in_lead; /* the open top-level block's texts all lie in it */
	int top_texts;	 /* it has texts in the source */

	/* what resolve said of each (is_image, line, URL) asked: a reference
	 * link used N times is resolved (and reported) once, at its
	 * definition's line */
	struct arena resolved_arena;
	struct map resolved; /* key -> index + 1 in resolved_as */
	struct resolved_url {
		enum markdown_link_action act;
		const char *url; /* MARKDOWN_LINK_REWRITE's */
		size_t len;
	} * resolved_as;
	size_t nresolved, resolved_cap;
};

static void render_release(struct render *r)
{
	free(r->tocs);
	buf_release(&r->heading);
	buf_release(&r->heading_text);
	buf_release(&r->img_src);
	buf_release(&r->img_title);
	buf_release(&r->img_alt);
	buf_release(&r->url);
	buf_release(&r->tmp);
	buf_release(&r->scratch);
	free(r->links);
	free(r->lines);
	markdown_idset_release(&r->ids);
	html_sanitizer_release(&r->san);
	buf_release(&r->raw);
	free(r->pieces);
	map_release(&r->resolved);
	free(r->resolved_as);
	arena_release(&r->resolved_arena);
}

/* --- source lines */

static void build_lines(struct render *r)
{
	const char *s = r->src;

	XGROW(r->lines, r->lines_cap, 1);
	r->lines[r->nlines++] = 0;
	if (!memchr(s, '\r', r->len)) { /* the common case: memchr's pace */
		for (const char *p = s, *end = s + r->len;
		     (p = memchr(p, '\n', (size_t)(end - p))); p++) {
			XGROW(r->lines, r->lines_cap, r->nlines + 1);
			r->lines[r->nlines++] = (MD_OFFSET)(p - s + 1);
		}
		return;
	}
	for (size_t i = 0; i < r->len; i++) {
		if (s[i] == '\n' ||
		    (s[i] == '\r' && (i + 1 >= r->len || s[i + 1] != '\n'))) {
			XGROW(r->lines, r->lines_cap, r->nlines + 1);
			r->lines[r->nlines++] = (MD_OFFSET)(i + 1);
		}
	}
}

static int line_of(struct render *r, size_t off)
{
	size_t lo = 0, hi;

	if (!r->nlines)
		build_lines(r);
	hi = r->nlines;
	while (hi - lo > 1) { /* lines[lo] <= off < lines[hi] */
		size_t mid = lo + (hi - lo) / 2;
		if (r->lines[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	return lo + 1 > INT_MAX ? INT_MAX : (int)(lo + 1);
}

static int is_ascii_punct(char c)
{
	return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') ||
	       (c >= '[' && c <= '`') || (c >= '{' && c <= '~');
}

/* Whether the source at i holds needle as written, where md4c has dropped a
 * backslash before ASCII punctuation.  Spends the search budget. */
static int raw_match(struct render *r, size_t i, const char *needle, size_t n)
{
	const char *s = r->src;

	for (size_t k = 0; k < n; k++) {
		if (!r->search_budget)
			return 0;
		r->search_budget--;
		if (i >= r->len)
			return 0;
		if (s[i] == '\\' && i + 1 < r->len && s[i + 1] == needle[k] &&
		    is_ascii_punct(needle[k]))
			i += 2;
		else if (s[i] == needle[k])
			i++;
		else
			return 0;
	}
	return 1;
}

static int raw_search(struct render *r, size_t from, size_t to,
		      const char *needle, size_t n, size_t *off)
{
	for (size_t i = from; i < to && r->search_budget; i++) {
		r->search_budget--;
		if ((r->src[i] == needle[0] || r->src[i] == '\\') &&
		    raw_match(r, i, needle, n)) {
			*off = i;
			return 0;
		}
	}
	return -1;
}

/* The 1-based line (shifted by line_offset) of an attribute's text, or 0.
 * md4c passes attributes without escapes or entities as pointers into the
 * source; the others are searched for, forward from the end of the last
 * text seen (a link's URL follows the text before it; reference definitions
 * may be anywhere), then from the start.  The search budget is linear in
 * the document's size, so hostile input cannot make this quadratic. */
static int attribute_line(struct render *r, const MD_ATTRIBUTE *a)
{
	uintptr_t p = (uintptr_t)a->text, base = (uintptr_t)r->src;
	size_t off;

	if (!a->text || !a->size)
		return 0;
	if (p >= base && p - base < r->len)
		off = p - base;
	else if (raw_search(r, r->search_pos, r->len, a->text, a->size, &off) < 0 &&
		 raw_search(r, 0, r->search_pos, a->text, a->size, &off) < 0)
		return 0;
	return line_of(r, off) + r->opts->line_offset;
}

/* --- output helpers */

static void put_plain(struct render *r, const char *s, size_t n)
{
	buf_put(r->in_heading ? &r->heading_text : &r->res->text, s, n);
}

/* Text of the document: escaped into the html (or collected as an image's
 * alt text), and kept as plain text. */
static void put_text(struct render *r, const char *s, size_t n)
{
	if (r->img_depth)
		buf_put(&r->img_alt, s, n);
	else
		buf_put_html(r->html, s, n);
	put_plain(r, s, n);
}

static void put_markup(struct render *r, const char *s)
{
	if (!r->img_depth)
		buf_puts(r->html, s);
}

/* Ends the current line of plain text (blocks are separated by newlines). */
static void plain_break(struct render *r)
{
	struct buf *t = &r->res->text;

	if (!t->len)
		return;
	if (t->ptr[t->len - 1] == ' ')
		t->ptr[t->len - 1] = '\n';
	else if (t->ptr[t->len - 1] != '\n')
		buf_putc(t, '\n');
}

/* The 1-based line (shifted by line_offset) of offset at of r->raw, or 0. */
static int raw_line(struct render *r, size_t at)
{
	size_t lo = 0, hi = r->npieces;
	uintptr_t p, base = (uintptr_t)r->src;

	while (hi - lo > 1) { /* pieces[lo].off <= at, if any is */
		size_t mid = lo + (hi - lo) / 2;
		if (r->pieces[mid].off <= at)
			lo = mid;
		else
			hi = mid;
	}
	if (lo >= r->npieces || r->pieces[lo].off > at)
		return 0;
	p = (uintptr_t)r->pieces[lo].at + (at - r->pieces[lo].off);
	if (p < base || p - base >= r->len)
		return 0;
	return line_of(r, p - base) + r->opts->line_offset;
}

/* opts->resolve's answer for u at line into r->tmp: asked once per
 * (is_image, line, URL), the same answer given again after. */
static enum markdown_link_action resolve_once(struct render *r, const struct buf *u,
					      int is_image, int line)
{
	struct buf *key = &r->scratch;
	int added;
	buf_clear(key);
	buf_putc(key, (char)is_image);
	buf_put(key, (const char *)&line, sizeof(line));
	buf_put(key, u->ptr, u->len);
	struct map_entry *e = map_put(&r->resolved, key->ptr, key->len, &added);
	buf_clear(&r->tmp);
	if (!added) {
		const struct resolved_url *was = &r->resolved_as[e->num - 1];
		buf_put(&r->tmp, was->url, was->len);
		return was->act;
	}
	enum markdown_link_action act =
		r->opts->resolve(&r->tmp, u->ptr, is_image, line, r->opts->userdata);
	XGROW(r->resolved_as, r->resolved_cap, r->nresolved + 1);
	r->resolved_as[r->nresolved++] = (struct resolved_url){
		act, arena_strndup(&r->resolved_arena, r->tmp.ptr, r->tmp.len), r->tmp.len
	};
	e->num = r->nresolved;
	return act;
}

/* Decides the fate of the URL in u (decoded; from attribute a of a
 * Markdown link or image, or, when a is NULL, from the raw HTML at offset
 * raw_at of r->raw): returns 1 with the URL to write left in u, or 0 to
 * drop the link.  r->tmp is clobbered. */
static int url_fate(struct render *r, struct buf *u, int is_image,
		    const MD_ATTRIBUTE *a, size_t raw_at)
{
	int relative;
	enum markdown_link_action act;

	markdown_clean_url(u);
	if (!markdown_url_safe(u->ptr, u->len, &relative))
		return 0;
	if (!relative && u->len >= 2 && (u->ptr[0] == '/' || u->ptr[0] == '\\') &&
	    (u->ptr[1] == '/' || u->ptr[1] == '\\')) {
		/* a network path ("//host/x", "/\\host", "\\\\host"): another
		 * host, which a browser reads with backslashes as slashes and,
		 * from a file:// page, as a file share (a Windows UNC path,
		 * fetched without a click for an image). Written as https: */
		for (size_t i = 0; i < u->len; i++)
			if (u->ptr[i] == '\\')
				u->ptr[i] = '/';
		buf_grow(u, 6);
		memmove(u->ptr + 6, u->ptr, u->len + 1);
		memcpy(u->ptr, "https:", 6);
		u->len += 6;
	}
	if (!relative || !r->opts->resolve)
		return 1;
	act = resolve_once(r, u, is_image,
			   a ? attribute_line(r, a) : raw_line(r, raw_at));
	if (act == MARKDOWN_LINK_DROP)
		return 0;
	if (act == MARKDOWN_LINK_REWRITE) {
		buf_clear(u);
		buf_put(u, r->tmp.ptr, r->tmp.len);
		markdown_clean_url(u);
		return markdown_url_safe(u->ptr, u->len, NULL);
	}
	return 1;
}

static int link_target(struct render *r, const MD_ATTRIBUTE *a, int is_image)
{
	return url_fate(r, &r->url, is_image, a, 0);
}

/* The sanitizer's url callback. */
static int raw_url(struct buf *url, int is_image, size_t at, void *userdata)
{
	return url_fate(userdata, url, is_image, NULL, at);
}

/* --- raw HTML */

static void add_raw(struct render *r, const char *s, size_t n)
{
	XGROW(r->pieces, r->pieces_cap, r->npieces + 1);
	r->pieces[r->npieces].off = r->raw.len;
	r->pieces[r->npieces].at = s;
	r->npieces++;
	buf_put(&r->raw, s, n);
}

/* Sanitizes the raw HTML collected so far into the page. */
static void flush_raw(struct render *r)
{
	unsigned flags = r->in_heading ? HTML_INLINE : 0;

	if (!r->raw.len)
		return;
	for (size_t i = 0; i < r->nlinks; i++)
		if (r->links[i])
			flags |= HTML_NO_LINKS;
	html_sanitize(&r->san, r->html,
		      r->in_heading ? &r->heading_text : &r->res->text,
		      r->raw.ptr, r->raw.len, r->scope, flags);
	buf_clear(&r->raw);
	r->npieces = 0;
}

/* Before a block or span opens: raw HTML before it is written. */
static void scope_enter(struct render *r)
{
	flush_raw(r);
	r->scope++;
}

/* Before a block or span closes: the raw HTML elements opened in it are
 * closed, so that our own markup stays well nested. */
static void scope_leave(struct render *r)
{
	flush_raw(r);
	html_close(&r->san, r->html, r->in_heading ? &r->heading_text : &r->res->text,
		   r->scope, r->in_heading ? HTML_INLINE : 0);
	r->scope--;
}

/* --- blocks */

static void enter_heading(struct render *r, unsigned level, int top)
{
	r->in_heading = 1;
	r->level = level < 1 ? 1 : level > 6 ? 6 : level;
	r->heading_is_title = top && r->ntop == 1 && r->level == 1;
	buf_clear(&r->heading);
	buf_clear(&r->heading_text);
	r->html = &r->heading;
}

static void leave_heading(struct render *r)
{
	struct markdown_result *res = r->res;
	struct buf *id = &r->tmp;

	r->in_heading = 0;
	r->html = &res->html;
	if (r->heading_is_title) {
		r->heading_is_title = 0;
		res->title = xstrndup(r->heading_text.ptr, r->heading_text.len);
		if (r->opts->strip_title)
			return;
	}

	buf_clear(id);
	markdown_slug(id, r->heading_text.ptr, r->heading_text.len);
	if (!id->len)
		buf_puts(id, "section");
	markdown_idset_claim(&r->ids, id, &r->scratch);

	buf_puts(&res->html, "<h");
	buf_putc(&res->html, (char)('0' + r->level));
	buf_puts(&res->html, " id=\"");
	buf_put_html(&res->html, id->ptr, id->len);
	buf_puts(&res->html, "\">");
	buf_put(&res->html, r->heading.ptr, r->heading.len);
	buf_puts(&res->html, "</h");
	buf_putc(&res->html, (char)('0' + r->level));
	buf_puts(&res->html, ">\n");

	XGROW(res->toc, res->toc_cap, res->ntoc + 1);
	res->toc[res->ntoc].level = (int)r->level;
	res->toc[res->ntoc].id = xstrndup(id->ptr, id->len);
	res->toc[res->ntoc].text = xstrndup(r->heading_text.ptr, r->heading_text.len);
	res->ntoc++;

	plain_break(r);
	buf_put(&res->text, r->heading_text.ptr, r->heading_text.len);
	plain_break(r);
}

static void enter_code(struct render *r, const MD_BLOCK_CODE_DETAIL *d)
{
	struct buf *html = r->html;
	size_t n = 0;

	buf_clear(&r->tmp);
	put_attribute(&r->tmp, &d->lang);
	for (size_t i = 0; i < r->tmp.len; i++) {
		char c = r->tmp.ptr[i];
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '_' || c == '+' || c == '-')
			r->tmp.ptr[n++] = c;
	}
	buf_truncate(&r->tmp, n);
	buf_puts(html, "<pre><code");
	if (n) {
		buf_puts(html, " class=\"language-");
		buf_put(html, r->tmp.ptr, n);
		buf_putc(html, '"');
	}
	buf_putc(html, '>');
}

static const char *align_attr(MD_ALIGN a)
{
	switch (a) {
	case MD_ALIGN_LEFT: return " align=\"left\"";
	case MD_ALIGN_CENTER: return " align=\"center\"";
	case MD_ALIGN_RIGHT: return " align=\"right\"";
	default: return "";
	}
}

static int enter_block(MD_BLOCKTYPE type, void *detail, void *userdata)
{
	struct render *r = userdata;
	struct buf *html = r->html;
	int top = r->depth == 1;

	if (type == MD_BLOCK_HTML)
		flush_raw(r);
	else
		scope_enter(r);
	if (top) {
		r->ntop++;
		r->top_in_lead = 1;
		r->top_texts = 0;
	}
	r->depth++;
	if (type != MD_BLOCK_DOC && type != MD_BLOCK_TH && type != MD_BLOCK_TD &&
	    type != MD_BLOCK_THEAD && type != MD_BLOCK_TBODY)
		plain_break(r);

	switch (type) {
	case MD_BLOCK_QUOTE: buf_puts(html, "<blockquote>\n"); break;
	case MD_BLOCK_UL: buf_puts(html, "<ul>\n"); break;
	case MD_BLOCK_OL: {
		const MD_BLOCK_OL_DETAIL *d = detail;
		if (d->start != 1) {
			buf_puts(html, "<ol start=\"");
			markdown_put_uint(html, d->start);
			buf_puts(html, "\">\n");
		} else {
			buf_puts(html, "<ol>\n");
		}
		break;
	}
	case MD_BLOCK_LI: {
		const MD_BLOCK_LI_DETAIL *d = detail;
		if (!d->is_task)
			buf_puts(html, "<li>");
		else if (d->task_mark == 'x' || d->task_mark == 'X')
			buf_puts(html, "<li class=\"task-list-item\"><input "
				       "type=\"checkbox\" disabled checked> ");
		else
			buf_puts(html, "<li class=\"task-list-item\"><input "
				       "type=\"checkbox\" disabled> ");
		break;
	}
	case MD_BLOCK_HR: buf_puts(html, "<hr>\n"); break;
	case MD_BLOCK_H:
		enter_heading(r, ((const MD_BLOCK_H_DETAIL *)detail)->level, top);
		break;
	case MD_BLOCK_CODE: enter_code(r, detail); break;
	case MD_BLOCK_P:
		r->p_html = html->len;
		r->p_text = r->res->text.len;
		r->p_first = NULL;
		buf_puts(html, "<p>");
		break;
	case MD_BLOCK_TABLE: buf_puts(html, "<table>\n"); break;
	case MD_BLOCK_THEAD: buf_puts(html, "<thead>\n"); break;
	case MD_BLOCK_TBODY: buf_puts(html, "<tbody>\n"); break;
	case MD_BLOCK_TR: buf_puts(html, "<tr>\n"); break;
	case MD_BLOCK_TH:
	case MD_BLOCK_TD:
		buf_puts(html, type == MD_BLOCK_TH ? "<th" : "<td");
		buf_puts(html, align_attr(((const MD_BLOCK_TD_DETAIL *)detail)->align));
		buf_putc(html, '>');
		break;
	default: /* the document; raw HTML blocks (sanitized when they end) */
		break;
	}
	return 0;
}

/* Is the paragraph just closed GitLab's "[[_TOC_]]" or "[TOC]", alone on
 * its line?  Its texts are in the source from p_first to p_end. */
static int is_toc_marker(const struct render *r)
{
	static const char *const markers[] = { "[[_TOC_]]", "[TOC]", NULL };
	const char *p = r->p_first;
	if (!p || *p != '[')
		return 0;
	for (int i = 0; markers[i]; i++) {
		size_t n = strlen(markers[i]);
		if ((size_t)(r->src + r->len - p) < n ||
		    memcmp(p, markers[i], n) != 0 || r->p_end > p + n)
			continue;
		const char *q = p + n;
		while (q < r->src + r->len && (*q == ' ' || *q == '\t' || *q == '\r'))
			q++;
		if (q == r->src + r->len || *q == '\n')
			return 1;
	}
	return 0;
}

static int leave_block(MD_BLOCKTYPE type, void *detail, void *userdata)
{
	struct render *r = userdata;
	struct buf *html;

	(void)detail;
	if (type == MD_BLOCK_HTML)
		flush_raw(r);
	else
		scope_leave(r);
	html = r->html;
	r->depth--;
	if (r->depth == 1 && type != MD_BLOCK_H && r->top_texts && r->top_in_lead)
		r->ntop--; /* a leading comment: the title may follow it */
	switch (type) {
	case MD_BLOCK_QUOTE: buf_puts(html, "</blockquote>\n"); break;
	case MD_BLOCK_UL: buf_puts(html, "</ul>\n"); break;
	case MD_BLOCK_OL: buf_puts(html, "</ol>\n"); break;
	case MD_BLOCK_LI: buf_puts(html, "</li>\n"); break;
	case MD_BLOCK_H: leave_heading(r); break;
	case MD_BLOCK_CODE: buf_puts(html, "</code></pre>\n"); break;
	case MD_BLOCK_P:
		buf_puts(html, "</p>\n");
		if (html == &r->res->html && is_toc_marker(r)) {
			buf_truncate(html, r->p_html);
			buf_truncate(&r->res->text, r->p_text);
			XGROW(r->tocs, r->tocs_cap, r->ntocs + 1);
			r->tocs[r->ntocs++] = html->len;
		}
		r->p_first = NULL;
		break;
	case MD_BLOCK_TABLE: buf_puts(html, "</table>\n"); break;
	case MD_BLOCK_THEAD: buf_puts(html, "</thead>\n"); break;
	case MD_BLOCK_TBODY: buf_puts(html, "</tbody>\n"); break;
	case MD_BLOCK_TR: buf_puts(html, "</tr>\n"); break;
	case MD_BLOCK_TH: buf_puts(html, "</th>\n"); break;
	case MD_BLOCK_TD: buf_puts(html, "</td>\n"); break;
	default: break;
	}
	if (type == MD_BLOCK_TH || type == MD_BLOCK_TD)
		put_plain(r, " ", 1);
	else if (type != MD_BLOCK_DOC && type != MD_BLOCK_THEAD && type != MD_BLOCK_TBODY)
		plain_break(r);
	return 0;
}

/* --- spans */

static void enter_link(struct render *r, const MD_SPAN_A_DETAIL *d)
{
	int keep = 0;

	if (!r->img_depth && !html_link_open(&r->san)) {
		buf_clear(&r->url);
		put_attribute(&r->url, &d->href);
		keep = link_target(r, &d->href, 0);
	}
	if (keep) {
		buf_puts(r->html, "<a href=\"");
		html_put_url(r->html, r->url.ptr, r->url.len);
		if (d->title.size) {
			buf_clear(&r->tmp);
			put_attribute(&r->tmp, &d->title);
			buf_puts(r->html, "\" title=\"");
			buf_put_html(r->html, r->tmp.ptr, r->tmp.len);
		}
		buf_puts(r->html, "\">");
	}
	XGROW(r->links, r->links_cap, r->nlinks + 1);
	r->links[r->nlinks++] = (unsigned char)keep;
}

static void leave_link(struct render *r)
{
	if (r->nlinks && r->links[--r->nlinks])
		buf_puts(r->html, "</a>");
}

static void enter_image(struct render *r, const MD_SPAN_IMG_DETAIL *d)
{
	if (r->img_depth++)
		return; /* an image in an image's description: only its text */
	buf_clear(&r->url);
	put_attribute(&r->url, &d->src);
	r->img_keep = link_target(r, &d->src, 1);
	buf_clear(&r->img_src);
	buf_put(&r->img_src, r->url.ptr, r->url.len);
	buf_clear(&r->img_title);
	put_attribute(&r->img_title, &d->title);
	buf_clear(&r->img_alt);
}

static void leave_image(struct render *r)
{
	struct buf *html = r->html;

	if (!r->img_depth || --r->img_depth)
		return;
	if (!r->img_keep) {
		buf_put_html(html, r->img_alt.ptr, r->img_alt.len);
		return;
	}
	buf_puts(html, "<img src=\"");
	html_put_url(html, r->img_src.ptr, r->img_src.len);
	buf_puts(html, "\" alt=\"");
	buf_put_html(html, r->img_alt.ptr, r->img_alt.len);
	if (r->img_title.len) {
		buf_puts(html, "\" title=\"");
		buf_put_html(html, r->img_title.ptr, r->img_title.len);
	}
	buf_puts(html, "\" loading=\"lazy\">");
}

static int enter_span(MD_SPANTYPE type, void *detail, void *userdata)
{
	struct render *r = userdata;

	scope_enter(r);
	switch (type) {
	case MD_SPAN_EM: put_markup(r, "<em>"); break;
	case MD_SPAN_STRONG: put_markup(r, "<strong>"); break;
	case MD_SPAN_DEL: put_markup(r, "<del>"); break;
	case MD_SPAN_CODE: put_markup(r, "<code>"); break;
	case MD_SPAN_U: put_markup(r, "<u>"); break;
	case MD_SPAN_A: enter_link(r, detail); break;
	case MD_SPAN_IMG: enter_image(r, detail); break;
	default: break; /* not enabled: math, wiki links */
	}
	return 0;
}

static int leave_span(MD_SPANTYPE type, void *detail, void *userdata)
{
	struct render *r = userdata;

	(void)detail;
	scope_leave(r);
	switch (type) {
	case MD_SPAN_EM: put_markup(r, "</em>"); break;
	case MD_SPAN_STRONG: put_markup(r, "</strong>"); break;
	case MD_SPAN_DEL: put_markup(r, "</del>"); break;
	case MD_SPAN_CODE: put_markup(r, "</code>"); break;
	case MD_SPAN_U: put_markup(r, "</u>"); break;
	case MD_SPAN_A: leave_link(r); break;
	case MD_SPAN_IMG: leave_image(r); break;
	default: break;
	}
	return 0;
}

/* --- text */

static int text(MD_TEXTTYPE type, const MD_CHAR *s, MD_SIZE n, void *userdata)
{
	struct render *r = userdata;
	uintptr_t p = (uintptr_t)s, base = (uintptr_t)r->src;

	/* where the URL search starts: the text before a link is before it */
	if (p >= base && p - base < r->len && p - base + n <= r->len) {
		r->search_pos = p - base + n;
		if (r->search_pos > r->lead)
			r->top_in_lead = 0;
		r->top_texts = 1;
		if (!r->p_first)
			r->p_first = s;
		r->p_end = s + n;
	}
	if (type == MD_TEXT_HTML && r->opts->raw_html && !r->img_depth) {
		add_raw(r, s, n);
		return 0;
	}
	flush_raw(r);
	switch (type) {
	case MD_TEXT_NULLCHAR: put_text(r, REPLACEMENT, 3); break;
	case MD_TEXT_BR:
		if (r->img_depth || r->in_heading) {
			put_text(r, " ", 1);
		} else {
			buf_puts(r->html, "<br>\n");
			put_plain(r, "\n", 1);
		}
		break;
	case MD_TEXT_SOFTBR:
		if (r->img_depth)
			buf_putc(&r->img_alt, ' ');
		else
			buf_putc(r->html, '\n');
		put_plain(r, " ", 1);
		break;
	case MD_TEXT_ENTITY:
		buf_clear(&r->scratch);
		html_put_entity(&r->scratch, s, n);
		put_text(r, r->scratch.ptr, r->scratch.len);
		break;
	default: /* normal, code, and raw HTML when it is shown as text */
		put_text(r, s, n);
		break;
	}
	return 0;
}

/* Writes the table of contents (the headings below the title, as nested
 * lists) where each "[[_TOC_]]" paragraph was cut out. */
static void put_tocs(struct render *r)
{
	const struct markdown_result *res = r->res;
	struct buf toc = BUF_INIT, out = BUF_INIT;
	int levels[8], depth = 0;

	buf_puts(&toc, "<nav class=\"toc-inline\" aria-label=\"Contents\">\n");
	for (size_t i = 0; i < res->ntoc; i++) {
		int lv = res->toc[i].level;
		if (lv == 1 && i == 0 && res->title)
			continue; /* the page's title */
		while (depth && levels[depth - 1] > lv) {
			buf_puts(&toc, "</li>\n</ul>\n");
			depth--;
		}
		if (depth && levels[depth - 1] == lv) {
			buf_puts(&toc, "</li>\n");
		} else if (depth < 8) {
			buf_puts(&toc, "<ul>\n");
			levels[depth++] = lv;
		} else {
			buf_puts(&toc, "</li>\n");
		}
		buf_puts(&toc, "<li><a href=\"#");
		buf_put_html(&toc, res->toc[i].id, strlen(res->toc[i].id));
		buf_puts(&toc, "\">");
		buf_put_html(&toc, res->toc[i].text, strlen(res->toc[i].text));
		buf_puts(&toc, "</a>");
	}
	while (depth--)
		buf_puts(&toc, "</li>\n</ul>\n");
	buf_puts(&toc, "</nav>\n");

	size_t from = 0;
	for (size_t i = 0; i < r->ntocs; i++) {
		buf_put(&out, res->html.ptr + from, r->tocs[i] - from);
		buf_put(&out, toc.ptr, toc.len);
		from = r->tocs[i];
	}
	buf_put(&out, res->html.ptr + from, res->html.len - from);
	struct buf done = r->res->html;
	r->res->html = out;
	buf_release(&done);
	buf_release(&toc);
}

/* ---------------------------------------------------------------- API */

/* The end of the line break at s[i] (a "\n", "\r\n" or "\r"), or 0 when
 * s[i] is not one. */
static size_t line_break_end(const char *s, size_t len, size_t i)
{
	if (i < len && s[i] == '\n')
		return i + 1;
	if (i < len && s[i] == '\r')
		return i + 1 < len && s[i + 1] == '\n' ? i + 2 : i + 1;
	return 0;
}

/* Does the first segment of url name a host: "www." first, or labels of
 * letters, digits and '-' with a dot and a last label of two letters or
 * more, before a '/'? */
static int names_host(const char *url)
{
	size_t n = strcspn(url, "/?#");
	if (n > 4 && !strncmp(url, "www.", 4))
		return 1;
	if (url[n] != '/')
		return 0;
	size_t dot = n, letters = 0;
	for (size_t i = 0; i < n; i++) {
		char c = url[i];
		if (c == '.') {
			if (i == 0 || url[i - 1] == '.')
				return 0;
			dot = i;
			letters = 0;
		} else if (ascii_is_alpha(c)) {
			letters++;
		} else if (!ascii_is_digit(c) && c != '-') {
			return 0;
		} else {
			letters = 0;
		}
	}
	return dot < n && letters >= 2 && n - dot - 1 == letters;
}

void markdown_missing_link_advice(struct buf *out, const char *url)
{
	if (names_host(url))
		buf_printf(out, "did you mean \"https://%s\"?", url);
	else
		buf_puts(out, "fix or remove it");
}

size_t markdown_lead(const char *s, size_t len)
{
	size_t i = 0;
	if (len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	while (i < len) {
		size_t j = i, indent = 0, next;
		while (j < len && ascii_is_blank(s[j]))
			indent += s[j++] == '\t' ? 4 : 1;
		if (j == len)
			return len;
		if ((next = line_break_end(s, len, j))) {
			i = next; /* a blank line */
			continue;
		}
		if (indent > 3 || len - j < 4 || memcmp(s + j, "<!--", 4) != 0)
			return i;
		/* a comment; the line where it ends must hold nothing else */
		const char *end = memmem(s + j + 4, len - j - 4, "-->", 3);
		if (!end)
			return i;
		j = (size_t)(end - s) + 3;
		while (j < len && ascii_is_blank(s[j]))
			j++;
		if (j == len)
			return len;
		if (!(next = line_break_end(s, len, j)))
			return i;
		i = next;
	}
	return i;
}

/* md4c 0.4.8 reads past the end of a document that ends inside an inline
 * link ("[x](" at EOF; fixed upstream by md4c PR #167): it is always handed
 * text that ends with a line break. */
static void md4c_input(struct buf *fixed, const char **src, size_t *len, int checked)
{
	const char *s = *src;
	size_t n = *len;

	if (n && !checked && utf8_check(s, n) != n) {
		utf8_repair(fixed, s, n);
		buf_putc(fixed, '\n');
	} else if (n && s[n - 1] != '\n') {
		buf_grow(fixed, n + 1);
		buf_put(fixed, s, n);
		buf_putc(fixed, '\n');
	}
	if (fixed->len) {
		*src = fixed->ptr;
		*len = fixed->len;
	}
}

void markdown_md4c_input(struct buf *fixed, const char **src, size_t *len)
{
	md4c_input(fixed, src, len, 0);
}

int markdown_render(struct markdown_result *out, const char *src, size_t len,
		    const struct markdown_opts *opts)
{
	static const struct markdown_opts defaults = MARKDOWN_OPTS_INIT;
	struct markdown_result init = MARKDOWN_RESULT_INIT;
	struct buf fixed = BUF_INIT;
	struct render r;
	MD_PARSER parser = { 0,		  MD_DIALECT_GITHUB,
			     enter_block, leave_block,
			     enter_span,  leave_span,
			     text,	  NULL,
			     NULL };
	int rc = -1;

	*out = init;
	memset(&r, 0, sizeof(r));
	buf_init(&r.heading);
	buf_init(&r.heading_text);
	buf_init(&r.img_src);
	buf_init(&r.img_title);
	buf_init(&r.img_alt);
	buf_init(&r.url);
	buf_init(&r.tmp);
	buf_init(&r.scratch);
	buf_init(&r.raw);
	arena_init(&r.resolved_arena);
	map_init(&r.resolved, &r.resolved_arena);
	{
		struct html_sanitizer init_san = HTML_SANITIZER_INIT;
		r.san = init_san;
	}

	if (!src)
		len = 0;
	if (len >= 3 && memcmp(src, "\xEF\xBB\xBF", 3) == 0)
		src += 3, len -= 3; /* a byte order mark: md4c would show it */
	md4c_input(&fixed, &src, &len, opts && opts->valid_utf8);
	if (len > UINT_MAX)
		goto cleanup;

	r.res = out;
	r.opts = opts ? opts : &defaults;
	if (!r.opts->raw_html)
		parser.flags |= MD_FLAG_NOHTML;
	r.san.url = raw_url;
	r.san.userdata = &r;
	r.src = src ? src : "";
	r.len = len;
	r.html = &out->html;
	r.search_budget = 32 * len + (1u << 20);
	r.lead = markdown_lead(r.src, len);
	buf_grow(&out->html, len + len / 4);
	buf_grow(&out->text, len);

	if (mdtape_fits(r.opts->tape, r.opts->tape_len, (MD_SIZE)len, parser.flags)
		    ? mdtape_play(r.opts->tape, r.opts->tape_len, r.src,
				  (MD_SIZE)len, &parser, &r) != 0
		    : md_parse(r.src, (MD_SIZE)len, &parser, &r) != 0)
		goto cleanup;
	if (r.ntocs)
		put_tocs(&r);
	/* no trailing line break */
	while (out->text.len && (out->text.ptr[out->text.len - 1] == '\n' ||
				 out->text.ptr[out->text.len - 1] == ' '))
		buf_truncate(&out->text, out->text.len - 1);
	rc = 0;

cleanup:
	render_release(&r);
	buf_release(&fixed);
	if (rc < 0)
		markdown_result_release(out);
	return rc;
}

void markdown_result_release(struct markdown_result *r)
{
	struct markdown_result init = MARKDOWN_RESULT_INIT;

	buf_release(&r->html);
	buf_release(&r->text);
	free(r->title);
	for (size_t i = 0; i < r->ntoc; i++) {
		free(r->toc[i].id);
		free(r->toc[i].text);
	}
	free(r->toc);
	*r = init;
}
