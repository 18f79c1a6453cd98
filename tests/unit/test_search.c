#include "search.h"

#include <dirent.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"
#include "output.h"
#include "search_fixtures.h"

/* ------------------------------------------------------------ helpers */

struct toks {
	struct buf all; /* "tok tok tok" (compounds marked with '+') */
	size_t starts[64], ends[64], n;
};

static void collect(const struct search_token *t, void *userdata)
{
	struct toks *k = userdata;
	if (k->all.len)
		buf_putc(&k->all, ' ');
	if (t->compound)
		buf_putc(&k->all, '+');
	buf_put(&k->all, t->text, t->len);
	if (k->n < 64) {
		k->starts[k->n] = t->start;
		k->ends[k->n] = t->end;
	}
	k->n++;
}

/* The tokens of s, space-separated, in a static buffer. */
static const char *toks(const char *s)
{
	static char out[1024];
	struct toks k = { .all = BUF_INIT };
	search_tokenize(s, strlen(s), collect, &k);
	snprintf(out, sizeof(out), "%s", k.all.ptr);
	buf_release(&k.all);
	return out;
}

static const char *stem(const char *w)
{
	static char out[128];
	struct buf b = BUF_INIT;
	search_stem(&b, w, strlen(w));
	snprintf(out, sizeof(out), "%s", b.ptr);
	buf_release(&b);
	return out;
}

static const char *name_key(const char *w)
{
	static char out[128];
	struct buf b = BUF_INIT;
	search_name_key(&b, w, strlen(w));
	snprintf(out, sizeof(out), "%s", b.ptr);
	buf_release(&b);
	return out;
}

static void add(struct search_index *ix, const char *kind, const char *title,
		const char *url, const char *service, const char *name,
		const char *body)
{
	struct search_entry e = SEARCH_ENTRY_INIT;
	e.kind = kind;
	e.title = title;
	e.url = url;
	e.service = service;
	e.name = name;
	e.body = body;
	search_add(ix, 0, &e);
}

/* The url of the first hit of q, or "" when there is none. */
static const char *first(struct search_index *ix, const char *q, int typing)
{
	static char out[256];
	struct search_hit h[1];
	size_t n = search_query(ix, q, typing, NULL, h, 1);
	snprintf(out, sizeof(out), "%s", n ? h[0].url : "");
	return out;
}

/* The urls of the hits of q, space-separated. */
static const char *hits(struct search_index *ix, const char *q, int typing,
			const char *kind)
{
	static char out[2048];
	struct search_hit h[16];
	size_t n = search_query(ix, q, typing, kind, h, 16);
	out[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		if (i)
			strcat(out, " ");
		strncat(out, h[i].url, sizeof(out) - strlen(out) - 2);
	}
	return out;
}

/* ------------------------------------------------------------ tokens */

TEST(tokenize_splits_camel_snake_and_kebab_case)
{
	CHECK_STR(toks("PaymentGateway"), "payment gateway +paymentgateway");
	CHECK_STR(toks("payment-gateway"), "payment gateway +paymentgateway");
	CHECK_STR(toks("payment_gateway"), "payment gateway +paymentgateway");
	CHECK_STR(toks("PAYMENT_GATEWAY_URL"), "payment gateway url +paymentgatewayurl");
	CHECK_STR(toks("HTTPServer"), "http server +httpserver");
	CHECK_STR(toks("getURLsToFetch"), "get urls to fetch +geturlstofetch");
	CHECK_STR(toks("APIs and IDs"), "apis and ids");
	CHECK_STR(toks("--dry-run"), "dry run +dryrun");
	CHECK_STR(toks("e-mail"), "mail +email");
}

TEST(tokenize_folds_case_and_accents)
{
	CHECK_STR(toks("Café ÆRØ Straße naïve Señor"), "cafe aero strasse naive senor");
	CHECK_STR(toks("Cafe\xCC\x81"), "cafe"); /* e + combining acute */
	CHECK_STR(toks("Łódź Đorđe œuvre Þing"), "lodz dorde oeuvre thing");
	CHECK_STR(toks("Việt Nam"), "viet nam");
	CHECK_STR(toks("ПЛАТЁЖ ΣΥΣΤΗΜΑ"), "платёж συστημα");
	CHECK_STR(toks("支付服务"), "支 付 服 务");
}

TEST(tokenize_numbers_urls_and_symbols)
{
	CHECK_STR(toks("HTTP 503 v1.2.3 10.0.0.1 ipv6 k8s"), "http 503 v1 10 ipv6 k8s");
	CHECK_STR(toks("https://api.example.com/v1/payments?id=42#top"),
		  "https api example com v1 payments id 42 top");
	CHECK_STR(toks("a → b — «quoted» ✓ 🙂 x×y"), "quoted");
	CHECK_STR(toks(""), "");
	CHECK_STR(toks("\xFF\xFE bad\xC3 bytes"), "bad bytes");
	/* a word too long to be useful is skipped */
	CHECK_STR(toks("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa ok"), "ok");
}

TEST(tokenize_error_messages)
{
	CHECK_STR(toks("FATAL: remaining connection slots are reserved (ECONNREFUSED) at db-primary:5432"),
		  "fatal remaining connection slots are reserved econnrefused at db primary +dbprimary 5432");
	CHECK_STR(toks("java.lang.NullPointerException: null"),
		  "java lang null pointer exception +nullpointerexception null");
}

TEST(tokenize_reports_spans)
{
	struct toks k = { .all = BUF_INIT };
	const char *s = "see paymentGateway.";
	search_tokenize(s, strlen(s), collect, &k);
	CHECK(k.n == 4);
	CHECK(k.starts[0] == 0 && k.ends[0] == 3);
	CHECK(k.starts[1] == 4 && k.ends[1] == 11);  /* payment */
	CHECK(k.starts[2] == 11 && k.ends[2] == 18); /* Gateway */
	CHECK(k.starts[3] == 4 && k.ends[3] == 18);  /* the whole */
	buf_release(&k.all);
}

/* Checks each padded token of text: lower-case letters and digits,
 * zeros after it, SEARCH_TOKEN_LETTERS when it has no digit.  Counts
 * them in *n. */
