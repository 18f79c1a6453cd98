/* slo: OpenSLO v1 documents, the status feed, error budgets (see slo.h,
 * docs/slo.md). */
#include "slo.h"

#include <errno.h>
#include <math.h>
#include <string.h>

#include "ascii.h"
#include "date.h"
#include "buf.h"
#include "deploy.h"
#include "yaml.h"

#define DAY 86400

/* ---------------------------------------------------------------- helpers */

struct ctx {
	struct arena *a;
	const char *repo; /* NULL for the feed */
	const char *path;
	enum diag_class cls;
	struct diag_list *d;
};

/* A diagnostic of c's class at val at's line, else at line ln; d may be
 * NULL. */
#define SAY(c, sev, at, ln, ...)                                                    \
	do {                                                                        \
		const struct val *at_ = (at);                                       \
		if ((c)->d)                                                         \
			diag_add((c)->d, (sev), (c)->cls, (c)->repo, (c)->path,     \
				 at_ && at_->line ? at_->line : (ln), __VA_ARGS__); \
	} while (0)

/* A string val's text; NULL for other types, "" and text holding a NUL. */
static const char *str(const struct val *v)
{
	const char *s = val_as_str(v);
	return s && *s && strlen(s) == v->u.str.len ? s : NULL;
}

static const char *str_at(const struct val *map, const char *k1, const char *k2)
{
	return str(val_get(val_get(map, k1), k2));
}

static int is_num(const struct val *v)
{
	return v && v->type == VAL_NUM && isfinite(v->u.num);
}

/* ---------------------------------------------------------------- durations */

int slo_duration_parse(struct slo_window *w, const char *s)
{
	long n = 0;
	size_t i = 0;
	if (!s)
		return -1;
	while (ascii_is_digit((unsigned char)s[i]) && n < 100000)
		n = n * 10 + (s[i++] - '0');
	if (!i || n < 1 || !s[i] || s[i + 1] || !strchr("mhdwMQY", s[i]))
		return -1;
	w->duration = s;
	w->count = (int)n;
	w->unit = s[i];
	switch (w->unit) {
	case 'm': w->seconds = n * 60; break;
	case 'h': w->seconds = n * 3600; break;
	case 'd': w->seconds = n * DAY; break;
	case 'w': w->seconds = n * 7 * DAY; break;
	case 'M': w->seconds = n * 30 * DAY; break;
	case 'Q': w->seconds = n * 90 * DAY; break;
	default: w->seconds = n * 365 * DAY; break;
	}
	return 0;
}

/* "2020-01-21 12:30:00" (or with a T; seconds optional) as a local time. */
static int local_time(const char *s, int64_t *out)
{
	int y, mo, d, h = 0, mi = 0, sec = 0, used = 0;
	char sep;
	if (!s || sscanf(s, "%4d-%2d-%2d%n", &y, &mo, &d, &used) != 3 || used != 10)
		return -1;
	if (s[10] && (sscanf(s + 10, "%c%2d:%2d%n", &sep, &h, &mi, &used) != 3 ||
		      (sep != ' ' && sep != 'T') || h > 23 || mi > 59))
		return -1;
	if (s[10] && s[10 + used] &&
	    (sscanf(s + 10 + used, ":%2d%n", &sec, &used) != 1 || sec > 59))
		return -1;
	if (!date_valid(y, mo, d))
		return -1;
	*out = date_days_from_civil(y, mo, d) * DAY + h * 3600 + mi * 60 + sec;
	return 0;
}

/* ---------------------------------------------------------------- documents */

