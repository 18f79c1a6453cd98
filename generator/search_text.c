/* search_text: the words of the search index (docs/search.md, "Words"
 * and "Stems"): character classes, folding, tokens, stop words, stems and
 * name keys.  search.js holds the same rules. */
#include "search.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "ascii.h"
#include "search_internal.h"

/* ------------------------------------------------------------ Unicode */

/* The fold of each code point of U+00C0..U+024F then U+1E00..U+1EFF: its
 * base letter, '.' for none (the character is kept), '*' for two letters
 * (the next pair of fold_pairs, in order).  search.js holds the same. */
static const char fold_table[] =
	"aaaaaa*ceeeeiiiidnooooo.ouuuuy**aaaaaa*ceeeeiiiidnooooo.ouuuuy*yaaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiii**jjkkkllllllllllnnnnnnnnnoooooo**rrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzsbb....occdddddeeeffgg.iikkllmnnooo..pp.....ttttuu.vyyzz.............*********aaiioouuuuuuuuuueaaaa..ggggkkoooo..j***gg..nnaa....aaaaeeeeiiiioooorrrruuuusstt..hh.d....aaeeooooooooyylntj**accltsz..b..eejjqqrryy"
	"aabbbbbbccddddddddddeeeeeeeeeeffgghhhhhhhhhhiiiikkkkkkllllllllmmmmmmnnnnnnnnoooooooopppprrrrrrrrssssssssssttttttttuuuuuuuuuuvvvvwwwwwwwwwwxxxxyyzzzzzzhtwya.ss*daaaaaaaaaaaaaaaaaaaaaaaaeeeeeeeeeeeeeeeeiiiioooooooooooooooooooooooouuuuuuuuuuuuuuyyyyyyyy......";
static const char fold_pairs[] = "aethssaethijijoeoedzdzdzljljljnjnjnjdzdzdzdbqpss";

enum { C_SEP, C_WORD, C_JOIN, C_MARK, C_CJK };

static int char_class(uint32_t c)
{
	if (c < 0x80) {
		if (ascii_is_alnum((int)c))
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
	    (c >= 0x3000 && c <= 0x303F) || (c >= 0xD800 && c <= 0xF8FF) || c >= 0xFE00)
		return C_SEP;
	return C_WORD;
}

/* Decodes the code point at s[i] (i < n); returns its length.  Anything
 * malformed is one byte of U+FFFD (a separator). */
size_t search_utf8_next(const char *str, size_t n, size_t i, uint32_t *cp)
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
		out[0] = ascii_lower((char)c);
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

int search_fold_word_char(const char *s, size_t n, size_t *i, char *out)
{
	uint32_t c;
	*i += search_utf8_next(s, n, *i, &c);
	int k = char_class(c);
	if (k == C_MARK)
		return 0;
	return k == C_WORD || k == C_CJK ? (int)fold_char(out, c) : -1;
}

/* char_class of each ASCII character */
static const uint8_t class_of_ascii[128] = {
	['0'] = C_WORD, ['1'] = C_WORD, ['2'] = C_WORD, ['3'] = C_WORD,
	['4'] = C_WORD, ['5'] = C_WORD, ['6'] = C_WORD, ['7'] = C_WORD,
	['8'] = C_WORD, ['9'] = C_WORD, ['-'] = C_JOIN, ['_'] = C_JOIN,
#define L(x) [x] = C_WORD, [x + 32] = C_WORD
	L('A'),		L('B'),		L('C'),		L('D'),
	L('E'),		L('F'),		L('G'),		L('H'),
	L('I'),		L('J'),		L('K'),		L('L'),
	L('M'),		L('N'),		L('O'),		L('P'),
	L('Q'),		L('R'),		L('S'),		L('T'),
	L('U'),		L('V'),		L('W'),		L('X'),
	L('Y'),		L('Z'),
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
	['-'] = B_JOIN,
	['_'] = B_JOIN,
	[0x80] = R10(B_HIGH),
	R10(B_HIGH),
	R10(B_HIGH),
	R10(B_HIGH),
	R10(B_HIGH),
	R10(B_HIGH),
	R10(B_HIGH),
	R10(B_HIGH),
	R10(B_HIGH),
	R10(B_HIGH),
	R10(B_HIGH),
	R10(B_HIGH),
	B_HIGH,
	B_HIGH,
	B_HIGH,
	B_HIGH,
	B_HIGH,
	B_HIGH,
	B_HIGH,
	B_HIGH,
#undef R10
#undef UP26
#undef LOW26
};

