#include "page_search.h"

#include "util/hash.h"

void page_search(struct render_ctx *r)
{
	const char *addr = "search/";
	/* it shows the chrome alone; the search files are written apart */
	uint64_t fp = hash_mix_str(r->site->chrome_fp, addr);
	if (render_reuse(r, addr, fp))
		return;
	render_page(r, "search", addr, render_base(r, addr, "search", "Search"), fp);
}
