/* main: the command line.  The only place that exits.
 *
 * Exit status: 0 clean; 1 the input had errors (or warnings, with
 * --strict); 2 usage, configuration or fatal errors. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "arena.h"
#include "build.h"
#include "buf.h"
#include "check.h"
#include "crawl.h"
#include "diag.h"
#include "hugepages.h"
#include "markdown.h"
#include "repo.h"
#include "scaffold.h"
#include "site.h"

#define EXIT_INPUT 1
#define EXIT_USAGE 2

/* The environment, read once here and nowhere else (README.md, "Environment
 * variables"). */
struct env {
	long long now;		  /* SOURCE_DATE_EPOCH, or -1: the clock */
	int progress;		  /* not CAIRN_NO_PROGRESS */
	int search;		  /* not CAIRN_NO_SEARCH */
	const char *search_stats; /* CAIRN_SEARCH_STATS, or NULL */
	const char *templates;	  /* CAIRN_TEMPLATES, or NULL */
	const char *author;	  /* GIT_AUTHOR_NAME, or NULL */
};

/* A variable that is set and not empty, or NULL. */
static const char *env_get(const char *name)
{
	const char *v = getenv(name);
	return v && *v ? v : NULL;
}

/* A switch: set, not empty and not "0". */
static int env_on(const char *name)
{
	const char *v = env_get(name);
	return v && strcmp(v, "0") != 0;
}

static void env_read(struct env *e)
{
	const char *epoch = env_get("SOURCE_DATE_EPOCH");
	e->now = -1;
	if (epoch) {
		char *end;
		errno = 0;
		long long v = strtoll(epoch, &end, 10);
		if (!errno && !*end && v >= 0)
			e->now = v;
	}
	e->progress = !env_get("CAIRN_NO_PROGRESS");
	e->search = !env_get("CAIRN_NO_SEARCH");
	e->search_stats = env_get("CAIRN_SEARCH_STATS");
	e->templates = env_get("CAIRN_TEMPLATES");
	e->author = env_get("GIT_AUTHOR_NAME");
	/* the switches for the whole process, before any thread starts */
	diag_set_timing(env_get("CAIRN_TIMING") != NULL);
	arena_set_debug(env_on("CAIRN_ARENA_DEBUG"));
}

static const char usage_version[] = "usage: cairn version\n"
				    "\n"
				    "Prints cairn's version (\"cairn " CAIRN_VERSION
				    "\"); also cairn --version.\n";

static const char usage_main[] =
	"usage: cairn <command> [options]\n"
	"\n"
	"cairn turns an organisation's git repositories into its developer portal:\n"
	"a static site of services, owners, runbooks, documents, and more.\n"
	"\n"
	"commands:\n"
	"  build     crawl the repositories in cairn.yaml and write the site\n"
	"  render    print one Markdown file as HTML, for previews\n"
	"  check     lint one repository's working tree, for its own CI\n"
	"  new       write a new RFC, post-mortem, runbook, catalog-info.yaml or\n"
	"            tech-debt item\n"
	"  version   print cairn's version\n"
	"  help      show help for a command: cairn help build\n"
	"\n"
	"exit status: 0 clean, 1 the input had errors (or warnings with --strict),\n"
	"2 usage, configuration or fatal errors.\n";

static const char usage_build[] =
	"usage: cairn build [-c FILE] [-o DIR] [-j N] [--strict] [-q]\n"
	"\n"
	"Reads the configuration, crawls every repository, and writes the site.\n"
	"The site is made beside the output and swapped in at the end in one\n"
	"atomic step: a failed or killed build leaves the previous site whole.\n"
	"\n"
	"options:\n"
	"  -c, --config FILE   the configuration (default: cairn.yaml)\n"
	"  -o, --output DIR    write the site here instead of the configured output\n"
	"  -j, --jobs N        threads for crawling and rendering (default: CPUs)\n"
	"      --strict        exit 1 on warnings too\n"
	"  -q, --quiet         print errors only (with --strict, warnings too)\n"
	"  -h, --help          show this help\n"
	"\n"
	"debugging aid:\n"
	"      --dump-model FILE  write the model cairn assembled (sources, services,\n"
	"                         relations, documents and their kinds and owners,\n"
	"                         teams, APIs, action items) to FILE as sorted text\n"
	"\n"
	"Diagnostics are printed one per line, sorted, on standard error:\n"
	"  severity: class: repo:path:line: message\n"
	"with class one of retryable, user-fixable, operator-fixable, fatal.\n";

