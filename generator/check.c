/* check: lints one repository's working tree (see check.h). */
#include "check.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "alerts.h"
#include "arena.h"
#include "catalog.h"
#include "codeowners.h"
#include "crawl.h"
#include "frontmatter.h"
#include "markdown.h"
#include "oncall.h"
#include "pact.h"
#include "path.h"
#include "postmortem.h"
#include "rfc.h"
#include "site.h"
#include "slo.h"
#include "techdebt.h"
#include "unread.h"
#include "utf8.h"
#include "xalloc.h"
#include "yaml.h"

/* Folders nested deeper than this are not read (and reported). */
#define CHECK_MAX_DEPTH 64

/* ------------------------------------------------------------ the tree */

enum entry_type {
	ENTRY_FILE,
	ENTRY_DIR,
	ENTRY_LINK, /* a symbolic link: listed, never followed */
	ENTRY_REPO, /* a nested repository (submodule): not read */
	ENTRY_OTHER /* a FIFO, socket, device */
};

struct entry {
	const char *path; /* repository-relative, '/'-separated */
	enum entry_type type;
	off_t size;
};

struct check_ctx {
	struct arena a;
	struct diag_list *d;
	const struct check_opts *o;
	int rootfd;
	struct entry *entries; /* sorted by path once the walk is done */
	size_t nentries, entries_cap;
	size_t nfiles;
	const struct layout_paths *paths; /* from its .cairn.yaml, if any */
	struct alerts_runbook *runbooks;  /* its runbooks (arena), for alerts */
	size_t nrunbooks, runbooks_cap;
};

static void add_entry(struct check_ctx *c, const char *path,
		      enum entry_type type, off_t size)
{
	XGROW(c->entries, c->entries_cap, c->nentries + 1);
	c->entries[c->nentries++] =
		(struct entry){ arena_strdup(&c->a, path), type, size };
}

/* Lists the folder open as fd (rel: its path, "" for the root) and the
 * folders below it.  Takes ownership of fd. */