/* ------------------------------------------------------------ tokens */

/* the first k bytes of a word, k clamped to 0..8 */
#define KEEP(k)                    \
	((k) <= 0   ? (uint64_t)0  \
	 : (k) >= 8 ? ~(uint64_t)0 \
		    : ((uint64_t)1 << (8 * ((k)&7))) - 1)
#define PAD(n)                                                      \
	{                                                           \
		KEEP(n), KEEP((n)-8), KEEP((n)-16), KEEP((n)-24), 0 \
	}
const uint64_t search_pad_mask[33][5] = {
	PAD(0),	 PAD(1),  PAD(2),  PAD(3),  PAD(4),  PAD(5),  PAD(6),
	PAD(7),	 PAD(8),  PAD(9),  PAD(10), PAD(11), PAD(12), PAD(13),
	PAD(14), PAD(15), PAD(16), PAD(17), PAD(18), PAD(19), PAD(20),
	PAD(21), PAD(22), PAD(23), PAD(24), PAD(25), PAD(26), PAD(27),
	PAD(28), PAD(29), PAD(30), PAD(31), PAD(32),
};
#undef PAD
#undef KEEP

struct tok_state {
	void (*emit)(const struct search_token *t, void *userdata);
	void *userdata;
	size_t count;
	uint64_t pad[(TOKEN_MAX + 8) / 8]; /* a plain run's word, padded */
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
		w->s[w->len++] = ascii_lower((char)c);
	else
		w->len += fold_char(w->s + w->len, c);
	w->ncp++;
}

/* Appends part to whole, as word_add would have its characters. */
static inline void word_join(struct word *whole, const struct word *part)
{
	if (whole->too_long)
		return;
	if (part->too_long || whole->ncp + part->ncp > TOKEN_MAX) {
		whole->too_long = 1;
		return;
	}
	memcpy(whole->s + whole->len, part->s, part->len);
	whole->len += part->len;
	whole->ncp += part->ncp;
}

