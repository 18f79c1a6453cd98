#!/usr/bin/env python3
"""gen.py: the synthetic organisation that `make bench` measures cairn on.

    gen.py generate --out DIR [--seed N] [--repos N] [--docs N] [--jobs N]
    gen.py edit  --data DIR --run N   one commit that changes one document
    gen.py reset --data DIR           undo `edit`: the branch back where it was

`generate` writes, reproducibly from the seed (the same arguments give the
same bytes, the same commit ids, whatever --jobs):

    DIR/repos/<service>.git   bare git repositories written with git
                              fast-import: a year of history, deploy tags
    DIR/repos/acme-catalog.git  the organisation's Groups, Users, Systems
    DIR/cairn.yaml            a configuration that crawls repos/*
    DIR/content/index.md      the portal's own home text
    DIR/hugo/                 a Hugo site over the same Markdown bytes:
                              content/<service>/<path>.md, a minimal layout
    DIR/files.txt             the Markdown files of hugo/content, one a line
                              (the input of bench/floor.c)
    DIR/meta.env, meta.json   counts, bytes, and what `edit` changes

Every repository holds README.md, CODEOWNERS (in one of the places cairn
looks), catalog-info.yaml (a Component and an API), openapi.yaml,
docs/runbooks/, docs/rfcs/, docs/postmortems/ and other docs/; its history
adds and edits them over 20-50 commits spread over the year before END, with
deploy/staging/* and deploy/production/* tags (annotated and lightweight).
Documents are 2-40 KB of distinct text (a seeded, Zipf-distributed word
stream) with headings, lists, tables, fenced code, emphasis and relative
links to sibling documents that exist.

Python 3 standard library only.
"""

import argparse
import hashlib
import json
import math
import multiprocessing
import os
import posixpath
import random
import shutil
import subprocess
import sys
import time

# History ends here (2025-01-01T00:00:00Z); the benchmark builds "today" =
# END + 1 day (SOURCE_DATE_EPOCH), so the output does not depend on the clock.
END = 1735689600
DAY = 86400
YEAR = 365 * DAY

GIT_ENV = dict(os.environ, GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL="/dev/null",
               LC_ALL="C")
for _k in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY"):
    GIT_ENV.pop(_k, None)

# ------------------------------------------------------------------ words

FUNCTION_WORDS = """the of and to a in is that for it on with as be this are by
when or from at if not we an can but which will all should after before then
than so only each more other its into also may must use when one two new no
has have was were been our their they there these those such any some most
while because until about over under between during without through across
""".split()

ENGINEERING_WORDS = """service request latency deploy deployment database replica
queue cache timeout error retry alert dashboard metric trace log incident
rollback release cluster node pod container image registry pipeline build
test staging production traffic load balancer gateway endpoint token key
certificate secret config flag migration schema index table query connection
pool thread worker job scheduler cron backup restore snapshot disk memory cpu
network dns proxy ingress egress firewall region zone failover primary
secondary leader follower partition shard topic consumer producer offset lag
throughput budget objective availability owner oncall pager runbook postmortem
customer payment order invoice refund ledger account session user tenant
upstream downstream dependency client server api version contract field
header payload response status limit quota rate burst spike storm outage
degradation mitigation escalation severity impact timeline detection recovery
capacity scaling autoscaler threshold window percentile histogram counter gauge
sample event stream batch retention compaction vacuum lock transaction commit
isolation consistency idempotency key duplicate ordering delivery ack nack
backoff jitter circuit breaker bulkhead health probe readiness liveness
canary rollout feature experiment cohort rollout review approval audit
compliance encryption rotation signing verification permission role policy
""".split()

SYLLABLES = """ka ro mi tel van sor pe lu dra quin bel tor ne sa vi gor len pa
chi mo ra ste fi lo ber den ax ul tra zen ko mar sil bri ten ga hol nu rek vo
dim pra les fen tu cor mal ri bo nes ta lin ger os ca del ith mun por san ve
""".split()

FIRST = """alice ravi marta tomas priya jonas kemi sam lena diego hana noah
mia omar sofia li ana ben chloe david elif farah george ines jamal kai laura
mateo nadia oscar paula quentin rosa sven tara uma victor wei xena yusuf zoe
""".split()
LAST = """nguyen patel kowalska silva raman berg adeyemi okafor fischer morales
sato johansson garcia rossi dubois novak tanaka kim mendes ali schmidt haddad
costa larsen ivanova murphy cohen yilmaz moreau santos weber nowak kaya lund
""".split()

DOMAINS = """payments ledger checkout auth identity search catalog inventory
pricing shipping billing invoicing notifications email sms recommendations
reviews orders cart fraud risk tax currency reporting analytics metrics logging
tracing config secrets accounts profiles sessions media images video uploads
storage documents contracts subscriptions loyalty coupons promotions returns
warehouse fulfilment routing maps geo translations content cms banners ads
marketing crm support tickets chat feedback surveys onboarding kyc compliance
audit scheduler jobs exports imports webhooks partners suppliers procurement
""".split()
ROLES = """api service worker web gateway sync scheduler exporter importer
indexer store proxy console consumer publisher adapter""".split()
TEAM_WORDS = """payments identity growth platform data search mobile web infra
sre checkout fulfilment finance risk catalog messaging insights media partners
core billing trust logistics marketplace storefront""".split()

POOL_N = 1 << 21
POOL = []          # the word stream: POOL_N Zipf-distributed words
SLUG_WORDS = []    # words that make good file names and identifiers


