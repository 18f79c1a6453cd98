/* html: the raw HTML written in Markdown, made safe.
 *
 * READMEs are full of harmless HTML: badges as <img>, <details> and
 * <summary>, <p align="center">, <br>, <kbd>, <sub>.  html_sanitize reads
 * such raw HTML with a small, strict tokenizer and writes it again from its
 * parsed parts, keeping only an allowlist of elements and attributes (the
 * list is in html.c and in docs/security.md):
 *
 * - Text is written escaped, its character references decoded first
 *   ("&copy;" is shown as the sign, "&foo;" as written).
 * - An allowlisted start tag is written again: its name in lower case, only
 *   its allowlisted attributes, each value decoded, checked and escaped
 *   again.  URL attributes (href, src, srcset, cite) are handed to the
 *   caller's url callback, which decides as for a Markdown link; id and name
 *   get the prefix "user-content-" so they cannot clobber the page's own ids.
 *   Everything else (event handlers, style, class, ...) is left out.
 * - Any other tag (script, style, iframe, form, svg, an unknown element, a
 *   tag that does not parse) is shown as text, escaped, not dropped.
 * - Comments, processing instructions and declarations are dropped (an
 *   unterminated one hides the rest of the input, as in a browser).
 * - Open elements are remembered across calls, each with the caller's scope
 *   (the depth of the Markdown block or span it was opened in).  An end tag
 *   closes the nearest open element of that name in the same scope, and
 *   those opened after it; any other end tag is dropped.  html_close writes
 *   the end tags of a scope's elements when it ends, so the output is always
 *   well nested, whatever the input.  Void elements (br, hr, img, wbr,
 *   source) get no end tag.  At most HTML_MAX_OPEN elements are open at once;
 *   start tags beyond are dropped.
 *
 * So nothing from the input reaches the output but escaped text and tags
 * that this module made itself.
 *
 * Input need not be NUL-terminated; invalid UTF-8 and NUL bytes become
 * U+FFFD.  One sanitizer per document; not thread-safe, no global state. */
#ifndef CAIRN_HTML_H
#define CAIRN_HTML_H

#include <stddef.h>

#include "buf.h"

#define HTML_MAX_OPEN 100

/* Decides the fate of a URL found in an attribute.  url holds its value,
 * character references decoded; is_image is 1 for img src/srcset and source
 * srcset; at is the offset in the input of html_sanitize where the tag
 * starts.  Returns 1 to keep the URL (rewritten in url, or left as it is),
 * 0 to drop it. */
typedef int (*html_url_fn)(struct buf *url, int is_image, size_t at, void *userdata);

enum html_flags {
	HTML_INLINE = 1,  /* the text output is one line (a heading): block
			   * elements separate words with a space, not a
			   * line break */
	HTML_NO_LINKS = 2 /* inside a link: <a> tags are dropped */
};

struct html_open_el {
	unsigned char el; /* index in the allowlist */
	int scope;
};

struct html_attr {
	size_t name, name_len; /* offsets into the input */
	size_t val, val_len;
	int has_val;
};

struct html_sanitizer {
	html_url_fn url; /* NULL: every URL attribute is dropped */
	void *userdata;

	struct html_open_el *open;
	size_t nopen, open_cap;

	struct html_attr *attrs; /* the tag being read */
	size_t nattrs, attrs_cap;
	struct buf val, tmp, fixed;
};
#define HTML_SANITIZER_INIT                                                      \
	{                                                                        \
		NULL, NULL, NULL, 0, 0, NULL, 0, 0, BUF_INIT, BUF_INIT, BUF_INIT \
	}

/* Sanitizes src[0..len) (raw HTML: whole tags, comments and text) into html
 * (appended) and its text, without markup, into text (appended; may be
 * NULL).  Elements it opens belong to scope; end tags close only elements
 * of that scope.  flags: enum html_flags. */
void html_sanitize(struct html_sanitizer *s, struct buf *html, struct buf *text,
		   const char *src, size_t len, int scope, unsigned flags);

/* Writes the end tags of the open elements of scope `scope` and deeper,
 * innermost first, and forgets them.  html_close(s, html, text, 0) closes
 * everything. */
void html_close(struct html_sanitizer *s, struct buf *html, struct buf *text,
		int scope, unsigned flags);

/* Whether an <a> is open (a Markdown link inside it would nest links). */
int html_link_open(const struct html_sanitizer *s);

void html_sanitizer_release(struct html_sanitizer *s);

/* Appends what the character reference s[0..n) ("&amp;", "&#38;",
 * "&#x26;", with its ';') stands for, as UTF-8.  An invalid code point
 * becomes U+FFFD; an unknown name is appended as written. */
void html_put_entity(struct buf *out, const char *s, size_t n);

/* Appends s[0..n) with every character reference in it decoded (the names
 * html_put_entity knows), NUL bytes as U+FFFD. */
void html_decode(struct buf *out, const char *s, size_t n);

/* Appends a URL for an attribute value: spaces, controls, non-ASCII bytes
 * and a '%' that starts no %XX are percent-encoded, and the HTML specials
 * escaped. */
void html_put_url(struct buf *out, const char *s, size_t n);

#endif
