#include "contracts.h"

#include <string.h>
#include <strings.h>

/* Steps one match may take: a template of many parameters in one
 * segment ("/{a}{b}{c}...") against a long segment would otherwise try
 * every way to split it. */
#define MATCH_BUDGET 100000

/* Matches tmpl[0..tn) against path[0..pn): literal characters equal,
 * each "{...}" one or more characters other than '/'; *budget counts the
 * steps left (none left: no match). */
static int match_at(const char *t, size_t tn, const char *p, size_t pn, long *budget)
{
	while (tn) {
		if (--*budget < 0)
			return 0;
		if (*t == '{') {
			const char *close = memchr(t, '}', tn);
			if (!close)
				break; /* an unclosed '{' is a literal */
			size_t skip = (size_t)(close - t) + 1;
			for (size_t take = 1; take <= pn && p[take - 1] != '/'; take++)
				if (match_at(t + skip, tn - skip, p + take,
					     pn - take, budget))
					return 1;
			return 0;
		}
		if (!pn || *t != *p)
			return 0;
		t++, tn--, p++, pn--;
	}
	return tn == pn && memcmp(t, p, tn) == 0;
}

/* Length without one trailing '/' (a lone "/" keeps it). */
static size_t trimmed(const char *s)
{
	size_t n = strlen(s);
	return n > 1 && s[n - 1] == '/' ? n - 1 : n;
}

int contracts_path_match(const char *tmpl, const char *path)
{
	long budget = MATCH_BUDGET;
	return match_at(tmpl, trimmed(tmpl), path, trimmed(path), &budget);
}

const char *contracts_strip_base(const char *base, const char *path)
{
	size_t n = strlen(base);
	if (strncmp(path, base, n) != 0 || (path[n] && path[n] != '/'))
		return NULL;
	return path + n;
}

int contracts_status_match(const char *key, int status)
{
	if (strcasecmp(key, "default") == 0)
		return 1;
	if (strlen(key) != 3)
		return 0;
	char want[4] = { (char)('0' + status / 100 % 10),
			 (char)('0' + status / 10 % 10),
			 (char)('0' + status % 10), 0 };
	for (int i = 0; i < 3; i++)
		if (key[i] != want[i] && !(i > 0 && (key[i] == 'X' || key[i] == 'x') &&
					   (key[1] == 'X' || key[1] == 'x')))
			return 0;
	return 1;
}

/* Literal characters of a template: its specificity. */
static size_t literal_len(const char *t)
{
	size_t n = 0;
	int in = 0;
	for (; *t; t++) {
		if (*t == '{')
			in = 1;
		else if (*t == '}')
			in = 0;
		else if (!in)
			n++;
	}
	return n;
}

/* Does ep's path match path under one of the bases (or as it is)? */
static int endpoint_matches(const struct openapi_endpoints *eps,
			    const struct openapi_endpoint *ep, const char *path)
{
	for (size_t b = 0; b <= eps->nbases; b++) {
		const char *rest = b < eps->nbases
					   ? contracts_strip_base(eps->bases[b], path)
					   : path;
		if (rest && contracts_path_match(ep->op->path, *rest ? rest : "/"))
			return 1;
	}
	return 0;
}

void contracts_check(struct contracts_match *out, struct arena *a,
		     const struct openapi_endpoints *eps, const char *api,
		     const char *method, const char *path, int status)
{
	const struct openapi_endpoint *best = NULL, *any = NULL;
	size_t best_len = 0, any_len = 0;
	for (size_t i = 0; i < eps->n; i++) {
		const struct openapi_endpoint *ep = &eps->items[i];
		if (!endpoint_matches(eps, ep, path))
			continue;
		size_t l = literal_len(ep->op->path);
		if (!any || l > any_len)
			any = ep, any_len = l;
		if (strcmp(ep->op->method, method) == 0 && (!best || l > best_len))
			best = ep, best_len = l;
	}
	out->ep = best;
	out->problem = NULL;
	if (!best) {
		out->problem =
			arena_printf(a, "%s %s is not in %s's API description",
				     method, any ? any->op->path : path, api);
		return;
	}
	for (size_t k = 0; k < best->nstatuses; k++)
		if (contracts_status_match(best->statuses[k], status))
			return;
	out->problem = arena_printf(a, "%s %s answers %d, which %s's API description does not declare for it",
				    method, best->op->path, status, api);
}
