/* search: the full-text index.  The rules (words, stems, scoring, files)
 * are those of docs/search.md, mirrored by themes/default/assets/search.js:
 * change one, change the other and the document. */
#include "search.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
#include "cache.h"
#include "pool.h"
#include "xalloc.h"

/* ------------------------------------------------------------ settings */

#define TOKEN_MAX 32            /* code points; longer words are skipped */
#define SNIPPET_MAX 160         /* bytes of text kept for an entry's snippet */
#define POSTINGS_MAX 1200       /* entries kept per word: the best ones */
#define TERM_FILE_MAX 20000     /* bytes of a term file, at most (about) */
#define DOC_FILE_ENTRIES 16     /* entries per entry file */
#define PREFIX_MAX 20           /* completions of the word being typed */
#define TYPO_MAX 10             /* words one edit away */
#define QUERY_WORDS_MAX 16
#define NAME_BONUS 1000.0      /* the query is an entry's name */
#define NAME_PREFIX_BONUS 500.0 /* ... or the start of it, being typed */
#define BM25_K1 1.2
#define IMPACT_MAX 62           /* impacts are 1..62 (0: not in the text) */
#define IMPACT_NAME 63          /* the term is the entry's name; an impact follows */

enum { F_TITLE, F_HEAD, F_BODY, F_CTX, NFIELDS };
static const double field_weight[NFIELDS] = { 10, 4, 1, 0.5 };
static const double field_b[NFIELDS] = { 0.5, 0.5, 0.75, 0.5 };

#define MASK_NAME 8 /* a raw posting's field mask: bits 0..2 title, head, ctx */

static const char *const kind_order[] = {
	"service", "team", "runbook", "doc", "api", "operation", "rfc", "adr",
	"postmortem", "action-item", "page", NULL
};

/* ------------------------------------------------------------ Unicode */

/* The fold of each code point of U+00C0..U+024F then U+1E00..U+1EFF: its
 * base letter, '.' for none (the character is kept), '*' for two letters
 * (the next pair of fold_pairs, in order).  search.js holds the same. */
static const char fold_table[] =
	"aaaaaa*ceeeeiiiidnooooo.ouuuuy**aaaaaa*ceeeeiiiidnooooo.ouuuuy*yaaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiii**jjkkkllllllllllnnnnnnnnnoooooo**rrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzsbb....occdddddeeeffgg.iikkllmnnooo..pp.....ttttuu.vyyzz.............*********aaiioouuuuuuuuuueaaaa..ggggkkoooo..j***gg..nnaa....aaaaeeeeiiiioooorrrruuuusstt..hh.d....aaeeooooooooyylntj**accltsz..b..eejjqqrryy"
	"aabbbbbbccddddddddddeeeeeeeeeeffgghhhhhhhhhhiiiikkkkkkllllllllmmmmmmnnnnnnnnoooooooopppprrrrrrrrssssssssssttttttttuuuuuuuuuuvvvvwwwwwwwwwwxxxxyyzzzzzzhtwya.ss*daaaaaaaaaaaaaaaaaaaaaaaaeeeeeeeeeeeeeeeeiiiioooooooooooooooooooooooouuuuuuuuuuuuuuyyyyyyyy......";
static const char fold_pairs[] =
	"aethssaethijijoeoedzdzdzljljljnjnjnjdzdzdzdbqpss";

enum { C_SEP, C_WORD, C_JOIN, C_MARK, C_CJK };

static int char_class(uint32_t c)
{
	if (c < 0x80) {
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9'))
			return C_WORD;
		return c == '-' || c == '_' ? C_JOIN : C_SEP;
	}
	if (c < 0xC0 || c == 0xD7 || c == 0xF7)
		return C_SEP;
	if (c >= 0x300 && c <= 0x36F)
		return C_MARK;
	if ((c >= 0x3040 && c <= 0x30FF) || (c >= 0x3400 && c <= 0x4DBF) ||
	    (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF))
		return C_CJK;
	if ((c >= 0x2000 && c <= 0x2BFF) || (c >= 0x2E00 && c <= 0x2E7F) ||
	    (c >= 0x3000 && c <= 0x303F) || (c >= 0xD800 && c <= 0xF8FF) ||
	    c >= 0xFE00)
		return C_SEP;
	return C_WORD;
}

/* Decodes the code point at s[i] (i < n); returns its length.  Anything
 * malformed is one byte of U+FFFD (a separator). */
static size_t utf8_next(const char *str, size_t n, size_t i, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)str + i;
	size_t left = n - i, len;
	uint32_t c = s[0];

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		len = 2;
		c &= 0x1F;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3;
		c &= 0x0F;
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4;
		c &= 0x07;
	} else {
		*cp = 0xFFFD;
		return 1;
	}
	if (left < len)
		goto bad;
	for (size_t k = 1; k < len; k++) {
		if ((s[k] & 0xC0) != 0x80)
			goto bad;
		c = (c << 6) | (s[k] & 0x3F);
	}
	if ((len == 3 && c < 0x800) || (len == 4 && (c < 0x10000 || c > 0x10FFFF)))
		goto bad;
	*cp = c;
	return len;
bad:
	*cp = 0xFFFD;
	return 1;
}