static const char usage_render[] =
	"usage: cairn render [FILE | -]\n"
	"\n"
	"Prints the HTML that cairn makes of one Markdown file (or of standard\n"
	"input, with - or no FILE): front matter is read and left out, harmless raw\n"
	"HTML is kept and the rest escaped (as cairn build does by default), unsafe\n"
	"links are dropped, relative links are kept as written.\n"
	"\n"
	"options:\n"
	"  -h, --help   show this help\n";

static const char usage_check[] =
	"usage: cairn check [PATH] [--format cairn|gcc|github] [--strict]\n"
	"                   [--max-action-items N] [-c FILE]\n"
	"\n"
	"Lints the repository whose working tree is PATH (default: the current\n"
	"folder) with the rules cairn build applies to it, without building a\n"
	"site. Files are read from disk, so uncommitted and untracked changes\n"
	"count. Checked: RFCs and ADRs, post-mortems and their action items,\n"
	"front matter, Markdown links to files that are not in the repository,\n"
	"binary or invalid UTF-8 documents, catalog-info.yaml (descriptor\n"
	"validity; references to other repositories are not resolved),\n"
	"CODEOWNERS and OWNERS, Pact contracts, Prometheus alerting rules,\n"
	"OpenSLO documents, technical debt, on-call rotations. .git,\n"
	"node_modules and nested repositories are skipped,\n"
	"symbolic links are never followed, and files over 4 MiB are reported\n"
	"and skipped. The house rules are the defaults unless --config names\n"
	"the portal's cairn.yaml; standard error says which were used.\n"
	"\n"
	"options:\n"
	"      --format F             cairn (the default), gcc or github; see below\n"
	"      --strict               exit 1 on warnings too\n"
	"      --max-action-items N   action items allowed per post-mortem, not\n"
	"                             counting deprioritized ones (default 3, or\n"
	"                             the portal's; 0: any)\n"
	"  -c, --config FILE          the portal's cairn.yaml: its house rules\n"
	"                             (postmortems:, tech_debt:) and paths:\n"
	"  -h, --help                 show this help\n"
	"\n"
	"formats:\n"
	"  cairn    severity: class: path:line: message\n"
	"  gcc      path:line: severity: message\n"
	"  github   ::severity file=path,line=N::message  (GitHub Actions annotations)\n"
	"\n"
	"Diagnostics go to standard output, one per line, sorted by file and line;\n"
	"paths start with PATH as given. A summary goes to standard error.\n"
	"exit status: 0 clean, 1 errors (or warnings with --strict), 2 usage\n"
	"errors or a PATH that cannot be read.\n";

static const char usage_new[] =
	"usage: cairn new rfc|postmortem|runbook|catalog-info|techdebt TITLE\n"
	"                 [--dir DIR] [--date YYYY-MM-DD]\n"
	"\n"
	"Writes a new document from cairn's templates, with its front matter\n"
	"filled in, and prints the path written. An existing file is never\n"
	"overwritten.\n"
	"\n"
	"  rfc           docs/rfcs/NNNN-slug.md (NNNN: the folder's next number)\n"
	"  postmortem    docs/postmortems/YYYY-MM-DD-slug.md\n"
	"  runbook       docs/runbooks/slug.md\n"
	"  catalog-info  catalog-info.yaml (the slug is the component's name)\n"
	"  techdebt      docs/tech-debt/slug.md (a technical debt item)\n"
	"\n"
	"options:\n"
	"      --dir DIR          write in DIR instead of the kind's folder\n"
	"      --date YYYY-MM-DD  the document's date (default: today, UTC, from\n"
	"                         SOURCE_DATE_EPOCH when set)\n"
	"  -h, --help             show this help\n"
	"\n"
	"The author is $GIT_AUTHOR_NAME, else git's user.name (as `git config\n"
	"user.name` finds it in the current folder), else \"your-name\".\n"
	"CAIRN_TEMPLATES names a folder whose files replace the built-in templates\n"
	"of the same name.\n"
	"exit status: 0 written, 2 the file exists or a usage error.\n";

static int wants_help(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			return 0;
		if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0)
			return 1;
	}
	return 0;
}

static int parse_jobs(const char *s, int *out)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || *end || v < 1 || v > 1024)
		return -1;
	*out = (int)v;
	return 0;
}

/* The summary's notes on repositories: how many could not be read (into
 * failed), how many gave nothing but a README or nothing at all (into
 * readme_only); each "" or " (...)". */
