#include "pact.h"

#include <string.h>

#include "ascii.h"
#include "json.h"
#include "val.h"

/* A string member of map, or NULL. */
static const char *str_of(const struct val *map, const char *key)
{
	const struct val *v = map && map->type == VAL_MAP ? val_get(map, key) : NULL;
	return v && v->type == VAL_STR ? v->u.str.ptr : NULL;
}

static const struct val *map_of(const struct val *map, const char *key)
{
	const struct val *v = map && map->type == VAL_MAP ? val_get(map, key) : NULL;
	return v && v->type == VAL_MAP ? v : NULL;
}

/* The specification version as written, from any of its three places. */
static const char *spec_version(const struct val *root)
{
	const struct val *meta = map_of(root, "metadata");
	const char *v = str_of(map_of(meta, "pactSpecification"), "version");
	if (!v)
		v = str_of(map_of(meta, "pact-specification"), "version");
	if (!v)
		v = str_of(meta, "pactSpecificationVersion");
	return v;
}

/* A party's name (consumer or provider), or NULL with a diagnostic. */
static const char *party(const struct val *root, const char *key, int *line,
			 const char *repo, const char *path, struct diag_list *d)
{
	const struct val *v = val_get(root, key);
	const char *name = str_of(v, "name");
	*line = v ? v->line : root->line;
	if (!name || !*name)
		diag_user_error(d, repo, path, *line,
				"contract has no %s name: write \"%s\": {\"name\": \"...\"}",
				key, key);
	return name && *name ? name : NULL;
}

/* Reads one interaction into *it; 0, 1 for a message, -1 (reported) when
 * it cannot be used. */
static int interaction(struct pact_interaction *it, struct arena *a,
		       const struct val *v, int major, const char *repo,
		       const char *path, struct diag_list *d)
{
	memset(it, 0, sizeof(*it));
	it->line = v->line;
	if (v->type != VAL_MAP) {
		diag_user(d, repo, path, v->line,
			  "contract interaction is a %s, not an object: write {\"description\": ..., \"request\": ..., \"response\": ...}",
			  val_type_name(v->type));
		return -1;
	}
	const char *desc = str_of(v, "description");
	it->description = desc ? desc : "";
	const char *type = str_of(v, "type");
	if (major >= 4 && type && strcmp(type, "Synchronous/HTTP") != 0)
		return 1;
	const struct val *req = map_of(v, "request");
	const struct val *resp = map_of(v, "response");
	if (major < 4 && !req && (val_get(v, "contents") || val_get(v, "metaData")))
		return 1; /* a v3 message written among the interactions */
	const char *method = str_of(req, "method");
	const char *p = str_of(req, "path");
	const struct val *status = resp ? val_get(resp, "status") : NULL;
	const char *what = !req			 ? "request"
			   : !method || !*method ? "request.method"
			   : !p			 ? "request.path"
			   : !resp		 ? "response"
			   : !status		 ? "response.status"
						 : NULL;
	if (what) {
		diag_user(d, repo, path, v->line,
			  "contract interaction \"%s\" has no %s: add it (the interaction is left out)",
			  it->description, what);
		return -1;
	}
	if (status->type != VAL_NUM || status->u.num < 100 ||
	    status->u.num > 599 || status->u.num != (double)(int)status->u.num) {
		diag_user(d, repo, path, status->line,
			  "contract interaction \"%s\" has a response status that is not an HTTP status: write a number such as 200",
			  it->description);
		return -1;
	}
	struct buf up = BUF_INIT;
	for (const char *m = method; *m; m++)
		buf_putc(&up, (char)ascii_upper(*m));
	it->method = arena_strndup(a, up.ptr, up.len);
	buf_release(&up);
	it->path = arena_strndup(a, p, strcspn(p, "?#"));
	it->status = (int)status->u.num;
	return 0;
}

/* Reads the interactions (and v3's messages) of root into out. */
static void interactions(struct pact *out, struct arena *a, const struct val *root,
			 const char *repo, const char *path, struct diag_list *d)
{
	const struct val *list = val_get(root, "interactions");
	const struct val *msgs = val_get(root, "messages");
	size_t cap = 0;
	if (msgs && msgs->type == VAL_LIST)
		out->nmessages += msgs->u.list.len;
	if (!list)
		return;
	if (list->type != VAL_LIST) {
		diag_user(d, repo, path, list->line,
			  "contract's interactions is a %s, not a list: write \"interactions\": [...]",
			  val_type_name(list->type));
		return;
	}
	for (size_t i = 0; i < list->u.list.len; i++) {
		struct pact_interaction it;
		int rc = interaction(&it, a, list->u.list.items[i],
				     out->spec_major, repo, path, d);
		if (rc == 1)
			out->nmessages++;
		if (rc)
			continue;
		ARENA_GROW(a, out->interactions, cap, out->ninteractions + 1);
		out->interactions[out->ninteractions++] = it;
	}
}

int pact_parse(struct pact *out, struct arena *a, const char *text, size_t len,
	       const char *repo, const char *path, struct diag_list *d)
{
	struct val *root;
	struct parse_error err;

	memset(out, 0, sizeof(*out));
	if (json_parse(&root, a, text, len, &err) < 0) {
		diag_user_error(d, repo, path, err.line,
				"contract is not valid JSON: %s: %s", err.msg,
				strstr(err.msg, "nests deeper")
					? "a pact file nests a few levels; this one is not one"
					: "fix the syntax");
		return -1;
	}
	if (root->type != VAL_MAP) {
		diag_user_error(d, repo, path, root->line,
				"contract is a %s, not an object of consumer, provider and interactions",
				val_type_name(root->type));
		return -1;
	}
	if (!val_get(root, "consumer") && !val_get(root, "provider") &&
	    !val_get(root, "interactions") && !val_get(root, "messages")) {
		diag_user(d, repo, path, root->line,
			  "file is JSON but not a Pact contract (it has no consumer, provider nor interactions): move it out of the contracts' folder, or leave it out with paths: exclude");
		return -1;
	}
	out->spec_version = spec_version(root);
	out->spec_major = 2;
	if (out->spec_version) {
		const char *v = out->spec_version;
		if (*v == 'v' || *v == 'V')
			v++;
		if (*v < '1' || *v > '4' || (v[1] && v[1] != '.')) {
			const struct val *meta = val_get(root, "metadata");
			diag_user_error(d, repo, path, meta ? meta->line : root->line,
					"contract's Pact specification version \"%s\" is not one cairn reads (1, 2, 3 or 4)",
					out->spec_version);
			return -1;
		}
		out->spec_major = *v - '0';
	}
	out->consumer = party(root, "consumer", &out->consumer_line, repo, path, d);
	out->provider = party(root, "provider", &out->provider_line, repo, path, d);
	/* the interactions are read (and their problems reported) even when
	 * a name is missing, so that one pass shows every problem */
	interactions(out, a, root, repo, path, d);
	if (!out->consumer || !out->provider)
		return -1;
	return 0;
}