static size_t utf8_put(char *out, uint32_t c)
{
	if (c < 0x80) {
		out[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		out[0] = (char)(0xC0 | (c >> 6));
		out[1] = (char)(0x80 | (c & 0x3F));
		return 2;
	}
	if (c < 0x10000) {
		out[0] = (char)(0xE0 | (c >> 12));
		out[1] = (char)(0x80 | ((c >> 6) & 0x3F));
		out[2] = (char)(0x80 | (c & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (c >> 18));
	out[1] = (char)(0x80 | ((c >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((c >> 6) & 0x3F));
	out[3] = (char)(0x80 | (c & 0x3F));
	return 4;
}

/* Writes the fold of c at out (room for 4 bytes); returns its length. */
static size_t fold_char(char *out, uint32_t c)
{
	long i = -1;

	if (c < 0x80) {
		out[0] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
		return 1;
	}
	if (c >= 0xC0 && c < 0x250)
		i = (long)(c - 0xC0);
	else if (c >= 0x1E00 && c < 0x1F00)
		i = (long)(c - 0x1E00) + (0x250 - 0xC0);
	if (i >= 0) {
		char f = fold_table[i];
		if (f == '*') {
			size_t rank = 0;
			for (long k = 0; k < i; k++)
				rank += fold_table[k] == '*';
			out[0] = fold_pairs[2 * rank];
			out[1] = fold_pairs[2 * rank + 1];
			return 2;
		}
		if (f != '.') {
			out[0] = f;
			return 1;
		}
	} else if ((c >= 0x391 && c <= 0x3A9 && c != 0x3A2) ||
		   (c >= 0x410 && c <= 0x42F)) {
		c += 32;
	} else if (c >= 0x400 && c <= 0x40F) {
		c += 80;
	}
	return utf8_put(out, c);
}

/* char_class of each ASCII character */
static const uint8_t ascii_class[128] = {
	['0'] = C_WORD, ['1'] = C_WORD, ['2'] = C_WORD, ['3'] = C_WORD,
	['4'] = C_WORD, ['5'] = C_WORD, ['6'] = C_WORD, ['7'] = C_WORD,
	['8'] = C_WORD, ['9'] = C_WORD, ['-'] = C_JOIN, ['_'] = C_JOIN,
#define L(x) [x] = C_WORD, [x + 32] = C_WORD
	L('A'), L('B'), L('C'), L('D'), L('E'), L('F'), L('G'), L('H'), L('I'),
	L('J'), L('K'), L('L'), L('M'), L('N'), L('O'), L('P'), L('Q'), L('R'),
	L('S'), L('T'), L('U'), L('V'), L('W'), L('X'), L('Y'), L('Z'),
#undef L
};

/* Each byte as the tokenizer's fast path sees it */
enum { B_SEP = 0, B_LOW = 1, B_UP = 2, B_JOIN = 4, B_HIGH = 8 };
static const uint8_t byte_kind[256] = {
#define R10(x) x, x, x, x, x, x, x, x, x, x
#define UP26 R10(B_UP), R10(B_UP), B_UP, B_UP, B_UP, B_UP, B_UP, B_UP
#define LOW26 R10(B_LOW), R10(B_LOW), B_LOW, B_LOW, B_LOW, B_LOW, B_LOW, B_LOW
	['0'] = R10(B_LOW),
	['A'] = UP26,
	['a'] = LOW26,
	['-'] = B_JOIN, ['_'] = B_JOIN,
	[0x80] = R10(B_HIGH), R10(B_HIGH), R10(B_HIGH), R10(B_HIGH), R10(B_HIGH),
	R10(B_HIGH), R10(B_HIGH), R10(B_HIGH), R10(B_HIGH), R10(B_HIGH),
	R10(B_HIGH), R10(B_HIGH), B_HIGH, B_HIGH, B_HIGH, B_HIGH, B_HIGH, B_HIGH,
	B_HIGH, B_HIGH,
#undef R10
#undef UP26
#undef LOW26
};

static int is_upper(uint32_t c) { return c >= 'A' && c <= 'Z'; }
static int is_lower(uint32_t c) { return c >= 'a' && c <= 'z'; }

/* ------------------------------------------------------------ tokens */

struct tok_state {
	void (*emit)(const struct search_token *t, void *userdata);
	void *userdata;
	size_t count;
};

/* A word being collected: folded bytes and code points. */
struct word {
	char s[TOKEN_MAX * 4 + 8];
	size_t len, ncp;
	int too_long;
};

static inline void word_add(struct word *w, uint32_t c)
{
	if (w->ncp >= TOKEN_MAX) {
		w->too_long = 1;
		return;
	}
	if (c < 0x80)
		w->s[w->len++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
	else
		w->len += fold_char(w->s + w->len, c);
	w->ncp++;
}

static void emit_token(struct tok_state *st, const char *s, size_t n,
		       size_t start, size_t end, int compound)
{
	struct search_token t = { s, n, start, end, compound };
	st->count++;
	st->emit(&t, st->userdata);
}

/* Splits one run (letters, digits, joiners '-' '_' and combining marks,
 * between separators) into its parts and, when it has several, the whole. */
static void tokenize_run(struct tok_state *st, const char *s, size_t a, size_t b)
{
	struct word part, whole;
	size_t pstart = a, wstart = SIZE_MAX, wend = a, i = a;
	int nparts = 0;
	uint32_t prev = 0;

	part.len = part.ncp = whole.len = whole.ncp = 0;
	part.too_long = whole.too_long = 0;
#define END_PART(at)                                                       \
	do {                                                               \
		if (part.ncp) {                                            \
			nparts++;                                          \
			if (part.ncp >= 2 && !part.too_long)               \
				emit_token(st, part.s, part.len, pstart,   \
					   (at), 0);                       \
		}                                                          \
		part.len = part.ncp = 0;                                   \
		part.too_long = 0;                                         \
	} while (0)

	while (i < b) {
		uint32_t c = (unsigned char)s[i];
		size_t n = 1;
		int k;
		if (c < 0x80) {
			k = ascii_class[c];
		} else {
			n = utf8_next(s, b, i, &c);
			k = char_class(c);
		}
		if (k == C_MARK) {
			i += n;
			continue;
		}
		if (k == C_JOIN) {
			END_PART(i);
			prev = 0;
			i += n;
			continue;
		}
		if (prev && is_upper(c)) {
			int split = 0;
			if (is_lower(prev)) {
				split = 1;
			} else if (is_upper(prev) && i + n < b) {
				uint32_t c1, c2 = 0;
				size_t n1 = utf8_next(s, b, i + n, &c1);
				if (is_lower(c1)) {
					split = 1;
					if (i + n + n1 < b)
						utf8_next(s, b, i + n + n1, &c2);
					if (c1 == 's' && !is_lower(c2))
						split = 0; /* "APIs", "URLsTo" */
				}
			}
			if (split)
				END_PART(i);
		}
		if (!part.ncp)
			pstart = i;
		if (wstart == SIZE_MAX)
			wstart = i;
		word_add(&part, c);
		word_add(&whole, c);
		prev = c;
		i += n;
		wend = i;
	}
	END_PART(b);
	if (nparts >= 2 && !whole.too_long)
		emit_token(st, whole.s, whole.len, wstart, wend, 1);
#undef END_PART
}

/* A run of ASCII letters and digits with no capital but maybe the first
 * (most words of prose): one token, folded here. */
static void plain_run(struct tok_state *st, const char *s, size_t a, size_t b)
{
	char w[TOKEN_MAX];
	size_t n = b - a;
	if (n < 2 || n > TOKEN_MAX)
		return;
	if (s[a] >= 'A' && s[a] <= 'Z') {
		for (size_t i = 0; i < n; i++)
			w[i] = s[a + i];
		w[0] += 32;
		emit_token(st, w, n, a, b, 0);
	} else {
		emit_token(st, s + a, n, a, b, 0);
	}
}

size_t search_tokenize(const char *text, size_t len,
		       void (*emit)(const struct search_token *t, void *userdata),
		       void *userdata)
{
	struct tok_state st = { emit, userdata, 0 };
	size_t i = 0;

	while (i < len) {
		unsigned char b = (unsigned char)text[i];
		uint32_t c;
		size_t n;
		int k;
		if (b < 0x80) { /* the common case, without decoding */
			if (byte_kind[b] & (B_LOW | B_UP)) {
				/* a run: plain when it is ASCII letters and
				 * digits with at most its first a capital */
				size_t a = i++;
				while (i < len && byte_kind[(unsigned char)text[i]] == B_LOW)
					i++;
				if (i == len || byte_kind[(unsigned char)text[i]] == B_SEP) {
					plain_run(&st, text, a, i);
					continue;
				}
				/* anything else: to the end of the run */
				for (; i < len; i += n) {
					n = utf8_next(text, len, i, &c);
					k = char_class(c);
					if (k != C_WORD && k != C_JOIN && k != C_MARK)
						break;
				}
				tokenize_run(&st, text, a, i);
				continue;
			}
			c = b;
			n = 1;
			k = ascii_class[b];
		} else {
			n = utf8_next(text, len, i, &c);
			k = char_class(c);
		}
		if (k == C_WORD || k == C_JOIN || k == C_MARK) {
			size_t a = i;
			for (i += n; i < len; i += n) {
				n = utf8_next(text, len, i, &c);
				k = char_class(c);
				if (k != C_WORD && k != C_JOIN && k != C_MARK)
					break;
			}
			tokenize_run(&st, text, a, i);
			continue;
		}
		if (k == C_CJK)
			emit_token(&st, text + i, n, i, i + n, 0);
		i += n;
	}
	return st.count;
}

/* The stop words, by length, each as the number its bytes make (little
 * end first), ending with 0. */
#define W2(a, b) ((uint64_t)(a) | (uint64_t)(b) << 8)
#define W3(a, b, c) (W2(a, b) | (uint64_t)(c) << 16)
#define W4(a, b, c, d) (W3(a, b, c) | (uint64_t)(d) << 24)
#define W5(a, b, c, d, e) (W4(a, b, c, d) | (uint64_t)(e) << 32)
static const uint64_t stop_words[6][15] = {
	{ 0 },
	{ 'a', 0 },
	{ W2('a', 'n'), W2('a', 's'), W2('a', 't'), W2('b', 'e'), W2('b', 'y'),
	  W2('i', 'f'), W2('i', 'n'), W2('i', 's'), W2('i', 't'), W2('n', 'o'),
	  W2('o', 'f'), W2('o', 'n'), W2('o', 'r'), W2('t', 'o'), 0 },
	{ W3('a', 'n', 'd'), W3('a', 'r', 'e'), W3('b', 'u', 't'), W3('f', 'o', 'r'),
	  W3('n', 'o', 't'), W3('t', 'h', 'e'), W3('w', 'a', 's'), 0 },
	{ W4('i', 'n', 't', 'o'), W4('s', 'u', 'c', 'h'), W4('t', 'h', 'a', 't'),
	  W4('t', 'h', 'e', 'n'), W4('t', 'h', 'e', 'y'), W4('t', 'h', 'i', 's'),
	  W4('w', 'i', 'l', 'l'), W4('w', 'i', 't', 'h'), 0 },
	{ W5('t', 'h', 'e', 'i', 'r'), W5('t', 'h', 'e', 'r', 'e'),
	  W5('t', 'h', 'e', 's', 'e'), 0 },
};
#undef W2
#undef W3
#undef W4
#undef W5

int search_is_stop_word(const char *w, size_t n)
{
	uint64_t v = 0;
	if (n < 1 || n > 5)
		return 0;
	for (size_t i = 0; i < n; i++)
		v |= (uint64_t)(unsigned char)w[i] << (8 * i);
	for (const uint64_t *p = stop_words[n]; *p; p++)
		if (*p == v)
			return 1;
	return 0;
}

/* ------------------------------------------------------------ stems */

#define ENDS(s, n, suf) \
	((n) >= sizeof(suf) - 1 && memcmp((s) + (n) - (sizeof(suf) - 1), suf, sizeof(suf) - 1) == 0)

static int has_vowel(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		switch (s[i]) {
		case 'a': case 'e': case 'i': case 'o': case 'u': case 'y':
			return 1;
		}
	return 0;
}

/* Writes the stem of word (n bytes, folded) to s (room for n + 1 bytes);
 * returns its length. */
static size_t stem_word(char *s, const char *word, size_t n)
{
	int plain = 1;
	for (size_t i = 0; i < n; i++) {
		s[i] = word[i];
		plain &= word[i] >= 'a' && word[i] <= 'z';
	}
	if (n < 4 || n > 64 || !plain)
		return n;

	/* plurals */
	if (s[n - 1] == 's') {
		if (ENDS(s, n, "sses")) {
			n -= 2;
		} else if (n >= 5 && ENDS(s, n, "ies")) {
			n -= 3;
			s[n++] = 'y';
		} else if (s[n - 2] != 's' && s[n - 2] != 'u' && s[n - 2] != 'i') {
			n--;
		}
	}

	/* one common suffix */
	switch (s[n - 1]) {
	case 'd':
		if (n >= 5 && ENDS(s, n, "ied")) {
			n -= 3;
			s[n++] = 'y';
		} else if (ENDS(s, n, "ed") && n - 2 >= 3 && has_vowel(s, n - 2)) {
			n -= 2;
			goto undouble;
		}
		break;
	case 'g':
		if (ENDS(s, n, "ing") && n - 3 >= 3 && has_vowel(s, n - 3)) {
			n -= 3;
			goto undouble;
		}
		break;
	case 'n':
		if (ENDS(s, n, "ation") && n - 5 >= 3) {
			memcpy(s + n - 5, "ate", 3);
			n -= 2;
		}
		break;
	case 't':
		if (ENDS(s, n, "ment") && n - 4 >= 5)
			n -= 4;
		break;
	case 's':
		if (ENDS(s, n, "ness") && n - 4 >= 4)
			n -= 4;
		break;
	case 'e':
		if ((ENDS(s, n, "able") || ENDS(s, n, "ible")) && n - 4 >= 4)
			n -= 4;
		break;
	}
	goto final_e;
undouble:
	if (s[n - 1] == s[n - 2] && !strchr("aeioulsz", s[n - 1]))
		n--;
final_e:
	if (n >= 4 && s[n - 1] == 'e')
		n--;
	return n;
}

void search_stem(struct buf *out, const char *word, size_t n)
{
	buf_grow(out, n + 1);
	out->len += stem_word(out->ptr + out->len, word, n);
	out->ptr[out->len] = '\0';
}

void search_name_key(struct buf *out, const char *text, size_t len)
{
	char k[TOKEN_MAX * 4 + 8];
	size_t kn = 0, ncp = 0, i = 0;

	while (i < len) {
		uint32_t c;
		size_t n = utf8_next(text, len, i, &c);
		int cl = char_class(c);
		i += n;
		if (cl != C_WORD && cl != C_CJK)
			continue;
		if (++ncp > TOKEN_MAX)
			return;
		kn += fold_char(k + kn, c);
	}
	if (kn)
		search_stem(out, k, kn);
}

/* ------------------------------------------------------------ numbers, hashes */

/* Postings in the files: base64url symbols.  A number is 5-bit groups,
 * low first; symbols 32..63 say "more follows", 0..31 end it. */
static const char b64[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/* Raw postings in memory: LEB128. */
static size_t put_varint(uint8_t *p, uint32_t v)
{
	size_t n = 0;
	while (v >= 0x80) {
		p[n++] = (uint8_t)(v | 0x80);
		v >>= 7;
	}
	p[n++] = (uint8_t)v;
	return n;
}

static uint32_t get_varint(const uint8_t **pp)
{
	const uint8_t *p = *pp;
	uint32_t v = 0;
	int shift = 0;
	while (*p & 0x80) {
		v |= (uint32_t)(*p++ & 0x7F) << shift;
		shift += 7;
	}
	v |= (uint32_t)*p++ << shift;
	*pp = p;
	return v;
}

/* A hash of n bytes, eight at a time; never 0. */
static uint32_t hash_bytes(const char *s, size_t n)
{
	uint64_t h = 0x9E3779B97F4A7C15ull ^ n;
	while (n >= 8) {
		uint64_t v;
		memcpy(&v, s, 8);
		h = (h ^ v) * 0xFF51AFD7ED558CCDull;
		h ^= h >> 32;
		s += 8;
		n -= 8;
	}
	if (n) {
		uint64_t v = 0;
		for (size_t i = 0; i < n; i++)
			v |= (uint64_t)(unsigned char)s[i] << (8 * i);
		h = (h ^ v) * 0xFF51AFD7ED558CCDull;
	}
	h ^= h >> 29;
	h *= 0xC4CEB9FE1A85EC53ull;
	h ^= h >> 32;
	return (uint32_t)h ? (uint32_t)h : 1;
}

/* hash_bytes of s (n bytes) when the bytes after it, up to a multiple of
 * 8, are zeros: a word at a time. */
static inline uint32_t hash_padded(const char *s, size_t n)
{
	uint64_t h = 0x9E3779B97F4A7C15ull ^ n;
	for (size_t i = 0; i < n; i += 8) {
		uint64_t v;
		memcpy(&v, s + i, 8);
		h = (h ^ v) * 0xFF51AFD7ED558CCDull;
		if (i + 8 <= n)
			h ^= h >> 32;
	}
	h ^= h >> 29;
	h *= 0xC4CEB9FE1A85EC53ull;
	h ^= h >> 32;
	return (uint32_t)h ? (uint32_t)h : 1;
}

/* ------------------------------------------------------------ the index */

struct term {
	const char *s;     /* NUL-terminated, in the index's arena */
	uint32_t len;
	uint32_t df;       /* entries holding it */
	union {
		struct {           /* while adding: the raw postings */
			uint32_t last; /* raw id of the last posting added */
			uint32_t n, cap; /* bytes of them, and room for them */
			union {
				uint8_t *p;    /* when cap > sizeof(in) */
				uint8_t in[8]; /* else: most words are in one entry */
			} u;
		};
		struct {           /* once frozen: the files' form (docs/search.md) */
			const char *line; /* the postings kept (the best POSTINGS_MAX) */
			const char *full; /* every posting (== line unless some were
					   * cut); NULL: full_n bytes at full_off in
					   * the spill file */
			uint64_t full_off;
			uint32_t line_n;  /* bytes of line */
			uint32_t kept;    /* postings in line */
			uint32_t full_n;
			uint8_t own;      /* TERM_OWN_*: line or full are the term's to free */
		};
	};
};

#define TERM_OWN_FULL 1
#define TERM_OWN_LINE 2

#define TERM_INLINE 8

static uint8_t *term_bytes(struct term *t)
{
	return t->cap > TERM_INLINE ? t->u.p : t->u.in;
}

static const uint8_t *term_cbytes(const struct term *t)
{
	return t->cap > TERM_INLINE ? t->u.p : t->u.in;
}

/* Frees t's file form, when it is its own. */
static void term_free_bytes(struct term *t)
{
	if (t->own & TERM_OWN_FULL)
		free((char *)t->full);
	if (t->own & TERM_OWN_LINE)
		free((char *)t->line);
	t->own = 0;
}

/* Frees t's raw postings. */
static void term_drop_raw(struct term *t)
{
	if (t->cap > TERM_INLINE)
		free(t->u.p);
	t->cap = TERM_INLINE;
	t->n = 0;
}

struct entry {
	const char *title, *base, *frag, *service, *page, *snippet;
	const char *owner; /* interned: the page it came from (search_entry.owner) */
	uint32_t nterms;   /* distinct words: its postings */
	uint32_t seq;      /* 0 for a page, i for its i-th section */
	uint16_t kind;
	uint16_t flen[NFIELDS];
	uint32_t id;       /* its place once frozen */
};

struct strset {
	const char **s;
	size_t cap, n;
};

struct term_file {
	size_t first;      /* index in `sorted` */
	size_t bytes;
	const char *key;   /* the smallest string it covers ("" for the first) */
	uint64_t hash;     /* of its bytes, once known */
	int clean;         /* its bytes are those of the saved index's file */
};

struct part;

struct search_index {
	pthread_mutex_t lock; /* for the entries and the interned strings */
	struct arena arena;
	struct entry *entries;
	size_t nentries, entries_cap;
	/* while adding, each worker adds words to a part of its own; gather()
	 * joins them here before freezing */
	struct part *parts;
	int nparts;
	int gathered;
	struct term *terms;
	size_t nterms, terms_cap;
	uint64_t *slots;    /* hash << 32 | (term index + 1); 0 when free */
	size_t nslots;
	struct strset strings;  /* interned addresses, services, pages */
	const char **kinds;
	size_t nkinds, kinds_cap;
	int frozen;

	/* set when frozen */
	struct entry **order;   /* by id */
	uint32_t *kind_start;   /* per kind rank: first id; [nkinds] = N */
	const char **kind_by_rank;
	uint16_t *kind_rank;    /* kind index -> rank */
	struct term **sorted;   /* in byte order */
	struct term_file *tfiles;
	size_t ntfiles;
	size_t *dfile_bytes;
	uint64_t *dfile_hash;   /* of each entry file's bytes, once known */
	uint8_t *dfile_clean;   /* as term_file.clean */
	size_t ndfiles;
	size_t manifest_bytes;
	uint64_t manifest_hash;
	size_t postings;
	double avg[NFIELDS];    /* the fields' average lengths, on the grid */
	int measured;           /* the sizes above are known */
	int written;            /* the hashes above are known */
	const char *map;        /* search_load: the file, mapped; entries and */
	size_t map_len;         /* terms point into it */
	/* freezing: the full lists of the terms cut to POSTINGS_MAX, which
	 * only search_save needs, wait in a temporary file rather than in
	 * memory (they are a third of the postings) */
	FILE *spill;
	uint64_t spill_len;
	int spill_failed;
	pthread_mutex_t spill_lock;
	int jobs;               /* threads for freezing and writing */
};

static void *scratch_grow(void *p, size_t *cap, size_t need, size_t size)
{
	xgrow(&p, cap, need, size);
	return p;
}

/* Returns the interned copy of s (s may be NULL: ""); lock held. */
static const char *intern(struct search_index *ix, const char *s, size_t n)
{
	struct strset *set = &ix->strings;
	if (!s || !n)
		return "";
	if (set->n * 2 >= set->cap) {
		size_t cap = set->cap ? set->cap * 2 : 256;
		const char **t = xcalloc(cap, sizeof(*t));
		for (size_t i = 0; i < set->cap; i++) {
			if (!set->s[i])
				continue;
			size_t h = hash_bytes(set->s[i], strlen(set->s[i])) & (cap - 1);
			while (t[h])
				h = (h + 1) & (cap - 1);
			t[h] = set->s[i];
		}
		free(set->s);
		set->s = t;
		set->cap = cap;
	}
	size_t h = hash_bytes(s, n) & (set->cap - 1);
	while (set->s[h]) {
		if (strncmp(set->s[h], s, n) == 0 && set->s[h][n] == '\0')
			return set->s[h];
		h = (h + 1) & (set->cap - 1);
	}
	set->n++;
	return set->s[h] = arena_strndup(&ix->arena, s, n);
}

static uint16_t kind_index(struct search_index *ix, const char *kind)
{
	if (!kind || !*kind)
		kind = "page";
	for (size_t i = 0; i < ix->nkinds; i++)
		if (strcmp(ix->kinds[i], kind) == 0)
			return (uint16_t)i;
	XGROW(ix->kinds, ix->kinds_cap, ix->nkinds + 1);
	ix->kinds[ix->nkinds] = arena_strdup(&ix->arena, kind);
	return (uint16_t)ix->nkinds++;
}

/* ---- one entry's words, counted first */

struct lterm {
	uint32_t hash;
	uint32_t off;      /* in keys */
	uint32_t len;
	uint32_t slot;     /* where it is in slots */
	uint16_t tf[NFIELDS];
	uint8_t name;
	uint32_t term;     /* its index in the part's terms, once added */
};

struct local {
	struct lterm *items;  /* in order of arrival */
	size_t n, items_cap;
	uint32_t *slots;      /* item index + 1, 0 when free */
	size_t nslots;
	struct buf keys;
	uint16_t flen[NFIELDS];
	int field;
};

static void local_init(struct local *l)
{
	memset(l, 0, sizeof(*l));
	l->nslots = 256;
	l->slots = xcalloc(l->nslots, sizeof(*l->slots));
	buf_init(&l->keys);
	l->field = F_BODY;
}

/* Empties l for the next entry, keeping its memory. */
static void local_reset(struct local *l)
{
	for (size_t i = 0; i < l->n; i++)
		l->slots[l->items[i].slot] = 0;
	l->n = 0;
	buf_clear(&l->keys);
	memset(l->flen, 0, sizeof(l->flen));
	l->field = F_BODY;
}

static void local_release(struct local *l)
{
	free(l->items);
	free(l->slots);
	buf_release(&l->keys);
}

static inline int key_eq(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (a[i] != b[i])
			return 0;
	return 1;
}

static struct lterm *local_get(struct local *l, const char *s, size_t n, uint32_t h)
{
	if (l->n * 2 >= l->nslots) {
		size_t cap = l->nslots * 2;
		free(l->slots);
		l->slots = xcalloc(cap, sizeof(*l->slots));
		l->nslots = cap;
		for (size_t i = 0; i < l->n; i++) {
			size_t k = l->items[i].hash & (cap - 1);
			while (l->slots[k])
				k = (k + 1) & (cap - 1);
			l->slots[k] = (uint32_t)i + 1;
			l->items[i].slot = (uint32_t)k;
		}
	}
	size_t k = h & (l->nslots - 1);
	while (l->slots[k]) {
		struct lterm *e = &l->items[l->slots[k] - 1];
		if (e->hash == h && e->len == n && key_eq(l->keys.ptr + e->off, s, n))
			return e;
		k = (k + 1) & (l->nslots - 1);
	}
	if (l->n >= l->items_cap)
		XGROW(l->items, l->items_cap, l->n + 1);
	struct lterm *e = &l->items[l->n];
	memset(e, 0, sizeof(*e));
	e->hash = h;
	e->off = (uint32_t)l->keys.len;
	e->len = (uint32_t)n;
	e->slot = (uint32_t)k;
	if (l->keys.len + n + 1 > l->keys.cap)
		buf_grow(&l->keys, n);
	for (size_t i = 0; i < n; i++)
		l->keys.ptr[l->keys.len + i] = s[i];
	l->keys.len += n;
	l->keys.ptr[l->keys.len] = '\0';
	l->slots[k] = (uint32_t)++l->n;
	return e;
}

static void local_token(const struct search_token *t, void *userdata)
{
	struct local *l = userdata;
	char st[TOKEN_MAX * 4 + 16];
	/* the whole of an identifier counts in the short fields only: in the
	 * body, most are one-offs that would crowd the index */
	if (t->compound ? l->field == F_BODY :
			  t->len <= 5 && search_is_stop_word(t->text, t->len))
		return;
	size_t n = stem_word(st, t->text, t->len);
	memset(st + n, 0, 8);
	struct lterm *e = local_get(l, st, n, hash_padded(st, n));
	if (e->tf[l->field] < UINT16_MAX)
		e->tf[l->field]++;
	if (l->flen[l->field] < UINT16_MAX)
		l->flen[l->field]++;
}

static void local_text(struct local *l, int field, const char *s, size_t n)
{
	if (!s || !n)
		return;
	l->field = field;
	search_tokenize(s, n, local_token, l);
}

/* ---- a worker's part: its words and their raw postings */

struct part {
	struct term *terms;
	size_t nterms, terms_cap;
	uint64_t *slots;    /* hash << 32 | (term index + 1); 0 when free */
	size_t nslots;
	struct arena arena; /* the words */
	struct local local; /* scratch: the entry being added */
	struct buf snippet, key;
};

static void part_init(struct part *p)
{
	memset(p, 0, sizeof(*p));
	p->nslots = 1024;
	p->slots = xcalloc(p->nslots, sizeof(*p->slots));
	arena_init(&p->arena);
	local_init(&p->local);
	buf_init(&p->snippet);
	buf_init(&p->key);
}

/* Frees the part's words (their strings stay, in its arena). */
static void part_drop_terms(struct part *p)
{
	for (size_t i = 0; i < p->nterms; i++)
		term_drop_raw(&p->terms[i]);
	free(p->terms);
	free(p->slots);
	p->terms = NULL;
	p->slots = NULL;
	p->nterms = p->terms_cap = p->nslots = 0;
}

static void part_release(struct part *p)
{
	part_drop_terms(p);
	arena_release(&p->arena);
	local_release(&p->local);
	buf_release(&p->snippet);
	buf_release(&p->key);
}

static struct term *term_get(struct part *p, const char *s, size_t n, uint32_t h)
{
	if (p->nterms * 4 >= p->nslots * 3) {
		size_t cap = p->nslots ? p->nslots * 2 : 1024;
		uint64_t *t = xcalloc(cap, sizeof(*t));
		for (size_t i = 0; i < p->nslots; i++) {
			if (!p->slots[i])
				continue;
			size_t k = (p->slots[i] >> 32) & (cap - 1);
			while (t[k])
				k = (k + 1) & (cap - 1);
			t[k] = p->slots[i];
		}
		free(p->slots);
		p->slots = t;
		p->nslots = cap;
	}
	size_t k = h & (p->nslots - 1);
	while (p->slots[k]) {
		if ((uint32_t)(p->slots[k] >> 32) == h) {
			struct term *t = &p->terms[(uint32_t)p->slots[k] - 1];
			if (t->len == n && key_eq(t->s, s, n))
				return t;
		}
		k = (k + 1) & (p->nslots - 1);
	}
	XGROW(p->terms, p->terms_cap, p->nterms + 1);
	struct term *t = &p->terms[p->nterms];
	memset(t, 0, sizeof(*t));
	t->s = arena_strndup(&p->arena, s, n);
	t->len = (uint32_t)n;
	t->cap = TERM_INLINE;
	p->slots[k] = (uint64_t)h << 32 | (uint32_t)++p->nterms;
	return t;
}

/* Appends n bytes of raw postings to t's. */
static void raw_put(struct term *t, const uint8_t *b, size_t n)
{
	if (t->n + n > t->cap) {
		size_t cap = t->cap + t->cap / 2;
		while (cap < t->n + n)
			cap += cap / 2;
		if (t->cap > TERM_INLINE) {
			t->u.p = xrealloc(t->u.p, cap);
		} else {
			uint8_t *p = xmalloc(cap);
			memcpy(p, t->u.in, t->n);
			t->u.p = p;
		}
		t->cap = (uint32_t)cap;
	}
	memcpy(term_bytes(t) + t->n, b, n);
	t->n += (uint32_t)n;
}

static void term_post(struct term *t, uint32_t id, const struct lterm *l)
{
	uint8_t tmp[40];
	size_t n = 0;
	unsigned mask = (l->tf[F_TITLE] ? 1 : 0) | (l->tf[F_HEAD] ? 2 : 0) |
			(l->tf[F_CTX] ? 4 : 0) | (l->name ? MASK_NAME : 0);

	/* a worker's entries are numbered in increasing order, but a gap
	 * may wrap around when gather() joins parts: decode_raw adds modulo
	 * 2^32 */
	n += put_varint(tmp + n, id - t->last);
	n += put_varint(tmp + n, (uint32_t)l->tf[F_BODY] << 1 | (mask != 0));
	if (mask) {
		tmp[n++] = (uint8_t)mask;
		if (mask & 1)
			n += put_varint(tmp + n, l->tf[F_TITLE]);
		if (mask & 2)
			n += put_varint(tmp + n, l->tf[F_HEAD]);
		if (mask & 4)
			n += put_varint(tmp + n, l->tf[F_CTX]);
	}
	raw_put(t, tmp, n);
	t->last = id;
	t->df++;
}

/* Moves the raw postings of t (another part's) to the end of g's. */
static void term_join(struct term *g, struct term *t)
{
	if (!t->n)
		return;
	if (!g->n) {
		g->df = t->df;
		g->last = t->last;
		g->n = t->n;
		g->cap = t->cap;
		g->u = t->u;
		t->cap = TERM_INLINE; /* g's now */
		t->n = 0;
		return;
	}
	/* t's first gap counts from 0: it becomes one from g's last */
	const uint8_t *p = term_cbytes(t), *end = p + t->n;
	uint8_t tmp[8];
	uint32_t first = get_varint(&p);
	raw_put(g, tmp, put_varint(tmp, first - g->last));
	raw_put(g, p, (size_t)(end - p));
	g->last = t->last;
	g->df += t->df;
	term_drop_raw(t);
}

/* Exchanges the index's table of words with a part's. */
static void swap_table(struct search_index *ix, struct part *p)
{
#define SWAP(field)                               \
	do {                                      \
		__typeof__(ix->field) t = ix->field; \
		ix->field = p->field;             \
		p->field = t;                     \
	} while (0)
	SWAP(terms);
	SWAP(nterms);
	SWAP(terms_cap);
	SWAP(slots);
	SWAP(nslots);
#undef SWAP
}

/* Joins the parts' words into the index's table (once, before freezing
 * or before search_update reads an index). */
static void gather(struct search_index *ix)
{
	if (ix->gathered)
		return;
	ix->gathered = 1;
	struct part *into = &ix->parts[0];
	for (int k = 1; k < ix->nparts; k++) {
		struct part *p = &ix->parts[k];
		for (size_t i = 0; i < p->nterms; i++) {
			struct term *t = &p->terms[i];
			term_join(term_get(into, t->s, t->len, hash_bytes(t->s, t->len)), t);
		}
		part_drop_terms(p);
	}
	swap_table(ix, into); /* the index's table was empty */
}

struct search_index *search_index_new(void)
{
	struct search_index *ix = xcalloc(1, sizeof(*ix));
	pthread_mutex_init(&ix->lock, NULL);
	pthread_mutex_init(&ix->spill_lock, NULL);
	ix->jobs = 1;
	arena_init(&ix->arena);
	ix->nparts = 1;
	ix->parts = xcalloc(1, sizeof(*ix->parts));
	part_init(&ix->parts[0]);
	return ix;
}

void search_index_free(struct search_index *ix)
{
	if (!ix)
		return;
	for (size_t i = 0; i < ix->nterms; i++) {
		if (ix->frozen)
			term_free_bytes(&ix->terms[i]);
		else
			term_drop_raw(&ix->terms[i]);
	}
	for (int k = 0; k < ix->nparts; k++)
		part_release(&ix->parts[k]);
	free(ix->parts);
	free(ix->terms);
	free(ix->slots);
	free(ix->entries);
	free(ix->strings.s);
	free(ix->kinds);
	free(ix->order);
	free(ix->kind_start);
	free(ix->kind_by_rank);
	free(ix->kind_rank);
	free(ix->sorted);
	free(ix->tfiles);
	free(ix->dfile_bytes);
	free(ix->dfile_hash);
	free(ix->dfile_clean);
	if (ix->spill)
		fclose(ix->spill);
	if (ix->map)
		munmap((void *)ix->map, ix->map_len);
	arena_release(&ix->arena);
	pthread_mutex_destroy(&ix->lock);
	pthread_mutex_destroy(&ix->spill_lock);
	free(ix);
}

void search_set_threads(struct search_index *ix, int jobs)
{
	ix->jobs = jobs < 1 ? 1 : jobs;
	if (ix->frozen)
		return;
	if (ix->gathered) {
		/* search_update read it, and more is added: the words go back
		 * to the first part */
		swap_table(ix, &ix->parts[0]); /* the part's was empty */
		ix->gathered = 0;
	}
	if (ix->jobs <= ix->nparts)
		return;
	ix->parts = xrealloc(ix->parts, (size_t)ix->jobs * sizeof(*ix->parts));
	for (int k = ix->nparts; k < ix->jobs; k++)
		part_init(&ix->parts[k]);
	ix->nparts = ix->jobs;
}

/* The text of an entry, as spans of `text` and their field. */
struct span {
	size_t a, b;
	int field;
};

struct entry_src {
	const struct search_entry *e;
	const char *title;     /* shown */
	const char *page;      /* interned, or NULL */
	uint32_t seq;
	const char *text;      /* body text the spans refer to */
	const struct span *spans;
	size_t nspans;
	const char *snippet_text; /* when the spans have no body text */
	size_t snippet_len;
};

/* Appends text with its blanks squeezed to out, up to SNIPPET_MAX bytes;
 * returns 1 when it is full. */
static int snippet_put(struct buf *out, const char *s, size_t n)
{
	buf_grow(out, SNIPPET_MAX + 8);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
			if (out->len && out->ptr[out->len - 1] != ' ')
				out->ptr[out->len++] = ' ';
			continue;
		}
		if (out->len >= SNIPPET_MAX) {
			out->ptr[out->len] = '\0';
			return 1;
		}
		out->ptr[out->len++] = (char)c;
	}
	out->ptr[out->len] = '\0';
	if (out->len && out->ptr[out->len - 1] != ' ')
		buf_putc(out, ' ');
	return out->len >= SNIPPET_MAX;
}

/* Cuts a snippet at a character (and, near the end, a word) boundary. */
static void snippet_finish(struct buf *sn, int full)
{
	while (sn->len && sn->ptr[sn->len - 1] == ' ')
		buf_truncate(sn, sn->len - 1);
	if (!full && sn->len <= SNIPPET_MAX)
		return;
	size_t n = sn->len < SNIPPET_MAX ? sn->len : SNIPPET_MAX;
	while (n && ((unsigned char)sn->ptr[n] & 0xC0) == 0x80)
		n--;
	for (size_t k = n; k > 0 && k + 30 > n; k--) {
		if (sn->ptr[k - 1] == ' ') {
			n = k - 1;
			break;
		}
	}
	buf_truncate(sn, n);
	buf_puts(sn, "\xE2\x80\xA6");
}

static void add_entry(struct search_index *ix, int worker, const struct entry_src *src)
{
	const struct search_entry *e = src->e;
	if (worker < 0 || worker >= ix->nparts) {
		fprintf(stderr, "search: worker %d of %d parts (search_set_threads)\n", worker,
			ix->nparts);
		abort();
	}
	struct part *pt = &ix->parts[worker];
	struct local *l = &pt->local;
	struct buf *snippet = &pt->snippet, *key = &pt->key;
	const char *url = e->url ? e->url : "";
	const char *hash = strchr(url, '#');
	size_t baselen = hash ? (size_t)(hash - url) : strlen(url);
	int full = 0;

	local_reset(l);
	buf_clear(snippet);
	buf_clear(key);
	local_text(l, src->e->section ? F_HEAD : F_TITLE, src->title, strlen(src->title));
	local_text(l, F_HEAD, e->headings, e->headings ? strlen(e->headings) : 0);
	for (size_t i = 0; i < src->nspans; i++) {
		const struct span *sp = &src->spans[i];
		local_text(l, sp->field, src->text + sp->a, sp->b - sp->a);
		if (sp->field == F_BODY && !full)
			full = snippet_put(snippet, src->text + sp->a, sp->b - sp->a);
	}
	if (!snippet->len && src->snippet_text)
		full = snippet_put(snippet, src->snippet_text, src->snippet_len);
	snippet_finish(snippet, full);
	local_text(l, F_CTX, e->service, e->service ? strlen(e->service) : 0);
	local_text(l, F_CTX, src->page, src->page ? strlen(src->page) : 0);
	if (e->name && *e->name) {
		search_name_key(key, e->name, strlen(e->name));
		if (key->len)
			local_get(l, key->ptr, key->len, hash_bytes(key->ptr, key->len))->name = 1;
	}

	/* the entry, under the lock; its words need none */
	pthread_mutex_lock(&ix->lock);
	if (ix->frozen || ix->gathered) {
		fprintf(stderr, "search: an entry was added after the index was written\n");
		abort();
	}
	XGROW(ix->entries, ix->entries_cap, ix->nentries + 1);
	uint32_t id = (uint32_t)ix->nentries++;
	struct entry *en = &ix->entries[id];
	en->title = arena_strdup(&ix->arena, src->title);
	en->base = intern(ix, url, baselen);
	en->frag = hash && hash[1] ? arena_strdup(&ix->arena, hash + 1) : NULL;
	en->service = intern(ix, e->service, e->service ? strlen(e->service) : 0);
	en->page = src->page ? intern(ix, src->page, strlen(src->page)) : "";
	en->snippet = arena_strndup(&ix->arena, snippet->ptr, snippet->len);
	en->owner = intern(ix, e->owner, e->owner ? strlen(e->owner) : 0);
	en->nterms = (uint32_t)l->n;
	en->seq = src->seq;
	en->kind = kind_index(ix, e->kind);
	memcpy(en->flen, l->flen, sizeof(en->flen));
	pthread_mutex_unlock(&ix->lock);

	/* the words: a table far bigger than the caches, so each pass
	 * fetches what the next needs, for all of them at once */
	if ((pt->nterms + l->n) * 4 < pt->nslots * 3) {
		size_t mask = pt->nslots - 1;
		for (size_t i = 0; i < l->n; i++)
			__builtin_prefetch(&pt->slots[l->items[i].hash & mask]);
		for (size_t i = 0; i < l->n; i++) {
			uint64_t sl = pt->slots[l->items[i].hash & mask];
			if (sl && (uint32_t)(sl >> 32) == l->items[i].hash)
				__builtin_prefetch(&pt->terms[(uint32_t)sl - 1]);
		}
		for (size_t i = 0; i < l->n; i++) {
			uint64_t sl = pt->slots[l->items[i].hash & mask];
			if (sl && (uint32_t)(sl >> 32) == l->items[i].hash) {
				const struct term *t = &pt->terms[(uint32_t)sl - 1];
				__builtin_prefetch(t->s);
				__builtin_prefetch(term_cbytes(t) + t->n);
			}
		}
	}
	for (size_t i = 0; i < l->n; i++)
		l->items[i].term = (uint32_t)(term_get(pt, l->keys.ptr + l->items[i].off,
						       l->items[i].len, l->items[i].hash) -
					      pt->terms);
	for (size_t i = 0; i < l->n; i++)
		term_post(&pt->terms[l->items[i].term], id, &l->items[i]);
}

void search_add(struct search_index *ix, int worker, const struct search_entry *e)
{
	size_t n = e->body ? (e->body_len ? e->body_len : strlen(e->body)) : 0;
	struct span sp = { 0, n, F_BODY };
	struct entry_src src = { e, e->title ? e->title : "", e->page, 0,
				 e->body, &sp, n ? 1 : 0, NULL, 0 };
	add_entry(ix, worker, &src);
}

/* Compares line s[a, b) with text, both trimmed of blanks. */
static int line_is(const char *s, size_t a, size_t b, const char *text)
{
	size_t n = strlen(text);
	while (a < b && (s[a] == ' ' || s[a] == '\t'))
		a++;
	while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t' || s[b - 1] == '\r'))
		b--;
	while (n && (*text == ' ' || *text == '\t')) {
		text++;
		n--;
	}
	while (n && (text[n - 1] == ' ' || text[n - 1] == '\t'))
		n--;
	return n && b - a == n && memcmp(s + a, text, n) == 0;
}

struct found {
	size_t a, b;      /* the heading's line */
	size_t toc;       /* its index in toc */
};

void search_add_page(struct search_index *ix, int worker, const struct search_entry *page,
		     const struct markdown_heading *toc, size_t ntoc)
{
	const char *text = page->body ? page->body : "";
	size_t len = page->body ? (page->body_len ? page->body_len : strlen(text)) : 0;
	const char *title = page->title ? page->title : "";
	struct found *found = NULL;
	size_t nfound = 0, found_cap = 0, ti = 0, pos = 0;
	struct span *spans = NULL;
	size_t nspans = 0, spans_cap = 0;
	struct buf url = BUF_INIT;
	size_t skip_title = SIZE_MAX; /* toc index of a leading h1 = title */

	if (ntoc && toc[0].level == 1 && toc[0].text && strcmp(toc[0].text, title) == 0)
		skip_title = 0;

	/* find each heading's line, in order; one unmatched heading is
	 * stepped over */
	while (pos < len && ti < ntoc) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - text) : len;
		size_t hit = SIZE_MAX;
		if (toc[ti].text && line_is(text, pos, end, toc[ti].text))
			hit = ti;
		else if (ti + 1 < ntoc && toc[ti + 1].text &&
			 line_is(text, pos, end, toc[ti + 1].text))
			hit = ti + 1;
		if (hit != SIZE_MAX) {
			found = scratch_grow(found, &found_cap, nfound + 1, sizeof(*found));
			found[nfound++] = (struct found){ pos, end, hit };
			ti = hit + 1;
		}
		pos = nl ? end + 1 : len;
	}

	/* the page: its text up to its first section (a title line is
	 * dropped, deeper headings count as headings) */
	size_t f = 0, from = 0;
	spans = scratch_grow(spans, &spans_cap, 2 * nfound + 1, sizeof(*spans));
	for (; f < nfound; f++) {
		if (found[f].toc != skip_title && toc[found[f].toc].level <= 3)
			break;
		spans[nspans++] = (struct span){ from, found[f].a, F_BODY };
		if (found[f].toc != skip_title)
			spans[nspans++] = (struct span){ found[f].a, found[f].b, F_HEAD };
		from = found[f].b;
	}
	spans[nspans++] = (struct span){ from, f < nfound ? found[f].a : len, F_BODY };
	size_t first_section = f;
	{
		struct search_entry pe = *page;
		struct entry_src src = { &pe, title, NULL, 0, text, spans, nspans, NULL, 0 };
		pe.page = NULL;
		pe.section = 0;
		if (first_section < nfound) {
			/* with no text of its own, it shows its first section's */
			size_t next = first_section + 1 < nfound ? found[first_section + 1].a : len;
			src.snippet_text = text + found[first_section].b;
			src.snippet_len = next - found[first_section].b;
		}
		add_entry(ix, worker, &src);
	}

	/* each section */
	const char *url0 = page->url ? page->url : "";
	const char *hash = strchr(url0, '#');
	size_t baselen = hash ? (size_t)(hash - url0) : strlen(url0);
	uint32_t seq = 1;
	for (f = first_section; f < nfound;) {
		const struct markdown_heading *h = &toc[found[f].toc];
		size_t g = f + 1;
		nspans = 0;
		from = found[f].b;
		for (; g < nfound; g++) {
			if (toc[found[g].toc].level <= 3 && found[g].toc != skip_title)
				break;
			spans[nspans++] = (struct span){ from, found[g].a, F_BODY };
			spans[nspans++] = (struct span){ found[g].a, found[g].b, F_HEAD };
			from = found[g].b;
		}
		spans[nspans++] = (struct span){ from, g < nfound ? found[g].a : len, F_BODY };

		buf_clear(&url);
		buf_put(&url, url0, baselen);
		buf_putc(&url, '#');
		buf_puts(&url, h->id ? h->id : "");
		struct search_entry se = SEARCH_ENTRY_INIT;
		se.kind = page->kind;
		se.title = h->text;
		se.url = url.ptr;
		se.service = page->service;
		se.page = title;
		se.section = 1;
		se.owner = page->owner;
		struct entry_src src = { &se, h->text ? h->text : "", title, seq++,
					 text, spans, nspans, NULL, 0 };
		add_entry(ix, worker, &src);
		f = g;
	}
	free(found);
	free(spans);
	buf_release(&url);
}

/* ------------------------------------------------------------ freezing */

static int cmp_str(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "");
}

static int cmp_entry(const void *pa, const void *pb)
{
	const struct entry *a = *(const struct entry *const *)pa;
	const struct entry *b = *(const struct entry *const *)pb;
	int c;
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	if ((c = strcmp(a->base, b->base)))
		return c;
	if (a->seq != b->seq)
		return a->seq < b->seq ? -1 : 1;
	if ((c = cmp_str(a->frag, b->frag)) || (c = strcmp(a->title, b->title)) ||
	    (c = strcmp(a->service, b->service)) || (c = strcmp(a->page, b->page)) ||
	    (c = strcmp(a->snippet, b->snippet)))
		return c;
	if ((c = memcmp(a->flen, b->flen, sizeof(a->flen))) || (c = strcmp(a->owner, b->owner)))
		return c;
	return a->nterms < b->nterms ? -1 : a->nterms > b->nterms;
}

static int cmp_term(const void *pa, const void *pb)
{
	const struct term *a = *(const struct term *const *)pa;
	const struct term *b = *(const struct term *const *)pb;
	return strcmp(a->s, b->s);
}

struct post {
	uint32_t id;
	uint32_t q;
	uint32_t name;
};


/* Sorts p[0, n) by id: by insertion when short, else by radix. */
static void sort_by_id(struct post *p, size_t n, struct post **tmp, size_t *tcap)
{
	if (n <= 48) {
		for (size_t i = 1; i < n; i++) {
			struct post x = p[i];
			size_t j = i;
			for (; j > 0 && p[j - 1].id > x.id; j--)
				p[j] = p[j - 1];
			p[j] = x;
		}
		return;
	}
	uint32_t max = 0;
	for (size_t i = 0; i < n; i++)
		max |= p[i].id;
	*tmp = scratch_grow(*tmp, tcap, n, sizeof(**tmp));
	struct post *a = p, *b = *tmp;
	for (int shift = 0; shift < 32 && (max >> shift); shift += 8) {
		size_t count[257] = { 0 };
		for (size_t i = 0; i < n; i++)
			count[((a[i].id >> shift) & 255) + 1]++;
		for (int k = 0; k < 256; k++)
			count[k + 1] += count[k];
		for (size_t i = 0; i < n; i++)
			b[count[(a[i].id >> shift) & 255]++] = a[i];
		struct post *t = a;
		a = b;
		b = t;
	}
	if (a != p)
		memcpy(p, a, n * sizeof(*p));
}

/* Keeps the best POSTINGS_MAX of p[0, n) (names, then by impact, then by
 * id), in any order; returns how many are kept. */
static size_t prune(struct post *p, size_t n, struct post **tmp, size_t *tcap)
{
	size_t count[IMPACT_NAME + 1] = { 0 }, above = 0, kept = 0, nties = 0;
	int cut = IMPACT_NAME;
#define RANK(x) ((x).name ? IMPACT_NAME : (int)(x).q)
	if (n <= POSTINGS_MAX)
		return n;
	for (size_t i = 0; i < n; i++)
		count[RANK(p[i])]++;
	while (above + count[cut] < POSTINGS_MAX) /* the rank where it fills */
		above += count[cut--];
	*tmp = scratch_grow(*tmp, tcap, n, sizeof(**tmp));
	struct post *ties = *tmp;
	for (size_t i = 0; i < n; i++) {
		if (RANK(p[i]) > cut)
			p[kept++] = p[i];
		else if (RANK(p[i]) == cut)
			ties[nties++] = p[i];
	}
#undef RANK
	/* the lowest ids among the ties: sorting them needs scratch of its
	 * own, so they move to the end of p first */
	memmove(p + n - nties, ties, nties * sizeof(*p));
	sort_by_id(p + n - nties, nties, tmp, tcap);
	memmove(p + kept, p + n - nties, (POSTINGS_MAX - kept) * sizeof(*p));
	return POSTINGS_MAX;
}

/* What scoring needs of an entry, by the order entries arrived in: small,
 * so that the postings' random accesses stay in the caches. */
struct entry_weights {
	float w[NFIELDS];  /* each field's weight over its length normalisation */
	uint32_t id;       /* the entry's place once frozen */
};

/* The average length of a field, put on a grid of AVG_STEPS steps per
 * doubling: an impact then depends on the entry alone as long as the
 * average stays in its step, so a rebuild need not compute every posting
 * again when one page changes (docs/search.md, "Scoring"). */
#define AVG_STEPS 64

static double avg_on_grid(uint64_t total, size_t n)
{
	if (!n || !total)
		return 0;
	return exp2(round(log2((double)total / (double)n) * AVG_STEPS) / AVG_STEPS);
}

static void field_weights(float w[NFIELDS], const uint16_t flen[NFIELDS],
			  const double avg[NFIELDS])
{
	for (int f = 0; f < NFIELDS; f++) {
		w[f] = 0;
		if (avg[f] <= 0)
			continue;
		double norm = 1 - field_b[f] + field_b[f] * flen[f] / avg[f];
		w[f] = (float)(field_weight[f] / norm);
	}
}

static uint32_t impact_of(const uint32_t tf[NFIELDS], const float w[NFIELDS])
{
	double x = 0;
	for (int f = 0; f < NFIELDS; f++)
		x += tf[f] * (double)w[f];
	if (x <= 0)
		return 0;
	uint32_t q = (uint32_t)lround(x / (BM25_K1 + x) * IMPACT_MAX);
	return q < 1 ? 1 : q > IMPACT_MAX ? IMPACT_MAX : q;
}

/* Reads one raw posting at *pp (as term_post wrote it). */
static uint32_t raw_posting(const uint8_t **pp, uint32_t tf[NFIELDS], unsigned *mask)
{
	const uint8_t *p = *pp;
	uint32_t gap = get_varint(&p);
	uint32_t v = get_varint(&p);
	tf[F_TITLE] = tf[F_HEAD] = tf[F_CTX] = 0;
	tf[F_BODY] = v >> 1;
	*mask = 0;
	if (v & 1) {
		*mask = *p++;
		if (*mask & 1)
			tf[F_TITLE] = get_varint(&p);
		if (*mask & 2)
			tf[F_HEAD] = get_varint(&p);
		if (*mask & 4)
			tf[F_CTX] = get_varint(&p);
	}
	*pp = p;
	return gap;
}

/* Writes p[0, n) (by id) in the files' form at o (room for 9 bytes a
 * posting); returns the bytes written. */
static size_t encode_postings(char *o, const struct post *p, size_t n)
{
	char *start = o;
	uint32_t last = 0;
	for (size_t i = 0; i < n; i++) {
		uint32_t v = p[i].id - last;
		while (v >= 32) {
			*o++ = b64[32 + (v & 31)];
			v >>= 5;
		}
		*o++ = b64[v];
		if (p[i].name)
			*o++ = b64[IMPACT_NAME];
		*o++ = b64[p[i].q];
		last = p[i].id;
	}
	return (size_t)(o - start);
}

/* Writes one posting p, whose previous one was `last`, at o; returns the
 * bytes written. */
static size_t encode_postings_from(char *o, const struct post *p, uint32_t last)
{
	char *start = o;
	uint32_t v = p->id - last;
	while (v >= 32) {
		*o++ = b64[32 + (v & 31)];
		v >>= 5;
	}
	*o++ = b64[v];
	if (p->name)
		*o++ = b64[IMPACT_NAME];
	*o++ = b64[p->q];
	return (size_t)(o - start);
}

static inline int b64_val(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	return c == '-' ? 62 : c == '_' ? 63 : -1;
}

/* Reads postings in the files' form (n bytes at s) into out (room for
 * n / 2 of them); returns how many, or SIZE_MAX when s is malformed. */
static size_t decode_postings(struct post *out, const char *s, size_t n)
{
	size_t k = 0, i = 0;
	uint32_t id = 0;
	while (i < n) {
		uint32_t v = 0, shift = 0;
		int d;
		while (i < n && (d = b64_val((unsigned char)s[i++])) >= 32 && shift < 32) {
			v |= (uint32_t)(d - 32) << shift;
			shift += 5;
		}
		if (d < 0 || d >= 32 || i >= n)
			return SIZE_MAX;
		v |= (uint32_t)d << shift;
		id += v;
		int q = b64_val((unsigned char)s[i++]);
		int name = q == IMPACT_NAME;
		if (name)
			q = i < n ? b64_val((unsigned char)s[i++]) : -1;
		if (q < 0 || q > IMPACT_MAX)
			return SIZE_MAX;
		out[k++] = (struct post){ id, (uint32_t)q, (uint32_t)name };
	}
	return k;
}

/* Scratch for making postings. */
struct post_scratch {
	struct post *a, *b, *c;
	size_t acap, bcap, ccap;
	struct buf out;
};

static void post_scratch_release(struct post_scratch *ps)
{
	free(ps->a);
	free(ps->b);
	free(ps->c);
	buf_release(&ps->out);
}

/* A copy of p[0, n) with a NUL after it: malloc'd (own set), or in ix's
 * arena. */
static const char *copy_bytes(struct search_index *ix, const char *p, size_t n,
			      int own)
{
	char *s = own ? xmalloc(n + 1) : arena_alloc(&ix->arena, n + 1);
	memcpy(s, p, n);
	s[n] = '\0';
	return s;
}

/* copy_bytes(own), into *reuse (a malloc'd block, taken) when there is one:
 * realloc keeps the block where it was, so that the memory of the raw
 * postings, freed by other threads than those that allocated it, is used
 * again rather than left as holes. */
static const char *copy_into(void **reuse, const char *p, size_t n)
{
	char *s = *reuse ? xrealloc(*reuse, n + 1) : xmalloc(n + 1);
	*reuse = NULL;
	memcpy(s, p, n);
	s[n] = '\0';
	return s;
}

/* Sets t's file form: every posting (full, fn bytes, df of them) and, of
 * p[0, n) (by id, all of them), the best POSTINGS_MAX (line).  own: the
 * bytes are malloc'd (freezing: they take the place of the raw postings
 * just freed), else in the arena. */
static void set_file_form(struct search_index *ix, struct term *t, const char *full,
			  size_t fn, const struct post *p, size_t n, int own,
			  struct post_scratch *ps, void **reuse)
{
	t->df = (uint32_t)n;
	t->own = 0;
	t->full_n = (uint32_t)fn;
	int spilled = 0;
	if (own && n > POSTINGS_MAX) {
		pthread_mutex_lock(&ix->spill_lock);
		if (!ix->spill && !ix->spill_failed)
			ix->spill = tmpfile();
		if (ix->spill && !ix->spill_failed && fwrite(full, 1, fn, ix->spill) == fn) {
			t->full = NULL;
			t->full_off = ix->spill_len;
			ix->spill_len += fn;
			spilled = 1;
		} else {
			ix->spill_failed = 1;
		}
		pthread_mutex_unlock(&ix->spill_lock);
	}
	if (!spilled) {
		t->full = own ? copy_into(reuse, full, fn) : copy_bytes(ix, full, fn, 0);
		t->own |= own ? TERM_OWN_FULL : 0;
	}
	if (n <= POSTINGS_MAX) {
		t->line = t->full;
		t->line_n = t->full_n;
		t->kept = (uint32_t)n;
		return;
	}
	ps->b = scratch_grow(ps->b, &ps->bcap, n, sizeof(*ps->b));
	memcpy(ps->b, p, n * sizeof(*p));
	size_t k = prune(ps->b, n, &ps->c, &ps->ccap);
	sort_by_id(ps->b, k, &ps->c, &ps->ccap);
	buf_clear(&ps->out);
	buf_grow(&ps->out, k * 9 + 1);
	size_t ln = encode_postings(ps->out.ptr, ps->b, k);
	t->line = own ? copy_into(reuse, ps->out.ptr, ln) : copy_bytes(ix, ps->out.ptr, ln, 0);
	t->line_n = (uint32_t)ln;
	t->kept = (uint32_t)k;
	t->own |= own ? TERM_OWN_LINE : 0;
}

/* Sets t's file form from its postings p[0, n), by id. */
static void set_postings(struct search_index *ix, struct term *t, const struct post *p,
			 size_t n, int own, struct post_scratch *ps, void **reuse)
{
	buf_clear(&ps->out);
	buf_grow(&ps->out, n * 9 + 1);
	size_t fn = encode_postings(ps->out.ptr, p, n);
	set_file_form(ix, t, ps->out.ptr, fn, p, n, own, ps, reuse);
}

/* Decodes t's raw postings into out (room for t->df), with the ids and
 * impacts that ew gives the raw entry numbers.  Returns how many. */
static size_t decode_raw(struct post *out, const struct term *t,
			 const struct entry_weights *ew)
{
	const uint8_t *p = term_cbytes(t), *end = p + t->n;
	uint32_t raw = 0;
	size_t n = 0;
	while (p < end) {
		uint32_t tf[NFIELDS];
		unsigned mask;
		raw += raw_posting(&p, tf, &mask);
		out[n++] = (struct post){ ew[raw].id, impact_of(tf, ew[raw].w),
					  (mask & MASK_NAME) != 0 };
	}
	return n;
}

/* Turns one term's raw postings into the file form. */
static void finish_term(struct search_index *ix, struct term *t,
			const struct entry_weights *ew, struct post_scratch *ps)
{
	ps->a = scratch_grow(ps->a, &ps->acap, t->df, sizeof(*ps->a));
	size_t n = decode_raw(ps->a, t, ew);
	void *reuse = t->cap > TERM_INLINE ? t->u.p : NULL;
	/* from here on the term holds its files' form */
	memset(&t->line, 0, sizeof(*t) - offsetof(struct term, line));
	sort_by_id(ps->a, n, &ps->c, &ps->ccap);
	set_postings(ix, t, ps->a, n, 1, ps, &reuse);
	free(reuse);
}

struct finish_run {
	struct search_index *ix;
	const struct entry_weights *ew;
	struct post_scratch *ps; /* per worker */
};

static void finish_one(size_t i, int worker, void *userdata)
{
	struct finish_run *run = userdata;
	finish_term(run->ix, &run->ix->terms[i], run->ew, &run->ps[worker]);
}

static void encode_term_file(struct buf *b, const struct search_index *ix, size_t f);
static void encode_doc_file(struct buf *b, const struct search_index *ix, size_t f);
static void encode_manifest(struct buf *b, const struct search_index *ix,
			    uint64_t hash);

/* The length of s as the body of a JavaScript string literal (escaped as
 * put_js_body does). */
static size_t js_len(const char *s, size_t n);

/* Ranks kinds: the known ones in their order, then others by name.
 * names[0, n) are distinct; rank[i] gets names[i]'s rank. */
static void rank_kinds(const char *const *names, size_t n, uint16_t *rank)
{
	size_t r = 0;
	uint8_t *placed = xcalloc(n + 1, 1);
	for (size_t k = 0; kind_order[k]; k++)
		for (size_t i = 0; i < n; i++)
			if (!placed[i] && strcmp(names[i], kind_order[k]) == 0) {
				rank[i] = (uint16_t)r++;
				placed[i] = 1;
			}
	while (r < n) {
		size_t bi = SIZE_MAX;
		for (size_t i = 0; i < n; i++)
			if (!placed[i] && (bi == SIZE_MAX || strcmp(names[i], names[bi]) < 0))
				bi = i;
		rank[bi] = (uint16_t)r++;
		placed[bi] = 1;
	}
	free(placed);
}

/* Term files: consecutive terms.  A file ends before a term whose hash
 * is a multiple of TERM_FILE_CUT once it holds TERM_FILE_MIN bytes, or
 * before a term that would take it over TERM_FILE_MAX: the cuts depend
 * on the terms around them only, so a change to a few terms moves the
 * cuts near them and no others. */
#define TERM_FILE_MIN 8000
#define TERM_FILE_CUT 28

static size_t term_line_bytes(const struct term *t)
{
	return js_len(t->s, t->len) + 16 + t->line_n;
}

static void layout_terms(struct search_index *ix)
{
	size_t cap = 0, cur = 0;
	free(ix->tfiles);
	ix->tfiles = NULL;
	ix->ntfiles = 0;
	for (size_t i = 0; i < ix->nterms; i++) {
		const struct term *t = ix->sorted[i];
		size_t line = term_line_bytes(t);
		if (i == 0 || cur + line > TERM_FILE_MAX ||
		    (cur >= TERM_FILE_MIN && hash_bytes(t->s, t->len) % TERM_FILE_CUT == 0)) {
			ix->tfiles = scratch_grow(ix->tfiles, &cap, ix->ntfiles + 1,
						  sizeof(*ix->tfiles));
			struct term_file *tf = &ix->tfiles[ix->ntfiles++];
			memset(tf, 0, sizeof(*tf));
			tf->first = i;
			tf->key = "";
			if (i) { /* the shortest prefix above the previous term */
				const char *a = ix->sorted[i - 1]->s, *b = t->s;
				size_t k = 0;
				while (a[k] && a[k] == b[k])
					k++;
				k++;
				while (b[k - 1] && ((unsigned char)b[k] & 0xC0) == 0x80)
					k++;
				tf->key = arena_strndup(&ix->arena, b, k);
			}
			cur = 0;
		}
		cur += line;
	}
}

/* Sizes the entry files' tables for N entries; every file unknown. */
static void layout_docs(struct search_index *ix)
{
	free(ix->dfile_bytes);
	free(ix->dfile_hash);
	free(ix->dfile_clean);
	ix->ndfiles = (ix->nentries + DOC_FILE_ENTRIES - 1) / DOC_FILE_ENTRIES;
	ix->dfile_bytes = xcalloc(ix->ndfiles + 1, sizeof(*ix->dfile_bytes));
	ix->dfile_hash = xcalloc(ix->ndfiles + 1, sizeof(*ix->dfile_hash));
	ix->dfile_clean = xcalloc(ix->ndfiles + 1, 1);
}

static void measure_manifest(struct search_index *ix)
{
	struct buf tmp = BUF_INIT;
	encode_manifest(&tmp, ix, 0);
	ix->manifest_bytes = tmp.len;
	buf_release(&tmp);
}

static void freeze(struct search_index *ix)
{
	size_t N = ix->nentries;
	uint64_t total[NFIELDS] = { 0 };
	struct post_scratch ps = { 0 };

	if (ix->frozen)
		return;
	gather(ix);
	ix->frozen = 1;
	buf_init(&ps.out);

	/* kinds: the known ones in their order, then others by name */
	ix->kind_rank = xcalloc(ix->nkinds + 1, sizeof(*ix->kind_rank));
	ix->kind_by_rank = xcalloc(ix->nkinds + 1, sizeof(*ix->kind_by_rank));
	rank_kinds(ix->kinds, ix->nkinds, ix->kind_rank);
	for (size_t i = 0; i < ix->nkinds; i++)
		ix->kind_by_rank[ix->kind_rank[i]] = ix->kinds[i];

	/* entries: by kind, address, then section order */
	ix->order = xcalloc(N + 1, sizeof(*ix->order));
	for (size_t i = 0; i < N; i++) {
		ix->entries[i].kind = ix->kind_rank[ix->entries[i].kind];
		ix->order[i] = &ix->entries[i];
		for (int f = 0; f < NFIELDS; f++)
			total[f] += ix->entries[i].flen[f];
	}
	if (N)
		qsort(ix->order, N, sizeof(*ix->order), cmp_entry);
	ix->kind_start = xcalloc(ix->nkinds + 1, sizeof(*ix->kind_start));
	for (size_t k = 0; k <= ix->nkinds; k++)
		ix->kind_start[k] = (uint32_t)N;
	for (size_t i = N; i-- > 0;) {
		ix->order[i]->id = (uint32_t)i;
		ix->kind_start[ix->order[i]->kind] = (uint32_t)i;
	}
	for (int f = 0; f < NFIELDS; f++)
		ix->avg[f] = avg_on_grid(total[f], N);

	/* terms */
	struct entry_weights *ew = xcalloc(N + 1, sizeof(*ew));
	for (size_t i = 0; i < N; i++) {
		ew[i].id = ix->entries[i].id;
		field_weights(ew[i].w, ix->entries[i].flen, ix->avg);
	}
	struct finish_run run = { ix, ew, xcalloc((size_t)ix->jobs, sizeof(*run.ps)) };
	/* scratch for the longest list, once: grown step by step, it would
	 * leave holes in the heap that the build's peak of memory pays for */
	size_t maxdf = 1;
	for (size_t i = 0; i < ix->nterms; i++)
		if (ix->terms[i].df > maxdf)
			maxdf = ix->terms[i].df;
	for (int w = 0; w < ix->jobs; w++) {
		struct post_scratch *p = &run.ps[w];
		buf_init(&p->out);
		buf_grow(&p->out, maxdf * 9 + 1);
		p->a = xmalloc(maxdf * sizeof(*p->a));
		p->b = xmalloc(maxdf * sizeof(*p->b));
		p->c = xmalloc(maxdf * sizeof(*p->c));
		p->acap = p->bcap = p->ccap = maxdf;
	}
	pool_run(ix->jobs, ix->nterms, finish_one, &run);
	for (int w = 0; w < ix->jobs; w++)
		post_scratch_release(&run.ps[w]);
	free(run.ps);
	for (size_t i = 0; i < ix->nterms; i++)
		ix->postings += ix->terms[i].kept;
	free(ew);
	post_scratch_release(&ps);
	free(ix->slots);
	ix->slots = NULL;
	ix->sorted = xcalloc(ix->nterms + 1, sizeof(*ix->sorted));
	for (size_t i = 0; i < ix->nterms; i++)
		ix->sorted[i] = &ix->terms[i];
	if (ix->nterms)
		qsort(ix->sorted, ix->nterms, sizeof(*ix->sorted), cmp_term);

	layout_terms(ix);
	layout_docs(ix);
	measure_manifest(ix);
}

/* The size of every file, for the figures: known once written, else
 * measured by encoding them. */
static void measure(struct search_index *ix)
{
	struct buf tmp = BUF_INIT;
	freeze(ix);
	if (ix->measured)
		return;
	for (size_t f = 0; f < ix->ntfiles; f++) {
		buf_clear(&tmp);
		encode_term_file(&tmp, ix, f);
		ix->tfiles[f].bytes = tmp.len;
	}
	for (size_t f = 0; f < ix->ndfiles; f++) {
		buf_clear(&tmp);
		encode_doc_file(&tmp, ix, f);
		ix->dfile_bytes[f] = tmp.len;
	}
	ix->measured = 1;
	buf_release(&tmp);
}

/* ------------------------------------------------------------ files */

static size_t js_len(const char *s, size_t n)
{
	size_t len = 0, i = 0;
	while (i < n && (unsigned char)s[i] >= 0x20 && (unsigned char)s[i] < 0x7F &&
	       s[i] != '"' && s[i] != '\\')
		i++;
	if (i == n)
		return n;
	for (i = 0; i < n;) {
		uint32_t c;
		size_t k = utf8_next(s, n, i, &c);
		i += k;
		if (c == '"' || c == '\\' || c == '\n' || c == '\t')
			len += 2;
		else if (c < 0x20 || (c >= 0x7F && c < 0x10000))
			len += 6;
		else if (c >= 0x10000)
			len += 12;
		else
			len += 1;
	}
	return len;
}

/* Appends s as a JavaScript string literal: ASCII only, so that the files
 * read the same whatever encoding a browser assumes for them. */
static void put_js_body(struct buf *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		size_t run = i;
		while (run < n && (unsigned char)s[run] >= 0x20 && (unsigned char)s[run] < 0x7F &&
		       s[run] != '"' && s[run] != '\\')
			run++;
		buf_put(b, s + i, run - i);
		if ((i = run) >= n)
			break;
		uint32_t c;
		size_t k = utf8_next(s, n, i, &c);
		i += k;
		if (c == '"' || c == '\\')
			buf_putc(b, '\\'), buf_putc(b, (char)c);
		else if (c == '\n')
			buf_puts(b, "\\n");
		else if (c == '\t')
			buf_puts(b, "\\t");
		else if (c >= 0x10000)
			buf_printf(b, "\\u%04x\\u%04x", 0xD800 + ((c - 0x10000) >> 10),
				   0xDC00 + ((c - 0x10000) & 0x3FF));
		else
			buf_printf(b, "\\u%04x", c);
	}
}

static void put_js_str(struct buf *b, const char *s, size_t n)
{
	buf_putc(b, '"');
	put_js_body(b, s, n);
	buf_putc(b, '"');
}

static void put_js_cstr(struct buf *b, const char *s)
{
	put_js_str(b, s, strlen(s));
}

static size_t tfile_end(const struct search_index *ix, size_t f)
{
	return f + 1 < ix->ntfiles ? ix->tfiles[f + 1].first : ix->nterms;
}

/* cairnSearch.t(F,"term df postings\n..."): df in base 36. */
static void encode_term_file(struct buf *b, const struct search_index *ix, size_t f)
{
	buf_printf(b, "cairnSearch.t(%zu,\"", f);
	for (size_t i = ix->tfiles[f].first; i < tfile_end(ix, f); i++) {
		const struct term *t = ix->sorted[i];
		char num[16];
		size_t k = sizeof(num);
		uint32_t df = t->df;
		num[--k] = '\0';
		do {
			num[--k] = "0123456789abcdefghijklmnopqrstuvwxyz"[df % 36];
			df /= 36;
		} while (df);
		if (i > ix->tfiles[f].first)
			buf_puts(b, "\\n");
		put_js_body(b, t->s, t->len);
		buf_putc(b, ' ');
		buf_puts(b, num + k);
		buf_putc(b, ' ');
		buf_put(b, t->line, t->line_n);
	}
	buf_puts(b, "\")\n");
}

/* cairnSearch.d(F,[[title,url,service,page,snippet],...]): a url "#x" is
 * the previous entry's address with another anchor; service or page 1 is
 * the previous entry's. */
static void encode_doc_file(struct buf *b, const struct search_index *ix, size_t f)
{
	size_t from = f * DOC_FILE_ENTRIES, to = from + DOC_FILE_ENTRIES;
	const struct entry *prev = NULL;
	struct buf url = BUF_INIT;
	if (to > ix->nentries)
		to = ix->nentries;
	buf_printf(b, "cairnSearch.d(%zu,[", f);
	for (size_t i = from; i < to; i++) {
		const struct entry *e = ix->order[i];
		buf_puts(b, i > from ? ",\n[" : "\n[");
		put_js_cstr(b, e->title);
		buf_putc(b, ',');
		buf_clear(&url);
		if (!prev || prev->base != e->base || !e->frag)
			buf_puts(&url, e->base);
		if (e->frag) {
			buf_putc(&url, '#');
			buf_puts(&url, e->frag);
		}
		put_js_str(b, url.ptr, url.len);
		buf_putc(b, ',');
		if (prev && prev->service == e->service && *e->service)
			buf_putc(b, '1');
		else
			put_js_cstr(b, e->service);
		buf_putc(b, ',');
		if (prev && prev->page == e->page && *e->page)
			buf_putc(b, '1');
		else
			put_js_cstr(b, e->page);
		buf_putc(b, ',');
		put_js_cstr(b, e->snippet);
		buf_putc(b, ']');
		prev = e;
	}
	buf_puts(b, "])\n");
	buf_release(&url);
}

/* cairnSearch.m({...}): see docs/search.md. */
static void encode_manifest(struct buf *b, const struct search_index *ix,
			    uint64_t hash)
{
	buf_printf(b, "cairnSearch.m({\"v\":1,\"h\":\"%016llx\",\"n\":%zu,\"d\":%d,\"f\":%zu,\"k\":[",
		   (unsigned long long)hash, ix->nentries, DOC_FILE_ENTRIES, ix->ntfiles);
	for (size_t k = 0; k < ix->nkinds; k++) {
		if (k)
			buf_putc(b, ',');
		put_js_cstr(b, ix->kind_by_rank[k]);
	}
	buf_puts(b, "],\"s\":[");
	for (size_t k = 0; k < ix->nkinds; k++)
		buf_printf(b, "%s%u", k ? "," : "", ix->kind_start[k]);
	buf_puts(b, "],\"t\":");
	struct buf keys = BUF_INIT;
	for (size_t f = 1; f < ix->ntfiles; f++) {
		if (f > 1)
			buf_putc(&keys, ' ');
		buf_puts(&keys, ix->tfiles[f].key);
	}
	put_js_str(b, keys.ptr, keys.len);
	buf_release(&keys);
	buf_puts(b, "})\n");
}

/* What a file is known by: the hash of its bytes, never 0 (it is also the
 * fingerprint the output keeps for it). */
static uint64_t file_hash(const char *p, size_t n)
{
	uint64_t h = hash_of(p, n, 0x5ea7c4f11e);
	return h ? h : 1;
}

/* Hands over one file: kept as the site holds it when it is clean (its
 * bytes those of the index saved before) and the site holds those bytes,
 * else encoded and written. */
static int write_file(struct output *o, const char *path, int clean, uint64_t *hash,
		      size_t *bytes, struct buf *data, struct buf *err,
		      void (*encode)(struct buf *, const struct search_index *, size_t),
		      const struct search_index *ix, size_t f)
{
	if (clean && *hash && output_reuse(o, path, *hash))
		return 0;
	buf_clear(data);
	encode(data, ix, f);
	*bytes = data->len;
	*hash = file_hash(data->ptr, data->len);
	return output_put(o, path, *hash, data->ptr, data->len, NULL, 0, err);
}

struct write_run {
	struct search_index *ix;
	struct output *o;
	struct buf *data, *path; /* per worker */
	pthread_mutex_t lock;
	struct buf *err;
	_Atomic int failed;
};

static void write_one(size_t i, int worker, void *userdata)
{
	struct write_run *run = userdata;
	struct search_index *ix = run->ix;
	struct buf *path = &run->path[worker], err = BUF_INIT;
	int rc;
	if (atomic_load(&run->failed))
		return;
	buf_clear(path);
	if (i < ix->ntfiles) {
		struct term_file *tf = &ix->tfiles[i];
		buf_printf(path, "search/t/%zu.js", i);
		rc = write_file(run->o, path->ptr, tf->clean, &tf->hash, &tf->bytes,
				&run->data[worker], &err, encode_term_file, ix, i);
		tf->clean = rc == 0;
	} else {
		size_t f = i - ix->ntfiles;
		buf_printf(path, "search/d/%zu.js", f);
		rc = write_file(run->o, path->ptr, ix->dfile_clean[f], &ix->dfile_hash[f],
				&ix->dfile_bytes[f], &run->data[worker], &err, encode_doc_file,
				ix, f);
		ix->dfile_clean[f] = rc == 0;
	}
	if (rc < 0) {
		pthread_mutex_lock(&run->lock);
		if (!atomic_exchange(&run->failed, 1))
			buf_put(run->err, err.ptr, err.len);
		pthread_mutex_unlock(&run->lock);
	}
	buf_release(&err);
}

int search_write(struct search_index *ix, struct output *o, struct buf *err)
{
	struct buf data = BUF_INIT;
	uint64_t hash = hash_mix_u64(0, 1);
	int rc = -1;

	freeze(ix);
	struct write_run run = { ix, o, xcalloc((size_t)ix->jobs, sizeof(struct buf)),
				 xcalloc((size_t)ix->jobs, sizeof(struct buf)),
				 PTHREAD_MUTEX_INITIALIZER, err, 0 };
	for (int w = 0; w < ix->jobs; w++) {
		buf_init(&run.data[w]);
		buf_init(&run.path[w]);
	}
	pool_run(ix->jobs, ix->ntfiles + ix->ndfiles, write_one, &run);
	for (int w = 0; w < ix->jobs; w++) {
		buf_release(&run.data[w]);
		buf_release(&run.path[w]);
	}
	free(run.data);
	free(run.path);
	pthread_mutex_destroy(&run.lock);
	if (atomic_load(&run.failed))
		goto cleanup;
	for (size_t f = 0; f < ix->ntfiles; f++)
		hash = hash_mix_u64(hash, ix->tfiles[f].hash);
	for (size_t f = 0; f < ix->ndfiles; f++)
		hash = hash_mix_u64(hash, ix->dfile_hash[f]);
	encode_manifest(&data, ix, hash);
	ix->manifest_bytes = data.len;
	ix->manifest_hash = file_hash(data.ptr, data.len);
	if (output_put(o, "search/manifest.js", ix->manifest_hash, data.ptr, data.len,
		       NULL, 0, err) < 0)
		goto cleanup;
	ix->measured = 1;
	ix->written = 1;
	rc = 0;

cleanup:
	buf_release(&data);
	return rc;
}

/* ------------------------------------------------------------ querying */

static int cmp_bytes(const char *a, size_t an, const char *b, size_t bn)
{
	int c = memcmp(a, b, an < bn ? an : bn);
	return c ? c : an < bn ? -1 : an > bn;
}

/* The term file a string belongs in: the last whose key is <= s. */
static size_t shard_of(const struct search_index *ix, const char *s, size_t n)
{
	size_t lo = 0, hi = ix->ntfiles;
	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;
		const char *k = ix->tfiles[mid].key;
		if (cmp_bytes(k, strlen(k), s, n) <= 0)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

static const struct term *find_term(const struct search_index *ix, const char *s,
				    size_t n)
{
	size_t lo = 0, hi = ix->nterms;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = cmp_bytes(ix->sorted[mid]->s, ix->sorted[mid]->len, s, n);
		if (c == 0)
			return ix->sorted[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static int starts_with(const char *s, size_t n, const char *p, size_t pn)
{
	return n >= pn && memcmp(s, p, pn) == 0;
}

static int is_ascii(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] >= 0x80)
			return 0;
	return 1;
}

static size_t count_cp(const char *s, size_t n)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		k += ((unsigned char)s[i] & 0xC0) != 0x80;
	return k;
}

/* True when a and b are one edit apart: a letter changed, added, removed,
 * or two neighbours swapped. */
static int one_edit(const char *a, size_t an, const char *b, size_t bn)
{
	size_t i = 0;
	if (an > bn + 1 || bn > an + 1)
		return 0;
	while (i < an && i < bn && a[i] == b[i])
		i++;
	if (an == bn) {
		if (i == an)
			return 0;
		if (memcmp(a + i + 1, b + i + 1, an - i - 1) == 0)
			return 1;
		return i + 1 < an && a[i] == b[i + 1] && a[i + 1] == b[i] &&
		       memcmp(a + i + 2, b + i + 2, an - i - 2) == 0;
	}
	if (an > bn)
		return memcmp(a + i + 1, b + i, an - i - 1) == 0;
	return memcmp(a + i, b + i + 1, bn - i - 1) == 0;
}

struct qword {
	char stem[TOKEN_MAX * 4 + 8];
	size_t slen;
	char fold[TOKEN_MAX * 4 + 8];
	size_t flen;
	int prefix;
};

struct qparse {
	struct qword w[QUERY_WORDS_MAX];
	size_t n;
	size_t qlen;
	int typing;
	struct buf tmp;
};

static void query_token(const struct search_token *t, void *userdata)
{
	struct qparse *qp = userdata;
	if (!t->compound && search_is_stop_word(t->text, t->len))
		return;
	buf_clear(&qp->tmp);
	search_stem(&qp->tmp, t->text, t->len);
	int prefix = qp->typing && t->end == qp->qlen;
	for (size_t i = 0; i < qp->n; i++) {
		struct qword *w = &qp->w[i];
		if (w->slen == qp->tmp.len && memcmp(w->stem, qp->tmp.ptr, w->slen) == 0) {
			if (prefix) {
				w->prefix = 1;
				memcpy(w->fold, t->text, t->len);
				w->flen = t->len;
			}
			return;
		}
	}
	if (qp->n == QUERY_WORDS_MAX)
		return;
	struct qword *w = &qp->w[qp->n++];
	memcpy(w->stem, qp->tmp.ptr, qp->tmp.len);
	w->slen = qp->tmp.len;
	memcpy(w->fold, t->text, t->len);
	w->flen = t->len;
	w->prefix = prefix;
}

/* The term files the browser loads for word w, into files (up to 3):
 * its stem's and, for the word being typed, the file its prefix falls in
 * and, when the prefix runs on past it, the next; returns how many. */
static size_t word_files(const struct search_index *ix, const struct qword *w,
			 size_t *files)
{
	size_t n = 0;
	files[n++] = shard_of(ix, w->stem, w->slen);
	if (w->prefix && count_cp(w->fold, w->flen) >= 2) {
		size_t f = shard_of(ix, w->fold, w->flen);
		if (f != files[0])
			files[n++] = f;
		const struct term *last = ix->sorted[tfile_end(ix, f) - 1];
		if (f + 1 < ix->ntfiles && starts_with(last->s, last->len, w->fold, w->flen) &&
		    f + 1 != files[0])
			files[n++] = f + 1;
	}
	return n;
}

struct cand {
	const struct term *t;
	double factor;
};

static int cmp_cstr(const void *pa, const void *pb)
{
	return strcmp(*(const char *const *)pa, *(const char *const *)pb);
}

/* The stems of every word one edit away from w (a letter removed, two
 * neighbours swapped, a letter a-z changed or added), sorted, into *out
 * (strings in b); returns how many. */
static size_t typo_stems(const char *w, size_t n, struct buf *b, const char ***out,
			 size_t *cap)
{
	char v[TOKEN_MAX * 4 + 8], st[TOKEN_MAX * 4 + 8];
	size_t *offs = NULL, noffs = 0, offs_cap = 0;
	buf_clear(b);
#define VARIANT(vlen)                                                       \
	do {                                                                \
		size_t sl = stem_word(st, v, (vlen));                       \
		offs = scratch_grow(offs, &offs_cap, noffs + 1, sizeof(*offs)); \
		offs[noffs++] = b->len;                                     \
		buf_put(b, st, sl);                                         \
		buf_putc(b, '\0');                                          \
	} while (0)
	for (size_t i = 0; i < n; i++) { /* removed */
		memcpy(v, w, i);
		memcpy(v + i, w + i + 1, n - i - 1);
		VARIANT(n - 1);
	}
	for (size_t i = 0; i + 1 < n; i++) { /* swapped */
		memcpy(v, w, n);
		v[i] = w[i + 1];
		v[i + 1] = w[i];
		VARIANT(n);
	}
	for (size_t i = 0; i < n; i++) /* changed */
		for (char c = 'a'; c <= 'z'; c++) {
			memcpy(v, w, n);
			v[i] = c;
			VARIANT(n);
		}
	for (size_t i = 0; i <= n; i++) /* added */
		for (char c = 'a'; c <= 'z'; c++) {
			memcpy(v, w, i);
			v[i] = c;
			memcpy(v + i + 1, w + i, n - i);
			VARIANT(n + 1);
		}
#undef VARIANT
	*out = scratch_grow(*out, cap, noffs + 1, sizeof(**out));
	for (size_t i = 0; i < noffs; i++)
		(*out)[i] = b->ptr + offs[i];
	free(offs);
	qsort(*out, noffs, sizeof(**out), cmp_cstr);
	return noffs;
}

static int in_sorted(const char *const *set, size_t n, const char *s)
{
	return bsearch(&s, set, n, sizeof(*set), cmp_cstr) != NULL;
}

static int cmp_cand(const void *pa, const void *pb)
{
	const struct cand *a = pa, *b = pb;
	if (a->t->df != b->t->df)
		return a->t->df > b->t->df ? -1 : 1;
	return strcmp(a->t->s, b->t->s);
}

/* The terms word w matches, with their factors: itself 1, completions and
 * near-stems of the word being typed 0.8, one typo away 0.5.  The files
 * they come from (up to 5) go to files, their number to *nfiles: those of
 * word_files and, for a finished word not in the index, the files either
 * side of its own that hold the stem of a word one edit away. */
static size_t word_candidates(const struct search_index *ix, const struct qword *w,
			      struct cand **out, size_t *cap, size_t *files,
			      size_t *nfiles)
{
	size_t nf = word_files(ix, w, files), n = 0, npre = 0, ntypo = 0;
	struct cand *pre = NULL, *typo = NULL;
	size_t pre_cap = 0, typo_cap = 0;
	const struct term *exact = find_term(ix, w->stem, w->slen);
	size_t fcp = count_cp(w->fold, w->flen);
	int prefix = w->prefix && fcp >= 2;
	int fascii = is_ascii(w->fold, w->flen);
	int typos = fcp >= 5 && is_ascii(w->stem, w->slen);
	struct buf vbuf = BUF_INIT;
	const char **vset = NULL;
	size_t vcap = 0, nv = 0;
	if (typos && fascii)
		nv = typo_stems(w->fold, w->flen, &vbuf, &vset, &vcap);
	if (nv && !w->prefix && !exact) {
		size_t own = files[0];
		for (size_t i = 0; i < nv; i++) {
			size_t f = shard_of(ix, vset[i], strlen(vset[i])), k = 0;
			while (k < nf && files[k] != f)
				k++;
			if ((f + 1 == own || f == own + 1) && k == nf)
				files[nf++] = f;
		}
	}
	*nfiles = nf;

	for (size_t k = 0; k < nf; k++) {
		for (size_t i = ix->tfiles[files[k]].first; i < tfile_end(ix, files[k]); i++) {
			const struct term *t = ix->sorted[i];
			if (t == exact)
				continue;
			if (prefix && (starts_with(t->s, t->len, w->fold, w->flen) ||
				       (fascii && t->len >= 4 &&
					starts_with(w->fold, w->flen, t->s, t->len) &&
					w->flen - t->len <= 3))) {
				pre = scratch_grow(pre, &pre_cap, npre + 1, sizeof(*pre));
				pre[npre++] = (struct cand){ t, 0.8 };
			} else if (typos && t->len >= 4 && is_ascii(t->s, t->len) &&
				   (one_edit(w->stem, w->slen, t->s, t->len) ||
				    in_sorted(vset, nv, t->s))) {
				typo = scratch_grow(typo, &typo_cap, ntypo + 1, sizeof(*typo));
				typo[ntypo++] = (struct cand){ t, 0.5 };
			}
		}
	}
	if (npre)
		qsort(pre, npre, sizeof(*pre), cmp_cand);
	if (ntypo)
		qsort(typo, ntypo, sizeof(*typo), cmp_cand);
	npre = npre > PREFIX_MAX ? PREFIX_MAX : npre;
	ntypo = ntypo > TYPO_MAX ? TYPO_MAX : ntypo;
	*out = scratch_grow(*out, cap, 1 + npre + ntypo, sizeof(**out));
	if (exact)
		(*out)[n++] = (struct cand){ exact, 1.0 };
	for (size_t i = 0; i < npre; i++)
		(*out)[n++] = pre[i];
	for (size_t i = 0; i < ntypo; i++)
		(*out)[n++] = typo[i];
	free(pre);
	free(typo);
	free(vset);
	buf_release(&vbuf);
	return n;
}

/* Calls fn for each posting of t: entry id, impact (0..62), name flag. */
static void term_postings(const struct term *t,
			  void (*fn)(uint32_t id, uint32_t q, int name, void *ud),
			  void *ud)
{
	const char *p = t->line;
	uint32_t id = 0;
	for (size_t i = 0; i < t->line_n;) {
		uint32_t v = 0, shift = 0;
		int d;
		while ((d = b64_val((unsigned char)p[i++])) >= 32) {
			v |= (uint32_t)(d - 32) << shift;
			shift += 5;
		}
		v |= (uint32_t)d << shift;
		id += v;
		uint32_t q = (uint32_t)b64_val((unsigned char)p[i++]);
		int name = q == IMPACT_NAME;
		if (name)
			q = (uint32_t)b64_val((unsigned char)p[i++]);
		fn(id, q, name, ud);
	}
}

struct scoring {
	double *score, *best, *bonus;
	uint32_t *touched;
	size_t ntouched;
	uint16_t *matched; /* words matched, per entry */
	double contrib;    /* factor x idf of the current term; the bonus */
};

static void score_posting(uint32_t id, uint32_t q, int name, void *ud)
{
	struct scoring *sc = ud;
	(void)name;
	if (!q)
		return;
	double c = sc->contrib * q / IMPACT_MAX;
	if (sc->best[id] == 0)
		sc->touched[sc->ntouched++] = id;
	if (c > sc->best[id])
		sc->best[id] = c;
}

static void name_posting(uint32_t id, uint32_t q, int name, void *ud)
{
	struct scoring *sc = ud;
	(void)q;
	if (name && sc->contrib > sc->bonus[id])
		sc->bonus[id] = sc->contrib;
}

static int cmp_hit(const void *pa, const void *pb, void *ud)
{
	const double *score = ud;
	uint32_t a = *(const uint32_t *)pa, b = *(const uint32_t *)pb;
	if (score[a] != score[b])
		return score[a] > score[b] ? -1 : 1;
	return a < b ? -1 : a > b;
}

/* Runs q; returns the ids of the matches, best first, in *ids (malloc'd),
 * and the number of term files loaded in files (a set of flags). */
static size_t run_query(struct search_index *ix, const char *q, int typing,
			const char *kind, uint32_t **ids, double **scores,
			uint8_t *files)
{
	struct qparse qp = { .n = 0 };
	struct buf key = BUF_INIT;
	struct cand *cands = NULL;
	size_t cands_cap = 0, N = ix->nentries, nids = 0;
	struct scoring sc = { 0 };

	freeze(ix);
	*ids = NULL;
	*scores = NULL;
	qp.qlen = strlen(q);
	qp.typing = typing;
	buf_init(&qp.tmp);
	search_tokenize(q, qp.qlen, query_token, &qp);
	search_name_key(&key, q, qp.qlen);
	if (!qp.n || !ix->nterms || !N)
		goto cleanup;

	sc.score = xcalloc(N, sizeof(double));
	sc.best = xcalloc(N, sizeof(double));
	sc.bonus = xcalloc(N, sizeof(double));
	sc.matched = xcalloc(N, sizeof(uint16_t));
	sc.touched = xmalloc(N * sizeof(uint32_t));
	for (size_t i = 0; i < qp.n; i++) {
		size_t fl[5] = { SIZE_MAX, SIZE_MAX, SIZE_MAX, SIZE_MAX, SIZE_MAX }, nf;
		size_t nc = word_candidates(ix, &qp.w[i], &cands, &cands_cap, fl, &nf);
		for (size_t k = 0; files && k < nf; k++)
			files[fl[k]] = 1;
		sc.ntouched = 0;
		for (size_t c = 0; c < nc; c++) {
			double df = cands[c].t->df;
			double idf = log(1 + ((double)N - df + 0.5) / (df + 0.5));
			sc.contrib = cands[c].factor * idf;
			term_postings(cands[c].t, score_posting, &sc);
		}
		for (size_t k = 0; k < sc.ntouched; k++) {
			uint32_t id = sc.touched[k];
			sc.score[id] += sc.best[id];
			sc.matched[id]++;
			sc.best[id] = 0;
		}
	}
	/* fewer of the words, less of the score: a pasted message finds
	 * what quotes most of it */
	for (size_t id = 0; id < N; id++)
		if (sc.matched[id])
			sc.score[id] *= (double)sc.matched[id] / (double)qp.n;
	/* names: the query is one, or (typing) the start of one */
	if (key.len) {
		struct qword kw = { .prefix = typing };
		size_t fl[3], nf;
		memcpy(kw.stem, key.ptr, key.len);
		kw.slen = key.len;
		memcpy(kw.fold, key.ptr, key.len);
		kw.flen = key.len;
		nf = word_files(ix, &kw, fl);
		for (size_t k = 0; k < nf; k++) {
			if (files)
				files[fl[k]] = 1;
			for (size_t i = ix->tfiles[fl[k]].first; i < tfile_end(ix, fl[k]); i++) {
				const struct term *t = ix->sorted[i];
				if (t->len == key.len && memcmp(t->s, key.ptr, key.len) == 0)
					sc.contrib = NAME_BONUS;
				else if (typing && count_cp(key.ptr, key.len) >= 2 &&
					 starts_with(t->s, t->len, key.ptr, key.len))
					sc.contrib = NAME_PREFIX_BONUS;
				else
					continue;
				term_postings(t, name_posting, &sc);
			}
		}
		for (size_t id = 0; id < N; id++)
			sc.score[id] += sc.bonus[id];
	}

	uint32_t lo = 0, hi = (uint32_t)N;
	if (kind) {
		lo = hi = 0;
		for (size_t k = 0; k < ix->nkinds; k++) {
			if (strcmp(ix->kind_by_rank[k], kind) == 0) {
				lo = ix->kind_start[k];
				hi = k + 1 < ix->nkinds ? ix->kind_start[k + 1] : (uint32_t)N;
			}
		}
	}
	*ids = xmalloc((N + 1) * sizeof(uint32_t));
	for (uint32_t id = lo; id < hi; id++)
		if (sc.score[id] > 0)
			(*ids)[nids++] = id;
	qsort_r(*ids, nids, sizeof(uint32_t), cmp_hit, sc.score);
	*scores = sc.score;
	sc.score = NULL;

cleanup:
	free(sc.score);
	free(sc.best);
	free(sc.bonus);
	free(sc.matched);
	free(sc.touched);
	free(cands);
	buf_release(&qp.tmp);
	buf_release(&key);
	return nids;
}

size_t search_query(struct search_index *ix, const char *q, int typing,
		    const char *kind, struct search_hit *hits, size_t max)
{
	uint32_t *ids;
	double *scores;
	size_t n = run_query(ix, q, typing, kind, &ids, &scores, NULL);
	if (n > max)
		n = max;
	for (size_t i = 0; i < n; i++) {
		const struct entry *e = ix->order[ids[i]];
		struct search_hit *h = &hits[i];
		h->score = scores[ids[i]];
		h->kind = ix->kind_by_rank[e->kind];
		h->title = e->title;
		h->url = e->frag ? arena_printf(&ix->arena, "%s#%s", e->base, e->frag) : e->base;
		h->service = e->service;
		h->page = e->page;
		h->snippet = e->snippet;
	}
	free(ids);
	free(scores);
	return n;
}

size_t search_query_bytes(struct search_index *ix, const char *q, int typing,
			  size_t top)
{
	uint32_t *ids;
	double *scores;
	measure(ix);
	uint8_t *files = xcalloc(ix->ntfiles + 1, 1);
	uint8_t *docs = xcalloc(ix->ndfiles + 1, 1);
	size_t n = run_query(ix, q, typing, NULL, &ids, &scores, files);
	size_t bytes = ix->manifest_bytes;
	for (size_t f = 0; f < ix->ntfiles; f++)
		if (files[f])
			bytes += ix->tfiles[f].bytes;
	for (size_t i = 0; i < n && i < top; i++) {
		size_t f = ids[i] / DOC_FILE_ENTRIES;
		if (!docs[f])
			bytes += ix->dfile_bytes[f];
		docs[f] = 1;
	}
	free(files);
	free(docs);
	free(ids);
	free(scores);
	return bytes;
}

/* ------------------------------------------------------------ figures */

static int cmp_df(const void *pa, const void *pb)
{
	const struct term *a = *(const struct term *const *)pa;
	const struct term *b = *(const struct term *const *)pb;
	if (a->df != b->df)
		return a->df > b->df ? -1 : 1;
	return strcmp(a->s, b->s);
}

void search_stats(struct search_index *ix, struct search_stats *st)
{
	memset(st, 0, sizeof(*st));
	measure(ix);
	st->entries = ix->nentries;
	st->terms = ix->nterms;
	st->postings = ix->postings;
	st->term_files = ix->ntfiles;
	st->doc_files = ix->ndfiles;
	st->manifest_bytes = ix->manifest_bytes;
	for (size_t f = 0; f < ix->ntfiles; f++) {
		st->term_bytes += ix->tfiles[f].bytes;
		if (ix->tfiles[f].bytes > st->max_term_file)
			st->max_term_file = ix->tfiles[f].bytes;
	}
	for (size_t f = 0; f < ix->ndfiles; f++) {
		st->doc_bytes += ix->dfile_bytes[f];
		if (ix->dfile_bytes[f] > st->max_doc_file)
			st->max_doc_file = ix->dfile_bytes[f];
	}
	st->total_bytes = st->manifest_bytes + st->term_bytes + st->doc_bytes;
	st->query_bound = st->manifest_bytes + 4 * st->max_term_file +
			  SEARCH_TOP * st->max_doc_file;

	/* the most common words, whole and as their first two and three
	 * letters being typed */
	size_t nt = ix->nterms < 64 ? ix->nterms : 64;
	struct term **common = xmalloc((ix->nterms + 1) * sizeof(*common));
	memcpy(common, ix->sorted, ix->nterms * sizeof(*common));
	if (ix->nterms)
		qsort(common, ix->nterms, sizeof(*common), cmp_df);
	for (size_t i = 0; i < nt; i++) {
		for (size_t cut = 2; cut <= 4; cut++) {
			char word[64];
			size_t n = cut == 4 ? common[i]->len : cut;
			if (n > common[i]->len || n >= sizeof(word))
				continue;
			memcpy(word, common[i]->s, n);
			word[n] = '\0';
			size_t bytes = search_query_bytes(ix, word, 1, SEARCH_TOP);
			if (bytes > st->query_bytes) {
				st->query_bytes = bytes;
				memcpy(st->query_word, word, n + 1);
			}
		}
	}
	free(common);
}

void search_stats_format(struct buf *out, const struct search_stats *st)
{
	buf_printf(out, "search_entries %zu\n", st->entries);
	buf_printf(out, "search_terms %zu\n", st->terms);
	buf_printf(out, "search_postings %zu\n", st->postings);
	buf_printf(out, "search_files %zu\n", 1 + st->term_files + st->doc_files);
	buf_printf(out, "search_index_bytes %zu\n", st->total_bytes);
	buf_printf(out, "search_manifest_bytes %zu\n", st->manifest_bytes);
	buf_printf(out, "search_term_bytes %zu (%zu files, largest %zu)\n",
		   st->term_bytes, st->term_files, st->max_term_file);
	buf_printf(out, "search_entry_bytes %zu (%zu files, largest %zu)\n",
		   st->doc_bytes, st->doc_files, st->max_doc_file);
	buf_printf(out, "search_query_bytes %zu (worst one-word query: \"%s\")\n",
		   st->query_bytes, st->query_word);
	buf_printf(out, "search_query_bound %zu\n", st->query_bound);
}

/* ------------------------------------------------------------ keeping it */

/* The saved index: the frozen index as it was written, so that the next
 * build can bring it up to date (search_update) instead of indexing every
 * page again.  Little-endian numbers; strings and postings are a u32
 * length, the bytes and a NUL, so that a loaded index points into the file
 * as it was read. */
static const char state_magic[8] = { 'c', 'a', 'i', 'r', 'n', 'S', 'X', '1' };
static const char state_version[] = CAIRN_VERSION "+" CAIRN_BUILD_ID;
#define STATE_SEED 0x73746174u

/* The saved index's checksum: each 64 KiB block hashed, the hashes
 * chained, the length last; written as it is saved (no second read of a
 * file of tens of megabytes) and checked the same way when it is loaded. */
#define STATE_BLOCK 65536

struct state_sum {
	uint64_t h, total;
	size_t n;        /* bytes in blk */
	char *blk;       /* STATE_BLOCK bytes */
};

static void sum_feed(struct state_sum *s, const char *p, size_t n)
{
	while (n) {
		size_t k = STATE_BLOCK - s->n < n ? STATE_BLOCK - s->n : n;
		memcpy(s->blk + s->n, p, k);
		s->n += k, p += k, n -= k, s->total += k;
		if (s->n == STATE_BLOCK) {
			s->h = hash_mix_u64(s->h, hash_of(s->blk, STATE_BLOCK, STATE_SEED));
			s->n = 0;
		}
	}
}

static uint64_t sum_end(struct state_sum *s)
{
	if (s->n)
		s->h = hash_mix_u64(s->h, hash_of(s->blk, s->n, STATE_SEED));
	return hash_mix_u64(s->h, s->total);
}

/* The same checksum of bytes already in memory (a loaded file). */
static uint64_t sum_of(const char *p, size_t n)
{
	uint64_t h = 0;
	for (size_t at = 0; at < n; at += STATE_BLOCK) {
		size_t k = n - at < STATE_BLOCK ? n - at : STATE_BLOCK;
		h = hash_mix_u64(h, hash_of(p + at, k, STATE_SEED));
	}
	return hash_mix_u64(h, n);
}

struct state_out {
	int fd;
	int failed;
	struct buf b;
	struct state_sum *sum; /* fed with every byte written, or NULL */
};

static void so_flush(struct state_out *w)
{
	const char *p = w->b.ptr;
	size_t n = w->b.len;
	if (w->sum)
		sum_feed(w->sum, p, n);
	while (n && !w->failed) {
		ssize_t k = write(w->fd, p, n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			w->failed = 1;
		else
			p += k, n -= (size_t)k;
	}
	buf_clear(&w->b);
}

static void so_put(struct state_out *w, const void *p, size_t n)
{
	buf_put(&w->b, p, n);
	if (w->b.len >= (1u << 20))
		so_flush(w);
}

static void so_u32(struct state_out *w, uint32_t v)
{
	unsigned char b[4] = { (unsigned char)v, (unsigned char)(v >> 8),
			       (unsigned char)(v >> 16), (unsigned char)(v >> 24) };
	so_put(w, b, 4);
}

static void so_u64(struct state_out *w, uint64_t v)
{
	so_u32(w, (uint32_t)v);
	so_u32(w, (uint32_t)(v >> 32));
}

static void so_str(struct state_out *w, const char *s, size_t n)
{
	so_u32(w, (uint32_t)n);
	so_put(w, s, n);
	so_put(w, "", 1);
}

static void so_cstr(struct state_out *w, const char *s)
{
	so_str(w, s ? s : "", s ? strlen(s) : 0);
}

struct state_in {
	const char *p, *end;
	int bad;
};

static uint32_t si_u32(struct state_in *r)
{
	if (r->bad || r->end - r->p < 4) {
		r->bad = 1;
		return 0;
	}
	const unsigned char *b = (const unsigned char *)r->p;
	r->p += 4;
	return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 |
	       (uint32_t)b[3] << 24;
}

static uint64_t si_u64(struct state_in *r)
{
	uint64_t lo = si_u32(r);
	return lo | (uint64_t)si_u32(r) << 32;
}

/* A string of the file (NUL-terminated in place), or "" when bad. */
static const char *si_str(struct state_in *r, size_t *len)
{
	uint32_t n = si_u32(r);
	if (r->bad || (size_t)(r->end - r->p) < (size_t)n + 1 || r->p[n] != '\0') {
		r->bad = 1;
		if (len)
			*len = 0;
		return "";
	}
	const char *s = r->p;
	r->p += n + 1;
	if (len)
		*len = n;
	return s;
}

enum {
	SE_BASE = 1,      /* base: the previous entry's */
	SE_SERVICE = 2,   /* service: the previous entry's */
	SE_PAGE = 4,      /* page: the previous entry's */
	SE_OWNER = 8,     /* owner: the previous entry's */
	SE_OWNER_BASE = 16, /* owner: its base */
	SE_FRAG = 32      /* has an anchor */
};

int search_save(struct search_index *ix, const char *path, uint64_t generation)
{
	struct state_sum sum = { 0, 0, 0, NULL };
	struct state_out w = { -1, 0, BUF_INIT, &sum };
	struct buf tmp = BUF_INIT, spilled = BUF_INIT;
	int rc = -1;

	if (!ix->written)
		return -1;
	sum.blk = xmalloc(STATE_BLOCK);
	buf_printf(&tmp, "%s.tmp-%ld", path, (long)getpid());
	w.fd = open(tmp.ptr, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (w.fd < 0)
		goto cleanup;
	so_put(&w, state_magic, 8);
	so_cstr(&w, state_version);
	so_u64(&w, generation);
	so_u64(&w, ix->nentries);
	so_u64(&w, ix->nkinds);
	so_u64(&w, ix->nterms);
	so_u64(&w, ix->ntfiles);
	so_u64(&w, ix->ndfiles);
	for (int f = 0; f < NFIELDS; f++) {
		uint64_t bits;
		memcpy(&bits, &ix->avg[f], 8);
		so_u64(&w, bits);
	}
	so_u64(&w, ix->manifest_hash);
	so_u64(&w, ix->manifest_bytes);
	for (size_t k = 0; k < ix->nkinds; k++)
		so_cstr(&w, ix->kind_by_rank[k]);
	const struct entry *prev = NULL;
	for (size_t i = 0; i < ix->nentries; i++) {
		const struct entry *e = ix->order[i];
		unsigned fl = 0;
		if (prev && prev->base == e->base)
			fl |= SE_BASE;
		if (prev && prev->service == e->service)
			fl |= SE_SERVICE;
		if (prev && prev->page == e->page)
			fl |= SE_PAGE;
		if (strcmp(e->owner, e->base) == 0)
			fl |= SE_OWNER_BASE;
		else if (prev && prev->owner == e->owner)
			fl |= SE_OWNER;
		if (e->frag)
			fl |= SE_FRAG;
		so_u32(&w, fl);
		so_u32(&w, e->kind);
		so_u32(&w, e->seq);
		so_u32(&w, e->nterms);
		for (int f = 0; f < NFIELDS; f++)
			so_u32(&w, e->flen[f]);
		so_cstr(&w, e->title);
		so_cstr(&w, e->snippet);
		if (!(fl & SE_BASE))
			so_cstr(&w, e->base);
		if (fl & SE_FRAG)
			so_cstr(&w, e->frag);
		if (!(fl & SE_SERVICE))
			so_cstr(&w, e->service);
		if (!(fl & SE_PAGE))
			so_cstr(&w, e->page);
		if (!(fl & (SE_OWNER | SE_OWNER_BASE)))
			so_cstr(&w, e->owner);
		prev = e;
	}
	if (ix->spill && fflush(ix->spill) != 0)
		goto cleanup;
	for (size_t i = 0; i < ix->nterms; i++) {
		const struct term *t = ix->sorted[i];
		so_str(&w, t->s, t->len);
		so_u32(&w, t->df);
		so_u32(&w, t->kept);
		if (t->full) {
			so_str(&w, t->full, t->full_n);
		} else {
			buf_clear(&spilled);
			buf_grow(&spilled, t->full_n);
			if (!ix->spill || pread(fileno(ix->spill), spilled.ptr, t->full_n,
						(off_t)t->full_off) != (ssize_t)t->full_n)
				goto cleanup;
			so_str(&w, spilled.ptr, t->full_n);
		}
		if (t->line == t->full)
			so_str(&w, "", 0);
		else
			so_str(&w, t->line, t->line_n);
	}
	for (size_t f = 0; f < ix->ntfiles; f++) {
		so_u64(&w, ix->tfiles[f].first);
		so_u64(&w, ix->tfiles[f].bytes);
		so_u64(&w, ix->tfiles[f].hash);
	}
	for (size_t f = 0; f < ix->ndfiles; f++) {
		so_u64(&w, ix->dfile_bytes[f]);
		so_u64(&w, ix->dfile_hash[f]);
	}
	so_put(&w, state_magic, 8);
	so_flush(&w);
	/* the checksum of everything written before it */
	w.sum = NULL;
	so_u64(&w, sum_end(&sum));
	so_flush(&w);
	if (close(w.fd) < 0)
		w.failed = 1;
	w.fd = -1;
	if (w.failed || rename(tmp.ptr, path) < 0)
		goto cleanup;
	rc = 0;

cleanup:
	if (w.fd >= 0)
		close(w.fd);
	if (rc < 0 && tmp.len)
		unlink(tmp.ptr);
	buf_release(&w.b);
	buf_release(&tmp);
	buf_release(&spilled);
	free(sum.blk);
	return rc;
}

struct search_index *search_load(const char *path, uint64_t generation)
{
	struct search_index *ix = search_index_new();
	struct state_in r;
	size_t len;

	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	if (fd < 0)
		goto bad;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size >= 16) {
		void *m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
		if (m != MAP_FAILED) {
			ix->map = m;
			ix->map_len = (size_t)st.st_size;
			madvise(m, ix->map_len, MADV_WILLNEED);
		}
	}
	close(fd);
	if (!ix->map || memcmp(ix->map, state_magic, 8) != 0)
		goto bad;
	{
		/* the checksum: the last 8 bytes, of all before them */
		const unsigned char *t = (const unsigned char *)ix->map + ix->map_len - 8;
		uint64_t want = 0;
		for (int i = 0; i < 8; i++)
			want |= (uint64_t)t[i] << (8 * i);
		if (sum_of(ix->map, ix->map_len - 8) != want)
			goto bad;
	}
	r = (struct state_in){ ix->map + 8, ix->map + ix->map_len - 8, 0 };
	if (strcmp(si_str(&r, NULL), state_version) != 0 || si_u64(&r) != generation)
		goto bad;
	uint64_t N = si_u64(&r), nk = si_u64(&r), nt = si_u64(&r);
	uint64_t ntf = si_u64(&r), ndf = si_u64(&r);
	size_t left = (size_t)(r.end - r.p);
	/* every entry, term and file takes some bytes: bounds from the size */
	if (r.bad || N > left / 16 || nk > left || nk > UINT16_MAX || nt > left / 8 ||
	    ntf > nt + 1 || ndf != (N + DOC_FILE_ENTRIES - 1) / DOC_FILE_ENTRIES)
		goto bad;
	for (int f = 0; f < NFIELDS; f++) {
		uint64_t bits = si_u64(&r);
		memcpy(&ix->avg[f], &bits, 8);
	}
	ix->manifest_hash = si_u64(&r);
	ix->manifest_bytes = (size_t)si_u64(&r);

	ix->nkinds = ix->kinds_cap = (size_t)nk;
	ix->kinds = xcalloc(nk + 1, sizeof(*ix->kinds));
	ix->kind_by_rank = xcalloc(nk + 1, sizeof(*ix->kind_by_rank));
	ix->kind_rank = xcalloc(nk + 1, sizeof(*ix->kind_rank));
	for (size_t k = 0; k < nk; k++) {
		ix->kinds[k] = ix->kind_by_rank[k] = si_str(&r, NULL);
		ix->kind_rank[k] = (uint16_t)k;
	}

	ix->nentries = ix->entries_cap = (size_t)N;
	ix->entries = xcalloc(N + 1, sizeof(*ix->entries));
	ix->order = xcalloc(N + 1, sizeof(*ix->order));
	ix->kind_start = xcalloc(nk + 1, sizeof(*ix->kind_start));
	for (size_t k = 0; k <= nk; k++)
		ix->kind_start[k] = (uint32_t)N;
	const struct entry *prev = NULL;
	for (size_t i = 0; i < N && !r.bad; i++) {
		struct entry *e = &ix->entries[i];
		uint32_t fl = si_u32(&r);
		e->kind = (uint16_t)si_u32(&r);
		e->seq = si_u32(&r);
		e->nterms = si_u32(&r);
		for (int f = 0; f < NFIELDS; f++)
			e->flen[f] = (uint16_t)si_u32(&r);
		e->title = si_str(&r, NULL);
		e->snippet = si_str(&r, NULL);
		if (!prev && (fl & (SE_BASE | SE_SERVICE | SE_PAGE | SE_OWNER)))
			goto bad;
		if (fl & SE_BASE) {
			e->base = prev->base;
		} else {
			const char *s = si_str(&r, &len);
			e->base = intern(ix, s, len);
		}
		e->frag = fl & SE_FRAG ? si_str(&r, NULL) : NULL;
		if (fl & SE_SERVICE) {
			e->service = prev->service;
		} else {
			const char *s = si_str(&r, &len);
			e->service = intern(ix, s, len);
		}
		if (fl & SE_PAGE) {
			e->page = prev->page;
		} else {
			const char *s = si_str(&r, &len);
			e->page = intern(ix, s, len);
		}
		if (fl & SE_OWNER_BASE) {
			e->owner = e->base;
		} else if (fl & SE_OWNER) {
			e->owner = prev->owner;
		} else {
			const char *s = si_str(&r, &len);
			e->owner = intern(ix, s, len);
		}
		if (e->kind >= nk || (prev && cmp_entry(&prev, &e) > 0))
			goto bad;
		e->id = (uint32_t)i;
		ix->order[i] = e;
		if (ix->kind_start[e->kind] == N)
			ix->kind_start[e->kind] = (uint32_t)i;
		prev = e;
	}

	ix->nterms = ix->terms_cap = (size_t)nt;
	ix->terms = xcalloc(nt + 1, sizeof(*ix->terms));
	ix->sorted = xcalloc(nt + 1, sizeof(*ix->sorted));
	for (size_t i = 0; i < nt && !r.bad; i++) {
		struct term *t = &ix->terms[i];
		t->s = si_str(&r, &len);
		t->len = (uint32_t)len;
		t->df = si_u32(&r);
		t->kept = si_u32(&r);
		t->full = si_str(&r, &len);
		t->full_n = (uint32_t)len;
		t->line = si_str(&r, &len);
		t->line_n = (uint32_t)len;
		if (!len) {
			t->line = t->full;
			t->line_n = t->full_n;
		}
		if (!t->len || !t->full_n || (i && strcmp(ix->sorted[i - 1]->s, t->s) >= 0))
			goto bad;
		ix->sorted[i] = t;
		ix->postings += t->kept;
	}
	ix->ntfiles = (size_t)ntf;
	ix->tfiles = xcalloc(ntf + 1, sizeof(*ix->tfiles));
	for (size_t f = 0; f < ntf && !r.bad; f++) {
		struct term_file *tf = &ix->tfiles[f];
		tf->first = (size_t)si_u64(&r);
		tf->bytes = (size_t)si_u64(&r);
		tf->hash = si_u64(&r);
		tf->clean = 1;
		if (tf->first >= nt || (f && tf->first <= ix->tfiles[f - 1].first) ||
		    (!f && tf->first))
			goto bad;
		tf->key = "";
		if (f) {
			const char *a = ix->sorted[tf->first - 1]->s, *b = ix->sorted[tf->first]->s;
			size_t k = 0;
			while (a[k] && a[k] == b[k])
				k++;
			k++;
			while (b[k - 1] && ((unsigned char)b[k] & 0xC0) == 0x80)
				k++;
			tf->key = arena_strndup(&ix->arena, b, k);
		}
	}
	if (nt && !ntf)
		goto bad;
	layout_docs(ix);
	for (size_t f = 0; f < ndf && !r.bad; f++) {
		ix->dfile_bytes[f] = (size_t)si_u64(&r);
		ix->dfile_hash[f] = si_u64(&r);
		ix->dfile_clean[f] = 1;
	}
	if (r.bad || r.end - r.p != 8 || memcmp(r.p, state_magic, 8) != 0)
		goto bad;
	free(ix->slots);
	ix->slots = NULL;
	ix->frozen = ix->measured = ix->written = 1;
	return ix;

bad:
	search_index_free(ix);
	return NULL;
}

uint64_t search_manifest_hash(const struct search_index *ix)
{
	return ix->written ? ix->manifest_hash : 0;
}

/* ---- bringing a saved index up to date */

static int cmp_ptr(const void *a, const void *b)
{
	uintptr_t x = (uintptr_t) * (const void *const *)a, y = (uintptr_t) * (const void *const *)b;
	return x < y ? -1 : x > y;
}

struct aff {
	const char *s;
	size_t len;
	const struct term *added; /* its postings in `added`, or NULL */
	const struct term *gone;  /* its postings in `gone`, or NULL */
};

static int cmp_aff(const void *pa, const void *pb)
{
	const struct aff *a = pa, *b = pb;
	return strcmp(a->s, b->s);
}

/* How old entry numbers become new ones: dropped (removed), or map[old];
 * cp lists the old numbers at which that changes (a removed entry, or one
 * whose shift differs from the previous entry's), so that between two of
 * them a posting's new number is its old one plus the same shift. */
struct idmap {
	const uint8_t *removed;
	const uint32_t *map;
	size_t n;
	uint32_t *cp;
	size_t ncp;
};

/* The value of each base64url symbol, -1 for any other byte. */
static int8_t b64_table[256];
static pthread_once_t b64_once = PTHREAD_ONCE_INIT;

static void b64_init(void)
{
	for (int c = 0; c < 256; c++)
		b64_table[c] = (int8_t)b64_val((unsigned char)c);
}

/* Writes the postings of s (n bytes, the files' form) to out, in the same
 * form: those of removed entries dropped (counted in *dropped), the others'
 * numbers mapped, and add[0, nadd) (by new number) merged in.  A posting
 * whose gap is unchanged is copied as it was; when none changed, nothing is
 * written and *same is set.  Returns how many postings the result holds,
 * or SIZE_MAX when s is malformed or names an entry out of range. */
static size_t merge_postings(struct buf *out, const char *s, size_t n,
			     const struct idmap *m, const struct post *add, size_t nadd,
			     size_t *dropped, int *same)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, k = 0, count = 0, run = SIZE_MAX, ci = 0;
	uint32_t old = 0, last = 0, delta = 0;
	uint32_t next_cp = m->ncp ? m->cp[0] : UINT32_MAX;
	uint32_t next_add = nadd ? add[0].id : UINT32_MAX;
	int changed = 0;

	pthread_once(&b64_once, b64_init);
	*same = 0;
#define FLUSH_RUN(upto)                                                     \
	do {                                                                \
		if (run != SIZE_MAX)                                        \
			buf_put(out, s + run, (upto) - run);                \
		run = SIZE_MAX;                                             \
	} while (0)
#define EMIT(p)                                                             \
	do {                                                                \
		char tmp_[16];                                              \
		size_t len_ = encode_postings_from(tmp_, &(p), last);       \
		buf_put(out, tmp_, len_);                                   \
		last = (p).id;                                              \
		count++;                                                    \
		changed = 1;                                                \
	} while (0)
	while (i < n) {
		size_t start = i;
		uint32_t v = 0, shift = 0;
		int d;
		while ((d = b64_table[u[i]]) >= 32) {
			v |= (uint32_t)(d - 32) << shift;
			shift += 5;
			if (++i >= n || shift >= 32)
				return SIZE_MAX;
		}
		if (d < 0 || ++i >= n)
			return SIZE_MAX;
		v |= (uint32_t)d << shift;
		old += v;
		int q = b64_table[u[i++]];
		int name = q == IMPACT_NAME;
		if (name)
			q = i < n ? b64_table[u[i++]] : -1;
		if (q < 0 || q > IMPACT_MAX || old >= m->n)
			return SIZE_MAX;
		if (old >= next_cp) {
			/* past a change point: this one's fate in full */
			while (ci < m->ncp && m->cp[ci] <= old)
				ci++;
			next_cp = ci < m->ncp ? m->cp[ci] : UINT32_MAX;
			if (m->removed[old]) {
				FLUSH_RUN(start);
				(*dropped)++;
				changed = 1;
				continue;
			}
			if (m->map[old] == UINT32_MAX)
				return SIZE_MAX;
			delta = m->map[old] - old;
		}
		uint32_t id = old + delta;
		while (next_add <= id) {
			if (next_add == id)
				return SIZE_MAX;
			FLUSH_RUN(start);
			EMIT(add[k]);
			k++;
			next_add = k < nadd ? add[k].id : UINT32_MAX;
		}
		if (id - last == v) {
			if (run == SIZE_MAX)
				run = start;
			last = id;
			count++;
		} else {
			FLUSH_RUN(start);
			struct post p = { id, (uint32_t)q, (uint32_t)name };
			EMIT(p);
		}
	}
	if (!changed && k == nadd && run == 0) {
		*same = 1; /* every posting as it was */
		return count;
	}
	FLUSH_RUN(n);
	while (k < nadd) {
		EMIT(add[k]);
		k++;
	}
#undef FLUSH_RUN
#undef EMIT
	return count;
}

int search_update(struct search_index *ix, struct search_index *gone,
		  struct search_index *added)
{
	size_t N = ix->nentries, G = gone->nentries, A = added->nentries;
	const void **drop = NULL;
	size_t ndrop = 0;
	uint8_t *removed = NULL;
	uint32_t *map = NULL, *amap = NULL, *back = NULL;
	struct entry *tmp = NULL, *ne = NULL, **merged = NULL;
	struct aff *aff = NULL;
	struct term *nt = NULL;
	struct term **nsorted = NULL;
	long *base_idx = NULL;
	uint8_t *carried = NULL;
	uint32_t *gmap = NULL, *cps = NULL;
	size_t *file_of = NULL;
	struct term_file *old_tfiles = NULL;
	size_t old_ntfiles = 0, old_ndfiles = 0;
	size_t *old_dbytes = NULL;
	uint64_t *old_dhash = NULL;
	struct post_scratch ps = { 0 };
	int rc = -1;

	buf_init(&ps.out);
	if (!ix->frozen || !ix->written || !ix->map || gone->frozen || added->frozen)
		goto cleanup;
	gather(gone);
	gather(added);

	/* the owners replaced, as ix's interned strings */
	drop = xcalloc(G + A + 1, sizeof(*drop));
	for (size_t i = 0; i < G; i++)
		drop[ndrop++] = intern(ix, gone->entries[i].owner, strlen(gone->entries[i].owner));
	for (size_t i = 0; i < A; i++)
		drop[ndrop++] = intern(ix, added->entries[i].owner, strlen(added->entries[i].owner));
	qsort(drop, ndrop, sizeof(*drop), cmp_ptr);

	/* the entries that go: as many, with as many words, as `gone` has */
	removed = xcalloc(N + 1, 1);
	size_t nrem = 0;
	uint64_t rem_terms = 0, gone_terms = 0;
	for (size_t i = 0; i < N; i++) {
		const void *o = ix->order[i]->owner;
		if (ndrop && bsearch(&o, drop, ndrop, sizeof(*drop), cmp_ptr)) {
			removed[i] = 1;
			nrem++;
			rem_terms += ix->order[i]->nterms;
		}
	}
	for (size_t i = 0; i < G; i++)
		gone_terms += gone->entries[i].nterms;
	if (nrem != G || rem_terms != gone_terms)
		goto cleanup;

	/* kinds: those of the entries kept and added, ranked again */
	size_t M = N - nrem + A, nk = 0;
	const char **knames = xcalloc(ix->nkinds + added->nkinds + 1, sizeof(*knames));
	uint16_t *krank = xcalloc(ix->nkinds + added->nkinds + 1, sizeof(*krank));
	uint16_t *old_to = xcalloc(ix->nkinds + 1, sizeof(*old_to));
	uint16_t *add_to = xcalloc(added->nkinds + 1, sizeof(*add_to));
	{
		uint8_t *used = xcalloc(ix->nkinds + 1, 1);
		uint8_t *aused = xcalloc(added->nkinds + 1, 1);
		for (size_t i = 0; i < N; i++)
			if (!removed[i])
				used[ix->order[i]->kind] = 1;
		for (size_t i = 0; i < A; i++)
			aused[added->entries[i].kind] = 1;
		for (size_t k = 0; k < ix->nkinds; k++)
			if (used[k]) {
				old_to[k] = (uint16_t)nk;
				knames[nk++] = ix->kind_by_rank[k];
			}
		for (size_t k = 0; k < added->nkinds; k++) {
			if (!aused[k])
				continue;
			size_t j = 0;
			while (j < nk && strcmp(knames[j], added->kinds[k]) != 0)
				j++;
			if (j == nk)
				knames[nk++] = arena_strdup(&ix->arena, added->kinds[k]);
			add_to[k] = (uint16_t)j;
		}
		free(used);
		free(aused);
		rank_kinds(knames, nk, krank);
	}

	/* entries: those kept, in their order, merged with those added */
	tmp = xcalloc(M + 1, sizeof(*tmp));
	size_t nt_kept = 0;
	for (size_t i = 0; i < N; i++) {
		if (removed[i])
			continue;
		tmp[nt_kept] = *ix->order[i];
		tmp[nt_kept].kind = krank[old_to[ix->order[i]->kind]];
		tmp[nt_kept].id = (uint32_t)i; /* its old id, for now */
		nt_kept++;
	}
	for (size_t j = 0; j < A; j++) {
		const struct entry *a = &added->entries[j];
		struct entry *e = &tmp[nt_kept + j];
		*e = *a;
		e->title = arena_strdup(&ix->arena, a->title);
		e->base = intern(ix, a->base, strlen(a->base));
		e->frag = a->frag ? arena_strdup(&ix->arena, a->frag) : NULL;
		e->service = intern(ix, a->service, strlen(a->service));
		e->page = intern(ix, a->page, strlen(a->page));
		e->snippet = arena_strdup(&ix->arena, a->snippet);
		e->owner = intern(ix, a->owner, strlen(a->owner));
		e->kind = krank[add_to[a->kind]];
		e->id = (uint32_t)(N + j); /* raw id j, for now */
	}
	merged = xcalloc(M + 1, sizeof(*merged));
	{
		struct entry **ap = xcalloc(A + 1, sizeof(*ap));
		for (size_t j = 0; j < A; j++)
			ap[j] = &tmp[nt_kept + j];
		if (A)
			qsort(ap, A, sizeof(*ap), cmp_entry);
		size_t i = 0, j = 0, k = 0;
		while (i < nt_kept || j < A) {
			struct entry *x = i < nt_kept ? &tmp[i] : NULL;
			if (x && (j == A || cmp_entry(&x, &ap[j]) <= 0)) {
				merged[k++] = x;
				i++;
			} else {
				merged[k++] = ap[j++];
			}
		}
		free(ap);
	}
	/* the averages must stay in their steps */
	uint64_t total[NFIELDS] = { 0 };
	for (size_t k = 0; k < M; k++)
		for (int f = 0; f < NFIELDS; f++)
			total[f] += merged[k]->flen[f];
	for (int f = 0; f < NFIELDS; f++)
		if (avg_on_grid(total[f], M) != ix->avg[f]) {
			rc = -2;
			goto cleanup_kinds;
		}
	/* new ids; map: old id -> new, amap: raw id in added -> new;
	 * back: new id -> old (UINT32_MAX when added) */
	map = xmalloc((N + 1) * sizeof(*map));
	amap = xmalloc((A + 1) * sizeof(*amap));
	back = xmalloc((M + 1) * sizeof(*back));
	for (size_t i = 0; i < N; i++)
		map[i] = UINT32_MAX;
	int shifted = 0;
	ne = xcalloc(M + 1, sizeof(*ne));
	for (size_t k = 0; k < M; k++) {
		uint32_t was = merged[k]->id;
		ne[k] = *merged[k];
		ne[k].id = (uint32_t)k;
		if (was < N) {
			map[was] = (uint32_t)k;
			back[k] = was;
			shifted |= was != k;
		} else {
			amap[was - N] = (uint32_t)k;
			back[k] = UINT32_MAX;
		}
	}

	/* the entries that went, as `gone` has them: paired with ix's in
	 * order, so that their postings can be told by old id */
	gmap = xmalloc((G + 1) * sizeof(*gmap));
	{
		uint16_t *gk = xcalloc(gone->nkinds + 1, sizeof(*gk));
		int found = 1;
		for (size_t k = 0; k < gone->nkinds; k++) {
			size_t j = 0;
			while (j < ix->nkinds && strcmp(ix->kind_by_rank[j], gone->kinds[k]) != 0)
				j++;
			found &= j < ix->nkinds;
			gk[k] = (uint16_t)j;
		}
		struct entry *gt = xcalloc(G + 1, sizeof(*gt));
		struct entry **gp = xcalloc(G + 1, sizeof(*gp));
		for (size_t j = 0; j < G; j++) {
			gt[j] = gone->entries[j];
			gt[j].kind = gk[gt[j].kind];
			gt[j].id = (uint32_t)j;
			gp[j] = &gt[j];
		}
		if (G)
			qsort(gp, G, sizeof(*gp), cmp_entry);
		for (size_t i = 0, j = 0; found && i < N; i++) {
			if (!removed[i])
				continue;
			found = cmp_entry(&gp[j], &ix->order[i]) == 0;
			gmap[gp[j++]->id] = (uint32_t)i;
		}
		free(gk);
		free(gt);
		free(gp);
		if (!found)
			goto cleanup_kinds;
	}

	/* where the numbers change, for merge_postings */
	cps = xmalloc((N + 1) * sizeof(*cps));
	struct idmap im = { removed, map, N, cps, 0 };
	for (size_t x = 0; x < N; x++) {
		uint32_t prev = x ? map[x - 1] - (uint32_t)(x - 1) : 0;
		if (removed[x] || (x && removed[x - 1]) || map[x] - (uint32_t)x != prev)
			im.cp[im.ncp++] = (uint32_t)x;
	}

	/* the words of the entries that went or came */
	size_t naff = 0;
	aff = xcalloc(gone->nterms + added->nterms + 1, sizeof(*aff));
	for (size_t i = 0; i < gone->nterms; i++)
		aff[naff++] = (struct aff){ gone->terms[i].s, gone->terms[i].len, NULL,
					    &gone->terms[i] };
	for (size_t i = 0; i < added->nterms; i++)
		aff[naff++] = (struct aff){ added->terms[i].s, added->terms[i].len,
					    &added->terms[i], NULL };
	if (naff)
		qsort(aff, naff, sizeof(*aff), cmp_aff);
	{
		size_t u = 0;
		for (size_t i = 0; i < naff; i++) {
			if (u && strcmp(aff[u - 1].s, aff[i].s) == 0) {
				if (aff[i].gone)
					aff[u - 1].gone = aff[i].gone;
				if (aff[i].added)
					aff[u - 1].added = aff[i].added;
				continue;
			}
			aff[u++] = aff[i];
		}
		naff = u;
	}
	struct entry_weights *aw = xcalloc(A + 1, sizeof(*aw));
	for (size_t j = 0; j < A; j++) {
		aw[j].id = amap[j];
		field_weights(aw[j].w, added->entries[j].flen, ix->avg);
	}
	struct entry_weights *gw = xcalloc(G + 1, sizeof(*gw));
	for (size_t j = 0; j < G; j++) {
		gw[j].id = gmap[j];
		field_weights(gw[j].w, gone->entries[j].flen, ix->avg);
	}

	/* terms: those untouched as they were (their ids mapped when entries
	 * moved), the others made again */
	nt = xcalloc(ix->nterms + naff + 1, sizeof(*nt));
	base_idx = xmalloc((ix->nterms + naff + 1) * sizeof(*base_idx));
	carried = xcalloc(ix->nterms + 1, 1);
	struct buf fb = BUF_INIT;
	struct post *op = NULL, *np = NULL;
	size_t op_cap = 0, np_cap = 0;
	size_t n_new = 0, bi = 0, ai = 0, ntouched = 0;
	uint64_t nstreamed = 0;
	int bad = 0;
	while ((bi < ix->nterms || ai < naff) && !bad) {
		const struct term *b = bi < ix->nterms ? ix->sorted[bi] : NULL;
		int c = !b ? 1 : ai == naff ? -1 : strcmp(b->s, aff[ai].s);
		struct term *t = &nt[n_new];
		if (c < 0) {
			/* untouched */
			*t = *b;
			base_idx[n_new] = (long)bi;
			carried[bi] = 1;
			if (shifted) {
				size_t dropped = 0;
				int same;
				buf_clear(&fb);
				size_t n = merge_postings(&fb, b->full, b->full_n, &im, NULL, 0,
							  &dropped, &same);
				if (n != b->df || dropped) {
					bad = 1;
					break;
				}
				if (!same) {
					carried[bi] = 0;
					base_idx[n_new] = -1;
					t->own = 0;
					t->full = copy_bytes(ix, fb.ptr, fb.len, 0);
					t->full_n = (uint32_t)fb.len;
					if (b->line == b->full) {
						t->line = t->full;
						t->line_n = t->full_n;
					} else {
						buf_clear(&fb);
						merge_postings(&fb, b->line, b->line_n, &im, NULL, 0,
							       &dropped, &same);
						if (same) {
							/* in the mapped file: not b's to free */
							t->line = b->line;
						} else {
							t->line = copy_bytes(ix, fb.ptr, fb.len, 0);
							t->line_n = (uint32_t)fb.len;
						}
					}
				}
			}
			n_new++;
			bi++;
			continue;
		}
		/* a word of the entries that went or came: their postings of
		 * it, before (by old id) and after (by new id) */
		size_t no = 0, nn = 0;
		const struct term *gt = aff[ai].gone, *at = aff[ai].added;
		if (gt) {
			op = scratch_grow(op, &op_cap, gt->df + 1, sizeof(*op));
			no = decode_raw(op, gt, gw);
			sort_by_id(op, no, &ps.c, &ps.ccap);
		}
		if (at) {
			np = scratch_grow(np, &np_cap, at->df + 1, sizeof(*np));
			nn = decode_raw(np, at, aw);
			sort_by_id(np, nn, &ps.c, &ps.ccap);
		}
		ai++;
		if (c != 0 && no) {
			bad = 1; /* an entry that went had a word the index has not */
			break;
		}
		if (c == 0)
			bi++;
		if (c == 0 && !shifted && no == nn &&
		    (!no || memcmp(op, np, no * sizeof(*op)) == 0)) {
			/* the same postings went and came back */
			*t = *b;
			base_idx[n_new++] = (long)(bi - 1);
			carried[bi - 1] = 1;
			continue;
		}
		ntouched++;
		size_t n = nn, dropped = 0;
		buf_clear(&fb);
		if (c == 0) {
			int same;
			n = merge_postings(&fb, b->full, b->full_n, &im, np, nn, &dropped, &same);
			if (n == SIZE_MAX || dropped != no || n != b->df - no + nn) {
				bad = 1;
				break;
			}
			if (same)
				buf_put(&fb, b->full, b->full_n);
		} else {
			buf_grow(&fb, nn * 9 + 1);
			fb.len = encode_postings(fb.ptr, np, nn);
		}
		nstreamed += n;
		if (!n)
			continue; /* no entry holds it any more */
		memset(t, 0, sizeof(*t));
		t->s = c == 0 ? b->s : arena_strndup(&ix->arena, aff[ai - 1].s, aff[ai - 1].len);
		t->len = c == 0 ? b->len : (uint32_t)aff[ai - 1].len;
		base_idx[n_new] = -1;
		if (n <= POSTINGS_MAX || c != 0 || b->df <= POSTINGS_MAX) {
			/* every posting is a candidate: from the new full list */
			struct post *all = scratch_grow(ps.a, &ps.acap, n + 1, sizeof(*ps.a));
			ps.a = all;
			if (decode_postings(all, fb.ptr, fb.len) != n) {
				bad = 1;
				break;
			}
			set_file_form(ix, t, fb.ptr, fb.len, all, n, 0, &ps, NULL);
		} else {
			/* the kept ones, unless one went, and those that came */
			struct post *kept = scratch_grow(ps.a, &ps.acap, b->line_n / 2 + nn + 1,
							 sizeof(*ps.a));
			ps.a = kept;
			size_t nk = decode_postings(kept, b->line, b->line_n);
			int lost = nk == SIZE_MAX;
			for (size_t i = 0; !lost && i < nk; i++) {
				if (removed[kept[i].id])
					lost = 1;
				else
					kept[i].id = map[kept[i].id];
			}
			if (lost) {
				/* one of the best went: the next best from the full list */
				kept = scratch_grow(ps.a, &ps.acap, n + 1, sizeof(*ps.a));
				ps.a = kept;
				if (decode_postings(kept, fb.ptr, fb.len) != n) {
					bad = 1;
					break;
				}
				set_file_form(ix, t, fb.ptr, fb.len, kept, n, 0, &ps, NULL);
			} else {
				memcpy(kept + nk, np, nn * sizeof(*np));
				nk = prune(kept, nk + nn, &ps.c, &ps.ccap);
				sort_by_id(kept, nk, &ps.c, &ps.ccap);
				t->df = (uint32_t)n;
				t->full = copy_bytes(ix, fb.ptr, fb.len, 0);
				t->full_n = (uint32_t)fb.len;
				char *line = arena_alloc(&ix->arena, nk * 9 + 1);
				t->line_n = (uint32_t)encode_postings(line, kept, nk);
				t->line = line;
				t->kept = (uint32_t)nk;
			}
		}
		if (c == 0 && t->df == b->df && t->full_n == b->full_n &&
		    !memcmp(t->full, b->full, b->full_n) && t->line_n == b->line_n &&
		    !memcmp(t->line, b->line, b->line_n))
			base_idx[n_new] = (long)(bi - 1);
		n_new++;
	}
	free(aw);
	free(gw);
	free(op);
	free(np);
	buf_release(&fb);
	if (getenv("CAIRN_TIMING"))
		fprintf(stderr, "cairn: search: update: %zu entries out, %zu in, %zu words, "
				"%zu changed (%llu postings), %s\n",
			nrem, A, naff, ntouched, (unsigned long long)nstreamed,
			shifted ? "ids moved" : "ids kept");
	if (bad)
		goto cleanup_kinds;

	/* commit: the old layout, kept to tell which files are unchanged */
	old_tfiles = ix->tfiles;
	old_ntfiles = ix->ntfiles;
	ix->tfiles = NULL;
	file_of = xmalloc((ix->nterms + 1) * sizeof(*file_of));
	for (size_t f = 0; f < old_ntfiles; f++) {
		size_t end = f + 1 < old_ntfiles ? old_tfiles[f + 1].first : ix->nterms;
		for (size_t i = old_tfiles[f].first; i < end; i++)
			file_of[i] = f;
	}
	size_t old_nterms = ix->nterms;
	old_ndfiles = ix->ndfiles;
	old_dbytes = ix->dfile_bytes;
	old_dhash = ix->dfile_hash;
	ix->dfile_bytes = NULL;
	ix->dfile_hash = NULL;

	free(ix->entries);
	free(ix->order);
	ix->entries = ne;
	ne = NULL;
	ix->nentries = ix->entries_cap = M;
	ix->order = xcalloc(M + 1, sizeof(*ix->order));
	for (size_t k = 0; k < M; k++)
		ix->order[k] = &ix->entries[k];

	free(ix->kinds);
	free(ix->kind_by_rank);
	free(ix->kind_rank);
	free(ix->kind_start);
	ix->nkinds = ix->kinds_cap = nk;
	ix->kinds = xcalloc(nk + 1, sizeof(*ix->kinds));
	ix->kind_by_rank = xcalloc(nk + 1, sizeof(*ix->kind_by_rank));
	ix->kind_rank = xcalloc(nk + 1, sizeof(*ix->kind_rank));
	ix->kind_start = xcalloc(nk + 1, sizeof(*ix->kind_start));
	for (size_t k = 0; k < nk; k++) {
		ix->kinds[krank[k]] = ix->kind_by_rank[krank[k]] = knames[k];
		ix->kind_rank[k] = (uint16_t)k;
	}
	for (size_t k = 0; k <= nk; k++)
		ix->kind_start[k] = (uint32_t)M;
	for (size_t i = M; i-- > 0;)
		ix->kind_start[ix->entries[i].kind] = (uint32_t)i;

	for (size_t i = 0; i < ix->nterms; i++)
		if (!carried[i])
			term_free_bytes(ix->sorted[i]);
	free(ix->terms);
	free(ix->sorted);
	ix->terms = nt;
	nt = NULL;
	ix->nterms = ix->terms_cap = n_new;
	ix->sorted = xcalloc(n_new + 1, sizeof(*ix->sorted));
	ix->postings = 0;
	for (size_t i = 0; i < n_new; i++) {
		ix->sorted[i] = &ix->terms[i];
		ix->postings += ix->terms[i].kept;
	}

	/* term files: unchanged when they hold the same terms, unchanged, and
	 * keep their number */
	layout_terms(ix);
	for (size_t f = 0; f < ix->ntfiles; f++) {
		size_t a = ix->tfiles[f].first, b = f + 1 < ix->ntfiles ? ix->tfiles[f + 1].first : n_new;
		long b0 = base_idx[a];
		int same = b0 >= 0 && file_of[b0] == f && old_tfiles[f].first == (size_t)b0;
		for (size_t i = a; same && i < b; i++)
			same = base_idx[i] == b0 + (long)(i - a);
		if (same) {
			size_t oend = f + 1 < old_ntfiles ? old_tfiles[f + 1].first : old_nterms;
			same = oend == (size_t)b0 + (b - a);
		}
		if (same) {
			ix->tfiles[f].clean = 1;
			ix->tfiles[f].hash = old_tfiles[f].hash;
			ix->tfiles[f].bytes = old_tfiles[f].bytes;
		}
	}
	/* entry files: unchanged when they hold the same entries */
	layout_docs(ix);
	for (size_t f = 0; f < ix->ndfiles && f < old_ndfiles; f++) {
		size_t a = f * DOC_FILE_ENTRIES, b = a + DOC_FILE_ENTRIES;
		size_t nb = b < M ? b : M, ob = b < N ? b : N;
		int same = nb == ob;
		for (size_t k = a; same && k < nb; k++)
			same = back[k] == k;
		if (same) {
			ix->dfile_clean[f] = 1;
			ix->dfile_bytes[f] = old_dbytes[f];
			ix->dfile_hash[f] = old_dhash[f];
		}
	}
	measure_manifest(ix);
	ix->written = 0;
	ix->measured = 0;
	rc = 0;

cleanup_kinds:
	free(knames);
	free(krank);
	free(old_to);
	free(add_to);
cleanup:
	free(drop);
	free(removed);
	free(map);
	free(amap);
	free(back);
	free(tmp);
	free(ne);
	free(merged);
	free(aff);
	free(nt);
	free(nsorted);
	free(base_idx);
	free(carried);
	free(gmap);
	free(cps);
	free(file_of);
	free(old_tfiles);
	free(old_dbytes);
	free(old_dhash);
	post_scratch_release(&ps);
	return rc;
}
