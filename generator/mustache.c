/* mustache: compile once, render many (see mustache.h).
 *
 * Compiling a template takes three passes.  The tokenizer cuts the text
 * into text and tag tokens (applying set-delimiter tags as it goes and
 * checking that sections, blocks and parents nest); text is cut after each
 * newline, so a text token holds at most one, at its end.  The standalone
 * pass finds the lines that hold nothing but whitespace and tags and drops
 * their whitespace and newline.  The tree builder turns what is left into
 * nodes, allocated with the template's source in the template's own arena.
 *
 * Rendering walks the nodes.  Everything that changes while rendering (the
 * context stack, the override scopes of parents, the indentation frames,
 * the line state) lives in a struct renderer and on the C stack, so the set
 * is only ever read and many threads may render from it at once.
 *
 * Indentation.  A standalone partial or parent indents each line of its
 * template.  A block whose content is overridden reindents the override:
 * the override's intrinsic indentation is replaced by that of the block in
 * the parent, where a block's intrinsic indentation is the leading
 * whitespace of the line its content starts on (the line after a
 * standalone opening tag, else the opening tag's own line).  Both are
 * frames { strip, add } on a chain: when a template line starts, its
 * leading whitespace goes through every frame, innermost first (the common
 * prefix with strip is removed, add is put in front).  Only template text
 * starts lines: newlines that come from data are left alone, as the spec
 * asks.  Empty lines are not indented. */
#include "mustache.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "ascii.h"
#include "xalloc.h"

/* Partials, parents and overridden blocks expanded inside each other. */
#define MUSTACHE_MAX_DEPTH 64
/* Sections, inverted sections, blocks and parents open at once in one
 * template. */
#define MUSTACHE_MAX_NESTING 100
/* Steps in one render (nodes rendered, section iterations, expansions and
 * contexts searched by lookups), and bytes written: bounds on the time and
 * memory a hostile template takes (partials that each include the next one
 * twice; sections nested thirty deep, each iterating the same list, around
 * a line of text). */
#define MUSTACHE_MAX_STEPS (1L << 26)
#define MUSTACHE_MAX_OUTPUT ((size_t)256 << 20)

/* ---------------------------------------------------------------- types */

enum kind {
	K_TEXT,
	K_VAR,	    /* {{name}}: escaped */
	K_RAW,	    /* {{{name}}}, {{&name}} */
	K_SECTION,  /* {{#name}} */
	K_INVERTED, /* {{^name}} */
	K_CLOSE,    /* {{/name}} (tokens only) */
	K_PARTIAL,  /* {{>name}} */
	K_PARENT,   /* {{<name}} */
	K_BLOCK,    /* {{$name}} */
	K_COMMENT,  /* {{!...}} (tokens only) */
	K_DELIM	    /* {{=<% %>=}} (tokens only) */
};

struct token {
	enum kind kind;
	enum kind closes;      /* K_CLOSE: the kind of the tag it closes */
	int line;	       /* 1-based line of the token's first byte */
	int standalone;	       /* tags: alone on their line */
	int dropped;	       /* text: whitespace of a standalone line */
	size_t off, end;       /* the token's bytes in the source */
	size_t name, name_len; /* tags: the trimmed name, in the source */
	size_t line_off;       /* tags: where the token's line starts */
	size_t next_off;       /* tags: where the line after it starts */
};

struct part {
	const char *ptr;
	size_t len;
};

struct node {
	enum kind kind;
	int standalone;
	const char *str; /* K_TEXT: the text; tags: the name */
	size_t len;
	const struct part *parts; /* variables and sections: the dotted name,
				     none for "." */
	size_t nparts;
	/* K_PARTIAL, K_PARENT when standalone: the indentation of their line;
	 * K_BLOCK: the intrinsic indentation of the content. */
	const char *indent;
	size_t indent_len;
	const struct node *kids; /* sections and blocks: the content;
				     parents: their blocks */
	size_t nkids;
};

struct tmpl {
	char *name;
	size_t name_len;
	struct arena arena; /* the source copy and every node */
	const struct node *nodes;
	size_t nnodes;
};

struct mustache_set {
	struct tmpl **items; /* sorted by name */
	size_t len, cap;
};