def init_words(seed):
    """Fills POOL and SLUG_WORDS from the seed (done once, before forking)."""
    rng = random.Random("cairn-bench-words:%d" % seed)
    seen = set(FUNCTION_WORDS) | set(ENGINEERING_WORDS)
    pseudo = []
    while len(pseudo) < 12000:
        w = "".join(rng.choice(SYLLABLES) for _ in range(rng.choice((1, 2, 2, 2, 3, 3))))
        if w not in seen:
            seen.add(w)
            pseudo.append(w)
    eng = list(dict.fromkeys(ENGINEERING_WORDS))
    rng.shuffle(eng)
    # Function words first, then engineering vocabulary interleaved with the
    # most frequent pseudo-words, then the long tail.
    vocab = list(FUNCTION_WORDS)
    head = pseudo[:len(eng) * 3]
    for i, w in enumerate(eng):
        vocab.append(w)
        vocab.extend(head[i * 3:i * 3 + 3])
    vocab.extend(pseudo[len(eng) * 3:])
    cum, total = [], 0.0
    for r in range(len(vocab)):
        total += 1.0 / (r + 2.7)
        cum.append(total)
    POOL[:] = rng.choices(vocab, cum_weights=cum, k=POOL_N)
    SLUG_WORDS[:] = eng + pseudo[:3000]


# ------------------------------------------------------------------ the org