static struct slo_indicator *read_indicator(const struct ctx *c,
					    struct slo_indicator *ind,
					    const struct val *doc)
{
	const struct val *spec = val_get(doc, "spec");
	const struct val *m = val_get(spec, "ratioMetric");
	memset(ind, 0, sizeof(*ind));
	ind->name = str_at(doc, "metadata", "name");
	ind->display_name = str_at(doc, "metadata", "displayName");
	ind->description = str(val_get(spec, "description"));
	ind->path = c->path;
	ind->line = doc->line;
	if (m) {
		static const char *const parts[] = { "good", "bad", "total", "raw" };
		ind->metric = "ratio";
		for (size_t i = 0; i < 4 && !ind->source; i++)
			ind->source = str_at(val_get(m, parts[i]),
					     "metricSource", "type");
	} else if ((m = val_get(spec, "thresholdMetric"))) {
		ind->metric = "threshold";
		ind->source = str_at(m, "metricSource", "type");
	}
	return ind;
}

static void read_objectives(const struct ctx *c, struct slo *s, const struct val *list)
{
	if (!list || list->type != VAL_LIST || !list->u.list.len) {
		SAY(c, DIAG_ERROR, list, s->line,
		    "SLO \"%s\" has no objectives (a list with a target each); left out",
		    s->name);
		return;
	}
	s->objectives = arena_alloc(c->a, list->u.list.len * sizeof(*s->objectives));
	for (size_t i = 0; i < list->u.list.len; i++) {
		const struct val *o = list->u.list.items[i];
		const struct val *t = val_get(o, "target"),
				 *p = val_get(o, "targetPercent");
		struct slo_objective *ob = &s->objectives[s->nobjectives];
		double target = -1;
		memset(ob, 0, sizeof(*ob));
		ob->line = o->line;
		ob->name = str(val_get(o, "displayName"));
		if (t && p)
			SAY(c, DIAG_WARNING, o, 0,
			    "SLO \"%s\" objective %zu has both target and targetPercent: target is used",
			    s->name, i + 1);
		if (is_num(t))
			target = t->u.num;
		else if (!t && is_num(p))
			target = p->u.num / 100;
		if (!(target >= 0 && target < 1)) {
			SAY(c, DIAG_ERROR,
			    t	? t
			    : p ? p
				: o,
			    0, "SLO \"%s\" objective %zu has no target in [0, 1) (or targetPercent in [0, 100)); left out",
			    s->name, i + 1);
			continue;
		}
		ob->target = target;
		ob->op = str(val_get(o, "op"));
		if (is_num(val_get(o, "value"))) {
			ob->value = val_get(o, "value")->u.num;
			ob->has_value = 1;
		}
		s->nobjectives++;
	}
}

static void read_window(const struct ctx *c, struct slo *s, const struct val *tw)
{
	const struct val *w = tw && tw->type == VAL_LIST && tw->u.list.len
				      ? tw->u.list.items[0]
				      : tw;
	const struct val *cal, *rolling;
	struct slo_window *win = &s->window;

	slo_duration_parse(win, "28d");
	win->rolling = 1;
	if (!tw)
		return;
	if (tw->type == VAL_LIST && tw->u.list.len > 1)
		SAY(c, DIAG_WARNING, tw, 0,
		    "SLO \"%s\" has %zu time windows; OpenSLO allows one: the first is used",
		    s->name, tw->u.list.len);
	if (!w || w->type != VAL_MAP) {
		SAY(c, DIAG_WARNING, tw, 0,
		    "SLO \"%s\" timeWindow is not a list of one {duration, isRolling}; 28 days rolling is used",
		    s->name);
		return;
	}
	win->line = w->line;
	if (slo_duration_parse(win, str(val_get(w, "duration"))) < 0) {
		SAY(c, DIAG_WARNING, val_get(w, "duration"), w->line,
		    "SLO \"%s\" window duration \"%s\" is not a duration like 28d, 4w or 1M; 28 days is used",
		    s->name,
		    str(val_get(w, "duration")) ? str(val_get(w, "duration")) : "");
		slo_duration_parse(win, "28d");
	} else {
		win->given = 1;
	}
	cal = val_get(w, "calendar");
	rolling = val_get(w, "isRolling");
	win->rolling = rolling && rolling->type == VAL_BOOL ? rolling->u.b : !cal;
	if (cal && !win->rolling) {
		const char *start = str(val_get(cal, "startTime"));
		const char *zone = str(val_get(cal, "timeZone"));
		if (start && local_time(start, &win->calendar_start) < 0)
			SAY(c, DIAG_WARNING, val_get(cal, "startTime"), 0,
			    "SLO \"%s\" calendar startTime \"%s\" is not a time like 2026-01-01 00:00:00; 1970-01-01 is used",
			    s->name, start);
		if (zone && !tz_name_valid(zone))
			SAY(c, DIAG_WARNING, val_get(cal, "timeZone"), 0,
			    "SLO \"%s\" calendar timeZone \"%s\" is not an IANA zone name; UTC is used",
			    s->name, zone);
		else
			win->calendar_zone = zone;
	}
}