/* ---------------------------------------------------------------- helpers */

#define NPOS ((size_t)-1)

static int is_blank_char(char c)
{
	return c == ' ' || c == '\t';
}

/* Offset of the first occurrence of needle in hay[from, len), or NPOS. */
static size_t find(const char *hay, size_t len, size_t from, const char *needle, size_t n)
{
	if (!n || len < n)
		return NPOS;
	for (size_t i = from; i + n <= len; i++) {
		const char *p = memchr(hay + i, needle[0], len - n + 1 - i);
		if (!p)
			return NPOS;
		i = (size_t)(p - hay);
		if (memcmp(p, needle, n) == 0)
			return i;
	}
	return NPOS;
}

static size_t blank_prefix(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n && is_blank_char(s[i]))
		i++;
	return i;
}

static size_t common_prefix(const char *a, size_t an, const char *b, size_t bn)
{
	size_t i = 0;
	while (i < an && i < bn && a[i] == b[i])
		i++;
	return i;
}

static const char *kind_word(enum kind k)
{
	switch (k) {
	case K_SECTION: return "section";
	case K_INVERTED: return "inverted section";
	case K_PARENT: return "parent";
	case K_BLOCK: return "block";
	default: return "tag";
	}
}

/* ---------------------------------------------------------------- tokenizer */

struct parser {
	const char *src;
	size_t len;
	struct arena *a;
	struct buf *err;
	struct token *toks;
	size_t ntoks, cap;
};

static struct token *add_token(struct parser *p, enum kind kind, size_t off,
			       size_t end, int line)
{
	XGROW(p->toks, p->cap, p->ntoks + 1);
	struct token *t = &p->toks[p->ntoks++];
	memset(t, 0, sizeof(*t));
	t->kind = kind;
	t->off = off;
	t->end = end;
	t->line = line;
	return t;
}

/* Adds src[from, to) as text tokens, one per line; returns the line number
 * after it. */
static int add_text(struct parser *p, size_t from, size_t to, int line)
{
	while (from < to) {
		const char *nl = memchr(p->src + from, '\n', to - from);
		size_t end = nl ? (size_t)(nl - p->src) + 1 : to;
		add_token(p, K_TEXT, from, end, line);
		if (nl)
			line++;
		from = end;
	}
	return line;
}