static void emit_token(struct tok_state *st, const char *s, size_t n,
		       size_t start, size_t end, int compound, int flags)
{
	struct search_token t = { s,
				  n,
				  start,
				  end,
				  compound,
				  flags,
				  flags & SEARCH_TOKEN_PADDED ? st->pad : NULL };
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
	/* a character is folded once, into the part; the whole is the
	 * parts' bytes put end to end */
#define END_PART(at)                                                                  \
	do {                                                                          \
		if (part.ncp) {                                                       \
			nparts++;                                                     \
			if (part.ncp >= 2 && !part.too_long)                          \
				emit_token(st, part.s, part.len, pstart, (at), 0, 0); \
			word_join(&whole, &part);                                     \
		}                                                                     \
		part.len = part.ncp = 0;                                              \
		part.too_long = 0;                                                    \
	} while (0)

	while (i < b) {
		uint32_t c = (unsigned char)s[i];
		size_t n = 1;
		int k;
		if (c < 0x80) {
			k = class_of_ascii[c];
		} else {
			n = search_utf8_next(s, b, i, &c);
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
		if (prev && ascii_is_upper((int)c)) {
			int split = 0;
			if (ascii_is_lower((int)prev)) {
				split = 1;
			} else if (ascii_is_upper((int)prev) && i + n < b) {
				uint32_t c1, c2 = 0;
				size_t n1 = search_utf8_next(s, b, i + n, &c1);
				if (ascii_is_lower((int)c1)) {
					split = 1;
					if (i + n + n1 < b)
						search_utf8_next(s, b, i + n + n1, &c2);
					if (c1 == 's' && !ascii_is_lower((int)c2))
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
		prev = c;
		i += n;
		wend = i;
	}
	END_PART(b);
	if (nparts >= 2 && !whole.too_long)
		emit_token(st, whole.s, whole.len, wstart, wend, 1, 0);
#undef END_PART
}

/* A run of ASCII letters and digits with no capital but maybe the first
 * (most words of prose): one token, folded into st->pad with zeros after
 * it (SEARCH_TOKEN_PADDED), copied whole where the text allows.  The pad
 * is written as whole 64-bit words made in registers (the first byte
 * lowered by its 0x20 bit, which a digit or a lower-case letter has
 * already), since the index reads it a word at a time. */
static void plain_run(struct tok_state *st, const char *s, size_t len, size_t a,
		      size_t b, int digits)
{
	size_t n = b - a;
	if (n < 2 || n > TOKEN_MAX)
		return;
	if (a + TOKEN_MAX <= len)
		memcpy(st->pad, s + a, TOKEN_MAX);
	else
		memcpy(st->pad, s + a, n);
	search_pad_words(st->pad, n);
	st->pad[0] |= 0x20;
	emit_token(st, (const char *)st->pad, n, a, b, 0,
		   SEARCH_TOKEN_PADDED | (digits ? 0 : SEARCH_TOKEN_LETTERS));
}

/* Letters, joiners and marks make runs (docs/search.md, "Runs and
 * parts"). */
static int in_run(int k)
{
	return k == C_WORD || k == C_JOIN || k == C_MARK;
}

/* The end of the run that goes on at text[i]: the first character from i
 * on that is in no run. */
static size_t run_end(const char *text, size_t len, size_t i)
{
	uint32_t c;
	size_t n;
	for (; i < len; i += n) {
		n = search_utf8_next(text, len, i, &c);
		if (!in_run(char_class(c)))
			break;
	}
	return i;
}

/* The first byte from text[i] on that is not an ASCII lower-case letter
 * or digit (byte_kind's B_LOW), or len; *digits is set when a digit comes
 * before it.  Sixteen bytes at a time with SSE2 (every x86-64 has it): a
 * word's end is found without a branch a byte, whose last one the
 * processor would guess wrong; then byte by byte. */
static inline size_t low_end(const char *text, size_t len, size_t i, int *digits)
{
	int dig = 0;
#ifdef __SSE2__
	const __m128i a0 = _mm_set1_epi8('a' - 1), z1 = _mm_set1_epi8('z' + 1),
		      d0 = _mm_set1_epi8('0' - 1), d1 = _mm_set1_epi8('9' + 1);
	for (; len - i >= 16; i += 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(text + i));
		/* signed: bytes past ASCII are below both ranges */
		__m128i d = _mm_and_si128(_mm_cmpgt_epi8(v, d0),
					  _mm_cmplt_epi8(v, d1));
		__m128i low = _mm_or_si128(_mm_and_si128(_mm_cmpgt_epi8(v, a0),
							 _mm_cmplt_epi8(v, z1)),
					   d);
		unsigned m = ~(unsigned)_mm_movemask_epi8(low) & 0xFFFFu;
		unsigned dm = (unsigned)_mm_movemask_epi8(d);
		if (m) {
			/* the digits before the first byte that ends it */
			*digits |= dig | ((dm & ((m & -m) - 1)) != 0);
			return i + (size_t)__builtin_ctz(m);
		}
		dig |= dm != 0;
	}
#endif
	for (; i < len && byte_kind[(unsigned char)text[i]] == B_LOW; i++)
		dig |= (unsigned char)text[i] <= '9';
	*digits |= dig;
	return i;
}

size_t search_tokenize(const char *text, size_t len,
		       void (*emit)(const struct search_token *t, void *userdata),
		       void *userdata)
{
	struct tok_state st = { emit, userdata, 0, { 0 } };
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
				size_t a = i;
				int digits = b <= '9';
				i = low_end(text, len, i + 1, &digits);
				if (i == len) {
					plain_run(&st, text, len, a, i, digits);
					continue;
				}
				if (byte_kind[(unsigned char)text[i]] == B_SEP) {
					/* the separator after it too */
					plain_run(&st, text, len, a, i++, digits);
					continue;
				}
				/* anything else: to the end of the run */
				i = run_end(text, len, i);
				tokenize_run(&st, text, a, i);
				continue;
			}
			c = b;
			n = 1;
			k = class_of_ascii[b];
		} else {
			n = search_utf8_next(text, len, i, &c);
			k = char_class(c);
		}
		if (in_run(k)) {
			size_t a = i;
			i = run_end(text, len, i + n);
			tokenize_run(&st, text, a, i);
			continue;
		}
		if (k == C_CJK)
			emit_token(&st, text + i, n, i, i + n, 0, 0);
		i += n;
	}
	return st.count;
}

/* The stop words, each as the number its bytes make (little end first):
 * a word has no NUL, so the number says its length too, and one switch
 * (a few comparisons) finds it. */
#define W2(a, b) ((uint64_t)(a) | (uint64_t)(b) << 8)
#define W3(a, b, c) (W2(a, b) | (uint64_t)(c) << 16)
#define W4(a, b, c, d) (W3(a, b, c) | (uint64_t)(d) << 24)
#define W5(a, b, c, d, e) (W4(a, b, c, d) | (uint64_t)(e) << 32)

