/* parse_error: where and why a text could not be read, as the small
 * strict readers (json, toml, xml) say it: the first problem found is the
 * one kept, with its 1-based line. */
#ifndef CAIRN_PARSE_ERROR_H
#define CAIRN_PARSE_ERROR_H

struct parse_error {
	int line; /* 1-based; 0 when unknown */
	char msg[256];
};

void parse_error_clear(struct parse_error *e);

/* Records line and the message unless e holds one already; returns -1. */
int parse_error_set(struct parse_error *e, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