static enum slo_budgeting budgeting_of(const char *s)
{
	if (!s)
		return SLO_BUDGETING_UNKNOWN;
	for (int b = SLO_OCCURRENCES; b <= SLO_RATIO_TIMESLICES; b++)
		if (strcmp(s, slo_budgeting_name(b)) == 0)
			return b;
	return SLO_BUDGETING_UNKNOWN;
}

/* OpenSLO v1alpha (sloth's examples): timeWindows: [{count, unit}] for
 * v1's timeWindow: [{duration}], and the ratio an objective's
 * ratioMetrics (good, total: each with a source) for v1's indicator. */
static void read_alpha(const struct ctx *c, struct slo *s, const struct val *spec)
{
	static const char *const units[][2] = {
		{ "Minute", "m" }, { "Hour", "h" },  { "Day", "d" },
		{ "Week", "w" },   { "Month", "M" }, { "Quarter", "Q" },
		{ "Year", "Y" }
	};
	const struct val *tw = val_get(spec, "timeWindows");
	const struct val *w = tw && tw->type == VAL_LIST && tw->u.list.len
				      ? tw->u.list.items[0]
				      : NULL;
	const struct val *count = val_get(w, "count");
	const char *unit = str(val_get(w, "unit")), *suffix = NULL;
	for (size_t i = 0; unit && i < sizeof(units) / sizeof(*units); i++)
		if (!strcmp(unit, units[i][0]))
			suffix = units[i][1];
	read_window(c, s, NULL);
	if (w && (!is_num(count) || !suffix || count->u.num < 1 ||
		  count->u.num > 99999 || count->u.num != (double)(long)count->u.num))
		SAY(c, DIAG_WARNING, w, 0,
		    "SLO \"%s\" timeWindows is not {count, unit: Day, Week, Month...}; 28 days rolling is used",
		    s->name);
	else if (w) {
		struct val *v1 = val_map(c->a);
		val_set_str(c->a, v1, "duration",
			    arena_printf(c->a, "%ld%s", (long)count->u.num, suffix));
		if (val_get(w, "isRolling"))
			val_set(c->a, v1, "isRolling",
				(struct val *)val_get(w, "isRolling"));
		if (val_get(w, "calendar"))
			val_set(c->a, v1, "calendar",
				(struct val *)val_get(w, "calendar"));
		v1->line = w->line;
		read_window(c, s, v1);
	}
	const struct val *obj = val_get(spec, "objectives");
	const struct val *first = obj && obj->type == VAL_LIST && obj->u.list.len
					  ? obj->u.list.items[0]
					  : NULL;
	const struct val *ratio = val_get(first, "ratioMetrics");
	if (!s->indicator && !s->indicator_ref && ratio) {
		struct slo_indicator *ind = arena_alloc(c->a, sizeof(*ind));
		memset(ind, 0, sizeof(*ind));
		ind->name = s->name;
		ind->metric = "ratio";
		ind->source = str_at(ratio, "good", "source");
		ind->path = c->path;
		ind->line = ratio->line;
		s->indicator = ind;
	}
}