static void summary_repos(struct buf *failed, struct buf *readme_only,
			  const struct build_stats *st)
{
	if (st->repos_failed == st->repos && st->repos)
		buf_puts(failed, st->repos == 1 ? " (it could not be read)"
						: " (none could be read)");
	else if (st->repos_failed)
		buf_printf(failed, " (%zu could not be read)", st->repos_failed);
	size_t bare = st->repos_readme_only - st->repos_nothing_read;
	if (!st->repos_readme_only)
		return;
	buf_puts(readme_only, " (");
	if (bare)
		buf_printf(readme_only, "%zu with nothing but a README", bare);
	if (bare && st->repos_nothing_read)
		buf_puts(readme_only, ", ");
	if (st->repos_nothing_read)
		buf_printf(readme_only, "%zu with nothing cairn reads",
			   st->repos_nothing_read);
	buf_puts(readme_only, ": see paths: in README.md)");
}

static int cmd_build(int argc, char **argv, const struct env *env)
{
	static const struct option longopts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "output", required_argument, NULL, 'o' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "strict", no_argument, NULL, 'S' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "dump-model", required_argument, NULL, 'M' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct build_opts o = BUILD_OPTS_INIT;
	int strict = 0, c;
	o.now = env->now;
	o.progress = env->progress;
	o.search = env->search;
	o.search_stats = env->search_stats;
	struct diag_list d;

	if (wants_help(argc, argv)) {
		fputs(usage_build, stdout);
		return 0;
	}
	optind = 1;
	while ((c = getopt_long(argc, argv, "c:o:j:qh", longopts, NULL)) != -1) {
		switch (c) {
		case 'c': o.config_file = optarg; break;
		case 'o': o.output = optarg; break;
		case 'j':
			if (parse_jobs(optarg, &o.jobs) < 0) {
				fprintf(stderr, "cairn build: -j wants a number from 1 to 1024, not \"%s\"\n",
					optarg);
				return EXIT_USAGE;
			}
			break;
		case 'S': strict = 1; break;
		case 'q': o.quiet = 1; break;
		case 'M': o.dump_model = optarg; break;
		default: fputs(usage_build, stderr); return EXIT_USAGE;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "cairn build: unexpected argument \"%s\"\n",
			argv[optind]);
		fputs(usage_build, stderr);
		return EXIT_USAGE;
	}

	diag_init(&d);
	struct build_stats stats = { 0 };
	enum build_result br = build_site(&o, &d, &stats);
	repo_global_shutdown();

	size_t errors = diag_count(&d, DIAG_ERROR);
	size_t warnings = diag_count(&d, DIAG_WARNING);
	if (o.quiet) {
		/* errors only, and with --strict the warnings that fail the
		 * build too: a failed build says why */
		struct diag_list only;
		diag_init(&only);
		for (size_t i = 0; i < d.len; i++)
			if (d.items[i].severity == DIAG_ERROR ||
			    (strict && d.items[i].severity == DIAG_WARNING))
				diag_add(&only, d.items[i].severity, d.items[i].cls,
					 d.items[i].repo, d.items[i].path,
					 d.items[i].line, "%s", d.items[i].msg);
		diag_print(stderr, &only);
		diag_release(&only);
	} else {
		diag_print(stderr, &d);
		struct buf readme_only = BUF_INIT, failed = BUF_INIT;
		summary_repos(&failed, &readme_only, &stats);
		if (br == BUILD_OK)
			fprintf(stderr, "cairn: %zu page%s (%zu made, %zu unchanged; %zu file%s written, %s) from %zu service%s in %zu repositor%s%s%s in %.2f s: %s\n",
				stats.pages, stats.pages == 1 ? "" : "s",
				stats.made, stats.unchanged, stats.written,
				stats.written == 1 ? "" : "s",
				!stats.written && stats.made ? "as every file made was the same as before"
							     : "new or changed",
				stats.services, stats.services == 1 ? "" : "s",
				stats.repos, stats.repos == 1 ? "y" : "ies",
				failed.ptr, readme_only.ptr, stats.seconds,
				stats.output);
		if (br == BUILD_OK && stats.deploy_tags_unread)
			fprintf(stderr, "cairn: %zu deploy tag%s in %zu repositor%s not read: environments: is not set in cairn.yaml (see Deploys in README.md)\n",
				stats.deploy_tags_unread,
				stats.deploy_tags_unread == 1 ? "" : "s",
				stats.repos_deploy_tags_unread,
				stats.repos_deploy_tags_unread == 1 ? "y" : "ies");
		fprintf(stderr, "cairn: %zu error%s, %zu warning%s\n", errors,
			errors == 1 ? "" : "s", warnings, warnings == 1 ? "" : "s");
		buf_release(&readme_only);
		buf_release(&failed);
	}
	diag_release(&d);

	if (br != BUILD_OK)
		return EXIT_USAGE;
	if (errors || (strict && warnings))
		return EXIT_INPUT;
	return 0;
}