static void check_padded(const struct search_token *t, void *userdata)
{
	size_t *n = userdata;
	int digit = 0, ok = 1;
	if (!(t->flags & SEARCH_TOKEN_PADDED))
		return;
	(*n)++;
	for (size_t i = 0; i < t->len; i++) {
		char c = t->text[i];
		digit |= c >= '0' && c <= '9';
		ok &= (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
	}
	for (size_t i = 0; i < 8; i++)
		ok &= t->text[t->len + i] == '\0';
	CHECK(ok);
	CHECK(((t->flags & SEARCH_TOKEN_LETTERS) != 0) == !digit);
}

TEST(plain_words_are_handed_over_padded)
{
	const char *s = "Deploy the v2 service, X; "
			"abcdefghijklmnopqrstuvwxyzabcdef http2 Zz9 "
			"paymentGateway snake_case café ends";
	size_t n = 0;
	search_tokenize(s, strlen(s), check_padded, &n);
	/* deploy the v2 service abcd...(32) http2 zz9 ends */
	CHECK(n == 8);
	/* a word at the very end of the text, long and short */
	s = "abcdefghijklmnopqrstuvwxyzabcdef";
	n = 0;
	search_tokenize(s, strlen(s), check_padded, &n);
	CHECK(n == 1);
	n = 0;
	search_tokenize("Ok", 2, check_padded, &n);
	CHECK(n == 1);
	CHECK_STR(toks("Deploy the v2 Service"), "deploy the v2 service");
}

/* Checks that a padded token's words are its text with zeros to the
 * end of the 40 bytes (and no words on other tokens), then scribbles
 * over them, as the index may; appends the text to all. */
struct scribble {
	struct buf all;
	int bad;
};

static void check_words_then_scribble(const struct search_token *t, void *userdata)
{
	struct scribble *x = userdata;
	buf_put(&x->all, t->text, t->len);
	buf_putc(&x->all, ' ');
	if (!(t->flags & SEARCH_TOKEN_PADDED)) {
		x->bad |= t->words != NULL;
		return;
	}
	if (!t->words || (const char *)t->words != t->text) {
		x->bad = 1;
		return;
	}
	for (size_t i = t->len; i < 40; i++)
		x->bad |= ((const char *)t->words)[i] != '\0';
	memset(t->words, 0xFF, 40);
}

TEST(padded_words_are_zeros_to_the_end_and_may_be_changed)
{
	const char *s = "Deploy the v2 service, then abcdefghijklmnopqrstuvwxyzabcdef "
			"paymentGateway ab deployments x1 retries Zz9 a "
			"abcdefghijklmnopqrstuvw ends";
	struct scribble x = { BUF_INIT, 0 };
	search_tokenize(s, strlen(s), check_words_then_scribble, &x);
	CHECK(!x.bad);
	/* what emit did to one token's words changes none of the next */
	CHECK_STR(x.all.ptr, "deploy the v2 service then abcdefghijklmnopqrstuvwxyzabcdef "
			     "payment gateway paymentgateway ab deployments x1 "
			     "retries zz9 abcdefghijklmnopqrstuvw ends ");
	buf_release(&x.all);
}

/* What a text of plain words (a letter or digit, maybe a capital, then
 * lower-case letters and digits) must give, worked out here without the
 * tokenizer: each word of 2 to 32 bytes, lowered, padded, LETTERS when it
 * has no digit, with its span. */
struct plain_expect {
	const char *text;
	size_t at[512], end[512], n, seen;
	int bad;
};

static void check_plain(const struct search_token *t, void *userdata)
{
	struct plain_expect *x = userdata;
	size_t k = x->seen++;
	if (k >= x->n || t->start != x->at[k] || t->end != x->end[k] ||
	    t->len != t->end - t->start || !(t->flags & SEARCH_TOKEN_PADDED)) {
		x->bad = 1;
		return;
	}
	int digit = 0;
	for (size_t i = 0; i < t->len; i++) {
		char c = x->text[t->start + i];
		digit |= c >= '0' && c <= '9';
		if (t->text[i] != (c >= 'A' && c <= 'Z' ? c + 32 : c))
			x->bad = 1;
	}
	for (size_t i = 0; i < 8; i++)
		x->bad |= t->text[t->len + i] != '\0';
	x->bad |= ((t->flags & SEARCH_TOKEN_LETTERS) != 0) == digit;
}

TEST(plain_words_of_any_length_at_any_place_are_found_whole)
{
	/* words of 1 to 40 bytes, digits anywhere in them, ending on and
	 * across every place of a 16-byte block, the text's last one too */
	static const char seps[] = " .,;:()\n\t/";
	char text[4096];
	unsigned r = 12345;
	for (int round = 0; round < 200; round++) {
		struct plain_expect x = { .text = text };
		size_t len = 0;
		while (len < 3000) {
			r = r * 1103515245u + 12345u;
			size_t wl = 1 + (r >> 8) % 40;
			size_t at = len;
			for (size_t i = 0; i < wl; i++) {
				r = r * 1103515245u + 12345u;
				unsigned v = (r >> 10) % 36;
				text[len++] =
					(char)(v < 26 ? 'a' + v : '0' + (v - 26));
			}
			if ((r >> 20) % 3 == 0 && text[at] >= 'a')
				text[at] = (char)(text[at] - 32);
			if (wl >= 2 && wl <= 32 && x.n < 512) {
				x.at[x.n] = at;
				x.end[x.n++] = len;
			}
			text[len++] = seps[(r >> 16) % (sizeof(seps) - 1)];
		}
		len -= round % 2; /* every other text ends with a word */
		if (x.n && x.end[x.n - 1] > len)
			x.n--;
		text[len] = '\0';
		search_tokenize(text, len, check_plain, &x);
		CHECK(!x.bad);
		CHECK(x.seen == x.n);
	}
}

TEST(stem_plurals_and_common_suffixes)
{
	CHECK_STR(stem("services"), "servic");
	CHECK_STR(stem("service"), "servic");
	CHECK_STR(stem("deployments"), "deploy");
	CHECK_STR(stem("deployed"), "deploy");
	CHECK_STR(stem("deploying"), "deploy");
	CHECK_STR(stem("running"), "run");
	CHECK_STR(stem("logging"), "log");
	CHECK_STR(stem("installed"), "install");
	CHECK_STR(stem("policies"), "policy");
	CHECK_STR(stem("retried"), "retry");
	CHECK_STR(stem("retries"), "retry");
	CHECK_STR(stem("caches"), "cach");
	CHECK_STR(stem("cache"), "cach");
	CHECK_STR(stem("migration"), "migrat");
	CHECK_STR(stem("migrate"), "migrat");
	CHECK_STR(stem("classes"), "class");
	CHECK_STR(stem("availability"), "availability");
	CHECK_STR(stem("available"), "avail");
	CHECK_STR(stem("payment"), "payment"); /* too short to lose "ment" */
	/* left alone */
	CHECK_STR(stem("status"), "status");
	CHECK_STR(stem("analysis"), "analysis");
	CHECK_STR(stem("string"), "string");
	CHECK_STR(stem("k8s"), "k8s");
	CHECK_STR(stem("503"), "503");
	CHECK_STR(stem("ids"), "ids");
	CHECK_STR(stem("café"), "café");
}

TEST(stop_words_and_name_keys)
{
	CHECK(search_is_stop_word("the", 3));
	CHECK(search_is_stop_word("of", 2));
	CHECK(search_is_stop_word("these", 5));
	CHECK(!search_is_stop_word("then-", 5));
	CHECK(!search_is_stop_word("payments", 8));
	CHECK(!search_is_stop_word("th", 2));
	CHECK_STR(name_key("Payment-Gateways"), "paymentgateway");
	CHECK_STR(name_key("payment gateway"), "paymentgateway");
	CHECK_STR(name_key("payments"), "payment");
	CHECK_STR(name_key("@acme/platform"), "acmeplatform");
	CHECK_STR(name_key(""), "");
	/* a name may be longer than a word (32), up to 64 letters */
	CHECK_STR(name_key("KubeletClientCertificateExpiration"),
		  "kubeletclientcertificateexpirat");
	CHECK_STR(name_key("a234567890123456789012345678901234567890123456789012345678901234"),
		  "a234567890123456789012345678901234567890123456789012345678901234");
	CHECK_STR(name_key("a2345678901234567890123456789012345678901234567890123456789012345"),
		  "");
}

/* Every stop word of docs/search.md, and no word one letter from one. */
TEST(stop_words_are_the_documented_ones)
{
	static const char *const list[] = {
		"a",	"an",  "and",	"are",	"as",	 "at",	  "be",
		"but",	"by",  "for",	"if",	"in",	 "into",  "is",
		"it",	"no",  "not",	"of",	"on",	 "or",	  "such",
		"that", "the", "their", "then", "there", "these", "they",
		"this", "to",  "was",	"will", "with"
	};
	int n = 0;
	for (size_t i = 0; i < sizeof(list) / sizeof(*list); i++) {
		char w[8];
		size_t len = strlen(list[i]);
		CHECK(search_is_stop_word(list[i], len));
		memcpy(w, list[i], len);
		w[len - 1] = 'q'; /* no stop word ends in q */
		CHECK(!search_is_stop_word(w, len));
		n++;
	}
	CHECK(n == 33);
	CHECK(!search_is_stop_word("thei", 4));
	CHECK(!search_is_stop_word("ther", 4));
	CHECK(!search_is_stop_word("", 0));
	CHECK(!search_is_stop_word("A", 1)); /* folded words only */

	/* and no other word of up to five letters (the table finds a word
	 * by a hash of it: no other may land on a stop word's place) */
	size_t found = 0;
	char w[6] = { 0 };
	for (size_t len = 1; len <= 5; len++) {
		size_t total = 1;
		for (size_t i = 0; i < len; i++)
			total *= 26;
		for (size_t k = 0; k < total; k++) {
			size_t v = k;
			for (size_t i = 0; i < len; i++, v /= 26)
				w[i] = (char)('a' + v % 26);
			found += search_is_stop_word(w, len) != 0;
		}
	}
	CHECK(found == 33);
}

/* The browser's copy of the rules must hold the same folding table. */
TEST(search_js_has_the_same_folding_table)
{
	char path[512];
	const char *dir = __FILE__;
	const char *slash = strrchr(dir, '/');
	snprintf(path, sizeof(path), "%.*s/../../themes/default/assets/search.js",
		 slash ? (int)(slash - dir) : 1, slash ? dir : ".");
	FILE *f = fopen(path, "rb");
	if (!f)
		f = fopen("themes/default/assets/search.js", "rb");
	CHECK(f != NULL);
	if (!f)
		return;
	struct buf js = BUF_INIT;
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_put(&js, chunk, n);
	fclose(f);
	/* the same words as search_text.c (the table's first and last runs) */
	CHECK_CONTAINS(js.ptr, "aaaaaa*ceeeeiiiidnooooo.ouuuuy**aaaaaa*ceeeeiiiidnooooo.ouuuuy*y");
	CHECK_CONTAINS(js.ptr, "oooooooooooooooooooooooouuuuuuuuuuuuuuyyyyyyyy......");
	CHECK_CONTAINS(js.ptr, "aethssaethijijoeoedzdzdzljljljnjnjnjdzdzdzdbqpss");
	buf_release(&js);
}

/* ------------------------------------------------------------ ranking */

static struct search_index *portal(void)
{
	struct search_index *ix = search_index_new();
	add(ix, "service", "Payments", "services/payments/", "payments", "payments",
	    "Takes card payments for the shop and talks to the payment gateway.");
	add(ix, "service", "Ledger", "services/ledger/", "ledger", "ledger",
	    "Double-entry ledger. Receives payments from the payments service.");
	add(ix, "team", "Payments team", "teams/payments-team/", NULL,
	    "payments-team", "Owns payments, ledger and refunds.");
	add(ix, "runbook", "Payments: card payments failing",
	    "services/payments/docs/runbooks/cards/", "payments", NULL,
	    "When payments fail, payments pile up. Check the payments queue, payments "
	    "dashboard and payments logs. Payments payments payments.");
	add(ix, "doc", "Refunds", "services/ledger/docs/refunds/", "ledger",
	    NULL, "Refunds are booked against payments in the ledger.");
	add(ix, "rfc", "RFC 12: a PaymentGateway abstraction",
	    "services/payments/docs/rfcs/12/", "payments", NULL,
	    "We propose wrapping providers behind a payment-gateway interface.");
	add(ix, "doc", "Gateway notes", "services/edge/docs/gateway/", "edge", NULL,
	    "The API gateway forwards requests. A payment is never seen here.");
	return ix;
}

TEST(a_service_name_puts_the_service_first)
{
	struct search_index *ix = portal();
	CHECK_STR(first(ix, "payments", 0), "services/payments/");
	CHECK_STR(first(ix, "Payments", 1), "services/payments/");
	CHECK_STR(first(ix, "payment", 0), "services/payments/");
	CHECK_STR(first(ix, "ledger", 0), "services/ledger/");
	CHECK_STR(first(ix, "payments team", 0), "teams/payments-team/");
	CHECK_STR(first(ix, "payments-team", 0), "teams/payments-team/");
	search_index_free(ix);
}

TEST(a_long_alert_name_in_lower_case_finds_its_runbook)
{
	struct search_index *ix = search_index_new();
	/* the runbook's entry carries the alert's name, as the alert page's
	 * does when it has no runbook */
	add(ix, "runbook", "Kubelet client certificate expiration",
	    "services/k/runbooks/kubeletclientcertificateexpiration/", "k",
	    "KubeletClientCertificateExpiration", "Renew the certificate.");
	add(ix, "runbook", "Client certificates", "services/k/runbooks/certs/",
	    "k", NULL, "kubelet client certificate expiration happens yearly");
	CHECK_STR(first(ix, "kubeletclientcertificateexpiration", 0),
		  "services/k/runbooks/kubeletclientcertificateexpiration/");
	CHECK_STR(first(ix, "KubeletClientCertificateExpiration", 0),
		  "services/k/runbooks/kubeletclientcertificateexpiration/");
	CHECK_STR(first(ix, "kubeletclientcertificateexp", 1),
		  "services/k/runbooks/kubeletclientcertificateexpiration/");
	search_index_free(ix);
}

TEST(a_completion_counts_no_rarer_than_the_word_typed)
{
	struct search_index *ix = search_index_new();
	/* kube-prometheus: every alert's team is prometheus-operator (its
	 * headings), the Node* alerts' names are rare words that complete
	 * "node"; "operator node", typed, puts the alert with both words in
	 * its title first */
	const char *node[] = { "NodeCPUHighUsage", "NodeRAIDDegraded",
			       "NodeBondingDegraded", "NodeDiskIOSaturation",
			       "NodeClockSkewDetected" };
	char url[64];
	for (size_t i = 0; i < sizeof(node) / sizeof(node[0]); i++) {
		struct search_entry e = SEARCH_ENTRY_INIT;
		snprintf(url, sizeof(url), "alerts/n%zu/", i);
		e.kind = "alert";
		e.title = node[i];
		e.name = node[i];
		e.url = url;
		e.service = "kube-prometheus";
		e.headings = "prometheus-operator/maintainers";
		e.body = "Usage is high.";
		search_add(ix, 0, &e);
	}
	struct search_entry e = SEARCH_ENTRY_INIT;
	e.kind = "alert";
	e.title = e.name = "PrometheusOperatorNodeLookupErrors";
	e.url = "alerts/pon/";
	e.service = "kube-prometheus";
	e.headings = "prometheus-operator/maintainers";
	e.body = "Errors while reconciling Prometheus.";
	search_add(ix, 0, &e);
	for (int i = 0; i < 300; i++) {
		snprintf(url, sizeof(url), "docs/d%d/", i);
		add(ix, "doc", "Notes", url, "other", NULL,
		    i % 3 ? "Restart the service." : "Drain the node first.");
	}
	CHECK_STR(first(ix, "operator node", 1), "alerts/pon/");
	search_index_free(ix);
}

TEST(identifiers_are_found_by_their_parts_and_whole)
{
	struct search_index *ix = portal();
	const char *h = hits(ix, "gateway", 0, NULL);
	CHECK_CONTAINS(h, "services/payments/docs/rfcs/12/");
	CHECK_CONTAINS(h, "services/edge/docs/gateway/");
	CHECK_CONTAINS(hits(ix, "payment", 0, "rfc"), "services/payments/docs/rfcs/12/");
	/* the identifier in a title beats the two words apart */
	CHECK_STR(first(ix, "payment-gateway", 0), "services/payments/docs/rfcs/12/");
	CHECK_STR(first(ix, "PaymentGateway", 0), "services/payments/docs/rfcs/12/");
	CHECK_STR(first(ix, "payment_gateway", 0), "services/payments/docs/rfcs/12/");
	search_index_free(ix);

	/* a name run together is still the name */
	ix = portal();
	add(ix, "service", "Payment gateway", "services/payment-gateway/",
	    "payment-gateway", "payment-gateway", "Talks to card schemes.");
	CHECK_STR(first(ix, "paymentgateway", 0), "services/payment-gateway/");
	CHECK_STR(first(ix, "payment gateway", 0), "services/payment-gateway/");
	CHECK_STR(first(ix, "Payment-Gateway", 1), "services/payment-gateway/");
	search_index_free(ix);
}

TEST(title_ranks_above_heading_above_body)
{
	static const struct markdown_heading toc[] = {
		{ 2, "overview", "Overview" },
		{ 2, "failover", "Failover" },
		{ 2, "backups", "Backups" },
	};
	struct search_index *ix = search_index_new();
	add(ix, "runbook", "Failover", "services/db/docs/runbooks/failover/",
	    "db", NULL,
	    "Promote the replica when the primary is gone for good. Then repoint clients.");
	struct search_entry page = SEARCH_ENTRY_INIT;
	page.kind = "runbook";
	page.title = "Database operations";
	page.url = "services/db/docs/runbooks/ops/";
	page.service = "db";
	page.body = "How we run the database.\nOverview\nThe primary takes writes.\n"
		    "Failover\nPromote the replica, then repoint clients.\n"
		    "Backups\nNightly snapshots are kept for a week.";
	search_add_page(ix, 0, &page, toc, 3);
	add(ix, "doc", "Capacity planning", "services/db/docs/capacity/", "db", NULL,
	    "Plan storage for a year. A failover doubles the load on the replica for a "
	    "while, so keep headroom on both machines.");
	CHECK_STR(hits(ix, "failover", 0, NULL),
		  "services/db/docs/runbooks/failover/ services/db/docs/runbooks/ops/#failover "
		  "services/db/docs/capacity/");
	search_index_free(ix);
}

TEST(add_page_makes_an_entry_per_section)
{
	static const struct markdown_heading toc[] = {
		{ 1, "db-runbook", "DB runbook" },
		{ 2, "symptoms", "Symptoms" },
		{ 4, "in-grafana", "In Grafana" },
		{ 2, "mitigation", "Mitigation" },
	};
	struct search_index *ix = search_index_new();
	struct search_entry page = SEARCH_ENTRY_INIT;
	page.kind = "runbook";
	page.title = "DB runbook";
	page.url = "services/db/docs/runbooks/db/";
	page.service = "db";
	page.body = "DB runbook\nRead this first when paged.\nSymptoms\nSlow queries everywhere.\n"
		    "In Grafana\nThe latency panel turns red.\nMitigation\nKill the long "
		    "transaction.";
	search_add_page(ix, 0, &page, toc, 4);
	struct search_hit h[8];
	CHECK(search_query(ix, "paged", 0, NULL, h, 8) == 1);
	CHECK_STR(h[0].url, "services/db/docs/runbooks/db/");
	CHECK_STR(h[0].page, "");
	CHECK_STR(h[0].snippet, "Read this first when paged.");
	CHECK(search_query(ix, "grafana", 0, NULL, h, 8) == 1);
	CHECK_STR(h[0].url, "services/db/docs/runbooks/db/#symptoms");
	CHECK_STR(h[0].title, "Symptoms");
	CHECK_STR(h[0].page, "DB runbook");
	CHECK_STR(h[0].service, "db");
	CHECK_STR(h[0].kind, "runbook");
	CHECK_STR(h[0].snippet, "Slow queries everywhere. The latency panel turns red.");
	CHECK(search_query(ix, "transaction", 0, NULL, h, 8) == 1);
	CHECK_STR(h[0].url, "services/db/docs/runbooks/db/#mitigation");
	search_index_free(ix);
}

/* Some text about databases and connections that is not the answer. */
static void add_noise(struct search_index *ix)
{
	char url[64], title[64];
	static const char *const filler[] = {
		"Connection pools keep a few connections open per replica; the pool "
		"size is reserved per service.",
		"Remaining work: move the slots of the scheduler to the new cluster.",
		"A superuser can see every connection. Replication lag shows on the "
		"dashboard.",
		"Too many connections make the database slow; check the pool first.",
	};
	for (int i = 0; i < 40; i++) {
		snprintf(url, sizeof(url), "services/s%d/docs/notes/", i);
		snprintf(title, sizeof(title), "Notes %d", i);
		add(ix, "doc", title, url, "s", NULL, filler[i % 4]);
	}
}

TEST(an_error_message_finds_the_runbook_that_quotes_it)
{
	static const struct markdown_heading toc[] = {
		{ 2, "symptoms", "Symptoms" },
		{ 2, "fix", "Fix" },
	};
	struct search_index *ix = search_index_new();
	add_noise(ix);
	struct search_entry page = SEARCH_ENTRY_INIT;
	page.kind = "runbook";
	page.title = "Postgres out of connections";
	page.url = "services/orders/docs/runbooks/pg-connections/";
	page.service = "orders";
	page.body = "Symptoms\nThe service logs:\nFATAL: remaining connection slots are "
		    "reserved for non-replication superuser connections\nFix\nRestart "
		    "pgbouncer, then find the leak.";
	search_add_page(ix, 0, &page, toc, 2);
	CHECK_STR(first(ix,
			"FATAL:  remaining connection slots are reserved for "
			"non-replication superuser connections",
			0),
		  "services/orders/docs/runbooks/pg-connections/#symptoms");
	/* pasted with the log's own prefix */
	CHECK_STR(first(ix,
			"2026-11-20 03:12:44 UTC [5512] FATAL: remaining connection "
			"slots are reserved",
			0),
		  "services/orders/docs/runbooks/pg-connections/#symptoms");
	search_index_free(ix);
}

TEST(the_word_being_typed_matches_as_a_prefix)
{
	struct search_index *ix = portal();
	add(ix, "doc", "Shipping", "services/x/docs/ship/", "x", NULL,
	    "Deployments happen daily.");
	/* names first while they are typed */
	CHECK_STR(first(ix, "paym", 1), "services/payments/");
	CHECK_STR(first(ix, "payments", 1), "services/payments/");
	CHECK_STR(first(ix, "paym", 0), "");
	CHECK_STR(first(ix, "refu", 1), "services/ledger/docs/refunds/");
	/* a stem shorter than what is typed ("deploym" -> "deploy") */
	CHECK_STR(first(ix, "deploym", 1), "services/x/docs/ship/");
	/* only the last word is a prefix */
	CHECK_STR(first(ix, "refu ledger", 1), "services/ledger/");
	CHECK_STR(first(ix, "ledger refu", 1), "services/ledger/docs/refunds/");
	search_index_free(ix);
}

TEST(one_typo_is_forgiven_in_longer_words)
{
	struct search_index *ix = search_index_new();
	add(ix, "runbook", "Failover", "a/", NULL, NULL, "Promote the replica.");
	add(ix, "doc", "Connections", "b/", NULL, NULL,
	    "Connection pooling with pgbouncer.");
	add(ix, "doc", "Certificates", "c/", NULL, NULL, "Renew before they expire.");
	add(ix, "doc", "Shipping", "d/", NULL, NULL, "Deployments of the services.");
	CHECK_STR(first(ix, "failvoer", 0), "a/");  /* swapped */
	CHECK_STR(first(ix, "conection", 0), "b/"); /* dropped */
	CHECK_STR(first(ix, "replicx", 0), "a/");   /* changed */
	CHECK_STR(first(ix, "certifficates", 0), "c/");
	/* in the ending, where it changes the stem */
	CHECK_STR(first(ix, "deploymnets", 0), "d/");
	CHECK_STR(first(ix, "servcies", 0), "d/");
	CHECK_STR(first(ix, "rplca", 0), ""); /* two away */
	CHECK_STR(first(ix, "renw", 0), "");  /* short words must be right */
	search_index_free(ix);
}

TEST(queries_fold_like_the_text)
{
	struct search_index *ix = search_index_new();
	add(ix, "doc", "Café menu", "a/", NULL, NULL, "Crème brûlée for the ÉQUIPE.");
	add(ix, "doc", "Other", "b/", NULL, NULL, "Nothing.");
	CHECK_STR(first(ix, "cafe", 0), "a/");
	CHECK_STR(first(ix, "CAFÉ", 0), "a/");
	CHECK_STR(first(ix, "creme brulee", 0), "a/");
	CHECK_STR(first(ix, "equipe", 0), "a/");
	CHECK_STR(first(ix, "the", 0), ""); /* a stop word alone finds nothing */
	search_index_free(ix);
}

TEST(kind_filter_keeps_one_kind)
{
	struct search_index *ix = portal();
	CHECK_STR(hits(ix, "payments", 0, "runbook"),
		  "services/payments/docs/runbooks/cards/");
	CHECK_STR(hits(ix, "payments", 0, "team"), "teams/payments-team/");
	CHECK_STR(hits(ix, "payments", 0, "nonesuch"), "");
	search_index_free(ix);
}

/* ------------------------------------------------------------ files */

/* Every entry file of the site (search/d/N.js: files with no entry are not
 * written), concatenated in the order of their numbers; *nfiles gets how
 * many (malloc'd). */
static char *entry_files(const char *site, size_t *nfiles, size_t *len)
{
	struct buf b = BUF_INIT;
	char path[512];
	DIR *dir;
	struct dirent *de;
	size_t max = 0;
	*nfiles = 0;
	snprintf(path, sizeof(path), "%s/search/d", site);
	if ((dir = opendir(path))) {
		while ((de = readdir(dir)))
			if (de->d_name[0] != '.' && (size_t)atol(de->d_name) + 1 > max)
				max = (size_t)atol(de->d_name) + 1;
		closedir(dir);
	}
	for (size_t f = 0; f < max; f++) {
		size_t n;
		snprintf(path, sizeof(path), "%s/search/d/%zu.js", site, f);
		char *d = fixture_read(path, &n);
		if (d) {
			buf_put(&b, d, n);
			(*nfiles)++;
		}
		free(d);
	}
	return buf_detach(&b, len);
}

TEST(write_makes_manifest_term_and_entry_files)
{
	struct search_index *ix = portal();
	char *site = write_site(ix);
	struct search_stats st;
	search_stats(ix, &st);
	char path[512];
	size_t len;

	snprintf(path, sizeof(path), "%s/search/manifest.js", site);
	char *m = fixture_read(path, &len);
	CHECK(m && strncmp(m, "cairnSearch.m({\"v\":2,", 21) == 0);
	CHECK_CONTAINS(m, "\"n\":7,");
	CHECK_CONTAINS(m, "\"k\":[\"service\",\"team\",\"runbook\",\"doc\",\"rfc\"]");
	/* each kind a range of 32 numbers (docs/search.md, "Numbers"), the
	 * end of the last one after them */
	CHECK_CONTAINS(m, "\"s\":[0,32,64,96,128,160]");
	CHECK(len == st.manifest_bytes);
	free(m);

	snprintf(path, sizeof(path), "%s/search/t/0.js", site);
	char *t = fixture_read(path, &len);
	CHECK(t && strncmp(t, "cairnSearch.t(0,\"", 17) == 0);
	CHECK_CONTAINS(t, "\\npayment ");
	CHECK(st.term_files == 1 && len == st.term_bytes);
	free(t);

	size_t nd;
	char *d = entry_files(site, &nd, &len);
	CHECK(d && strncmp(d, "cairnSearch.d(", 14) == 0);
	CHECK_CONTAINS(d, "[\"Ledger\",\"services/ledger/\",\"ledger\",\"\",\"Double-entry ledger.");
	CHECK_CONTAINS(d, "[0,"); /* numbers no entry has */
	CHECK(st.doc_files == nd && nd >= 5 && len == st.doc_bytes);
	free(d);
	CHECK(st.entries == 7);
	CHECK(st.total_bytes == st.manifest_bytes + st.term_bytes + st.doc_bytes);

	remove_site(site);
	free(site);
	search_index_free(ix);
}

TEST(entry_files_are_ascii_and_compact)
{
	static const struct markdown_heading toc[] = {
		{ 2, "a", "Été" },
		{ 2, "b", "B \"quoted\"" },
	};
	struct search_index *ix = search_index_new();
	struct search_entry page = SEARCH_ENTRY_INIT;
	page.kind = "doc";
	page.title = "Ünïcode";
	page.url = "services/u/docs/x/";
	page.service = "u";
	page.body = "Intro 🙂.\nÉté\nHot.\nB \"quoted\"\nBack\\slash.";
	search_add_page(ix, 0, &page, toc, 2);
	char *site = write_site(ix);
	size_t len, nd;
	char *d = entry_files(site, &nd, &len);
	CHECK(d != NULL && nd == 1);
	for (size_t i = 0; d && i < len; i++)
		CHECK((unsigned char)d[i] < 0x80);
	CHECK_CONTAINS(d, "[\"\\u00dcn\\u00efcode\",\"services/u/docs/x/\",\"u\",\"\",\"Intro \\ud83d\\ude42.\"]");
	CHECK_CONTAINS(d, "[\"\\u00c9t\\u00e9\",\"#a\",1,\"\\u00dcn\\u00efcode\",\"Hot.\"]");
	CHECK_CONTAINS(d, "[\"B \\\"quoted\\\"\",\"#b\",1,1,\"Back\\\\slash.\"]");
	free(d);
	remove_site(site);
	free(site);
	search_index_free(ix);
}

static void synthetic_site(struct search_index *ix, int worker, size_t from,
			   size_t to, size_t words)
{
	struct buf body = BUF_INIT, title = BUF_INIT, url = BUF_INIT, svc = BUF_INIT;
	for (size_t i = from; i < to; i++) {
		uint64_t st = 0x9E3779B97F4A7C15ull ^ (i * 0x100000001B3ull);
		buf_clear(&body);
		buf_clear(&title);
		buf_clear(&url);
		buf_clear(&svc);
		for (size_t w = 0; w < words; w++) {
			word_of(&body, rng(&st));
			buf_putc(&body, w % 12 == 11 ? '\n' : ' ');
		}
		for (int w = 0; w < 4; w++) {
			word_of(&title, rng(&st));
			buf_putc(&title, ' ');
		}
		buf_printf(&svc, "svc%zu", i / 50);
		buf_printf(&url, "services/%s/docs/page-%zu/", svc.ptr, i);
		struct search_entry e = SEARCH_ENTRY_INIT;
		e.kind = i % 50 == 0 ? "service" : i % 7 ? "doc" : "runbook";
		e.title = title.ptr;
		e.url = url.ptr;
		e.service = svc.ptr;
		e.name = i % 50 == 0 ? svc.ptr : NULL;
		e.body = body.ptr;
		search_add(ix, worker, &e);
	}
	buf_release(&body);
	buf_release(&title);
	buf_release(&url);
	buf_release(&svc);
}

TEST(a_one_word_query_fetches_under_150_kb_of_10000_entries)
{
	struct search_index *ix = search_index_new();
	synthetic_site(ix, 0, 0, 10000, 220);
	char *site = write_site(ix);
	struct search_stats st;
	search_stats(ix, &st);
	struct buf out = BUF_INIT;
	search_stats_format(&out, &st);
	printf("%s", out.ptr);
	buf_release(&out);

	CHECK(st.entries == 10000);
	CHECK(st.query_bytes > st.manifest_bytes);
	CHECK(st.query_bytes < 150 * 1024);
	CHECK(st.query_bound < 150 * 1024);
	CHECK(search_query_bytes(ix, "database", 0, SEARCH_TOP) <= st.query_bytes);
	CHECK(search_query_bytes(ix, "da", 1, SEARCH_TOP) <= st.query_bytes);
	/* the figures are those of the files */
	CHECK(file_size(site, "search/manifest.js") == st.manifest_bytes);
	size_t total = file_size(site, "search/manifest.js");
	char rel[64];
	for (size_t f = 0; f < st.term_files; f++) {
		snprintf(rel, sizeof(rel), "search/t/%zu.js", f);
		total += file_size(site, rel);
	}
	size_t nd, dlen;
	free(entry_files(site, &nd, &dlen));
	total += dlen;
	CHECK(total == st.total_bytes && nd == st.doc_files);
	snprintf(rel, sizeof(rel), "search/t/%zu.js", st.term_files);
	CHECK(file_size(site, rel) == 0);
	/* a service is still found first by its name */
	CHECK_STR(first(ix, "svc42", 0), "services/svc42/docs/page-2100/");
	remove_site(site);
	free(site);
	search_index_free(ix);
}

struct adder {
	struct search_index *ix;
	int worker;
	size_t from, to;
};

static void *add_range(void *p)
{
	struct adder *a = p;
	synthetic_site(a->ix, a->worker, a->from, a->to, 60);
	return NULL;
}

/* Every file of dir's search folder, concatenated in a fixed order. */
static void slurp_index(struct buf *out, const char *site, const struct search_stats *st)
{
	char path[512];
	size_t len;
	for (size_t f = 0; f < st->term_files + st->doc_files + 1; f++) {
		if (f == 0)
			snprintf(path, sizeof(path), "%s/search/manifest.js", site);
		else if (f <= st->term_files)
			snprintf(path, sizeof(path), "%s/search/t/%zu.js", site, f - 1);
		else
			snprintf(path, sizeof(path), "%s/search/d/%zu.js", site,
				 f - 1 - st->term_files);
		char *d = fixture_read(path, &len);
		if (d)
			buf_put(out, d, len);
		free(d);
	}
}

TEST(adding_from_threads_writes_the_same_files)
{
	struct search_index *one = search_index_new(), *many = search_index_new();
	synthetic_site(one, 0, 0, 2000, 60);
	pthread_t th[4];
	struct adder ad[4];
	search_set_threads(many, 4);
	for (int i = 0; i < 4; i++) {
		/* interleaved ranges, so that the order of arrival differs */
		ad[i] = (struct adder){ many, i, (size_t)(3 - i) * 500,
					(size_t)(4 - i) * 500 };
		pthread_create(&th[i], NULL, add_range, &ad[i]);
	}
	for (int i = 0; i < 4; i++)
		pthread_join(th[i], NULL);
	char *s1 = write_site(one), *s2 = write_site(many);
	struct search_stats st1, st2;
	search_stats(one, &st1);
	search_stats(many, &st2);
	struct buf b1 = BUF_INIT, b2 = BUF_INIT;
	slurp_index(&b1, s1, &st1);
	slurp_index(&b2, s2, &st2);
	CHECK(b1.len > 0 && b1.len == b2.len && memcmp(b1.ptr, b2.ptr, b1.len) == 0);
	buf_release(&b1);
	buf_release(&b2);
	remove_site(s1);
	remove_site(s2);
	free(s1);
	free(s2);
	search_index_free(one);
	search_index_free(many);
}

/* search_write freezes the index while it writes the entry files (on the
 * threads that would wait): the files are those of an index frozen
 * first, on one thread or on three. */
TEST(writing_while_freezing_writes_the_files_of_an_index_frozen_first)
{
	struct search_index *first = search_index_new(),
			    *one = search_index_new(), *three = search_index_new();
	synthetic_site(first, 0, 0, 1500, 40);
	synthetic_site(one, 0, 0, 1500, 40);
	synthetic_site(three, 0, 0, 1500, 40);
	struct search_stats st0, st1, st3;
	search_stats(first, &st0); /* frozen (and measured) before writing */
	search_set_threads(first, 3);
	search_set_threads(three, 3);
	char *s0 = write_site(first), *s1 = write_site(one), *s3 = write_site(three);
	search_stats(one, &st1);
	search_stats(three, &st3);
	CHECK(st0.doc_files > 50 && st0.term_files > 1);
	struct buf b0 = BUF_INIT, b1 = BUF_INIT, b3 = BUF_INIT;
	slurp_index(&b0, s0, &st0);
	slurp_index(&b1, s1, &st1);
	slurp_index(&b3, s3, &st3);
	CHECK(b0.len > 0 && b0.len == b1.len && memcmp(b0.ptr, b1.ptr, b0.len) == 0);
	CHECK(b0.len == b3.len && memcmp(b0.ptr, b3.ptr, b0.len) == 0);
	CHECK(search_manifest_hash(first) == search_manifest_hash(three));
	buf_release(&b0);
	buf_release(&b1);
	buf_release(&b3);
	remove_site(s0);
	remove_site(s1);
	remove_site(s3);
	free(s0);
	free(s1);
	free(s3);
	search_index_free(first);
	search_index_free(one);
	search_index_free(three);
}

/* An index saved beside its files (search_write_saving: in steps, on the
 * threads that write the files, its header written last) is the file
 * search_save writes once the files are written, and loads (its checksum
 * checked): with a header of a few bytes, and with one longer than the
 * checksum's 64 KiB blocks (kinds with long names).  Words in more than
 * POSTINGS_MAX entries have their full lists read back from the spill. */
static void long_kinds(struct search_index *ix)
{
	struct buf kind = BUF_INIT;
	for (int k = 0; k < 40; k++) {
		buf_clear(&kind);
		for (int i = 0; i < 2000; i++)
			buf_putc(&kind, (char)('a' + (k + i) % 26));
		struct search_entry e = SEARCH_ENTRY_INIT;
		e.kind = kind.ptr;
		e.title = "a kind of its own";
		e.url = kind.ptr;
		search_add(ix, 0, &e);
	}
	buf_release(&kind);
}

TEST(an_index_saved_beside_its_files_is_the_one_search_save_saves)
{
	for (int big = 0; big <= 1; big++) {
		struct search_index *a = search_index_new(), *b = search_index_new();
		synthetic_site(a, 0, 0, 1500, 40);
		synthetic_site(b, 0, 0, 1500, 40);
		if (big) {
			long_kinds(a);
			long_kinds(b);
		}
		search_set_threads(a, 3);
		char *site = temp_site(), *site_b = write_site(b);
		struct buf pa = BUF_INIT, pb = BUF_INIT, err = BUF_INIT;
		buf_printf(&pa, "%s.a.bin", site);
		buf_printf(&pb, "%s.b.bin", site);
		struct output o;
		int saved = -2;
		CHECK(output_begin(&o, site, &err) == 0);
		CHECK(search_write_saving(a, &o, &err, pa.ptr, 77, &saved) == 0);
		CHECK(output_commit(&o, &err) == 0);
		CHECK(saved == 0);
		CHECK(search_save(b, pb.ptr, 77) == 0);
		size_t na = 0, nb = 0;
		char *fa = fixture_read(pa.ptr, &na), *fb = fixture_read(pb.ptr, &nb);
		CHECK(fa && fb && na > (big ? 80000u : 1000u) && na == nb &&
		      memcmp(fa, fb, na) == 0);
		struct search_index *back = search_load(pa.ptr, 77);
		CHECK(back != NULL);
		CHECK(search_load(pa.ptr, 78) == NULL);
		search_index_free(back);
		free(fa);
		free(fb);
		unlink(pa.ptr);
		unlink(pb.ptr);
		buf_release(&pa);
		buf_release(&pb);
		buf_release(&err);
		remove_site(site);
		remove_site(site_b);
		free(site);
		free(site_b);
		search_index_free(a);
		search_index_free(b);
	}
}

/* A save beside files that were not written is abandoned: *saved says
 * so and nothing is left at its path. */
TEST(a_save_beside_files_not_written_is_abandoned)
{
	struct search_index *ix = search_index_new();
	synthetic_site(ix, 0, 0, 200, 20);
	char *site = temp_site();
	struct buf p = BUF_INIT, err = BUF_INIT;
	buf_printf(&p, "%s.bin", site);
	struct output o;
	int saved = -2;
	CHECK(output_begin(&o, site, &err) == 0);
	/* a file where the search folder must be: the files fail */
	char blocker[600];
	snprintf(blocker, sizeof(blocker), "%s/search", o.tmp_dir);
	FILE *f = fopen(blocker, "w");
	CHECK(f != NULL);
	if (f)
		fclose(f);
	CHECK(search_write_saving(ix, &o, &err, p.ptr, 5, &saved) < 0);
	CHECK(saved < 0);
	CHECK(access(p.ptr, F_OK) != 0);
	output_abort(&o);
	buf_release(&p);
	buf_release(&err);
	remove_site(site);
	free(site);
	search_index_free(ix);
}

TEST(an_empty_index_writes_a_usable_manifest)
{
	struct search_index *ix = search_index_new();
	char *site = write_site(ix);
	char path[512];
	size_t len;
	snprintf(path, sizeof(path), "%s/search/manifest.js", site);
	char *m = fixture_read(path, &len);
	CHECK_CONTAINS(m, "\"n\":0,");
	free(m);
	CHECK_STR(first(ix, "anything", 1), "");
	remove_site(site);
	free(site);
	search_index_free(ix);
}

int main(void)
{
	RUN(tokenize_splits_camel_snake_and_kebab_case);
	RUN(tokenize_folds_case_and_accents);
	RUN(tokenize_numbers_urls_and_symbols);
	RUN(tokenize_error_messages);
	RUN(tokenize_reports_spans);
	RUN(plain_words_are_handed_over_padded);
	RUN(plain_words_of_any_length_at_any_place_are_found_whole);
	RUN(padded_words_are_zeros_to_the_end_and_may_be_changed);
	RUN(stem_plurals_and_common_suffixes);
	RUN(stop_words_and_name_keys);
	RUN(stop_words_are_the_documented_ones);
	RUN(search_js_has_the_same_folding_table);
	RUN(a_service_name_puts_the_service_first);
	RUN(a_long_alert_name_in_lower_case_finds_its_runbook);
	RUN(a_completion_counts_no_rarer_than_the_word_typed);
	RUN(identifiers_are_found_by_their_parts_and_whole);
	RUN(title_ranks_above_heading_above_body);
	RUN(add_page_makes_an_entry_per_section);
	RUN(an_error_message_finds_the_runbook_that_quotes_it);
	RUN(the_word_being_typed_matches_as_a_prefix);
	RUN(one_typo_is_forgiven_in_longer_words);
	RUN(queries_fold_like_the_text);
	RUN(kind_filter_keeps_one_kind);
	RUN(write_makes_manifest_term_and_entry_files);
	RUN(entry_files_are_ascii_and_compact);
	RUN(a_one_word_query_fetches_under_150_kb_of_10000_entries);
	RUN(adding_from_threads_writes_the_same_files);
	RUN(writing_while_freezing_writes_the_files_of_an_index_frozen_first);
	RUN(an_empty_index_writes_a_usable_manifest);
	RUN(an_index_saved_beside_its_files_is_the_one_search_save_saves);
	RUN(a_save_beside_files_not_written_is_abandoned);
	return harness_report();
}
