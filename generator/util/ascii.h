/* ascii: character classes and case of ASCII bytes, whatever the locale
 * (the <ctype.h> functions depend on it, and are undefined for negative
 * chars).  Bytes of 0x80 and above are in no class and keep their case. */
#ifndef CAIRN_ASCII_H
#define CAIRN_ASCII_H

static inline int ascii_is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static inline int ascii_is_upper(int c)
{
	return c >= 'A' && c <= 'Z';
}

static inline int ascii_is_lower(int c)
{
	return c >= 'a' && c <= 'z';
}

static inline int ascii_is_alpha(int c)
{
	return ascii_is_upper(c) || ascii_is_lower(c);
}

static inline int ascii_is_alnum(int c)
{
	return ascii_is_alpha(c) || ascii_is_digit(c);
}

/* space or tab */
static inline int ascii_is_blank(int c)
{
	return c == ' ' || c == '\t';
}

/* space, tab, newline, carriage return, form feed, vertical tab */
static inline int ascii_is_space(int c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

static inline int ascii_is_xdigit(int c)
{
	return ascii_is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* the value of a hexadecimal digit, or -1 */
static inline int ascii_hex_value(int c)
{
	if (ascii_is_digit(c))
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static inline char ascii_lower(char c)
{
	return ascii_is_upper((unsigned char)c) ? (char)(c + ('a' - 'A')) : c;
}

static inline char ascii_upper(char c)
{
	return ascii_is_lower((unsigned char)c) ? (char)(c - ('a' - 'A')) : c;
}

#endif