static int cmd_render(int argc, char **argv)
{
	if (wants_help(argc, argv)) {
		fputs(usage_render, stdout);
		return 0;
	}
	if (argc > 2) {
		fputs(usage_render, stderr);
		return EXIT_USAGE;
	}
	const char *file = argc == 2 ? argv[1] : "-";
	FILE *f = strcmp(file, "-") == 0 ? stdin : fopen(file, "rb");
	if (!f) {
		fprintf(stderr, "cairn render: cannot read \"%s\": %s\n", file,
			strerror(errno));
		return EXIT_USAGE;
	}
	struct stat st;
	if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
		fprintf(stderr, "cairn render: \"%s\" is a folder: give a Markdown file, or - for standard input\n",
			file);
		fclose(f);
		return EXIT_USAGE;
	}
	struct buf in = BUF_INIT;
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_put(&in, chunk, n);
	int read_err = ferror(f) ? errno : 0;
	if (f != stdin)
		fclose(f);
	if (read_err) {
		fprintf(stderr, "cairn render: cannot read \"%s\": %s\n", file,
			strerror(read_err));
		buf_release(&in);
		return EXIT_USAGE;
	}

	struct diag_list d;
	struct arena a;
	diag_init(&d);
	arena_init(&a);
	const char *name = strcmp(file, "-") == 0 ? "(stdin)" : file;
	struct document *doc =
		crawl_make_doc(&a, &d, NULL, NULL, name, in.ptr, in.len, DOC_DOC);
	int rc = 0;
	if (doc) {
		struct markdown_result md = MARKDOWN_RESULT_INIT;
		struct markdown_opts opts = MARKDOWN_OPTS_INIT;
		opts.line_offset = doc->body_line - 1;
		if (markdown_render(&md, doc->text, doc->len, &opts) < 0)
			rc = EXIT_INPUT;
		fwrite(md.html.ptr, 1, md.html.len, stdout);
		markdown_result_release(&md);
	}
	diag_print(stderr, &d);
	if (diag_count(&d, DIAG_ERROR) || !doc)
		rc = EXIT_INPUT;
	diag_release(&d);
	arena_release(&a);
	buf_release(&in);
	return rc;
}

/* The prefix that makes repository paths read from the current folder:
 * PATH without "./" in front or '/' at the end; "" for the current one. */
static void path_prefix(struct buf *out, const char *path)
{
	while (path[0] == '.' && path[1] == '/') {
		path += 2;
		while (*path == '/')
			path++;
	}
	if (!strcmp(path, "."))
		path = "";
	buf_puts(out, path);
	while (out->len > 1 && out->ptr[out->len - 1] == '/')
		buf_truncate(out, out->len - 1);
}

/* Loads the portal's configuration for cairn check: only its rules and
 * paths: are used, so its other problems (repositories not on this
 * machine) are the build's to report; when it cannot be used at all, its
 * diagnostics go to standard error and -1 is returned. */
static int load_check_config(struct config *cfg, const char *file)
{
	struct diag_list cd;
	diag_init(&cd);
	int rc = config_load(cfg, file, &cd);
	if (rc < 0) {
		diag_print(stderr, &cd);
		fprintf(stderr, "cairn check: %s cannot be used\n", file);
	}
	diag_release(&cd);
	return rc;
}