static void read_slo(const struct ctx *c, struct slo_set *set,
		     const struct val *doc, int alpha)
{
	const struct val *spec = val_get(doc, "spec"),
			 *ind = val_get(spec, "indicator");
	struct slo s = { 0 };
	const char *bm;

	s.name = str_at(doc, "metadata", "name");
	s.line = doc->line;
	s.path = c->path;
	if (!s.name) {
		SAY(c, DIAG_ERROR, doc, 0, "SLO has no metadata.name; left out");
		return;
	}
	s.display_name = str_at(doc, "metadata", "displayName");
	s.description = str(val_get(spec, "description"));
	s.service = str(val_get(spec, "service"));
	s.indicator_ref = str(val_get(spec, "indicatorRef"));
	if (ind && s.indicator_ref)
		SAY(c, DIAG_WARNING, ind, 0,
		    "SLO \"%s\" has both indicator and indicatorRef: the inline indicator is used",
		    s.name);
	if (ind && ind->type == VAL_MAP)
		s.indicator = read_indicator(
			c, arena_alloc(c->a, sizeof(struct slo_indicator)), ind);
	if (alpha)
		read_alpha(c, &s, spec);
	if (!s.indicator && !s.indicator_ref)
		SAY(c, DIAG_WARNING, ind, s.line,
		    "SLO \"%s\" has neither indicator nor indicatorRef: say what it measures",
		    s.name);
	bm = str(val_get(spec, "budgetingMethod"));
	s.budgeting = budgeting_of(bm);
	/* the budget cairn shows (1 - (1 - sli) / (1 - target)) counts
	 * events: what Occurrences means */
	if (!val_get(spec, "budgetingMethod"))
		SAY(c, DIAG_WARNING, spec, s.line,
		    "SLO \"%s\" has no budgetingMethod, which OpenSLO v1 requires: add budgetingMethod: Occurrences (or Timeslices, RatioTimeslices); its budget is shown as Occurrences",
		    s.name);
	else if (!s.budgeting)
		SAY(c, DIAG_WARNING, val_get(spec, "budgetingMethod"), s.line,
		    "SLO \"%s\" budgetingMethod \"%s\" is not Occurrences, Timeslices or RatioTimeslices; its budget is shown as Occurrences",
		    s.name, bm ? bm : "");
	if (!alpha)
		read_window(c, &s, val_get(spec, "timeWindow"));
	read_objectives(c, &s, val_get(spec, "objectives"));
	if (!s.nobjectives)
		return;
	ARENA_GROW(c->a, set->slos, set->slos_cap, set->nslos + 1);
	set->slos[set->nslos++] = s;
}

static void read_document(const struct ctx *c, struct slo_set *set,
			  const struct val *doc, size_t n, int depth)
{
	const char *api = str(val_get(doc, "apiVersion"));
	const char *kind = str(val_get(doc, "kind"));

	if (!doc || doc->type == VAL_NULL)
		return;
	/* a list of objects, one a document (as the oslo tool reads it) */
	if (doc->type == VAL_LIST && depth == 0) {
		for (size_t i = 0; i < doc->u.list.len; i++)
			read_document(c, set, doc->u.list.items[i], n, 1);
		return;
	}
	int alpha = doc->type == VAL_MAP && api && !strcmp(api, "openslo/v1alpha") &&
		    kind && !strcmp(kind, "SLO");
	if (!alpha && (doc->type != VAL_MAP || !api || strcmp(api, "openslo/v1") != 0)) {
		SAY(c, DIAG_WARNING, doc, 1,
		    "document %zu is not OpenSLO v1 (apiVersion \"%s\"); left out",
		    n, api ? api : "");
		return;
	}
	if (kind && strcmp(kind, "SLO") == 0) {
		read_slo(c, set, doc, alpha);
	} else if (kind && strcmp(kind, "SLI") == 0) {
		struct slo_indicator ind;
		read_indicator(c, &ind, doc);
		if (!ind.name) {
			SAY(c, DIAG_ERROR, doc, 0, "SLI has no metadata.name; left out");
			return;
		}
		ARENA_GROW(c->a, set->slis, set->slis_cap, set->nslis + 1);
		set->slis[set->nslis++] = ind;
	} else if (kind && strcmp(kind, "Service") == 0) {
		struct slo_service sv = { str_at(doc, "metadata", "name"),
					  str_at(doc, "metadata", "displayName"),
					  str_at(doc, "spec", "description"),
					  c->path, doc->line };
		if (!sv.name) {
			SAY(c, DIAG_ERROR, doc, 0,
			    "Service has no metadata.name; left out");
			return;
		}
		ARENA_GROW(c->a, set->services, set->services_cap, set->nservices + 1);
		set->services[set->nservices++] = sv;
	} else if (!kind) {
		SAY(c, DIAG_WARNING, doc, 0,
		    "OpenSLO document %zu has no kind; left out", n);
	}
}

