/* tz: time zones from TZif files (see tz.h). */
#include "tz.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ascii.h"
#include "date.h"
#include "xalloc.h"

#define DAY 86400

/* a / b rounded down (C rounds towards zero); days are util/date.h's. */
static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

/* ---------------------------------------------------------------- names */

static const struct tz_type utc_type = { 0, 0 };

void tz_utc(struct tz *out)
{
	memset(out, 0, sizeof(*out));
	out->name = "UTC";
	out->types = (struct tz_type *)&utc_type;
	out->ntypes = 1;
}

static int is_utc_name(const char *name)
{
	static const char *const names[] = { "UTC", "Etc/UTC", "GMT", "Etc/GMT" };
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(name, names[i]) == 0)
			return 1;
	return 0;
}

int tz_name_valid(const char *name)
{
	size_t seg = 0, n = name ? strlen(name) : 0;
	if (!n || n > 128 || name[0] == '/' || name[n - 1] == '/')
		return 0;
	for (size_t i = 0; i <= n; i++) {
		char c = name[i];
		if (c == '/' || c == '\0') {
			if (seg == 0 || name[i - seg] == '.')
				return 0;
			seg = 0;
			continue;
		}
		if (!ascii_is_alnum((unsigned char)c) && !strchr("_-+", c))
			return 0;
		seg++;
	}
	return 1;
}

/* ---------------------------------------------------------------- POSIX rule */

/* Reads [+-]hh[:mm[:ss]] (hours up to 167); returns the end or NULL. */
static const char *rule_time(const char *p, int32_t *out)
{
	int sign = 1, part[3] = { 0, 0, 0 };
	if (*p == '+' || *p == '-')
		sign = *p++ == '-' ? -1 : 1;
	for (int i = 0; i < 3; i++) {
		if (i && *p != ':')
			break;
		if (i)
			p++;
		if (!ascii_is_digit((unsigned char)*p))
			return NULL;
		int v = 0;
		while (ascii_is_digit((unsigned char)*p) && v < 1000)
			v = v * 10 + (*p++ - '0');
		part[i] = v;
	}
	if (part[0] > 167 || part[1] > 59 || part[2] > 59)
		return NULL;
	*out = sign * (part[0] * 3600 + part[1] * 60 + part[2]);
	return p;
}

/* An abbreviation: three or more letters, or <...>. */
static const char *rule_name(const char *p)
{
	const char *s = p;
	if (*p == '<') {
		while (*p && *p != '>')
			p++;
		return *p == '>' && p - s >= 4 ? p + 1 : NULL;
	}
	while (ascii_is_alpha((unsigned char)*p))
		p++;
	return p - s >= 3 ? p : NULL;
}

static const char *rule_number(const char *p, int *out, int lo, int hi)
{
	int v = 0, digits = 0;
	while (ascii_is_digit((unsigned char)*p) && digits < 4)
		v = v * 10 + (*p++ - '0'), digits++;
	if (!digits || v < lo || v > hi)
		return NULL;
	*out = v;
	return p;
}

static const char *rule_when(const char *p, struct tz_when *w)
{
	memset(w, 0, sizeof(*w));
	w->secs = 2 * 3600;
	if (*p == 'M') {
		w->kind = 'M';
		if (!(p = rule_number(p + 1, &w->m, 1, 12)) || *p++ != '.' ||
		    !(p = rule_number(p, &w->w, 1, 5)) || *p++ != '.' ||
		    !(p = rule_number(p, &w->d, 0, 6)))
			return NULL;
	} else if (*p == 'J') {
		w->kind = 'J';
		if (!(p = rule_number(p + 1, &w->d, 1, 365)))
			return NULL;
	} else {
		w->kind = 'n';
		if (!(p = rule_number(p, &w->d, 0, 365)))
			return NULL;
	}
	if (*p == '/')
		p = rule_time(p + 1, &w->secs);
	return p;
}