static int cmd_check(int argc, char **argv, const struct env *env)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "strict", no_argument, NULL, 'S' },
		{ "max-action-items", required_argument, NULL, 'm' },
		{ "config", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct check_opts o = CHECK_OPTS_INIT;
	struct config cfg = CONFIG_INIT;
	const char *config_file = NULL;
	int max_given = 0;
	o.today = (long)((env->now >= 0 ? env->now : (long long)time(NULL)) / 86400);
	enum check_format format = CHECK_FORMAT_CAIRN;
	struct buf err = BUF_INIT, prefix = BUF_INIT, kinds = BUF_INIT;
	struct diag_list d;
	const char *root = ".";
	struct check_found found = { 0 };
	int strict = 0, c, rc;

	if (wants_help(argc, argv)) {
		fputs(usage_check, stdout);
		return 0;
	}
	optind = 1;
	while ((c = getopt_long(argc, argv, "hc:", longopts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if ((rc = check_format_from_name(optarg)) < 0) {
				fprintf(stderr, "cairn check: --format is cairn, gcc or github, not \"%s\"\n",
					optarg);
				return EXIT_USAGE;
			}
			format = (enum check_format)rc;
			break;
		case 'S': strict = 1; break;
		case 'm': {
			char *end;
			errno = 0;
			long v = strtol(optarg, &end, 10);
			if (errno || end == optarg || *end || v < 0 || v > 100000) {
				fprintf(stderr, "cairn check: --max-action-items wants a number from 0 to 100000, not \"%s\"\n",
					optarg);
				return EXIT_USAGE;
			}
			o.max_action_items = (int)v;
			max_given = 1;
			break;
		}
		case 'c': config_file = optarg; break;
		default: fputs(usage_check, stderr); return EXIT_USAGE;
		}
	}
	if (argc - optind > 1) {
		fprintf(stderr, "cairn check: unexpected argument \"%s\"\n",
			argv[optind + 1]);
		fputs(usage_check, stderr);
		return EXIT_USAGE;
	}
	if (optind < argc)
		root = argv[optind];

	diag_init(&d);
	if (config_file && load_check_config(&cfg, config_file) < 0) {
		rc = EXIT_USAGE;
		goto cleanup;
	}
	if (config_file) {
		o.cfg = &cfg;
		if (!max_given)
			o.max_action_items = cfg.max_action_items;
	}
	if (check_repo(&found, root, &o, &d, &err) < 0) {
		fprintf(stderr, "cairn check: %s\n", err.ptr);
		rc = EXIT_USAGE;
		goto cleanup;
	}
	path_prefix(&prefix, root);
	check_print(stdout, &d, format, prefix.ptr);
	fflush(stdout);

	size_t errors = diag_count(&d, DIAG_ERROR);
	size_t warnings = diag_count(&d, DIAG_WARNING);
	check_found_line(&kinds, &found);
	fprintf(stderr, "cairn check: found %s\n", kinds.ptr);
	buf_clear(&kinds);
	check_rules_line(&kinds, &o);
	if (config_file)
		fprintf(stderr, "cairn check: the rules of %s: %s\n",
			config_file, kinds.ptr);
	else
		fprintf(stderr, "cairn check: the default rules (--config names the portal's): %s\n",
			kinds.ptr);
	/* a folder inside a repository matches none of the places, which
	 * are relative to the repository's root: say so rather than pass
	 * silently */
	int bare = 0;
	if (!found.nfiles) {
		struct buf git_dir = BUF_INIT, head = BUF_INIT;
		struct stat st;
		buf_printf(&git_dir, "%s/.git", root);
		buf_printf(&head, "%s/HEAD", root);
		bare = stat(git_dir.ptr, &st) < 0 && stat(head.ptr, &st) == 0 &&
		       S_ISREG(st.st_mode);
		buf_clear(&head);
		buf_printf(&head, "%s/objects", root);
		bare = bare && stat(head.ptr, &st) == 0 && S_ISDIR(st.st_mode);
		if (bare)
			fprintf(stderr, "cairn check: %s is a bare repository: it has no working tree to read; check a clone of it (cairn build reads bare repositories)\n",
				root);
		else if (stat(git_dir.ptr, &st) < 0)
			fprintf(stderr, "cairn check: %s has no .git: the places cairn reads (docs/runbooks/, catalog-info.yaml, ...) are matched from it as from a repository's root; give the repository's root\n",
				root);
		buf_release(&git_dir);
		buf_release(&head);
	}
	fprintf(stderr, "cairn check: %zu file%s, %zu error%s, %zu warning%s\n",
		found.nfiles, found.nfiles == 1 ? "" : "s", errors,
		errors == 1 ? "" : "s", warnings, warnings == 1 ? "" : "s");
	rc = bare			      ? EXIT_USAGE
	     : errors || (strict && warnings) ? EXIT_INPUT
					      : 0;

cleanup:
	diag_release(&d);
	buf_release(&err);
	buf_release(&prefix);
	buf_release(&kinds);
	if (config_file)
		config_release(&cfg);
	return rc;
}

static int cmd_new(int argc, char **argv, const struct env *env)
{
	static const struct option longopts[] = {
		{ "dir", required_argument, NULL, 'd' },
		{ "date", required_argument, NULL, 'D' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct scaffold_opts o = SCAFFOLD_OPTS_INIT;
	struct buf path = BUF_INIT, err = BUF_INIT, author = BUF_INIT;
	int c, kind, rc;

	if (wants_help(argc, argv)) {
		fputs(usage_new, stdout);
		return 0;
	}
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': o.dir = optarg; break;
		case 'D': o.date = optarg; break;
		default: fputs(usage_new, stderr); return EXIT_USAGE;
		}
	}
	if (argc - optind != 2) {
		if (argc - optind > 2)
			fprintf(stderr, "cairn new: unexpected argument \"%s\" (quote a title of several words)\n",
				argv[optind + 2]);
		fputs(usage_new, stderr);
		return EXIT_USAGE;
	}
	if ((kind = scaffold_kind_from_name(argv[optind])) < 0) {
		fprintf(stderr, "cairn new: no kind \"%s\": rfc, postmortem, runbook, techdebt or catalog-info\n",
			argv[optind]);
		return EXIT_USAGE;
	}
	o.author = env->author;
	if ((!o.author || !*o.author) && repo_config_user_name(&author, NULL) == 0)
		o.author = author.ptr;
	o.templates = env->templates;
	o.now = env->now >= 0 ? env->now : (long long)time(NULL);
	if (scaffold_new(&path, (enum scaffold_kind)kind, argv[optind + 1], &o,
			 &err) < 0) {
		fprintf(stderr, "cairn new: %s\n", err.ptr);
		rc = EXIT_USAGE;
	} else {
		printf("%s\n", path.ptr);
		rc = 0;
	}
	buf_release(&path);
	buf_release(&err);
	buf_release(&author);
	return rc;
}

int main(int argc, char **argv)
{
	struct env env;
	if (argc >= 2 && strcmp(argv[1], "build") == 0)
		hugepages_enable(argv, getenv("GLIBC_TUNABLES"), getenv("LD_PRELOAD"),
				 env_get("CAIRN_NO_HUGE_PAGES") ||
					 env_get(HUGEPAGES_STARTED));
	env_read(&env);
	if (argc < 2) {
		fputs(usage_main, stderr);
		return EXIT_USAGE;
	}
	const char *cmd = argv[1];
	if (strcmp(cmd, "build") == 0)
		return cmd_build(argc - 1, argv + 1, &env);
	if (strcmp(cmd, "render") == 0)
		return cmd_render(argc - 1, argv + 1);
	if (strcmp(cmd, "check") == 0)
		return cmd_check(argc - 1, argv + 1, &env);
	if (strcmp(cmd, "new") == 0)
		return cmd_new(argc - 1, argv + 1, &env);
	if (strcmp(cmd, "version") == 0 || strcmp(cmd, "--version") == 0) {
		if (argc > 2 && (strcmp(argv[2], "--help") == 0 ||
				 strcmp(argv[2], "-h") == 0)) {
			fputs(usage_version, stdout);
			return 0;
		}
		if (argc > 2) {
			fprintf(stderr, "cairn version: takes no arguments (\"%s\")\n",
				argv[2]);
			return EXIT_USAGE;
		}
		printf("cairn %s\n", CAIRN_VERSION);
		return 0;
	}
	if (strcmp(cmd, "help") == 0 || strcmp(cmd, "--help") == 0 ||
	    strcmp(cmd, "-h") == 0) {
		const char *topic = argc > 2 ? argv[2] : NULL;
		if (!topic)
			fputs(usage_main, stdout);
		else if (strcmp(topic, "build") == 0)
			fputs(usage_build, stdout);
		else if (strcmp(topic, "render") == 0)
			fputs(usage_render, stdout);
		else if (strcmp(topic, "check") == 0)
			fputs(usage_check, stdout);
		else if (strcmp(topic, "new") == 0)
			fputs(usage_new, stdout);
		else if (strcmp(topic, "version") == 0)
			fputs(usage_version, stdout);
		else if (strcmp(topic, "help") == 0 ||
			 strcmp(topic, "--help") == 0 || strcmp(topic, "-h") == 0)
			fputs(usage_main, stdout);
		else {
			fprintf(stderr, "cairn help: no command \"%s\"\n", topic);
			return EXIT_USAGE;
		}
		return 0;
	}
	fprintf(stderr, "cairn: no command \"%s\"\n\n", cmd);
	fputs(usage_main, stderr);
	return EXIT_USAGE;
}