int slo_parse(struct slo_set *set, struct arena *a, const char *repo,
	      const char *path, const char *text, size_t len, struct diag_list *d)
{
	struct ctx c = { a, repo, path, DIAG_USER, d };
	struct yaml_error ye;
	struct val *docs = NULL;
	int rc = yaml_parse_all(&docs, a, text, len, &ye);

	if (rc < 0)
		SAY(&c, DIAG_ERROR, NULL, ye.line,
		    "OpenSLO file cannot be read: %s", ye.msg);
	for (size_t i = 0; docs && i < docs->u.list.len; i++)
		read_document(&c, set, docs->u.list.items[i], i + 1, 0);
	return rc < 0 ? -1 : 0;
}

void slo_resolve(struct slo_set *set, const char *repo, struct diag_list *d)
{
	for (size_t i = 0; i < set->nslos; i++) {
		struct slo *s = &set->slos[i];
		struct ctx c = { NULL, repo, s->path, DIAG_USER, d };
		for (size_t k = 0; k < i; k++)
			if (strcmp(set->slos[k].name, s->name) == 0 &&
			    (!s->service || !set->slos[k].service ||
			     strcmp(s->service, set->slos[k].service) == 0))
				SAY(&c, DIAG_WARNING, NULL, s->line,
				    "SLO \"%s\" is defined twice (also in %s)",
				    s->name, set->slos[k].path);
		if (s->indicator || !s->indicator_ref)
			continue;
		for (size_t k = 0; k < set->nslis && !s->indicator; k++)
			if (strcmp(set->slis[k].name, s->indicator_ref) == 0)
				s->indicator = &set->slis[k];
		if (!s->indicator)
			SAY(&c, DIAG_WARNING, NULL, s->line,
			    "SLO \"%s\" names indicator \"%s\", which no SLI of the repository defines",
			    s->name, s->indicator_ref);
	}
}

const struct slo_objective *slo_objective(const struct slo *s, const char *name)
{
	const struct slo_objective *best = NULL;
	for (size_t i = 0; i < s->nobjectives; i++) {
		const struct slo_objective *o = &s->objectives[i];
		if (name && o->name && strcmp(o->name, name) == 0)
			return o;
		if (!best || o->target > best->target)
			best = o;
	}
	return best;
}

const char *slo_budgeting_name(enum slo_budgeting b)
{
	switch (b) {
	case SLO_OCCURRENCES: return "Occurrences";
	case SLO_TIMESLICES: return "Timeslices";
	case SLO_RATIO_TIMESLICES: return "RatioTimeslices";
	default: return "unknown";
	}
}