class Org:
    """Names of services, teams and people: decided in the parent, shared."""

    def __init__(self, seed, nrepos):
        rng = random.Random("cairn-bench-org:%d" % seed)
        nteams = max(20, round(nrepos / 10))
        self.teams = []
        for i in range(nteams):
            w = TEAM_WORDS[i % len(TEAM_WORDS)]
            self.teams.append("team-" + w + ("" if i < len(TEAM_WORDS) else "-%d" % (i // len(TEAM_WORDS) + 1)))
        people, used = [], set()
        while len(people) < nteams * 6:
            f, l = rng.choice(FIRST), rng.choice(LAST)
            h = "%s-%s" % (f, l)
            n = 2
            while h in used:
                h = "%s-%s%d" % (f, l, n)
                n += 1
            used.add(h)
            people.append((h, "%s %s" % (f.capitalize(), l.capitalize()),
                           rng.choice(["+0000", "+0100", "+0200", "+0530", "-0500", "+0900", "-0300"])))
        self.members = {t: people[i * 6:i * 6 + 6] for i, t in enumerate(self.teams)}
        self.services, used = [], set()
        combos = [(d, r) for d in DOMAINS for r in ROLES]
        rng.shuffle(combos)
        for i in range(nrepos):
            d, r = combos[i % len(combos)]
            name = "%s-%s" % (d, r)
            k = 2
            while name in used:
                name = "%s-%s-%d" % (d, r, k)
                k += 1
            used.add(name)
            self.services.append(name)
        self.team_of = [self.teams[rng.randrange(nteams)] for _ in range(nrepos)]


ORG = None  # set in the parent before the workers fork

# ------------------------------------------------------------------ text


class Text:
    """A seeded writer of Markdown for one repository."""

    def __init__(self, rng, svc):
        self.rng = rng
        self.svc = svc

    def word(self):
        return POOL[int(self.rng.random() * POOL_N)]

    def slugword(self):
        return SLUG_WORDS[int(self.rng.random() * len(SLUG_WORDS))]

    def ident(self):
        return "%s_%s" % (self.slugword(), self.slugword())

    def words(self, n):
        o = int(self.rng.random() * (POOL_N - n))
        return POOL[o:o + n]

    def title(self, lo=2, hi=5):
        ws = [self.slugword() for _ in range(self.rng.randint(lo, hi))]
        return " ".join(ws).capitalize()

    def plain(self, lo=6, hi=20):
        """A sentence with no markup (safe in YAML double quotes)."""
        s = " ".join(self.words(self.rng.randint(lo, hi)))
        return s[0].upper() + s[1:] + "."

    def sentence(self, links=None):
        r = self.rng.random
        w = self.words(6 + int(r() * 16))
        x = r()
        if x < 0.45:
            i = int(r() * len(w))
            y = r()
            if y < 0.3:
                w[i] = "`%s`" % self.ident()
            elif y < 0.5:
                w[i] = "**%s**" % w[i]
            elif y < 0.65:
                w[i] = "*%s*" % w[i]
            elif y < 0.8:
                w[i] = str(int(r() * 5000))
            elif y < 0.9:
                w[i] = self.svc
            elif links:
                t, rel = links[int(r() * len(links))]
                w[i] = "[%s](%s)" % (t.lower(), rel)
            else:
                w[i] = "[%s %s](https://grafana.acme.example/d/%s-%s)" % (
                    w[i], self.word(), self.svc, self.slugword())
        s = " ".join(w)
        return s[0].upper() + s[1:] + ("?" if r() < 0.03 else ".")

    def para(self, links=None):
        return " ".join(self.sentence(links) for _ in range(self.rng.randint(2, 7)))

    def bullets(self, links=None, ordered=False, tasks=False):
        out = []
        for k in range(self.rng.randint(3, 8)):
            mark = "%d." % (k + 1) if ordered else "-"
            if tasks:
                mark += " [x]" if self.rng.random() < 0.3 else " [ ]"
            out.append("%s %s" % (mark, self.sentence(links)))
            if not ordered and self.rng.random() < 0.15:
                out.append("  - %s" % self.sentence(links))
        return "\n".join(out)

    def table(self):
        r = self.rng
        cols = r.randint(3, 5)
        head = [self.slugword().capitalize() for _ in range(cols)]
        lines = ["| " + " | ".join(head) + " |",
                 "| " + " | ".join("---" if r.random() < 0.8 else "---:" for _ in head) + " |"]
        for _ in range(r.randint(3, 12)):
            cells = []
            for c in range(cols):
                y = r.random()
                if c == 0:
                    cells.append(" ".join(self.words(r.randint(1, 3))))
                elif y < 0.3:
                    cells.append(str(r.randint(0, 99999)))
                elif y < 0.45:
                    cells.append("`%s`" % self.ident())
                elif y < 0.55:
                    cells.append("%d%s" % (r.randint(1, 90), r.choice(["ms", "s", "m", "h", "%"])))
                else:
                    cells.append(" ".join(self.words(r.randint(1, 6))))
            lines.append("| " + " | ".join(cells) + " |")
        return "\n".join(lines)

    def code(self, lang=None):
        r = self.rng
        lang = lang or r.choice(["bash", "bash", "yaml", "json", "go", "python", "sql", ""])
        n = r.randint(3, 18)
        svc = self.svc
        lines = []
        for _ in range(n):
            a, b, c = self.slugword(), self.slugword(), self.slugword()
            k = r.random()
            if lang == "bash":
                lines.append(r.choice([
                    "kubectl -n %s get pods -l app=%s-%s" % (svc, svc, a),
                    "kubectl -n %s rollout restart deployment/%s-%s" % (svc, svc, b),
                    "curl -sS https://%s.acme.internal/v1/%ss | jq '.%s'" % (svc, a, b),
                    "psql \"$DATABASE_URL\" -c \"select count(*) from %s_%s where %s > now() - interval '%d minutes'\"" % (a, b, c, r.randint(1, 90)),
                    "# %s" % self.plain(4, 10),
                    "%sctl %s --%s=%d --%s %s" % (svc.split("-")[0], a, b, r.randint(1, 500), c, self.word()),
                ]))
            elif lang == "yaml":
                lines.append("%s%s: %s" % ("  " * int(k * 3), a,
                                            r.choice([str(r.randint(0, 9999)), "true", "%s-%s" % (b, c), "\"%s\"" % self.word()])))
            elif lang == "json":
                lines.append("  \"%s_%s\": %s," % (a, b, r.choice([str(r.randint(0, 99999)), "\"%s\"" % c, "true", "null"])))
            elif lang == "go":
                lines.append(r.choice([
                    "func (s *%sServer) %s%s(ctx context.Context, id string) error {" % (a.capitalize(), b.capitalize(), c.capitalize()),
                    "\tif err := s.%s.%s(ctx, id); err != nil {" % (a, b.capitalize()),
                    "\t\treturn fmt.Errorf(\"%s %s: %%w\", err)" % (a, c),
                    "\t}",
                    "}",
                    "\t%s := time.Duration(%d) * time.Millisecond" % (a, r.randint(1, 5000)),
                ]))
            elif lang == "python":
                lines.append(r.choice([
                    "def %s_%s(%s, %s=None):" % (a, b, c, self.slugword()),
                    "    return %s.%s(%d)" % (a, b, r.randint(0, 999)),
                    "    if %s is None:" % c,
                    "        raise ValueError(\"%s %s\")" % (a, b),
                    "%s = %s_%s[%d:]" % (a, b, c, r.randint(0, 99)),
                ]))
            elif lang == "sql":
                lines.append(r.choice([
                    "SELECT %s, count(*) FROM %s_%s GROUP BY %s;" % (a, b, c, a),
                    "UPDATE %s SET %s = %d WHERE %s_id = $1;" % (a, b, r.randint(0, 9), c),
                    "CREATE INDEX CONCURRENTLY %s_%s_idx ON %s (%s);" % (a, b, a, b),
                    "-- %s" % self.plain(4, 10),
                ]))
            else:
                lines.append(" ".join(self.words(r.randint(3, 12))))
        return "```%s\n%s\n```" % (lang, "\n".join(lines))

    def blocks(self, links=None, lo=2, hi=6):
        out = []
        for _ in range(self.rng.randint(lo, hi)):
            x = self.rng.random()
            if x < 0.58:
                out.append(self.para(links))
            elif x < 0.72:
                out.append(self.bullets(links, ordered=self.rng.random() < 0.3))
            elif x < 0.85:
                out.append(self.code())
            elif x < 0.93:
                out.append(self.table())
            else:
                out.append("> " + self.para(links))
        return out

    def section(self, title=None, links=None, level=2):
        parts = ["#" * level + " " + (title or self.title())] + self.blocks(links)
        if level == 2 and self.rng.random() < 0.35:
            parts.append("### " + self.title())
            parts.extend(self.blocks(links, 1, 3))
        return "\n\n".join(parts)


# ------------------------------------------------------------------ documents

class Doc:
    """One Markdown document: a head (front matter, title, intro), sections."""

    def __init__(self, kind, path, title, added):
        self.kind = kind
        self.path = path
        self.title = title
        self.added = added     # commit index
        self.final_at = added  # commit index of the final version
        self.head = ""
        self.sections = []
        self.tail = ""
        self.date = None

    def render(self, nsections=None):
        secs = self.sections if nsections is None else self.sections[:nsections]
        parts = [self.head] + secs + ([self.tail] if self.tail and nsections is None else [])
        return ("\n\n".join(p for p in parts if p) + "\n").replace("{{", "{ {")


def ymd(t):
    return time.strftime("%Y-%m-%d", time.gmtime(t))


def fill(doc, tx, target, links, fixed=()):
    size = len(doc.head) + len(doc.tail)
    for t in fixed:
        s = tx.section(t, links)
        doc.sections.append(s)
        size += len(s)
    while size < target:
        s = tx.section(None, links)
        doc.sections.append(s)
        size += len(s)


def doc_size(rng):
    """Log-uniform between 2 and 40 KB."""
    return int(math.exp(rng.uniform(math.log(2048), math.log(40960))))


def write_doc(doc, tx, rng, svc, team, people, siblings, times):
    """Generates doc's text. siblings: every document path of the repo."""
    others = [p for p in siblings if p != doc.path]
    rng.shuffle(others)
    base = posixpath.dirname(doc.path) or "."
    links = [(posixpath.splitext(posixpath.basename(p))[0].replace("-", " "),
              posixpath.relpath(p, base)) for p in others[:rng.randint(1, 6)]]
    target = doc_size(rng)
    handle = lambda: rng.choice(people)[0]
    if doc.kind == "readme":
        target = rng.randint(3000, 12000)
        doc.head = "# %s\n\n%s\n\n%s" % (svc, tx.para(), tx.para())
        lst = [(posixpath.splitext(posixpath.basename(p))[0].replace("-", " "), p) for p in siblings
               if p != doc.path]
        rng.shuffle(lst)
        items = "\n".join("- [%s](%s)" % (t, p) for t, p in sorted(lst[:15], key=lambda x: x[1]))
        doc.sections.append("## Documentation\n\n" + (items or tx.para()))
        doc.sections.append("## Getting started\n\n%s\n\n%s" % (tx.para(), tx.code("bash")))
        doc.sections.append("## Ownership\n\nOwned by `@acme/%s`. %s" % (team, tx.para()))
        fill(doc, tx, target, links)
    elif doc.kind == "runbook":
        doc.head = "# %s\n\n%s" % (doc.title, tx.para(links))
        doc.sections.append("## Symptoms\n\n%s\n\n%s" % (tx.para(links), tx.bullets(links)))
        doc.sections.append("## Diagnosis\n\n%s\n\n%s" % (tx.para(links), tx.code("bash")))
        doc.sections.append("## Mitigation\n\n%s\n\n%s" % (tx.bullets(links, ordered=True), tx.code("bash")))
        fill(doc, tx, target, links)
        doc.tail = "## Escalation\n\n| Who | When | How |\n| --- | --- | --- |\n" + "\n".join(
            "| @%s | %s | %s |" % (handle(), tx.plain(3, 6), tx.plain(3, 8)) for _ in range(3))
    elif doc.kind == "rfc":
        status = rng.choice(["draft", "review", "accepted", "accepted", "accepted", "rejected", "withdrawn"])
        doc.head = ("---\ntitle: \"%s\"\nstatus: %s\nauthors: [%s]\ndate: %s\n"
                    "discussion: https://github.com/acme/%s/pull/%d\n---\n\n%s" % (
                        doc.title, status, ", ".join(sorted({handle() for _ in range(rng.randint(1, 3))})),
                        ymd(doc.date), svc, rng.randint(1, 4000), tx.para(links)))
        fill(doc, tx, target, links, ["Problem statement", "Proposed approach",
                                      "Alternatives considered", "Decision rationale"])
    elif doc.kind == "postmortem":
        sev = rng.choice(["SEV1", "SEV2", "SEV2", "SEV3", "SEV3", "SEV3"])
        status = rng.choice(["draft", "published", "published", "published"])
        doc.head = ("---\ntitle: \"%s\"\ndate: %s\nseverity: %s\nservices: [%s]\nauthors: [%s]\n"
                    "status: %s\n---\n\n## Summary\n\n%s" % (
                        doc.title, ymd(doc.date), sev, svc, handle(), status, tx.para(links)))
        t0 = doc.date + rng.randint(0, 20) * 3600
        rows = []
        for i in range(rng.randint(4, 10)):
            t0 += rng.randint(2, 90) * 60
            rows.append("| %s | %s |" % (time.strftime("%H:%M", time.gmtime(t0)), tx.plain(4, 14)))
        doc.sections.append("## Timeline\n\nAll times UTC.\n\n| Time | Event |\n| --- | --- |\n" + "\n".join(rows))
        fill(doc, tx, target, links, ["Impact", "Root cause", "What went well", "What went wrong"])
        items = []
        # The house rule is at most three; one post-mortem in twenty has more.
        n = rng.randint(1, 3) if rng.random() < 0.95 else rng.randint(4, 5)
        for _ in range(n):
            y = rng.random()
            box = "[x]" if y < 0.35 else "[ ]"
            extra = " #deprioritized" if 0.35 <= y < 0.42 else ""
            due = ymd(doc.date + rng.randint(7, 60) * DAY)
            items.append("- %s %s @%s due:%s%s" % (box, tx.plain(5, 12)[:-1], handle(), due, extra))
        doc.tail = "## Action items\n\n" + "\n".join(items)
    else:
        doc.head = "# %s\n\n%s" % (doc.title, tx.para(links))
        fill(doc, tx, target, links)


# ------------------------------------------------------------------ repository

def plan(idx, seed, ndocs_mean):
    """Decides one repository's documents and history; returns its files."""
    rng = random.Random("cairn-bench-repo:%d:%d" % (seed, idx))
    svc = ORG.services[idx]
    team = ORG.team_of[idx]
    people = ORG.members[team]
    tx = Text(rng, svc)
    ndocs = max(5, ndocs_mean + rng.randint(-(ndocs_mean // 5), ndocs_mean // 5))
    ncommits = rng.randint(20, 50)
    start = END - YEAR + rng.randint(0, 30) * DAY
    times = sorted(start + rng.randint(0, (END - 2 * DAY - start) // DAY) * DAY
                   + rng.randint(8 * 3600, 18 * 3600) for _ in range(ncommits))
    for i in range(1, ncommits):  # strictly increasing
        if times[i] <= times[i - 1]:
            times[i] = times[i - 1] + rng.randint(60, 3600)

    # documents: kinds, paths, the commit that adds each
    docs, paths = [], set()

    def unique(make):
        while True:
            p = make()
            if p not in paths:
                paths.add(p)
                return p

    docs.append(Doc("readme", "README.md", svc, 0))
    paths.add("README.md")
    kinds = rng.choices(["runbook", "rfc", "postmortem", "doc"], [20, 20, 15, 45], k=ndocs - 1)
    adds = sorted(0 if rng.random() < 0.1 else rng.randint(1, ncommits - 1) for _ in kinds)
    rfc_no = rng.randint(1, 20)
    for kind, at in zip(kinds, adds):
        title = tx.title(2, 6)
        slug = lambda: "-".join(tx.slugword() for _ in range(rng.randint(2, 4)))
        d = Doc(kind, None, title, at)
        d.date = times[at] - rng.randint(0, 5) * DAY
        if kind == "runbook":
            sub = rng.choice(["", "", "", "", "%s/" % tx.slugword()])
            d.path = unique(lambda: "docs/runbooks/%s%s.md" % (sub, slug()))
        elif kind == "rfc":
            rfc_no += 1
            d.path = unique(lambda: "docs/rfcs/%04d-%s.md" % (rfc_no, slug()))
        elif kind == "postmortem":
            d.path = unique(lambda: "docs/postmortems/%s-%s.md" % (ymd(d.date), slug()))
        else:
            sub = rng.choice(["", "", "guides/", "architecture/", "reference/", "howto/"])
            d.path = unique(lambda: "docs/%s%s.md" % (sub, slug()))
        docs.append(d)
    final_paths = sorted(paths)
    for d in docs:
        write_doc(d, tx, rng, svc, team, people, final_paths, times)
        # a quarter of the documents start as a draft and are finished later
        if d.kind != "readme" and d.added < ncommits - 1 and len(d.sections) > 1 and rng.random() < 0.25:
            d.final_at = rng.randint(d.added + 1, ncommits - 1)
    docs[0].final_at = ncommits - 1  # README grows with the documentation

    files = {}  # commit index -> [(path, bytes)]

    def put(at, path, text):
        files.setdefault(at, []).append((path, text.encode()))

    msgs = {}
    for d in docs:
        if d.final_at != d.added:
            put(d.added, d.path, d.render(max(1, len(d.sections) // 2)))
            msgs.setdefault(d.final_at, "Finish %s" % d.path)
        put(d.final_at, d.path, d.render())
        if d.kind != "readme":
            what = {"runbook": "Add runbook", "rfc": "RFC", "postmortem": "Post-mortem",
                    "doc": "Document"}[d.kind]
            msgs.setdefault(d.added, "%s: %s" % (what, d.title.lower()))

    owners_path = rng.choice(["CODEOWNERS", ".github/CODEOWNERS", ".github/CODEOWNERS", "docs/CODEOWNERS"])
    other_team = rng.choice(ORG.teams)
    put(0, owners_path, "# Code owners of %s\n*                  @acme/%s\n/docs/runbooks/    @acme/%s @%s\n"
        "/openapi.yaml      @acme/%s @acme/%s\n" % (svc, team, team, people[0][0], team, other_team))
    put(0, "catalog-info.yaml", catalog(rng, tx, idx, svc, team))
    resources = sorted({tx.slugword() for _ in range(rng.randint(3, 7))})
    put(0, "openapi.yaml", openapi(rng, tx, svc, resources[:max(1, len(resources) // 2)], "1.0.0"))
    put(ncommits // 2, "openapi.yaml", openapi(rng, tx, svc, resources, "1.%d.0" % rng.randint(1, 9)))
    msgs.setdefault(0, "Initial import: README, catalog entry, API description")

    # a changelog line in every commit, so that none is empty
    changelog = ""
    log = []
    for i in range(ncommits):
        msg = msgs.get(i) or tx.plain(4, 10)[:-1]
        changelog = "## %s\n\n- %s\n\n%s" % (ymd(times[i]), msg, changelog)
        put(i, "CHANGELOG.md", "# Changelog\n\n" + changelog)
        log.append(msg)

    # deploys: a staging tag on about a third of the commits, and most of
    # those reach production later
    tags = []
    for i in range(ncommits):
        if rng.random() < 0.33 or i == ncommits - 1:
            t = times[i] + rng.randint(10, 45) * 60
            tags.append(("staging", i, t, rng.random() < 0.5))
            if rng.random() < 0.7 and i != ncommits - 1:
                tags.append(("production", i, t + rng.randint(1, 48) * 3600, rng.random() < 0.7))
    return svc, people, times, files, log, tags, docs


def catalog(rng, tx, idx, svc, team):
    n = len(ORG.services)
    deps = sorted({ORG.services[rng.randrange(n)] for _ in range(rng.randint(0, 4))} - {svc})
    apis = sorted({ORG.services[rng.randrange(n)] + "-api" for _ in range(rng.randint(0, 3))} - {svc + "-api"})
    lines = ["apiVersion: backstage.io/v1alpha1", "kind: Component", "metadata:",
             "  name: %s" % svc, "  title: \"%s\"" % svc.replace("-", " ").title(),
             "  description: \"%s\"" % tx.plain(8, 20),
             "  annotations:", "    github.com/project-slug: acme/%s" % svc,
             "    pagerduty.com/service-id: P%06d" % rng.randint(0, 999999),
             "  links:", "    - url: https://grafana.acme.example/d/%s" % svc, "      title: Dashboard",
             "spec:", "  type: %s" % rng.choice(["service", "service", "service", "website", "library"]),
             "  lifecycle: %s" % rng.choice(["production", "production", "production", "experimental", "deprecated"]),
             "  owner: %s" % team, "  system: %s" % svc.split("-")[0],
             "  providesApis: [%s-api]" % svc]
    if apis:
        lines.append("  consumesApis: [%s]" % ", ".join(apis))
    if deps:
        lines.append("  dependsOn: [%s]" % ", ".join("component:" + d for d in deps))
    lines += ["---", "apiVersion: backstage.io/v1alpha1", "kind: API", "metadata:",
              "  name: %s-api" % svc, "  description: \"%s\"" % tx.plain(6, 14), "spec:",
              "  type: openapi", "  lifecycle: production", "  owner: %s" % team,
              "  system: %s" % svc.split("-")[0], "  definition:", "    $text: ./openapi.yaml"]
    return "\n".join(lines) + "\n"


def openapi(rng, tx, svc, resources, version):
    out = ["openapi: 3.0.3", "info:", "  title: \"%s API\"" % svc, "  version: %s" % version,
           "  description: \"%s\"" % tx.plain(10, 24), "servers:",
           "  - url: https://%s.acme.internal" % svc, "paths:"]
    schemas = []
    for res in resources:
        R = res.capitalize()
        out += ["  /v1/%ss:" % res,
                "    get:", "      operationId: list%ss" % R, "      summary: \"%s\"" % tx.plain(4, 10),
                "      parameters:", "        - name: page_token", "          in: query",
                "          schema: {type: string}",
                "      responses:", "        '200':", "          description: \"%s\"" % tx.plain(3, 8),
                "          content:", "            application/json:", "              schema:",
                "                $ref: '#/components/schemas/%sList'" % R,
                "    post:", "      operationId: create%s" % R, "      summary: \"%s\"" % tx.plain(4, 10),
                "      requestBody:", "        required: true", "        content:",
                "          application/json:", "            schema:",
                "              $ref: '#/components/schemas/%s'" % R,
                "      responses:", "        '201':", "          description: \"%s\"" % tx.plain(3, 8),
                "        '409':", "          description: \"%s\"" % tx.plain(3, 8),
                "  /v1/%ss/{id}:" % res,
                "    parameters:", "      - name: id", "        in: path", "        required: true",
                "        schema: {type: string}"]
        for m, op in (("get", "get"), ("patch", "update"), ("delete", "delete")):
            out += ["    %s:" % m, "      operationId: %s%s" % (op, R),
                    "      summary: \"%s\"" % tx.plain(4, 10), "      responses:",
                    "        '200':", "          description: \"%s\"" % tx.plain(3, 8),
                    "        '404':", "          description: Not found"]
        props = ["    %s:" % R, "      type: object", "      required: [id]", "      properties:",
                 "        id: {type: string}"]
        for _ in range(rng.randint(3, 12)):
            props += ["        %s:" % tx.ident(),
                      "          type: %s" % rng.choice(["string", "integer", "boolean", "number"]),
                      "          description: \"%s\"" % tx.plain(4, 12)]
        props += ["    %sList:" % R, "      type: object", "      properties:",
                  "        items:", "          type: array",
                  "          items: {$ref: '#/components/schemas/%s'}" % R,
                  "        next_page_token: {type: string}"]
        schemas += props
    out += ["components:", "  schemas:"] + schemas
    return "\n".join(out) + "\n"


def fast_import_stream(w, people, times, files, log, tags):
    """Writes the fast-import commands of one repository to w (binary)."""
    for i, t in enumerate(times):
        h, name, tz = people[i % len(people)] if i else people[0]
        who = "%s <%s@acme.example> %d %s" % (name, h.replace("-", "."), t, tz)
        msg = log[i].encode() + b"\n"
        w.write(b"commit refs/heads/main\nmark :%d\nauthor %s\ncommitter %s\ndata %d\n%s"
                % (i + 1, who.encode(), who.encode(), len(msg), msg))
        for path, data in files.get(i, []):
            w.write(b"M 100644 inline %s\ndata %d\n%s\n" % (path.encode(), len(data), data))
        w.write(b"\n")
    seen = set()
    for env, i, t, annotated in tags:
        name = "deploy/%s/%s" % (env, time.strftime("%Y%m%d-%H%M", time.gmtime(t)))
        if name in seen:
            continue
        seen.add(name)
        if annotated:
            msg = ("Deploy to %s\n\npipeline: https://ci.acme.example/%d\n" % (env, t % 90000)).encode()
            w.write(b"tag %s\nfrom :%d\ntagger Acme CI <ci@acme.example> %d +0000\ndata %d\n%s\n"
                    % (name.encode(), i + 1, t, len(msg), msg))
        else:
            w.write(b"reset refs/tags/%s\nfrom :%d\n\n" % (name.encode(), i + 1))


def make_repo(args):
    """Worker: plans, imports and mirrors one repository. Returns its summary."""
    idx, seed, ndocs, out = args
    svc, people, times, files, log, tags, docs = plan(idx, seed, ndocs)
    git_dir = os.path.join(out, "repos", svc + ".git")
    subprocess.run(["git", "-c", "init.defaultBranch=main", "init", "-q", "--bare", git_dir],
                   check=True, env=GIT_ENV)
    # zlib level 1: a third faster to write, packs a few percent larger, and
    # as fast to read as git's default level
    p = subprocess.Popen(["git", "--git-dir", git_dir, "-c", "core.compression=1", "fast-import", "--quiet"],
                         stdin=subprocess.PIPE, env=GIT_ENV)
    fast_import_stream(p.stdin, people, times, files, log, tags)
    p.stdin.close()
    if p.wait() != 0:
        raise RuntimeError("git fast-import failed for %s" % svc)
    head = subprocess.run(["git", "--git-dir", git_dir, "rev-parse", "refs/heads/main"],
                          check=True, env=GIT_ENV, capture_output=True, text=True).stdout.strip()
    md = []
    for d in docs:
        data = d.render().encode()
        dst = os.path.join(out, "hugo", "content", svc, d.path)
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        with open(dst, "wb") as f:
            f.write(data)
        md.append((dst, d.path, d.kind, len(data), hashlib.sha1(data).digest()))
    return idx, svc, head, md, len(times), len({(e, t) for e, _, t, _ in tags})


def org_catalog(seed):
    """catalog-info.yaml of the organisation's catalog repository: every
    team (Group), person (User) and system (System) that the services name."""
    rng = random.Random("cairn-bench-catalog:%d" % seed)
    tx = Text(rng, "acme-catalog")
    docs = []
    for team in ORG.teams:
        members = ORG.members[team]
        docs.append("\n".join([
            "apiVersion: backstage.io/v1alpha1", "kind: Group", "metadata:",
            "  name: %s" % team, "  description: \"%s\"" % tx.plain(6, 14), "spec:",
            "  type: team", "  profile:", "    displayName: \"%s\"" % team[5:].replace("-", " ").title(),
            "    email: %s@acme.example" % team, "  children: []",
            "  members: [%s]" % ", ".join(h for h, _, _ in members)]))
        for h, name, _ in members:
            docs.append("\n".join([
                "apiVersion: backstage.io/v1alpha1", "kind: User", "metadata:", "  name: %s" % h,
                "spec:", "  profile:", "    displayName: \"%s\"" % name,
                "    email: %s@acme.example" % h.replace("-", "."), "  memberOf: [%s]" % team]))
    systems = {}
    for svc, team in zip(ORG.services, ORG.team_of):
        systems.setdefault(svc.split("-")[0], team)
    for name in sorted(systems):
        docs.append("\n".join([
            "apiVersion: backstage.io/v1alpha1", "kind: System", "metadata:", "  name: %s" % name,
            "  description: \"%s\"" % tx.plain(6, 14), "spec:", "  owner: %s" % systems[name]]))
    return "\n---\n".join(docs) + "\n"


def make_catalog_repo(out, seed):
    """The organisation's catalog: one repository, one commit, no documents."""
    git_dir = os.path.join(out, "repos", "acme-catalog.git")
    subprocess.run(["git", "-c", "init.defaultBranch=main", "init", "-q", "--bare", git_dir],
                   check=True, env=GIT_ENV)
    data = org_catalog(seed).encode()
    owners = b"*  @acme/team-platform\n"
    who = b"Acme CI <ci@acme.example> %d +0000" % (END - YEAR)
    msg = b"Teams, people and systems of the organisation\n"
    stream = (b"commit refs/heads/main\nauthor %s\ncommitter %s\ndata %d\n%s"
              b"M 100644 inline catalog-info.yaml\ndata %d\n%s\n"
              b"M 100644 inline CODEOWNERS\ndata %d\n%s\n\n"
              % (who, who, len(msg), msg, len(data), data, len(owners), owners))
    subprocess.run(["git", "--git-dir", git_dir, "fast-import", "--quiet"], input=stream,
                   check=True, env=GIT_ENV)


# ------------------------------------------------------------------ hugo

HUGO_CONFIG = """# The Hugo side of cairn's benchmark (bench/gen.py): the same Markdown,
# a minimal layout, nothing but pages and section lists, Hugo's defaults
# otherwise.
baseURL = "http://bench.example/"
title = "cairn bench"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
buildFuture = true
enableGitInfo = false
[markup.goldmark.renderer]
unsafe = false
# cairn does not colour code (it writes class="language-x" for the browser):
# neither does Hugo here, so both do the same work.
[markup.highlight]
codeFences = false
"""

SINGLE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><main>
<h1>{{ .Title }}</h1>
{{ .Content }}
</main></body></html>
"""

LIST = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><main>
<h1>{{ .Title }}</h1>
{{ .Content }}
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>
</main></body></html>
"""


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


# ------------------------------------------------------------------ commands

def generate(a):
    t0 = time.time()
    out = os.path.abspath(a.out)
    if os.path.exists(out):
        shutil.rmtree(out)
    os.makedirs(os.path.join(out, "repos"))
    global ORG
    ORG = Org(a.seed, a.repos)
    init_words(a.seed)
    work = [(i, a.seed, a.docs, out) for i in range(a.repos)]
    results = [None] * a.repos
    jobs = max(1, a.jobs)
    if jobs == 1:
        for w in work:
            r = make_repo(w)
            results[r[0]] = r
    else:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            for r in pool.imap_unordered(make_repo, work, chunksize=1):
                results[r[0]] = r
    make_catalog_repo(out, a.seed)
    seen = {}
    files, pages, nbytes, commits, deploys = [], 0, 0, 0, 0
    for idx, svc, head, md, nc, nd in results:
        commits += nc
        deploys += nd
        for dst, path, kind, size, digest in md:
            if digest in seen:
                sys.exit("gen.py: %s and %s have the same text" % (seen[digest], dst))
            seen[digest] = dst
            files.append(dst)
            pages += 1
            nbytes += size
    # the document that `edit` changes: a runbook of the middle repository
    mid = results[a.repos // 2]
    edit = next((p for _, p, k, _, _ in mid[3] if k == "runbook"), mid[3][-1][1])
    with open(os.path.join(out, "files.txt"), "w") as f:
        f.write("\n".join(files) + "\n")
    write(os.path.join(out, "cairn.yaml"),
          "# Written by bench/gen.py (seed %d, %d repositories).\n"
          "title: Acme Engineering (benchmark)\noutput: site\ncache: cache\n"
          "environments: [staging, production]\nrepos:\n  - glob: repos/*\n" % (a.seed, a.repos))
    write(os.path.join(out, "content", "index.md"),
          "The benchmark organisation: %d services written by bench/gen.py.\n" % a.repos)
    h = os.path.join(out, "hugo")
    write(os.path.join(h, "hugo.toml"), HUGO_CONFIG)
    write(os.path.join(h, "layouts", "_default", "single.html"), SINGLE)
    write(os.path.join(h, "layouts", "_default", "list.html"), LIST)
    meta = {"seed": a.seed, "repos": a.repos, "docs_per_repo": a.docs, "pages": pages,
            "markdown_bytes": nbytes, "commits": commits, "deploy_tags": deploys,
            "source_date_epoch": END + DAY,
            "edit_repo": "repos/%s.git" % mid[1], "edit_path": edit, "edit_base": mid[2],
            "generate_seconds": round(time.time() - t0, 1)}
    with open(os.path.join(out, "meta.json"), "w") as f:
        json.dump(meta, f, indent=1, sort_keys=True)
        f.write("\n")
    with open(os.path.join(out, "meta.env"), "w") as f:
        for k, v in sorted(meta.items()):
            f.write("META_%s='%s'\n" % (k.upper(), v))
    print("gen.py: %d repositories, %d documents (%.1f MB of Markdown), %d commits, "
          "%d deploy tags in %.1f s" % (a.repos, pages, nbytes / 1e6, commits, deploys,
                                        time.time() - t0))


def load_meta(data):
    with open(os.path.join(data, "meta.json")) as f:
        return json.load(f)


def edit(a):
    """One commit on top of the generated branch that changes one document."""
    m = load_meta(a.data)
    git_dir = os.path.join(a.data, m["edit_repo"])
    old = subprocess.run(["git", "--git-dir", git_dir, "cat-file", "blob",
                          "%s:%s" % (m["edit_base"], m["edit_path"])],
                         check=True, env=GIT_ENV, capture_output=True).stdout
    new = old + (b"\nEdited by the benchmark, run %d: the threshold is now %d requests.\n"
                 % (a.run, 100 + a.run))
    t = m["source_date_epoch"] - DAY + 3600 + a.run * 60
    msg = b"Runbook: new threshold (benchmark run %d)\n" % a.run
    who = b"Bench <bench@acme.example> %d +0000" % t
    stream = (b"commit refs/heads/main\nauthor %s\ncommitter %s\ndata %d\n%s"
              b"from %s\nM 100644 inline %s\ndata %d\n%s\n\n"
              % (who, who, len(msg), msg, m["edit_base"].encode(), m["edit_path"].encode(),
                 len(new), new))
    subprocess.run(["git", "--git-dir", git_dir, "fast-import", "--quiet", "--force"],
                   input=stream, check=True, env=GIT_ENV)


def add(a):
    """One commit on top of the branch as it is (after `edit`) that adds a new
    runbook beside the edited one."""
    m = load_meta(a.data)
    git_dir = os.path.join(a.data, m["edit_repo"])
    tip = subprocess.run(["git", "--git-dir", git_dir, "rev-parse", "refs/heads/main"],
                         check=True, env=GIT_ENV, capture_output=True).stdout.strip()
    path = "%s/bench-added-%d.md" % (os.path.dirname(m["edit_path"]), a.run)
    new = (b"# Added by the benchmark, run %d\n\nA new runbook: when the queue backs up, "
           b"drain it with `queuectl drain --run %d`.\n" % (a.run, a.run))
    t = m["source_date_epoch"] - DAY + 3600 + a.run * 60 + 30
    msg = b"Runbook: a new one (benchmark run %d)\n" % a.run
    who = b"Bench <bench@acme.example> %d +0000" % t
    stream = (b"commit refs/heads/main\nauthor %s\ncommitter %s\ndata %d\n%s"
              b"from %s\nM 100644 inline %s\ndata %d\n%s\n\n"
              % (who, who, len(msg), msg, tip, path.encode(), len(new), new))
    subprocess.run(["git", "--git-dir", git_dir, "fast-import", "--quiet", "--force"],
                   input=stream, check=True, env=GIT_ENV)


def reset(a):
    m = load_meta(a.data)
    subprocess.run(["git", "--git-dir", os.path.join(a.data, m["edit_repo"]), "update-ref",
                    "refs/heads/main", m["edit_base"]], check=True, env=GIT_ENV)


def main():
    ap = argparse.ArgumentParser(description="the synthetic organisation of cairn's benchmark")
    sub = ap.add_subparsers(dest="cmd", required=True)
    g = sub.add_parser("generate", help="write the organisation into --out")
    g.add_argument("--out", required=True)
    g.add_argument("--seed", type=int, default=1)
    g.add_argument("--repos", type=int, default=200)
    g.add_argument("--docs", type=int, default=50, help="Markdown documents per repository (about)")
    g.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    e = sub.add_parser("edit", help="commit a change to one document")
    e.add_argument("--data", required=True)
    e.add_argument("--run", type=int, default=1)
    d = sub.add_parser("add", help="commit a new document (after edit)")
    d.add_argument("--data", required=True)
    d.add_argument("--run", type=int, default=1)
    r = sub.add_parser("reset", help="undo edit and add")
    r.add_argument("--data", required=True)
    a = ap.parse_args()
    if a.cmd == "generate":
        if a.repos < 1 or a.docs < 5:
            ap.error("--repos must be at least 1 and --docs at least 5")
        generate(a)
    elif a.cmd == "edit":
        edit(a)
    elif a.cmd == "add":
        add(a)
    else:
        reset(a)


if __name__ == "__main__":
    main()
