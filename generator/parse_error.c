#include "parse_error.h"

#include <stdarg.h>
#include <stdio.h>

void parse_error_clear(struct parse_error *e)
{
	e->line = 0;
	e->msg[0] = '\0';
}

int parse_error_set(struct parse_error *e, int line, const char *fmt, ...)
{
	va_list ap;
	if (e->msg[0])
		return -1;
	e->line = line;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
	return -1;
}