int slo_load_zone(struct tz *out, struct arena *a, const char *dir,
		  const struct slo *s, const char *repo, struct diag_list *d)
{
	struct buf err = BUF_INIT;
	const char *zone = s->window.calendar_zone;
	int rc = TZ_OK;
	if (s->window.rolling || !zone)
		tz_utc(out);
	else
		rc = tz_load(out, a, dir, zone, &err);
	if (rc == TZ_NO_DATABASE && d)
		diag_add(d, DIAG_WARNING, DIAG_OPERATOR, NULL, NULL, 0,
			 "%s; SLO calendar windows are judged in UTC", err.ptr);
	else if (rc != TZ_OK && d)
		diag_add(d, DIAG_WARNING, DIAG_USER, repo, s->path,
			 s->window.line ? s->window.line : s->line,
			 "SLO \"%s\" calendar timeZone: %s; its window is judged in UTC",
			 s->name, err.ptr);
	buf_release(&err);
	return rc == TZ_OK ? 0 : -1;
}

const char *slo_state_name(enum slo_state st)
{
	static const char *const names[] = { "unknown", "ok", "burning", "exhausted" };
	return names[st];
}

/* ---------------------------------------------------------------- the feed */

/* A number field: 0 when absent, 1 when read, -1 (reported) when bad. */
static int number(const struct ctx *c, const struct val *rec, const struct val *v,
		  const char *key, double lo, double hi, double *out)
{
	if (!v || v->type == VAL_NULL)
		return 0;
	if (!is_num(v) || v->u.num < lo || v->u.num > hi) {
		struct buf text = BUF_INIT;
		if (val_scalar_text(&text, v) < 0)
			buf_puts(&text, val_type_name(v->type));
		SAY(c, DIAG_ERROR, v, rec->line,
		    "SLO status record's %s \"%s\" is not a number%s; record left out",
		    key, text.ptr, lo > -INFINITY ? " in range" : "");
		buf_release(&text);
		return -1;
	}
	*out = v->u.num;
	return 1;
}

static int read_status(const struct ctx *c, const struct val *rec, struct slo_status *r)
{
	const struct val *burn = val_get(rec, "burn_rate");
	const char *time;
	int ok = 1, got;

	memset(r, 0, sizeof(*r));
	r->line = rec->line;
	if (rec->type != VAL_MAP) {
		SAY(c, DIAG_ERROR, rec, 0,
		    "SLO status record is a %s, not a map; left out",
		    val_type_name(rec->type));
		return -1;
	}
	r->slo = str(val_get(rec, "slo"));
	r->service = str(val_get(rec, "service"));
	r->objective = str(val_get(rec, "objective"));
	time = str(val_get(rec, "time"));
	if (!r->slo) {
		SAY(c, DIAG_ERROR, rec, 0, "SLO status record has no \"slo\"; left out");
		ok = 0;
	}
	if (!time || deploy_parse_time(&r->time, time) < 0) {
		SAY(c, DIAG_ERROR, val_get(rec, "time"), rec->line,
		    "SLO status record's time \"%s\" is not an RFC 3339 time with an offset (e.g. 2026-03-05T09:30:00Z); left out",
		    time ? time : "");
		ok = 0;
	}
	if ((got = number(c, rec, val_get(rec, "sli"), "sli", 0, 1, &r->sli)) < 0)
		ok = 0;
	r->has |= got > 0 ? SLO_HAS_SLI : 0;
	got = number(c, rec, val_get(rec, "budget_remaining"),
		     "budget_remaining", -INFINITY, 1, &r->budget_remaining);
	ok &= got >= 0;
	r->has |= got > 0 ? SLO_HAS_BUDGET : 0;
	got = number(c, rec, burn ? val_get(burn, "1h") : val_get(rec, "burn_rate_1h"),
		     "1h burn rate", 0, INFINITY, &r->burn_1h);
	ok &= got >= 0;
	r->has |= got > 0 ? SLO_HAS_BURN_1H : 0;
	got = number(c, rec, burn ? val_get(burn, "6h") : val_get(rec, "burn_rate_6h"),
		     "6h burn rate", 0, INFINITY, &r->burn_6h);
	ok &= got >= 0;
	r->has |= got > 0 ? SLO_HAS_BURN_6H : 0;
	return ok ? 0 : -1;
}