int search_is_stop_word(const char *w, size_t n)
{
	uint64_t v = 0;
	if (n < 1 || n > 5)
		return 0;
	for (size_t i = 0; i < n; i++)
		v |= (uint64_t)(unsigned char)w[i] << (8 * i);
	return search_is_stop_number(v);
}

/* The stop words in a table of 64 numbers, each at the slot that the top
 * six bits of its product with STOP_MUL give (a multiplier chosen so that
 * no two share a slot: -Woverride-init, on with -Wextra, would say so):
 * one multiplication, one load and one compare a word, and no branch
 * whose way the processor must guess, where a switch took several. */
#define STOP_MUL 0x38ad210ee763c5c3ull
#define STOP_SLOT(v) ((uint64_t)(v)*STOP_MUL >> 58)
#define STOP(v) [STOP_SLOT(v)] = (v)
static const uint64_t stop_table[64] = {
	STOP('a'),
	STOP(W2('a', 'n')),
	STOP(W2('a', 's')),
	STOP(W2('a', 't')),
	STOP(W2('b', 'e')),
	STOP(W2('b', 'y')),
	STOP(W2('i', 'f')),
	STOP(W2('i', 'n')),
	STOP(W2('i', 's')),
	STOP(W2('i', 't')),
	STOP(W2('n', 'o')),
	STOP(W2('o', 'f')),
	STOP(W2('o', 'n')),
	STOP(W2('o', 'r')),
	STOP(W2('t', 'o')),
	STOP(W3('a', 'n', 'd')),
	STOP(W3('a', 'r', 'e')),
	STOP(W3('b', 'u', 't')),
	STOP(W3('f', 'o', 'r')),
	STOP(W3('n', 'o', 't')),
	STOP(W3('t', 'h', 'e')),
	STOP(W3('w', 'a', 's')),
	STOP(W4('i', 'n', 't', 'o')),
	STOP(W4('s', 'u', 'c', 'h')),
	STOP(W4('t', 'h', 'a', 't')),
	STOP(W4('t', 'h', 'e', 'n')),
	STOP(W4('t', 'h', 'e', 'y')),
	STOP(W4('t', 'h', 'i', 's')),
	STOP(W4('w', 'i', 'l', 'l')),
	STOP(W4('w', 'i', 't', 'h')),
	STOP(W5('t', 'h', 'e', 'i', 'r')),
	STOP(W5('t', 'h', 'e', 'r', 'e')),
	STOP(W5('t', 'h', 'e', 's', 'e')),
};
#undef STOP

int search_is_stop_number(uint64_t v)
{
	return (stop_table[STOP_SLOT(v)] == v) & (v != 0);
}
#undef W2
#undef W3
#undef W4
#undef W5

/* ------------------------------------------------------------ stems */

#define ENDS(s, n, suf)            \
	((n) >= sizeof(suf) - 1 && \
	 memcmp((s) + (n) - (sizeof(suf) - 1), suf, sizeof(suf) - 1) == 0)

static int has_vowel(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		switch (s[i]) {
		case 'a':
		case 'e':
		case 'i':
		case 'o':
		case 'u':
		case 'y': return 1;
		}
	return 0;
}

/* Writes the stem of word (n bytes, folded) to s (room for n + 1 bytes);
 * returns its length. */
size_t search_stem_word(char *s, const char *word, size_t n)
{
	int plain = 1;
	for (size_t i = 0; i < n; i++) {
		s[i] = word[i];
		plain &= ascii_is_lower((unsigned char)word[i]);
	}
	return plain ? search_stem_letters(s, n) : n;
}

size_t search_stem_letters(char *s, size_t n)
{
	if (n < 4 || n > 64)
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
	out->len += search_stem_word(out->ptr + out->len, word, n);
	out->ptr[out->len] = '\0';
}

void search_name_key(struct buf *out, const char *text, size_t len)
{
	char k[NAME_KEY_MAX * 4 + 8];
	size_t kn = 0, ncp = 0, i = 0;

	while (i < len) {
		uint32_t c;
		size_t n = search_utf8_next(text, len, i, &c);
		int cl = char_class(c);
		i += n;
		if (cl != C_WORD && cl != C_CJK)
			continue;
		if (++ncp > NAME_KEY_MAX)
			return;
		kn += fold_char(k + kn, c);
	}
	if (kn)
		search_stem(out, k, kn);
}