/* Parses a POSIX TZ string; 0 or -1.  POSIX offsets count west of UTC. */
static int rule_parse(struct tz_rule *r, const char *s)
{
	const char *p = rule_name(s);
	int32_t off;
	memset(r, 0, sizeof(*r));
	if (!p || !(p = rule_time(p, &off)))
		return -1;
	r->std_offset = r->dst_offset = -off;
	if (!*p)
		return 0;
	if (!(p = rule_name(p)))
		return -1;
	r->has_dst = 1;
	r->dst_offset = r->std_offset + 3600;
	if (*p && *p != ',') {
		if (!(p = rule_time(p, &off)))
			return -1;
		r->dst_offset = -off;
	}
	if (!*p) { /* no rule: POSIX leaves it to the system; the US's */
		r->start = (struct tz_when){ 'M', 3, 2, 0, 7200 };
		r->end = (struct tz_when){ 'M', 11, 1, 0, 7200 };
		return 0;
	}
	if (*p++ != ',' || !(p = rule_when(p, &r->start)) || *p++ != ',' ||
	    !(p = rule_when(p, &r->end)))
		return -1;
	return *p ? -1 : 0;
}

/* Local midnight (as a day number) of w in year y. */
static int64_t when_day(const struct tz_when *w, int64_t y)
{
	int64_t jan1 = date_days_from_civil(y, 1, 1);
	if (w->kind == 'J')
		return jan1 + w->d - 1 + (date_is_leap(y) && w->d >= 60);
	if (w->kind == 'n')
		return jan1 + w->d;
	int64_t first = date_days_from_civil(y, w->m, 1);
	int64_t next = date_days_from_civil(y + (w->m == 12), w->m % 12 + 1, 1);
	int wday = (int)(((first + 4) % 7 + 7) % 7); /* 1970-01-01: Thursday */
	int64_t day = first + (w->d - wday + 7) % 7 + 7 * (w->w - 1);
	while (day >= next)
		day -= 7;
	return day;
}

static int32_t rule_offset(const struct tz_rule *r, int64_t t)
{
	if (!r->has_dst)
		return r->std_offset;
	int64_t y;
	int m, d;
	date_civil_from_days(floor_div(t + r->std_offset, DAY), &y, &m, &d);
	int64_t start = when_day(&r->start, y) * DAY + r->start.secs - r->std_offset;
	int64_t end = when_day(&r->end, y) * DAY + r->end.secs - r->dst_offset;
	int dst = start < end ? (t >= start && t < end) : !(t >= end && t < start);
	return dst ? r->dst_offset : r->std_offset;
}

/* ---------------------------------------------------------------- TZif */

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static int64_t be64(const unsigned char *p)
{
	return (int64_t)((uint64_t)be32(p) << 32 | be32(p + 4));
}

struct counts {
	uint32_t isut, isstd, leap, time, type, chars;
};

static int read_header(struct counts *c, const unsigned char *p, size_t left)
{
	if (left < 44 || memcmp(p, "TZif", 4) != 0)
		return -1;
	c->isut = be32(p + 20);
	c->isstd = be32(p + 24);
	c->leap = be32(p + 28);
	c->time = be32(p + 32);
	c->type = be32(p + 36);
	c->chars = be32(p + 40);
	if (c->type == 0 || c->type > 256 || c->time > 100000 ||
	    c->leap > 10000 || c->chars > 100000 ||
	    (c->isut && c->isut != c->type) || (c->isstd && c->isstd != c->type))
		return -1;
	return 0;
}

/* Bytes of the data block after a header, with times of tsize bytes. */
static size_t block_size(const struct counts *c, size_t tsize)
{
	return c->time * (tsize + 1) + c->type * 6 + c->chars +
	       c->leap * (tsize + 4) + c->isstd + c->isut;
}

__attribute__((format(printf, 2, 3))) static void say(struct buf *err,
						      const char *fmt, ...)
{
	if (!err)
		return;
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(err, fmt, ap);
	va_end(ap);
}