int slo_feed_parse(struct slo_feed *out, struct arena *a, const char *path,
		   const char *text, size_t len, struct diag_list *d)
{
	struct ctx c = { a, NULL, path, DIAG_OPERATOR, d };
	struct yaml_error ye;
	struct val *doc = NULL;
	const struct val *list;

	out->path = path;
	out->records = NULL;
	out->n = 0;
	if (yaml_parse(&doc, a, text, len, &ye) < 0) {
		SAY(&c, DIAG_ERROR, NULL, ye.line,
		    "SLO status feed cannot be read: %s", ye.msg);
		return -1;
	}
	if (!doc || doc->type == VAL_NULL)
		return 0;
	list = doc->type == VAL_MAP ? val_get(doc, "slos") : doc;
	if (!list || list->type != VAL_LIST) {
		SAY(&c, DIAG_ERROR, doc, 1,
		    "SLO status feed is not a list of records (nor a map with a \"slos\" list)");
		return -1;
	}
	out->records = arena_alloc(a, (list->u.list.len + 1) * sizeof(*out->records));
	for (size_t i = 0; i < list->u.list.len; i++)
		if (read_status(&c, list->u.list.items[i], &out->records[out->n]) == 0)
			out->n++;
	return 0;
}

#define SLO_FEED_MAX_BYTES (64u << 20)

int slo_feed_load(struct slo_feed *out, struct arena *a, const char *file,
		  const char *path, struct diag_list *d)
{
	struct buf text = BUF_INIT;
	int ret = -1;
	out->path = path;
	out->records = NULL;
	out->n = 0;
	int got = buf_read_file(&text, file, SLO_FEED_MAX_BYTES);
	if (got == -1)
		diag_add(d, DIAG_ERROR, DIAG_OPERATOR, NULL, path, 0,
			 "SLO status feed cannot be read: %s", strerror(errno));
	else if (got == -2)
		diag_add(d, DIAG_ERROR, DIAG_OPERATOR, NULL, path, 0,
			 "SLO status feed is larger than %u MiB",
			 SLO_FEED_MAX_BYTES >> 20);
	else
		ret = slo_feed_parse(out, a, path, text.ptr, text.len, d);
	buf_release(&text);
	return ret;
}

const struct slo_status *slo_feed_latest(const struct slo_feed *feed,
					 const char *slo, const char *service)
{
	const struct slo_status *best = NULL;
	for (size_t i = 0; feed && i < feed->n; i++) {
		const struct slo_status *r = &feed->records[i];
		if (strcmp(r->slo, slo) != 0 ||
		    (r->service && service && strcmp(r->service, service) != 0))
			continue;
		if (!best || r->time >= best->time)
			best = r;
	}
	return best;
}

/* ---------------------------------------------------------------- budget */

/* The day (since 1970-01-01) of local time t. */
static int64_t floor_day(int64_t t)
{
	return (t - ((t % DAY) + DAY) % DAY) / DAY;
}

/* The instant month m (counted from January of year y; may be negative or
 * past 11) starts, on day d at secs, in zone z. */
static int64_t month_start(const struct tz *z, int64_t y, int64_t m, int d, int64_t secs)
{
	int64_t q = m >= 0 ? m / 12 : -((-m + 11) / 12);
	return tz_from_local(
		z, date_days_from_civil(y + q, (int)(m - q * 12) + 1, d) * DAY + secs);
}

/* The months in one period of w; 0 for units of fixed length. */
static int months_of(const struct slo_window *w)
{
	return w->count * (w->unit == 'M'   ? 1
			   : w->unit == 'Q' ? 3
			   : w->unit == 'Y' ? 12
					    : 0);
}