static void walk(struct check_ctx *c, int fd, const char *rel, int depth)
{
	DIR *dh = fdopendir(fd);
	struct buf path = BUF_INIT;
	struct dirent *de;

	if (!dh) {
		diag_add(c->d, DIAG_ERROR, DIAG_USER, NULL, *rel ? rel : NULL,
			 0, "cannot read folder: %s", strerror(errno));
		close(fd);
		return;
	}
	while ((de = readdir(dh))) {
		const char *name = de->d_name;
		struct stat st;

		if (!strcmp(name, ".") || !strcmp(name, "..") || !strcmp(name, ".git"))
			continue;
		if (fstatat(dirfd(dh), name, &st, AT_SYMLINK_NOFOLLOW) < 0)
			continue;
		buf_clear(&path);
		buf_printf(&path, "%s%s%s", rel, *rel ? "/" : "", name);
		if (S_ISREG(st.st_mode)) {
			add_entry(c, path.ptr, ENTRY_FILE, st.st_size);
		} else if (S_ISLNK(st.st_mode)) {
			add_entry(c, path.ptr, ENTRY_LINK, 0);
		} else if (!S_ISDIR(st.st_mode)) {
			add_entry(c, path.ptr, ENTRY_OTHER, 0);
		} else if (strcmp(name, "node_modules") != 0) {
			struct stat git;
			int sub = openat(dirfd(dh), name,
					 O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			if (sub < 0)
				continue;
			if (fstatat(sub, ".git", &git, AT_SYMLINK_NOFOLLOW) == 0) {
				add_entry(c, path.ptr, ENTRY_REPO, 0);
				close(sub);
				continue;
			}
			add_entry(c, path.ptr, ENTRY_DIR, 0);
			if (depth >= CHECK_MAX_DEPTH) {
				diag_user(c->d, NULL, path.ptr, 0,
					  "folder is nested more than %d deep: not read",
					  CHECK_MAX_DEPTH);
				close(sub);
				continue;
			}
			walk(c, sub, path.ptr, depth + 1);
		}
	}
	closedir(dh);
	buf_release(&path);
}

static int cmp_entry(const void *pa, const void *pb)
{
	const struct entry *a = pa, *b = pb;
	return strcmp(a->path, b->path);
}

static const struct entry *find_entry(const struct check_ctx *c, const char *path)
{
	struct entry key = { path, ENTRY_FILE, 0 };
	if (!c->nentries)
		return NULL;
	return bsearch(&key, c->entries, c->nentries, sizeof(*c->entries), cmp_entry);
}

/* Opens the regular file at path below rootfd, one folder at a time,
 * never through a symbolic link.  Returns the fd, or -1 with errno set. */
static int open_beneath(int rootfd, const char *path)
{
	int dir = rootfd;
	const char *p = path;
	struct stat st;
	int fd;

	for (;;) {
		const char *slash = strchr(p, '/');
		if (!slash)
			break;
		char *part = xstrndup(p, (size_t)(slash - p));
		int next = openat(dir, part,
				  O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		int saved = errno;
		free(part);
		if (dir != rootfd)
			close(dir);
		if (next < 0) {
			errno = saved;
			return -1;
		}
		dir = next;
		p = slash + 1;
	}
	fd = openat(dir, p, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	int saved = errno;
	if (dir != rootfd)
		close(dir);
	if (fd < 0) {
		errno = saved;
		return -1;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		errno = EINVAL;
		return -1;
	}
	return fd;
}

/* Reads the file of e into out (cleared first).  Returns -1 after a
 * diagnostic when it is not a regular file of the repository, is too
 * large, or cannot be read. */
/* cairn check reads one repository without cairn.yaml: the default limits */
static const struct config_limits check_limits = CONFIG_LIMITS_INIT;

static int read_entry(struct check_ctx *c, const struct entry *e, struct buf *out)
{
	const size_t max = check_limits.file_size;
	char chunk[65536];
	ssize_t n;
	int fd;

	buf_clear(out);
	switch (e->type) {
	case ENTRY_FILE: break;
	case ENTRY_LINK:
		diag_user(c->d, NULL, e->path, 0,
			  "symbolic link is not followed: cairn reads files only from the repository's own tree");
		return -1;
	case ENTRY_REPO:
		diag_user(c->d, NULL, e->path, 0,
			  "submodule is not followed: cairn reads files only from the repository's own tree");
		return -1;
	default:
		diag_user(c->d, NULL, e->path, 0, "not a regular file: skipped");
		return -1;
	}
	if ((size_t)e->size > max) {
		diag_user(c->d, NULL, e->path, 0,
			  "file is %lld bytes, over the %zu-byte limit: skipped",
			  (long long)e->size, max);
		return -1;
	}
	fd = open_beneath(c->rootfd, e->path);
	if (fd < 0) {
		diag_user_error(c->d, NULL, e->path, 0, "cannot read file: %s",
				strerror(errno));
		return -1;
	}
	while ((n = read(fd, chunk, sizeof(chunk))) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			diag_user_error(c->d, NULL, e->path, 0,
					"cannot read file: %s", strerror(errno));
			close(fd);
			return -1;
		}
		buf_put(out, chunk, (size_t)n);
		if (out->len > max) {
			diag_user(c->d, NULL, e->path, 0,
				  "file is over the %zu-byte limit: skipped", max);
			close(fd);
			return -1;
		}
	}
	close(fd);
	c->nfiles++;
	return 0;
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

/* ------------------------------------------------------------ aux files */

/* A descriptor or ownership file, read whole. */
struct aux {
	const char *path;
	const char *text; /* NUL-terminated */
	size_t len;
};

/* Reads every aux file (layout_is_aux) into *out (arena array). */
static size_t read_aux(struct check_ctx *c, struct aux **out)
{
	struct buf data = BUF_INIT;
	struct aux *list = NULL;
	size_t n = 0, cap = 0;

	for (size_t i = 0; i < c->nentries; i++) {
		const struct entry *e = &c->entries[i];
		if (e->type == ENTRY_DIR || !layout_is_aux(c->paths, e->path))
			continue;
		if (read_entry(c, e, &data) < 0)
			continue;
		const char *why = utf8_not_text(data.ptr, data.len);
		if (why) {
			diag_user(c->d, NULL, e->path, 0, "%s", why);
			continue;
		}
		ARENA_GROW(&c->a, list, cap, n + 1);
		list[n++] = (struct aux){ e->path,
					  arena_strndup(&c->a, data.ptr, data.len),
					  data.len };
	}
	buf_release(&data);
	*out = list;
	return n;
}

/* The debt house rules of o: the portal's, else the defaults. */
static void debt_rules(struct techdebt_rules *r, const struct check_opts *o)
{
	static const struct techdebt_rules defaults = TECHDEBT_RULES_INIT;
	*r = defaults;
	if (o->cfg) {
		r->sprint_days = o->cfg->debt_sprint_days;
		r->reckless_sprints = o->cfg->debt_reckless_sprints;
	}
}

void check_rules_line(struct buf *out, const struct check_opts *o)
{
	struct techdebt_rules r;
	debt_rules(&r, o);
	if (o->max_action_items > 0)
		buf_printf(out, "at most %d action item%s per post-mortem; ",
			   o->max_action_items, o->max_action_items == 1 ? "" : "s");
	else
		buf_puts(out, "no limit to action items per post-mortem; ");
	buf_printf(out, "reckless debt owned and paid within %d days (%d sprint%s of %d days); prudent debt with a rationale and a date",
		   r.sprint_days * r.reckless_sprints, r.reckless_sprints,
		   r.reckless_sprints == 1 ? "" : "s", r.sprint_days);
}

/* Reads the OpenSLO documents and the debt items (slo.h, techdebt.h) as
 * the build does, and applies the debt house rules (the portal's, else the
 * defaults). */
static void check_slos_debt(struct check_ctx *c, const struct aux *aux, size_t naux)
{
	struct slo_set set = SLO_SET_INIT;
	struct techdebt_list debt = TECHDEBT_LIST_INIT;
	struct techdebt_rules rules;
	long today = c->o->today >= 0 ? c->o->today : (long)(time(NULL) / 86400);
	for (size_t i = 0; i < naux; i++) {
		int k = layout_paths_kind(c->paths, aux[i].path);
		if (k == CONFIG_PATH_SLOS)
			slo_parse(&set, &c->a, NULL, aux[i].path, aux[i].text,
				  aux[i].len, c->d);
		else if (k == CONFIG_PATH_TECHDEBT)
			techdebt_parse(&debt, &c->a, NULL, aux[i].path,
				       aux[i].text, aux[i].len, c->d);
	}
	slo_resolve(&set, NULL, c->d);
	debt_rules(&rules, c->o);
	techdebt_check(&debt, today, &rules, NULL, c->d);
}

/* Reads rotation v (written in path) as the build does, and finds its
 * zone in the time zone database. */
static void check_rotation(struct check_ctx *c, const struct val *v,
			   const char *text, size_t len, const char *path)
{
	struct oncall_rotation rot;
	struct oncall_source src = { NULL, path };
	struct tz zone;
	int rc = v ? oncall_read(&rot, &c->a, v, &src, c->d)
		   : oncall_read_file(&rot, &c->a, text, len,
				      &check_limits.yaml, &src, c->d);
	if (rc == 0)
		oncall_load_zone(&zone, &c->a, NULL, &rot, &src, c->d);
}

/* The on-call rotations (oncall.h): the files of the oncall kind and the
 * `oncall:` of Groups' and Components' descriptors. */
static void check_oncall(struct check_ctx *c, const struct aux *aux,
			 size_t naux, const struct layout *layout)
{
	for (size_t i = 0; i < naux; i++)
		if (layout_paths_kind(c->paths, aux[i].path) == CONFIG_PATH_ONCALL)
			check_rotation(c, NULL, aux[i].text, aux[i].len, aux[i].path);
	for (size_t i = 0; i < layout->nentities; i++) {
		const struct entity *e = layout->entities[i];
		const struct val *v = val_get(val_get(e->raw, "spec"), "oncall");
		if ((e->kind == ENTITY_GROUP || e->kind == ENTITY_COMPONENT) &&
		    v && v->type != VAL_NULL)
			check_rotation(c, v, NULL, 0, e->path);
	}
}

/* Parses every catalog-info.yaml, reports duplicate entities, and fills
 * the monorepo layout from its components. */
static void check_catalogs(struct check_ctx *c, const struct aux *aux,
			   size_t naux, struct layout *layout)
{
	struct entity **list = NULL;
	size_t n = 0, cap = 0;

	for (size_t i = 0; i < naux; i++) {
		struct yaml_error ye;
		struct val *docs = NULL;
		if (layout_paths_kind(c->paths, aux[i].path) != CONFIG_PATH_CATALOG)
			continue;
		if (catalog_yaml_parse(&docs, &c->a, aux[i].text, aux[i].len,
				       NULL, NULL, aux[i].path, &ye, c->d) < 0)
			diag_user_error(c->d, NULL, aux[i].path, ye.line,
					"catalog descriptor is not valid YAML: %s; %s",
					ye.msg, layout_yaml_read_before(docs));
		catalog_parse(&list, &n, &cap, &c->a, docs, NULL, aux[i].path, c->d);
	}
	if (n)
		catalog_index_free(catalog_index_new(list, n, c->d));

	layout_set_entities(layout, &c->a, list, n);
}

/* The CODEOWNERS file that wins, those that lose to it, and OWNERS. */
static void check_ownership(struct check_ctx *c, const struct aux *aux, size_t naux)
{
	const struct aux *winner = NULL;
	struct owners_tree tree = OWNERS_TREE_INIT;
	int rank = -1;

	owners_tree_init(&tree, &c->a);
	for (size_t i = 0; i < naux; i++) {
		int r = layout_owners_rank(c->paths, aux[i].path);
		if (r >= 0 && (!winner || r < rank)) {
			winner = &aux[i];
			rank = r;
		}
		if (!strcmp(base_name(aux[i].path), "OWNERS") &&
		    layout_paths_kind(c->paths, aux[i].path) == CONFIG_PATH_OWNERS)
			owners_tree_add(&tree, aux[i].path, aux[i].text,
					aux[i].len, NULL, c->d);
	}
	if (!winner)
		return;
	for (size_t i = 0; i < naux; i++)
		if (&aux[i] != winner && layout_owners_rank(c->paths, aux[i].path) >= 0)
			diag_user(c->d, NULL, aux[i].path, 0,
				  "CODEOWNERS file is not read: \"%s\" comes first; merge the two and delete this one",
				  winner->path);
	struct codeowners *co = NULL;
	codeowners_parse(&co, &c->a, winner->text, winner->len, CODEOWNERS_AUTO,
			 NULL, winner->path, c->d);
}

/* ------------------------------------------------------------ links */

struct link_ctx {
	struct check_ctx *c;
	const char *path; /* the document's */
};

static int is_file_entry(const char *path, void *c)
{
	const struct entry *e = find_entry(c, path);
	return e && e->type == ENTRY_FILE;
}

/* A Markdown file of the repository (the render links to its page). */
static int is_markdown_entry(const char *path, void *c)
{
	return is_file_entry(path, c) && layout_is_markdown(path);
}

static enum markdown_link_action check_link(struct buf *out, const char *url,
					    int is_image, int line, void *userdata)
{
	struct link_ctx *lc = userdata;
	struct buf target = BUF_INIT, source = BUF_INIT;
	size_t n = strcspn(url, "?#");
	(void)out;

	if (n == 0)
		return MARKDOWN_LINK_KEEP;
	const struct entry *e = NULL;
	if (path_resolve(&target, lc->path, url, n, 1) < 0)
		diag_user(lc->c->d, NULL, lc->path, line,
			  "link \"%s\" points outside the repository", url);
	else if (is_image && target.len &&
		 (e = find_entry(lc->c, target.ptr)) && e->type != ENTRY_FILE)
		/* as the build says it (render.c) */
		diag_user(lc->c->d, NULL, lc->path, line,
			  "image \"%s\" names a %s, not a file: it is shown as its text",
			  url, e->type == ENTRY_DIR ? "folder" : "symbolic link");
	else if (target.len && !find_entry(lc->c, target.ptr) &&
		 path_site_source(&source, lc->path, target.ptr, url[0] == '/',
				  is_image ? is_file_entry : is_markdown_entry,
				  lc->c) < 0) {
		buf_clear(&target);
		markdown_missing_link_advice(&target, url);
		diag_user(lc->c->d, NULL, lc->path, line,
			  "%s \"%s\" names a file that is not in the repository; %s",
			  is_image ? "image" : "link", url, target.ptr);
	}
	buf_release(&source);
	buf_release(&target);
	return MARKDOWN_LINK_KEEP;
}

/* ------------------------------------------------------------ documents */

static void check_doc(struct check_ctx *c, const struct entry *e, int kind,
		      struct buf *data)
{
	struct document *doc;
	struct markdown_result md = MARKDOWN_RESULT_INIT;
	struct markdown_opts mo = MARKDOWN_OPTS_INIT;
	struct link_ctx lc = { c, e->path };
	int rc = 0;

	if (read_entry(c, e, data) < 0)
		return;
	doc = crawl_make_doc(&c->a, c->d, &check_limits, NULL, e->path,
			     data->ptr, data->len, (enum doc_kind)kind);
	if (!doc)
		return;

	if (kind == DOC_RUNBOOK) {
		const char *t = frontmatter_text(&c->a, val_get(doc->meta, "title"));
		ARENA_GROW(&c->a, c->runbooks, c->runbooks_cap, c->nrunbooks + 1);
		c->runbooks[c->nrunbooks++] =
			(struct alerts_runbook){ "", NULL, e->path,
						 t && *t ? t : doc->h1 };
	}
	if (kind == DOC_RFC) {
		struct rfc_info ri;
		struct rfc_opts ro = RFC_OPTS_INIT;
		const char *sp = rfc_sidecar_path(&c->a, e->path);
		const struct entry *se = sp ? find_entry(c, sp) : NULL;
		struct buf side = BUF_INIT;
		if (se && se->type != ENTRY_DIR && read_entry(c, se, &side) == 0 &&
		    rfc_sidecar_parse(&ro.sidecar, &c->a, side.ptr, side.len,
				      NULL, sp, c->d) == 0)
			ro.sidecar_path = sp;
		buf_release(&side);
		rc = rfc_parse(&ri, &c->a, e->path, doc->meta, doc->text,
			       doc->len, doc->body_line, &ro, NULL, c->d);
	} else if (kind == DOC_POSTMORTEM) {
		struct postmortem_info pi;
		struct postmortem_opts po = POSTMORTEM_OPTS_INIT;
		po.max_items = c->o->max_action_items;
		rc = postmortem_parse(&pi, &c->a, e->path, doc->meta, doc->text,
				      doc->len, doc->body_line, &po, NULL, c->d);
	}

	mo.resolve = check_link;
	mo.userdata = &lc;
	mo.line_offset = doc->body_line - 1;
	if (markdown_render(&md, doc->text, doc->len, &mo) < 0 || rc < 0)
		diag_user(c->d, NULL, e->path, 0,
			  "the Markdown could not be read to the end; its links and rules are checked only in part");
	markdown_result_release(&md);
}

/* ------------------------------------------------------------ entry */

/* The repository's .cairn.yaml, read into c->paths (the defaults
 * where it says nothing). */
static void read_own_paths(struct check_ctx *c, struct buf *data)
{
	struct config_paths own = { 0 };
	struct layout_paths *p = arena_alloc(&c->a, sizeof(*p));
	const struct entry *e = find_entry(c, LAYOUT_REPO_CONFIG);
	const struct config_paths *layers[1] = { NULL };
	const char *files[1] = { LAYOUT_REPO_CONFIG };
	if (e && e->type != ENTRY_DIR && read_entry(c, e, data) == 0 &&
	    !memchr(data->ptr, '\0', data->len)) {
		config_repo_file_parse(&own, data->ptr, data->len, &check_limits.yaml,
				       NULL, LAYOUT_REPO_CONFIG, c->d);
		layers[0] = &own;
	}
	if (c->o->cfg)
		layout_paths_for(p, &c->a, c->o->cfg, NULL, layers[0]);
	else
		layout_paths_init(p, &c->a, layers, files, 1);
	c->paths = p;
	config_paths_release(&own);
}

/* Reads every contract file (pact.h): JSON, the fields the build needs,
 * a known specification version.  Names are not matched: the rest of the
 * organisation is not there. */
static void check_contracts(struct check_ctx *c, const struct aux *aux, size_t naux)
{
	for (size_t i = 0; i < naux; i++) {
		struct pact p;
		if (layout_is_contract(c->paths, aux[i].path))
			pact_parse(&p, &c->a, aux[i].text, aux[i].len, NULL,
				   aux[i].path, c->d);
	}
}

/* Reads every file of the alerts kind as the build does and links each
 * alert to a runbook of the repository (a path, or a runbook named after
 * it; alerts.h): an alert with neither is the build's warning.  A
 * runbook_url that is a web address is not followed: it may name another
 * repository's runbook (the build says when none holds it). */
static void check_alerts(struct check_ctx *c, const struct aux *aux, size_t naux)
{
	for (size_t i = 0; i < naux; i++) {
		struct alerts_file af = ALERTS_FILE_INIT;
		if (!layout_is_alerts(c->paths, aux[i].path) ||
		    alerts_read_file(&af, &c->a, aux[i].text, aux[i].len,
				     &check_limits.yaml, NULL, aux[i].path, c->d) < 0)
			continue;
		for (size_t k = 0; k < af.len; k++) {
			const struct alerts_rule *r = &af.rules[k];
			size_t rb;
			if (strstr(r->runbook_url, "://"))
				continue;
			if (alerts_find_runbook(&rb, c->runbooks, c->nrunbooks,
						r->name, r->runbook_url, "",
						aux[i].path) == ALERTS_LINK_NONE)
				alerts_warn_no_runbook(c->d, NULL, aux[i].path, r);
		}
	}
}

void check_found_line(struct buf *out, const struct check_found *f)
{
	static const struct {
		int kind;
		const char *one, *many;
	} names[] = {
		{ CONFIG_PATH_README, "README", "READMEs" },
		{ CONFIG_PATH_RUNBOOKS, "runbook", "runbooks" },
		{ CONFIG_PATH_RFCS, "RFC", "RFCs" },
		{ CONFIG_PATH_POSTMORTEMS, "post-mortem", "post-mortems" },
		{ CONFIG_PATH_DOCS, "doc", "docs" },
		{ CONFIG_PATH_APIS, "API description", "API descriptions" },
		{ CONFIG_PATH_CATALOG, "catalog file", "catalog files" },
		{ CONFIG_PATH_OWNERS, "owners file", "owners files" },
		{ CONFIG_PATH_CONTRACTS, "contract", "contracts" },
		{ CONFIG_PATH_SLOS, "SLO file", "SLO files" },
		{ CONFIG_PATH_TECHDEBT, "tech-debt file", "tech-debt files" },
		{ CONFIG_PATH_ALERTS, "alert rule file", "alert rule files" },
		{ CONFIG_PATH_ONCALL, "on-call file", "on-call files" },
	};
	for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++)
		buf_printf(out, "%s%zu %s", i ? ", " : "", f->kinds[names[i].kind],
			   f->kinds[names[i].kind] == 1 ? names[i].one : names[i].many);
}

/* unread's callbacks (ctx: a struct unread_check) */
struct unread_check {
	struct check_ctx *c;
	const struct layout *layout;
};

static int check_is_read(void *ctx, const char *path)
{
	const struct unread_check *u = ctx;
	return layout_is_aux(u->c->paths, path) ||
	       layout_classify(u->layout, path) >= 0;
}

static int check_claimed(void *ctx, const char *path)
{
	const struct unread_check *u = ctx;
	return layout_claims(u->c->paths, path);
}

/* The Markdown files the portal would not read, reported as the build
 * reports them (one warning, with the paths: that read them); f says what
 * was found, so whether nothing but the README was. */
static void check_unread(struct check_ctx *c, const struct layout *layout,
			 const struct check_found *f)
{
	struct repo_entry *es = xcalloc(c->nentries + 1, sizeof(*es));
	size_t n = 0;
	for (size_t i = 0; i < c->nentries; i++)
		if (c->entries[i].type == ENTRY_FILE)
			es[n++] = (struct repo_entry){ .path = c->entries[i].path,
						       .kind = REPO_BLOB };
	int readme_only = 1;
	for (int k = 0; k < CONFIG_PATH_KINDS; k++)
		if (k != CONFIG_PATH_README && k != CONFIG_PATH_CATALOG &&
		    k != CONFIG_PATH_OWNERS && f->kinds[k])
			readme_only = 0;
	unsigned chosen = 0;
	for (int k = 0; k < CONFIG_PATH_KINDS; k++)
		if (c->paths && c->paths->user[k])
			chosen |= 1u << k;
	struct unread_check u = { c, layout };
	struct unread out;
	unread_find(&out, &c->a, es, n, check_is_read, &u, check_claimed,
		    readme_only, chosen);
	unread_report(&out, NULL, c->d);
	free(es);
}

int check_repo(struct check_found *found, const char *root,
	       const struct check_opts *o, struct diag_list *d, struct buf *err)
{
	struct check_ctx c;
	struct layout layout = { 0 };
	struct aux *aux = NULL;
	struct buf data = BUF_INIT;
	size_t naux;
	int fd, rc = -1;

	memset(&c, 0, sizeof(c));
	arena_init(&c.a);
	c.d = d;
	c.o = o;
	c.rootfd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (c.rootfd < 0) {
		buf_printf(err, "cannot read folder \"%s\": %s", root, strerror(errno));
		goto cleanup;
	}
	fd = dup(c.rootfd);
	if (fd < 0) {
		buf_printf(err, "cannot read folder \"%s\": %s", root, strerror(errno));
		goto cleanup;
	}
	walk(&c, fd, "", 0);
	if (c.nentries)
		qsort(c.entries, c.nentries, sizeof(*c.entries), cmp_entry);

	read_own_paths(&c, &data);
	naux = read_aux(&c, &aux);
	check_catalogs(&c, aux, naux, &layout);
	check_ownership(&c, aux, naux);
	check_contracts(&c, aux, naux);
	check_slos_debt(&c, aux, naux);
	check_oncall(&c, aux, naux, &layout);
	layout.paths = c.paths;
	struct check_found all; /* found's, whether or not it is asked for */
	memset(&all, 0, sizeof(all));
	for (size_t i = 0; i < naux; i++) {
		int k = layout_paths_kind(c.paths, aux[i].path);
		if (k >= 0)
			all.kinds[k]++;
	}

	for (size_t i = 0; i < c.nentries; i++) {
		const struct entry *e = &c.entries[i];
		int kind;
		if (e->type == ENTRY_DIR || layout_is_aux(c.paths, e->path))
			continue;
		kind = layout_classify(&layout, e->path);
		if (kind < 0)
			continue;
		all.kinds[kind == DOC_README	   ? CONFIG_PATH_README
			  : kind == DOC_RUNBOOK	   ? CONFIG_PATH_RUNBOOKS
			  : kind == DOC_RFC	   ? CONFIG_PATH_RFCS
			  : kind == DOC_POSTMORTEM ? CONFIG_PATH_POSTMORTEMS
						   : CONFIG_PATH_DOCS]++;
		check_doc(&c, e, kind, &data);
	}
	if (found)
		*found = all;
	check_alerts(&c, aux, naux);
	check_unread(&c, &layout, &all);
	{
		/* patterns of .cairn.yaml that match nothing */
		const char **paths = xcalloc(c.nentries + 1, sizeof(*paths));
		size_t n = 0;
		for (size_t i = 0; i < c.nentries; i++)
			if (c.entries[i].type != ENTRY_DIR)
				paths[n++] = c.entries[i].path;
		layout_paths_unmatched(c.paths, paths, n, &layout, NULL, c.d);
		free(paths);
	}
	rc = 0;

cleanup:
	if (found)
		found->nfiles = c.nfiles;
	if (c.rootfd >= 0)
		close(c.rootfd);
	free(c.entries);
	buf_release(&data);
	arena_release(&c.a);
	return rc;
}

/* ------------------------------------------------------------ output */

int check_format_from_name(const char *name)
{
	if (!strcmp(name, "cairn"))
		return CHECK_FORMAT_CAIRN;
	if (!strcmp(name, "gcc"))
		return CHECK_FORMAT_GCC;
	if (!strcmp(name, "github"))
		return CHECK_FORMAT_GITHUB;
	return -1;
}

/* Appends s escaped for a workflow command: '%', CR and LF always, and
 * ':' and ',' in a property's value. */
static void put_workflow(struct buf *out, const char *s, int property)
{
	for (; *s; s++) {
		switch (*s) {
		case '%': buf_puts(out, "%25"); break;
		case '\r': buf_puts(out, "%0D"); break;
		case '\n': buf_puts(out, "%0A"); break;
		case ':':
			if (property)
				buf_puts(out, "%3A");
			else
				buf_putc(out, ':');
			break;
		case ',':
			if (property)
				buf_puts(out, "%2C");
			else
				buf_putc(out, ',');
			break;
		default: buf_putc(out, *s);
		}
	}
}

void check_format_diag(struct buf *out, const struct diag *dg,
		       enum check_format f, const char *prefix)
{
	const char *sev = dg->severity == DIAG_ERROR ? "error" : "warning";
	struct buf path = BUF_INIT;

	if (dg->path) {
		if (prefix && *prefix)
			buf_printf(&path, "%s/", prefix);
		buf_puts(&path, dg->path);
	}
	switch (f) {
	case CHECK_FORMAT_CAIRN: {
		struct diag copy = *dg;
		size_t size = strlen(dg->msg) + path.len +
			      (dg->repo ? strlen(dg->repo) : 0) + 64;
		char *line = xmalloc(size);
		copy.path = dg->path ? path.ptr : NULL;
		diag_format(line, size, &copy);
		buf_puts(out, line);
		free(line);
		break;
	}
	case CHECK_FORMAT_GCC:
		buf_puts(out, dg->path ? path.ptr : "cairn");
		if (dg->path && dg->line > 0)
			buf_printf(out, ":%d", dg->line);
		buf_printf(out, ": %s: %s", sev, dg->msg);
		break;
	case CHECK_FORMAT_GITHUB:
		buf_printf(out, "::%s", sev);
		if (dg->path) {
			buf_puts(out, " file=");
			put_workflow(out, path.ptr, 1);
			if (dg->line > 0)
				buf_printf(out, ",line=%d", dg->line);
		}
		buf_puts(out, "::");
		put_workflow(out, dg->msg, 0);
		break;
	}
	buf_release(&path);
}

void check_print(FILE *out, struct diag_list *d, enum check_format f, const char *prefix)
{
	struct buf line = BUF_INIT;

	diag_sort(d);
	pthread_mutex_lock(&d->lock);
	for (size_t i = 0; i < d->len; i++) {
		buf_clear(&line);
		check_format_diag(&line, &d->items[i], f, prefix);
		buf_putc(&line, '\n');
		fwrite(line.ptr, 1, line.len, out);
	}
	pthread_mutex_unlock(&d->lock);
	buf_release(&line);
}
