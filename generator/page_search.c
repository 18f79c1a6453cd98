#include "page_search.h"

void page_search(struct render_ctx *r)
{
	const char *addr = "search/";
	render_page(r, "search", addr, render_base(r, addr, "search", "Search"), 0);
}