/* The instant calendar period k (0: the one that starts at startTime) of
 * w starts in zone z: counted in local time, so that a day is a local
 * day and a month starts on the same day of each month. */
static int64_t period_start(const struct slo_window *w, const struct tz *z, int64_t k)
{
	int64_t sy, secs = ((w->calendar_start % DAY) + DAY) % DAY;
	int sm, sd;
	if (!months_of(w))
		return tz_from_local(z, w->calendar_start + k * w->seconds);
	date_civil_from_days((w->calendar_start - secs) / DAY, &sy, &sm, &sd);
	return month_start(z, sy, sm - 1 + k * months_of(w), sd, secs);
}

/* The calendar period holding instant t: its start and end. */
static void period_of(const struct slo_window *w, const struct tz *z, int64_t t,
		      int64_t *b0, int64_t *b1)
{
	int64_t local = t + tz_offset(z, t), start = w->calendar_start, k;
	int step = months_of(w);
	if (!step) {
		k = (local - start) / w->seconds - (local < start);
	} else {
		int64_t sy, ty;
		int sm, sd, tm, td;
		date_civil_from_days(floor_day(start), &sy, &sm, &sd);
		date_civil_from_days(floor_day(local), &ty, &tm, &td);
		int64_t months = (ty - sy) * 12 + (tm - sm);
		k = months >= 0 ? months / step : -((-months + step - 1) / step);
	}
	for (int i = 0; i < 4; i++) { /* settle k: period k holds t */
		*b0 = period_start(w, z, k);
		*b1 = period_start(w, z, k + 1);
		if (t < *b0)
			k--;
		else if (t >= *b1)
			k++;
		else
			return;
	}
	*b0 = t; /* not reached for real calendars */
	*b1 = t + w->seconds;
}

void slo_budget_of(struct slo_budget *out, const struct slo *s,
		   const struct slo_status *rec, const struct tz *calendar_zone)
{
	struct tz utc;
	double r = NAN, b = NAN, budget;
	int64_t length;

	memset(out, 0, sizeof(*out));
	out->remaining = out->burn = NAN;
	out->lasts = -1;
	out->objective = slo_objective(s, rec ? rec->objective : NULL);
	if (!rec || !out->objective)
		return;
	if (!calendar_zone) {
		tz_utc(&utc);
		calendar_zone = &utc;
	}
	budget = 1 - out->objective->target;
	if (rec->has & SLO_HAS_BUDGET)
		r = rec->budget_remaining;
	else if (rec->has & SLO_HAS_SLI)
		r = 1 - (1 - rec->sli) / budget;
	if ((rec->has & SLO_HAS_BURN_1H) && (rec->has & SLO_HAS_BURN_6H))
		b = fmin(rec->burn_1h, rec->burn_6h);
	else if (rec->has & SLO_HAS_BURN_1H)
		b = rec->burn_1h;
	else if (rec->has & SLO_HAS_BURN_6H)
		b = rec->burn_6h;
	out->remaining = r;
	out->burn = b;
	if (s->window.rolling) {
		length = s->window.seconds;
		out->window_left = length;
		out->window_start = rec->time - length;
		out->window_end = rec->time;
	} else {
		period_of(&s->window, calendar_zone, rec->time,
			  &out->window_start, &out->window_end);
		length = out->window_end - out->window_start;
		out->window_left = out->window_end - rec->time;
	}
	if (isnan(r) && isnan(b))
		return;
	if (!isnan(r) && r <= 0) {
		out->state = SLO_STATE_EXHAUSTED;
		out->lasts = 0;
		return;
	}
	out->state = SLO_STATE_OK;
	if (isnan(b) || b <= 0)
		return;
	/* burn rate 1 spends the whole budget in one window's length */
	out->lasts = (int64_t)((isnan(r) ? 1 : r) * (double)length / b);
	if (out->lasts < out->window_left)
		out->state = SLO_STATE_BURNING;
}