int tz_parse(struct tz *out, struct arena *a, const char *name,
	     const unsigned char *data, size_t len, struct buf *err)
{
	struct counts c;
	const unsigned char *p = data;
	size_t tsize = 4;

	memset(out, 0, sizeof(*out));
	out->name = arena_strdup(a, name ? name : "");
	if (read_header(&c, p, len) < 0 || block_size(&c, 4) > len - 44)
		goto bad;
	if (data[4] >= '2') { /* skip the 32-bit block: the 64-bit one follows */
		p += 44 + block_size(&c, 4);
		if (read_header(&c, p, len - (size_t)(p - data)) < 0 ||
		    block_size(&c, 8) > len - (size_t)(p - data) - 44)
			goto bad;
		tsize = 8;
	}
	p += 44;
	out->ntimes = c.time;
	out->ntypes = c.type;
	out->times = arena_alloc(a, (c.time ? c.time : 1) * sizeof(*out->times));
	out->index = arena_alloc(a, c.time ? c.time : 1);
	out->types = arena_alloc(a, c.type * sizeof(*out->types));
	for (uint32_t i = 0; i < c.time; i++, p += tsize) {
		out->times[i] = tsize == 8 ? be64(p) : (int32_t)be32(p);
		if (i && out->times[i] <= out->times[i - 1])
			goto bad;
	}
	for (uint32_t i = 0; i < c.time; i++)
		if ((out->index[i] = *p++) >= c.type)
			goto bad;
	for (uint32_t i = 0; i < c.type; i++, p += 6) {
		int32_t off = (int32_t)be32(p);
		if (off < -25 * 3600 || off > 26 * 3600 || p[4] > 1)
			goto bad;
		out->types[i] = (struct tz_type){ off, p[4] };
	}
	p += c.chars + c.leap * (tsize + 4) + c.isstd + c.isut;
	if (tsize == 8 && p < data + len && *p == '\n') {
		const unsigned char *nl =
			memchr(p + 1, '\n', (size_t)(data + len - p - 1));
		if (!nl)
			goto bad;
		char *s = arena_strndup(a, (const char *)p + 1, (size_t)(nl - p - 1));
		if (*s && rule_parse(&out->rule, s) < 0)
			goto bad;
		out->has_rule = *s != '\0';
	}
	return TZ_OK;
bad:
	say(err, "time zone \"%s\" is not a TZif file", out->name);
	name = out->name;
	tz_utc(out); /* usable, if wrong */
	out->name = name;
	return TZ_BAD;
}

int tz_load(struct tz *out, struct arena *a, const char *dir, const char *name,
	    struct buf *err)
{
	struct buf path = BUF_INIT;
	unsigned char *data = NULL;
	FILE *f = NULL;
	size_t len = 0;
	int ret = TZ_BAD;

	tz_utc(out);
	if (!dir)
		dir = TZ_DEFAULT_DIR;
	if (name && is_utc_name(name)) {
		out->name = arena_strdup(a, name);
		return TZ_OK;
	}
	if (!tz_name_valid(name)) {
		say(err, "time zone \"%s\" is not a zone name (Area/Location)",
		    name ? name : "");
		return TZ_BAD;
	}
	buf_printf(&path, "%s/%s", dir, name);
	f = fopen(path.ptr, "rb");
	if (!f) {
		int e = errno;
		struct stat st;
		if ((e == ENOENT || e == ENOTDIR) && stat(dir, &st) == 0 &&
		    S_ISDIR(st.st_mode)) {
			say(err, "time zone \"%s\" is not in the time zone database (%s)",
			    name, dir);
			ret = TZ_UNKNOWN;
		} else {
			say(err, "time zone database \"%s\" cannot be read (install tzdata): %s",
			    dir, strerror(e));
			ret = TZ_NO_DATABASE;
		}
		goto cleanup;
	}
	data = xmalloc(TZ_MAX_FILE);
	len = fread(data, 1, TZ_MAX_FILE, f);
	if (ferror(f) || len == TZ_MAX_FILE) {
		say(err, "time zone file \"%s\" cannot be read", path.ptr);
		goto cleanup;
	}
	ret = tz_parse(out, a, name, data, len, err);

cleanup:
	if (f)
		fclose(f);
	free(data);
	buf_release(&path);
	return ret;
}

/* ---------------------------------------------------------------- offsets */

int32_t tz_offset(const struct tz *z, int64_t t)
{
	if (!z->ntimes || t < z->times[0]) {
		if (z->has_rule && !z->ntimes)
			return rule_offset(&z->rule, t);
		return z->types[0].offset;
	}
	if (t >= z->times[z->ntimes - 1] && z->has_rule)
		return rule_offset(&z->rule, t);
	size_t lo = 0, hi = z->ntimes; /* times[lo] <= t < times[hi] */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (z->times[mid] <= t)
			lo = mid;
		else
			hi = mid;
	}
	return z->types[z->index[lo]].offset;
}

int64_t tz_from_local(const struct tz *z, int64_t local)
{
	int32_t before = tz_offset(z, local - DAY), after = tz_offset(z, local + DAY);
	int64_t t1 = local - before, t2 = local - after;
	int ok1 = tz_offset(z, t1) == before, ok2 = tz_offset(z, t2) == after;

	if (ok1 && ok2)
		return t1 < t2 ? t1 : t2;
	if (ok2)
		return t2;
	return t1;
}
