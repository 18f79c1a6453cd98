/* main: the command line.  The only place that exits.
 *
 * Exit status: 0 clean; 1 the input had errors (or warnings, with
 * --strict); 2 usage, configuration or fatal errors. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "build.h"
#include "buf.h"
#include "crawl.h"
#include "diag.h"
#include "markdown.h"
#include "repo.h"
#include "site.h"

#define EXIT_INPUT 1
#define EXIT_USAGE 2

static const char usage_main[] =
	"usage: cairn <command> [options]\n"
	"\n"
	"cairn turns an organisation's git repositories into its developer portal:\n"
	"a static site of services, owners, runbooks, documents, and more.\n"
	"\n"
	"commands:\n"
	"  build     crawl the repositories in cairn.yaml and write the site\n"
	"  render    print one Markdown file as HTML, for previews\n"
	"  version   print cairn's version\n"
	"  help      show help for a command: cairn help build\n"
	"\n"
	"exit status: 0 clean, 1 the input had errors (or warnings with --strict),\n"
	"2 usage, configuration or fatal errors.\n";

static const char usage_build[] =
	"usage: cairn build [-c FILE] [-o DIR] [-j N] [--strict] [-q]\n"
	"\n"
	"Reads the configuration, crawls every repository, and writes the site.\n"
	"The site is written to a temporary folder and swapped in at the end: a\n"
	"failed build leaves the previous site untouched.\n"
	"\n"
	"options:\n"
	"  -c, --config FILE   the configuration (default: cairn.yaml)\n"
	"  -o, --output DIR    write the site here instead of the configured output\n"
	"  -j, --jobs N        threads for crawling and rendering (default: CPUs)\n"
	"      --strict        exit 1 on warnings too\n"
	"  -q, --quiet         print errors only\n"
	"  -h, --help          show this help\n"
	"\n"
	"Diagnostics are printed one per line, sorted, on standard error:\n"
	"  severity: class: repo:path:line: message\n"
	"with class one of retryable, user-fixable, operator-fixable, fatal.\n";

static const char usage_render[] =
	"usage: cairn render [FILE | -]\n"
	"\n"
	"Prints the HTML that cairn makes of one Markdown file (or of standard\n"
	"input, with - or no FILE): front matter is read and left out, raw HTML is\n"
	"escaped, unsafe links are dropped, relative links are kept as written.\n"
	"\n"
	"options:\n"
	"  -h, --help   show this help\n";

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

static int cmd_build(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "output", required_argument, NULL, 'o' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "strict", no_argument, NULL, 'S' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct build_opts o = BUILD_OPTS_INIT;
	int strict = 0, c;
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
				fprintf(stderr, "cairn build: -j wants a number from 1 to 1024, not \"%s\"\n", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'S': strict = 1; break;
		case 'q': o.quiet = 1; break;
		default:
			fputs(usage_build, stderr);
			return EXIT_USAGE;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "cairn build: unexpected argument \"%s\"\n", argv[optind]);
		fputs(usage_build, stderr);
		return EXIT_USAGE;
	}

	diag_init(&d);
	repo_global_init();
	enum build_result br = build_site(&o, &d);
	repo_global_shutdown();

	size_t errors = diag_count(&d, DIAG_ERROR);
	size_t warnings = diag_count(&d, DIAG_WARNING);
	if (o.quiet) {
		/* errors only */
		struct diag_list only;
		diag_init(&only);
		for (size_t i = 0; i < d.len; i++)
			if (d.items[i].severity == DIAG_ERROR)
				diag_add(&only, DIAG_ERROR, d.items[i].cls, d.items[i].repo,
					 d.items[i].path, d.items[i].line, "%s", d.items[i].msg);
		diag_print(stderr, &only);
		diag_release(&only);
	} else {
		diag_print(stderr, &d);
		if (errors || warnings)
			fprintf(stderr, "cairn: %zu error%s, %zu warning%s\n", errors,
				errors == 1 ? "" : "s", warnings, warnings == 1 ? "" : "s");
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
		fprintf(stderr, "cairn render: cannot read \"%s\": %s\n", file, strerror(errno));
		return EXIT_USAGE;
	}
	struct buf in = BUF_INIT;
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_put(&in, chunk, n);
	if (f != stdin)
		fclose(f);

	struct diag_list d;
	struct arena a;
	diag_init(&d);
	arena_init(&a);
	const char *name = strcmp(file, "-") == 0 ? "(stdin)" : file;
	struct document *doc = crawl_make_doc(&a, &d, NULL, name, in.ptr, in.len, DOC_DOC);
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

int main(int argc, char **argv)
{
	if (argc < 2) {
		fputs(usage_main, stderr);
		return EXIT_USAGE;
	}
	const char *cmd = argv[1];
	if (strcmp(cmd, "build") == 0)
		return cmd_build(argc - 1, argv + 1);
	if (strcmp(cmd, "render") == 0)
		return cmd_render(argc - 1, argv + 1);
	if (strcmp(cmd, "version") == 0 || strcmp(cmd, "--version") == 0) {
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
		else if (strcmp(topic, "version") == 0 || strcmp(topic, "help") == 0)
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