static void syntax_error(struct parser *p, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void syntax_error(struct parser *p, int line, const char *fmt, ...)
{
	va_list ap;
	if (!p->err)
		return;
	buf_printf(p->err, "line %d: ", line);
	va_start(ap, fmt);
	buf_vprintf(p->err, fmt, ap);
	va_end(ap);
}

/* Length of the tag text at off worth quoting in a message: up to the end
 * of its line, at most 40 bytes. */
static int quote_len(const struct parser *p, size_t off, size_t end)
{
	size_t n = 0;
	while (off + n < end && n < 40 && p->src[off + n] != '\n')
		n++;
	return (int)n;
}

/* Checks the name of a tag: not empty, no whitespace and, for data names,
 * no empty part between dots ("." alone is the current context). */
static int check_name(struct parser *p, const struct token *t, size_t at, size_t tag_end)
{
	const char *name = p->src + t->name;
	size_t n = t->name_len;
	if (!n) {
		syntax_error(p, t->line, "tag \"%.*s\" has no name",
			     quote_len(p, at, tag_end), p->src + at);
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		if (ascii_is_space(name[i])) {
			syntax_error(p, t->line,
				     "tag \"%.*s\" has whitespace in its name",
				     quote_len(p, at, tag_end), p->src + at);
			return -1;
		}
	}
	int data = t->kind == K_VAR || t->kind == K_RAW ||
		   t->kind == K_SECTION || t->kind == K_INVERTED;
	if (!data || (n == 1 && name[0] == '.'))
		return 0;
	int empty = name[0] == '.' || name[n - 1] == '.';
	for (size_t i = 1; i < n && !empty; i++)
		empty = name[i] == '.' && name[i - 1] == '.';
	if (empty) {
		syntax_error(p, t->line, "name \"%.*s\" has an empty part",
			     (int)n, name);
		return -1;
	}
	return 0;
}

/* Cuts the source into tokens and checks that sections nest. */
static int tokenize(struct parser *p)
{
	const char *src = p->src;
	size_t len = p->len;
	const char *otag = "{{", *ctag = "}}";
	size_t olen = 2, clen = 2;
	size_t open[MUSTACHE_MAX_NESTING];
	size_t nopen = 0;
	size_t pos = 0;
	int line = 1;

	while (pos < len) {
		size_t at = find(src, len, pos, otag, olen);
		line = add_text(p, pos, at == NPOS ? len : at, line);
		if (at == NPOS)
			break;

		size_t q = at + olen;
		enum kind kind = K_VAR;
		char type = q < len ? src[q] : '\0';
		switch (type) {
		case '#': kind = K_SECTION; break;
		case '^': kind = K_INVERTED; break;
		case '/': kind = K_CLOSE; break;
		case '>': kind = K_PARTIAL; break;
		case '<': kind = K_PARENT; break;
		case '$': kind = K_BLOCK; break;
		case '!': kind = K_COMMENT; break;
		case '=': kind = K_DELIM; break;
		case '&': kind = K_RAW; break;
		case '{': kind = K_RAW; break;
		default: type = '\0'; break;
		}
		if (type)
			q++;

		/* {{{name}}} ends at "}" + ctag, {{=a b=}} at "=" + ctag */
		char before = type == '{' ? '}' : type == '=' ? '=' : '\0';
		size_t close = q, cend = NPOS;
		while ((close = find(src, len, close, ctag, clen)) != NPOS) {
			if (!before) {
				cend = close;
				break;
			}
			if (close > q && src[close - 1] == before) {
				cend = close - 1;
				break;
			}
			close++;
		}
		if (cend == NPOS) {
			syntax_error(p, line, "tag \"%.*s\" is not closed",
				     quote_len(p, at, len), src + at);
			return -1;
		}
		size_t tag_end = close + clen;

		size_t b = q, e = cend;
		while (b < e && ascii_is_space(src[b]))
			b++;
		while (e > b && ascii_is_space(src[e - 1]))
			e--;

		struct token *t = add_token(p, kind, at, tag_end, line);
		t->name = b;
		t->name_len = e - b;
		for (size_t i = at; i < tag_end; i++)
			if (src[i] == '\n')
				line++;

		if (kind == K_DELIM) {
			/* two words, neither holding "=" */
			size_t a0 = b, a1 = b;
			while (a1 < e && !ascii_is_space(src[a1]))
				a1++;
			size_t b0 = a1;
			while (b0 < e && ascii_is_space(src[b0]))
				b0++;
			size_t b1 = b0;
			while (b1 < e && !ascii_is_space(src[b1]))
				b1++;
			if (a1 == a0 || b1 == b0 || b1 != e ||
			    memchr(src + a0, '=', a1 - a0) ||
			    memchr(src + b0, '=', b1 - b0)) {
				syntax_error(p, t->line,
					     "set delimiters tag \"%.*s\" is invalid",
					     quote_len(p, at, tag_end), src + at);
				return -1;
			}
			otag = src + a0;
			olen = a1 - a0;
			ctag = src + b0;
			clen = b1 - b0;
		} else if (kind != K_COMMENT) {
			if (check_name(p, t, at, tag_end) < 0)
				return -1;
		}

		if (kind == K_SECTION || kind == K_INVERTED ||
		    kind == K_PARENT || kind == K_BLOCK) {
			if (nopen == MUSTACHE_MAX_NESTING) {
				syntax_error(p, t->line,
					     "sections nested deeper than %d levels",
					     MUSTACHE_MAX_NESTING);
				return -1;
			}
			open[nopen++] = p->ntoks - 1;
		} else if (kind == K_CLOSE) {
			if (!nopen) {
				syntax_error(p, t->line,
					     "closing tag \"%.*s\" has no open section",
					     (int)t->name_len, src + t->name);
				return -1;
			}
			const struct token *o = &p->toks[open[nopen - 1]];
			if (o->name_len != t->name_len ||
			    memcmp(src + o->name, src + t->name, t->name_len)) {
				syntax_error(p, t->line,
					     "closing tag \"%.*s\" does not match %s \"%.*s\" opened on line %d",
					     (int)t->name_len, src + t->name,
					     kind_word(o->kind), (int)o->name_len,
					     src + o->name, o->line);
				return -1;
			}
			t->closes = o->kind;
			nopen--;
		}
		pos = tag_end;
	}
	if (nopen) {
		const struct token *o = &p->toks[open[nopen - 1]];
		syntax_error(p, o->line, "%s \"%.*s\" is not closed",
			     kind_word(o->kind), (int)o->name_len, src + o->name);
		return -1;
	}
	return 0;
}

/* ---------------------------------------------------------------- standalone */

/* True when text is spaces and tabs, then maybe "\n" or "\r\n". */
static int blank_line(const char *s, size_t n)
{
	if (n && s[n - 1] == '\n') {
		n--;
		if (n && s[n - 1] == '\r')
			n--;
	}
	return blank_prefix(s, n) == n;
}

/* Marks standalone lines: a line is standalone when it holds, apart from
 * spaces and tabs, only tags that write nothing themselves (sections,
 * closing tags, comments, set delimiters, partials, parents, blocks), of
 * which at most one is not a parent's opening or closing tag.  (Parent tags
 * write nothing of their own, so "{{<parent}}{{$block}}" on a line of its
 * own is standalone, and so is "{{<parent}}{{/parent}}"; two blocks are
 * not.)  Records each tag's line bounds for indentation. */
static void mark_standalone(struct parser *p)
{
	size_t i = 0, n = p->ntoks;
	while (i < n) {
		size_t j = i;
		while (j < n && !(p->toks[j].kind == K_TEXT &&
				  p->src[p->toks[j].end - 1] == '\n'))
			j++;
		size_t last = j < n ? j : n - 1;
		size_t line_off = p->toks[i].off;
		size_t next_off = j < n ? p->toks[j].end : p->len;
		int ok = 1, tags = 0, others = 0;

		for (size_t k = i; k <= last && ok; k++) {
			const struct token *t = &p->toks[k];
			switch (t->kind) {
			case K_TEXT:
				ok = blank_line(p->src + t->off, t->end - t->off);
				break;
			case K_VAR:
			case K_RAW: ok = 0; break;
			default:
				tags++;
				if (t->kind != K_PARENT &&
				    !(t->kind == K_CLOSE && t->closes == K_PARENT))
					others++;
				break;
			}
		}
		int standalone = ok && tags && others <= 1;
		for (size_t k = i; k <= last; k++) {
			struct token *t = &p->toks[k];
			if (t->kind == K_TEXT) {
				t->dropped = standalone;
			} else {
				t->standalone = standalone;
				t->line_off = line_off;
				t->next_off = next_off;
			}
		}
		i = last + 1;
	}
}

/* ---------------------------------------------------------------- tree */

struct level {
	size_t tok; /* the opening token; unused at the root */
	struct node *kids;
	size_t n, cap;
};

static struct node *add_node(struct level *l, enum kind kind)
{
	XGROW(l->kids, l->cap, l->n + 1);
	struct node *nd = &l->kids[l->n++];
	memset(nd, 0, sizeof(*nd));
	nd->kind = kind;
	return nd;
}

/* Fills the node's name (and its dotted parts for data names) from t. */
static void set_name(struct parser *p, struct node *nd, const struct token *t)
{
	nd->str = p->src + t->name;
	nd->len = t->name_len;
	if (nd->kind != K_VAR && nd->kind != K_RAW && nd->kind != K_SECTION &&
	    nd->kind != K_INVERTED)
		return;
	if (nd->len == 1 && nd->str[0] == '.')
		return;
	size_t count = 1;
	for (size_t i = 0; i < nd->len; i++)
		if (nd->str[i] == '.')
			count++;
	struct part *parts = arena_alloc(p->a, count * sizeof(*parts));
	size_t start = 0, k = 0;
	for (size_t i = 0; i <= nd->len; i++) {
		if (i == nd->len || nd->str[i] == '.') {
			parts[k].ptr = nd->str + start;
			parts[k].len = i - start;
			k++;
			start = i + 1;
		}
	}
	nd->parts = parts;
	nd->nparts = count;
}

/* The indentation of the line at off (spaces and tabs). */
static void set_indent(struct parser *p, struct node *nd, size_t off)
{
	nd->indent = p->src + off;
	nd->indent_len = blank_prefix(p->src + off, p->len - off);
}

static int build(struct parser *p, const struct node **nodes, size_t *nnodes)
{
	struct level levels[MUSTACHE_MAX_NESTING + 1];
	size_t depth = 0;
	int rc = -1;

	memset(&levels[0], 0, sizeof(levels[0]));
	for (size_t i = 0; i < p->ntoks; i++) {
		const struct token *t = &p->toks[i];
		struct level *l = &levels[depth];
		struct node *nd;
		switch (t->kind) {
		case K_TEXT:
			if (t->dropped)
				break;
			nd = l->n ? &l->kids[l->n - 1] : NULL;
			if (nd && nd->kind == K_TEXT &&
			    nd->str + nd->len == p->src + t->off) {
				nd->len += t->end - t->off;
				break;
			}
			nd = add_node(l, K_TEXT);
			nd->str = p->src + t->off;
			nd->len = t->end - t->off;
			break;
		case K_VAR:
		case K_RAW:
			nd = add_node(l, t->kind);
			set_name(p, nd, t);
			break;
		case K_PARTIAL:
			nd = add_node(l, K_PARTIAL);
			set_name(p, nd, t);
			nd->standalone = t->standalone;
			if (t->standalone)
				set_indent(p, nd, t->line_off);
			break;
		case K_SECTION:
		case K_INVERTED:
		case K_PARENT:
		case K_BLOCK:
			/* the tokenizer bounded the nesting */
			depth++;
			memset(&levels[depth], 0, sizeof(levels[depth]));
			levels[depth].tok = i;
			break;
		case K_CLOSE: {
			struct level *inner = &levels[depth];
			const struct token *o = &p->toks[inner->tok];
			struct level *outer = &levels[depth - 1];
			nd = add_node(outer, o->kind);
			set_name(p, nd, o);
			nd->standalone = o->standalone;
			if (o->kind == K_PARENT && o->standalone)
				set_indent(p, nd, o->line_off);
			if (o->kind == K_BLOCK)
				set_indent(p, nd, o->standalone ? o->next_off : o->line_off);
			/* a parent keeps only its blocks */
			size_t keep = 0;
			for (size_t k = 0; k < inner->n; k++)
				if (o->kind != K_PARENT || inner->kids[k].kind == K_BLOCK)
					keep++;
			struct node *kids =
				keep ? arena_alloc(p->a, keep * sizeof(*kids)) : NULL;
			keep = 0;
			for (size_t k = 0; k < inner->n; k++)
				if (o->kind != K_PARENT || inner->kids[k].kind == K_BLOCK)
					kids[keep++] = inner->kids[k];
			nd->kids = kids;
			nd->nkids = keep;
			free(inner->kids);
			depth--;
			break;
		}
		case K_COMMENT:
		case K_DELIM: break;
		}
	}
	if (depth)
		goto cleanup; /* the tokenizer rules this out */

	struct node *root =
		levels[0].n ? arena_alloc(p->a, levels[0].n * sizeof(*root)) : NULL;
	if (root)
		memcpy(root, levels[0].kids, levels[0].n * sizeof(*root));
	*nodes = root;
	*nnodes = levels[0].n;
	rc = 0;

cleanup:
	for (size_t d = 0; d <= depth; d++)
		free(levels[d].kids);
	return rc;
}

/* ---------------------------------------------------------------- the set */

struct mustache_set *mustache_set_new(void)
{
	return xcalloc(1, sizeof(struct mustache_set));
}

static void tmpl_free(struct tmpl *t)
{
	if (!t)
		return;
	arena_release(&t->arena);
	free(t->name);
	free(t);
}

void mustache_set_free(struct mustache_set *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->len; i++)
		tmpl_free(s->items[i]);
	free(s->items);
	free(s);
}

