/* markdown: Markdown (CommonMark + GitHub's tables, task lists,
 * strikethrough and autolinks, via md4c) to HTML, with our own renderer.
 *
 * - Headings get stable ids (GitHub-style slugs, de-duplicated with -1,
 *   -2, ...) and are returned as a table of contents.
 * - Raw HTML in the Markdown goes through html_sanitize (html.h): an
 *   allowlist of harmless elements and attributes is written again from its
 *   parsed parts, anything else is shown escaped, as text; URLs in it are
 *   decided as a link's or an image's below (and handed to resolve alike).
 *   Elements opened in a Markdown block or span are closed when it ends.
 *   With opts->raw_html = 0, all raw HTML is escaped.
 * - Links and images: only http, https, mailto and relative URLs survive; a
 *   link with any other scheme (javascript:, data:, vbscript:, ... however
 *   disguised with case, entities or control characters) is dropped: its text
 *   is kept, without the link.  Relative URLs (no scheme, not "#frag", not
 *   "//host") are handed to opts->resolve, which may rewrite them.
 * - A plain-text rendering (no markup) is produced beside the HTML, for
 *   search and snippets: it holds the text of kept raw HTML elements (and
 *   images' alt text), not their tags. */
#ifndef CAIRN_MARKDOWN_H
#define CAIRN_MARKDOWN_H

#include <stddef.h>

#include "buf.h"

enum markdown_link_action {
	MARKDOWN_LINK_KEEP,    /* use the URL as written */
	MARKDOWN_LINK_REWRITE, /* use the URL written into `out` */
	MARKDOWN_LINK_DROP     /* keep the text, drop the link */
};

/* Called for each relative URL (href of a link, src of an image).
 * url is the decoded URL (entities resolved), NUL-terminated; line is the
 * 1-based line of the document where it appears (best effort; 0 if unknown,
 * and already shifted by opts->line_offset). */
typedef enum markdown_link_action (*markdown_resolve_fn)(struct buf *out,
							 const char *url, int is_image,
							 int line, void *userdata);

struct markdown_opts {
	markdown_resolve_fn resolve; /* may be NULL: keep relative URLs */
	void *userdata;
	int line_offset; /* added to line numbers (front matter lines) */
	int strip_title; /* drop a leading h1 from html (it is the title) */
	int raw_html;	 /* 1: raw HTML is sanitized (html.h) and kept;
			   * 0: it is all escaped, shown as text */
	/* md4c's callbacks for this very text, recorded when the crawl
	 * parsed it (mdtape.h), or NULL: played back instead of parsing it
	 * when the tape fits the text and the flags */
	const char *tape;
	size_t tape_len;
	/* 1: the text is valid UTF-8 without NUL (utf8_check says so, as of
	 * a document's text that the crawl repaired): not checked again */
	int valid_utf8;
};
#define MARKDOWN_OPTS_INIT                      \
	{                                       \
		NULL, NULL, 0, 0, 1, NULL, 0, 0 \
	}

struct markdown_heading {
	int level;  /* 1..6 */
	char *id;   /* the slug used as the id attribute */
	char *text; /* plain text of the heading */
};

struct markdown_result {
	struct buf html;
	struct buf text; /* plain text of the whole document */
	char *title;	 /* text of the first h1 if the document opens with
			    * one, else NULL */
	struct markdown_heading *toc;
	size_t ntoc;
	size_t toc_cap;
};
#define MARKDOWN_RESULT_INIT                         \
	{                                            \
		BUF_INIT, BUF_INIT, NULL, NULL, 0, 0 \
	}

/* Renders src (len bytes; need not be NUL-terminated; invalid UTF-8 is
 * replaced by U+FFFD).  Returns 0, or -1 if md4c failed. */
int markdown_render(struct markdown_result *out, const char *src, size_t len,
		    const struct markdown_opts *opts);
void markdown_result_release(struct markdown_result *r);

/* Makes src[0..len) fit for md4c's md_parse, as markdown_render and
 * outline.c hand it: invalid UTF-8 and NUL replaced by U+FFFD (line breaks
 * kept), and a line break at the end.  Points *src and *len at the text
 * (the same bytes, or a copy in fixed, which the caller releases). */
void markdown_md4c_input(struct buf *fixed, const char **src, size_t *len);

/* The length of what s[0..len) opens with before its content: a byte
 * order mark, blank lines, and HTML comments that fill their lines
 * ("<!-- toc -->", "<!-- markdownlint-disable -->", a template's
 * "<!--\n...\n-->" block; up to three spaces before each).  A level-1
 * heading right after it is the document's title: crawl.c's leading h1
 * and markdown_render's title (and strip_title) both skip it alike. */
size_t markdown_lead(const char *s, size_t len);

/* Writes the GitHub-style slug of a heading's text into out
 * ("Hello, World!" -> "hello-world"). */
void markdown_slug(struct buf *out, const char *text, size_t len);

/* Classifies a URL: returns 1 when its scheme is one we keep (http, https,
 * mailto) or it has none, 0 when it must be dropped.  Sets *relative when it
 * is a relative reference to be resolved (no scheme, not "#...", not "//"). */
int markdown_url_safe(const char *url, size_t len, int *relative);

/* What to say of a relative link whose file is not in the repository,
 * into out (appended): a web address written without its scheme
 * ("www.example.org/x", "play.rust-lang.org/": a first segment that opens
 * with "www." or is a host name followed by '/') gets "did you mean
 * \"https://www.example.org/x\"?", anything else "fix or remove it". */
void markdown_missing_link_advice(struct buf *out, const char *url);

#endif
