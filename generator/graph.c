#include "graph.h"

#include <stdio.h>
#include <string.h>

#define BOX_W 200
#define BOX_H 40
#define GAP_Y 14
#define COL_GAP 90
#define MAX_ROWS 12 /* more are summarised as "and N more" */
#define MAX_LABEL 26

struct node {
	const char *label;
	const char *url; /* relative, or NULL */
	const char *cls;
};

/* Appends text, HTML-escaped and cut to MAX_LABEL characters (UTF-8 safe). */
static void put_label(struct buf *out, const char *s)
{
	size_t n = 0, chars = 0;
	while (s[n] && chars < MAX_LABEL) {
		n++;
		while (((unsigned char)s[n] & 0xC0) == 0x80)
			n++;
		chars++;
	}
	buf_put_html(out, s, n);
	if (s[n])
		buf_puts(out, "\xE2\x80\xA6");
}

static void box(struct buf *out, const struct node *nd, int x, int y)
{
	if (nd->url) {
		buf_puts(out, "<a href=\"");
		buf_put_html(out, nd->url, strlen(nd->url));
		buf_puts(out, "\">");
	}
	buf_printf(out,
		   "<rect class=\"%s\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" rx=\"6\"/>"
		   "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">",
		   nd->cls, x, y, BOX_W, BOX_H, x + BOX_W / 2, y + BOX_H / 2 + 5);
	put_label(out, nd->label);
	buf_puts(out, "</text>");
	if (nd->url)
		buf_puts(out, "</a>");
}

static size_t column(struct render_ctx *r, const char *from, struct node *nodes,
		     const struct relation *rel, size_t n, const char *cls,
		     struct node *more, char *more_label, size_t more_size)
{
	size_t k = 0;
	for (size_t i = 0; i < n && k < MAX_ROWS; i++, k++) {
		nodes[k].label = rel[i].title;
		nodes[k].url = rel[i].svc ? render_url(r, from, rel[i].svc->address)
					  : NULL;
		nodes[k].cls = rel[i].svc ? cls : "ext";
	}
	if (n > MAX_ROWS) {
		snprintf(more_label, more_size, "and %zu more", n - MAX_ROWS);
		*more = (struct node){ more_label, NULL, "more" };
		nodes[k++] = *more;
	}
	return k;
}

void graph_dependencies(struct buf *out, struct render_ctx *r, const char *from,
			const struct service *svc)
{
	size_t nleft = svc->ndependents, nright = svc->ndepends_on + svc->nconsumes;
	if (!nleft && !nright)
		return;
	struct node left[MAX_ROWS + 1], right[2 * MAX_ROWS + 2], more;
	char more_l[32], more_r[32], more_c[32];
	size_t nl = column(r, from, left, svc->dependents, svc->ndependents,
			   "svc", &more, more_l, sizeof(more_l));
	size_t nr = column(r, from, right, svc->depends_on, svc->ndepends_on,
			   "svc", &more, more_r, sizeof(more_r));
	size_t nc = column(r, from, right + nr, svc->consumes, svc->nconsumes,
			   "api", &more, more_c, sizeof(more_c));
	for (size_t i = nr; i < nr + nc; i++)
		if (strcmp(right[i].cls, "ext") == 0)
			right[i].cls = "api";
	nr += nc;

	size_t rows = nl > nr ? nl : nr;
	if (rows < 1)
		rows = 1;
	int height = (int)rows * (BOX_H + GAP_Y) + GAP_Y;
	int width = 3 * BOX_W + 2 * COL_GAP + 20;
	int xl = 10, xm = xl + BOX_W + COL_GAP, xr = xm + BOX_W + COL_GAP;
	int ym = height / 2 - BOX_H / 2;

	buf_printf(out, "<svg class=\"dep-graph\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"",
		   width, height);
	buf_put_html(out, svc->title, strlen(svc->title));
	buf_printf(out, ": %zu dependents, %zu dependencies\">",
		   svc->ndependents, svc->ndepends_on + svc->nconsumes);
	buf_puts(out, "<defs><marker id=\"cairn-dep-arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0 0L10 5L0 10z\"/></marker></defs>");
	for (size_t i = 0; i < nl; i++) {
		int y = GAP_Y + (int)i * (BOX_H + GAP_Y);
		buf_printf(out, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" marker-end=\"url(#cairn-dep-arrow)\"/>",
			   xl + BOX_W, y + BOX_H / 2, xm, ym + BOX_H / 2);
		box(out, &left[i], xl, y);
	}
	for (size_t i = 0; i < nr; i++) {
		int y = GAP_Y + (int)i * (BOX_H + GAP_Y);
		buf_printf(out, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" marker-end=\"url(#cairn-dep-arrow)\"/>",
			   xm + BOX_W, ym + BOX_H / 2, xr, y + BOX_H / 2);
		box(out, &right[i], xr, y);
	}
	struct node self = { svc->title, NULL, "self" };
	box(out, &self, xm, ym);
	buf_puts(out, "</svg>");
}