static int name_cmp(const char *a, size_t an, const char *b, size_t bn)
{
	int c = memcmp(a, b, an < bn ? an : bn);
	if (c)
		return c;
	return an < bn ? -1 : an > bn;
}

/* Index of the template named (name, n), or where it would go (*found 0). */
static size_t set_find(const struct mustache_set *s, const char *name, size_t n,
		       int *found)
{
	size_t lo = 0, hi = s->len;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct tmpl *t = s->items[mid];
		int c = name_cmp(t->name, t->name_len, name, n);
		if (c == 0) {
			*found = 1;
			return mid;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*found = 0;
	return lo;
}

static const struct tmpl *set_get(const struct mustache_set *s,
				  const char *name, size_t n)
{
	int found;
	size_t i = set_find(s, name, n, &found);
	return found ? s->items[i] : NULL;
}

int mustache_set_add(struct mustache_set *s, const char *name, const char *text,
		     size_t len, struct buf *err)
{
	struct tmpl *t = xcalloc(1, sizeof(*t));
	struct parser p = { 0 };
	int rc = -1;

	t->name_len = strlen(name);
	t->name = xstrndup(name, t->name_len);
	arena_init(&t->arena);
	p.src = arena_strndup(&t->arena, text ? text : "", text ? len : 0);
	p.len = text ? len : 0;
	p.a = &t->arena;
	p.err = err;

	if (tokenize(&p) < 0)
		goto cleanup;
	mark_standalone(&p);
	if (build(&p, &t->nodes, &t->nnodes) < 0)
		goto cleanup;

	int found;
	size_t i = set_find(s, t->name, t->name_len, &found);
	if (found) {
		tmpl_free(s->items[i]);
	} else {
		XGROW(s->items, s->cap, s->len + 1);
		memmove(s->items + i + 1, s->items + i,
			(s->len - i) * sizeof(*s->items));
		s->len++;
	}
	s->items[i] = t;
	t = NULL;
	rc = 0;

cleanup:
	free(p.toks);
	tmpl_free(t);
	return rc;
}

int mustache_set_has(const struct mustache_set *s, const char *name)
{
	return set_get(s, name, strlen(name)) != NULL;
}

/* ---------------------------------------------------------------- render */

struct ctx {
	const struct val *v;
	const struct ctx *up;
};

/* The blocks a parent tag passes down, while its template renders. */
struct scope {
	const struct node *parent;
	const struct scope *outer;
};

/* Reindentation of template lines (see the top of the file). */
struct frame {
	const char *strip, *add;
	size_t strip_len, add_len;
	const struct frame *outer;
};

struct renderer {
	struct buf *out;
	const struct mustache_set *set;
	struct buf *err;
	const struct frame *frames;
	const struct scope *scopes;
	/* bol: the next template text starts a line.  cont: that line was
	 * begun by the text before the block of frame cont, expanded mid-line:
	 * the frames inside cont indent it, cont only strips, and the frames
	 * outside it did their part already.  Only set while bol is. */
	int bol;
	const struct frame *cont;
	int depth;
	long steps;
	size_t start; /* out->len when the render began */
	int failed;
	struct buf ws[2]; /* scratch for indentation */
	struct buf num;	  /* scratch for numbers */
};

static void render_nodes(struct renderer *r, const struct node *nodes, size_t n,
			 const struct ctx *c);

static void render_fail(struct renderer *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void render_fail(struct renderer *r, const char *fmt, ...)
{
	va_list ap;
	r->failed = 1;
	if (!r->err)
		return;
	va_start(ap, fmt);
	buf_vprintf(r->err, fmt, ap);
	va_end(ap);
}

/* Counts one step; -1 (the render failed) past either bound.  Every node
 * is a step, so the output goes past its bound by one node's at most. */
static int step(struct renderer *r)
{
	if (++r->steps > MUSTACHE_MAX_STEPS) {
		render_fail(r, "rendering takes more than %ld steps (a template bomb?)",
			    (long)MUSTACHE_MAX_STEPS);
		return -1;
	}
	if (r->out->len - r->start > MUSTACHE_MAX_OUTPUT) {
		render_fail(r, "rendering writes more than %zu MiB (a template bomb?)",
			    MUSTACHE_MAX_OUTPUT >> 20);
		return -1;
	}
	return 0;
}

/* Writes the indentation of a template line whose own leading whitespace
 * is ws, as the frames make it. */
static void put_indent(struct renderer *r, const char *ws, size_t n)
{
	struct buf *cur = &r->ws[0], *next = &r->ws[1];
	buf_clear(cur);
	buf_put(cur, ws, n);
	for (const struct frame *f = r->frames; f; f = f->outer) {
		size_t k = common_prefix(cur->ptr, cur->len, f->strip, f->strip_len);
		buf_clear(next);
		if (f != r->cont)
			buf_put(next, f->add, f->add_len);
		buf_put(next, cur->ptr + k, cur->len - k);
		struct buf *tmp = cur;
		cur = next;
		next = tmp;
		if (f == r->cont)
			break;
	}
	buf_put(r->out, cur->ptr, cur->len);
}

/* Writes template text. */
static void put_text(struct renderer *r, const char *s, size_t n)
{
	if (!n)
		return;
	if (!r->frames) {
		buf_put(r->out, s, n);
		r->bol = s[n - 1] == '\n';
		r->cont = NULL;
		return;
	}
	while (n) {
		const char *nl = memchr(s, '\n', n);
		size_t len = nl ? (size_t)(nl - s) + 1 : n;
		int empty = len == 1 || (len == 2 && s[0] == '\r' && nl);
		if (r->bol && !(empty && nl)) {
			size_t ws = blank_prefix(s, len);
			put_indent(r, s, ws);
			buf_put(r->out, s + ws, len - ws);
		} else {
			buf_put(r->out, s, len);
		}
		r->bol = nl != NULL;
		r->cont = NULL;
		s += len;
		n -= len;
	}
}

/* Writes interpolated data: it may start a line, never ends one. */
static void put_data(struct renderer *r, const char *s, size_t n, int escape)
{
	if (!n)
		return;
	if (r->bol && r->frames)
		put_indent(r, "", 0);
	r->bol = 0;
	r->cont = NULL;
	if (escape)
		buf_put_html(r->out, s, n);
	else
		buf_put(r->out, s, n);
}

/* The value a tag names.  Each context searched counts as a step (checked
 * by the next node's step): the context stack can be thousands deep. */
static const struct val *lookup(struct renderer *r, const struct ctx *c,
				const struct node *nd)
{
	if (!nd->nparts)
		return c ? c->v : NULL;
	const struct val *v = NULL;
	for (; c && !v; c = c->up) {
		r->steps++;
		v = val_getn(c->v, nd->parts[0].ptr, nd->parts[0].len);
	}
	for (size_t i = 1; v && i < nd->nparts; i++)
		v = val_getn(v, nd->parts[i].ptr, nd->parts[i].len);
	return v;
}

/* The body that overrides block nd: from the outermost parent that has a
 * block of that name, or NULL. */
static const struct node *find_override(const struct renderer *r, const struct node *nd)
{
	const struct node *found = NULL;
	for (const struct scope *s = r->scopes; s; s = s->outer) {
		for (size_t i = 0; i < s->parent->nkids; i++) {
			const struct node *b = &s->parent->kids[i];
			if (b->len == nd->len && memcmp(b->str, nd->str, nd->len) == 0) {
				found = b;
				break;
			}
		}
	}
	return found;
}

/* Renders nodes inside a frame (when f is not NULL).  A standalone tag
 * starts the first line; an inline one continues the current line.  If the
 * nodes write nothing the line state is left as it was. */
static void render_framed(struct renderer *r, struct frame *f, int standalone,
			  const struct node *nodes, size_t n, const struct ctx *c)
{
	int bol = r->bol;
	const struct frame *cont = r->cont;
	size_t before = r->out->len;

	if (f) {
		f->outer = r->frames;
		r->frames = f;
	}
	if (standalone) {
		r->bol = 1;
	} else if (f && !r->bol) {
		r->bol = 1;
		r->cont = f;
	}
	render_nodes(r, nodes, n, c);
	if (f)
		r->frames = f->outer;
	if (r->out->len == before) {
		r->bol = bol;
		r->cont = cont;
	}
}

/* Expands the template a partial or parent tag names. */
static void expand(struct renderer *r, const struct node *nd, const struct ctx *c)
{
	const struct tmpl *t = set_get(r->set, nd->str, nd->len);
	if (!t)
		return;
	if (r->depth >= MUSTACHE_MAX_DEPTH) {
		render_fail(r, "%s \"%.*s\" nested deeper than %d levels",
			    nd->kind == K_PARENT ? "parent" : "partial",
			    (int)nd->len, nd->str, MUSTACHE_MAX_DEPTH);
		return;
	}
	if (step(r) < 0)
		return;
	struct frame f = { "", nd->indent, 0, nd->indent_len, NULL };
	r->depth++;
	render_framed(r, nd->indent_len ? &f : NULL, nd->standalone, t->nodes,
		      t->nnodes, c);
	r->depth--;
}

static void render_block(struct renderer *r, const struct node *nd, const struct ctx *c)
{
	const struct node *o = find_override(r, nd);
	if (!o) {
		render_nodes(r, nd->kids, nd->nkids, c);
		return;
	}
	if (r->depth >= MUSTACHE_MAX_DEPTH) {
		render_fail(r, "block \"%.*s\" nested deeper than %d levels",
			    (int)nd->len, nd->str, MUSTACHE_MAX_DEPTH);
		return;
	}
	if (step(r) < 0)
		return;
	struct frame f = { o->indent, nd->indent, o->indent_len, nd->indent_len, NULL };
	int plain = !f.strip_len && !f.add_len;
	r->depth++;
	render_framed(r, plain ? NULL : &f, nd->standalone, o->kids, o->nkids, c);
	r->depth--;
}

static void render_nodes(struct renderer *r, const struct node *nodes, size_t n,
			 const struct ctx *c)
{
	for (size_t i = 0; i < n && !r->failed; i++) {
		const struct node *nd = &nodes[i];
		const struct val *v;
		if (step(r) < 0)
			break;
		switch (nd->kind) {
		case K_TEXT: put_text(r, nd->str, nd->len); break;
		case K_VAR:
		case K_RAW:
			v = lookup(r, c, nd);
			if (!v)
				break;
			if (v->type == VAL_STR) {
				put_data(r, v->u.str.ptr, v->u.str.len,
					 nd->kind == K_VAR);
			} else {
				buf_clear(&r->num);
				if (val_scalar_text(&r->num, v) == 0)
					put_data(r, r->num.ptr, r->num.len,
						 nd->kind == K_VAR);
			}
			break;
		case K_SECTION:
			v = lookup(r, c, nd);
			if (!val_truthy(v))
				break;
			if (v->type == VAL_LIST) {
				for (size_t k = 0;
				     k < v->u.list.len && !r->failed; k++) {
					struct ctx inner = { v->u.list.items[k], c };
					if (step(r) < 0)
						break;
					render_nodes(r, nd->kids, nd->nkids, &inner);
				}
			} else {
				struct ctx inner = { v, c };
				if (step(r) < 0)
					break;
				render_nodes(r, nd->kids, nd->nkids, &inner);
			}
			break;
		case K_INVERTED:
			if (!val_truthy(lookup(r, c, nd)))
				render_nodes(r, nd->kids, nd->nkids, c);
			break;
		case K_PARTIAL: expand(r, nd, c); break;
		case K_PARENT: {
			struct scope s = { nd, r->scopes };
			r->scopes = &s;
			expand(r, nd, c);
			r->scopes = s.outer;
			break;
		}
		case K_BLOCK: render_block(r, nd, c); break;
		case K_CLOSE:
		case K_COMMENT:
		case K_DELIM: break;
		}
	}
}

int mustache_render(struct buf *out, const struct mustache_set *s,
		    const char *name, const struct val *ctx, struct buf *err)
{
	const struct tmpl *t = set_get(s, name, strlen(name));
	struct renderer r = { .out = out, .set = s, .err = err, .bol = 1, .start = out->len };
	struct ctx root = { ctx, NULL };
	int rc = -1;

	buf_init(&r.ws[0]);
	buf_init(&r.ws[1]);
	buf_init(&r.num);
	if (!t) {
		render_fail(&r, "template \"%s\" does not exist", name);
		goto cleanup;
	}
	render_nodes(&r, t->nodes, t->nnodes, &root);
	if (r.failed)
		goto cleanup;
	rc = 0;

cleanup:
	buf_release(&r.ws[0]);
	buf_release(&r.ws[1]);
	buf_release(&r.num);
	return rc;
}
