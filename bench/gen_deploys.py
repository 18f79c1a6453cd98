#!/usr/bin/env python3
"""gen_deploys.py: the deploy organisation of cairn's benchmark (`make bench`,
docs/benchmark.md): many repositories with long histories and many deploy
tags, to measure what cairn's deploy pass adds to a build.

    gen_deploys.py generate --out DIR [--seed N] [--repos 200] [--commits 3000]
                            [--tags 1000] [--jobs N]

writes, reproducibly from the seed (same arguments, same bytes and the same
commit ids, whatever --jobs):

    DIR/repos/<service>.git    bare repositories written with git fast-import:
                               --commits commits each (small source files
                               under src/, a README.md edited now and then,
                               catalog-info.yaml, CODEOWNERS; one commit in
                               about fifteen on main merges a short topic
                               branch), over the three years before END, and
                               --tags deploy tags: deploy/staging/<n> and
                               deploy/production/<n> (n = 1, 2, ... in time
                               order), annotated and lightweight, tagger times
                               in several time zones
    DIR/repos/acme-catalog.git the Groups, Users and Systems they name (as
                               gen.py writes it)
    DIR/services.json          per service: the default branch's head and the
                               commit cairn must show as deployed to each
                               environment (what bench/check.py looks for)
    DIR/meta.json, meta.env    counts and the generator's time

The names of services, teams and people and the word stream are gen.py's
(the same seed gives the same names as the main organisation).  Python 3
standard library only.
"""

import argparse
import hashlib
import json
import multiprocessing
import os
import random
import shutil
import subprocess
import sys
import struct
import time
import zlib

sys.dont_write_bytecode = True  # no __pycache__ in bench/
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen  # noqa: E402  (the names and words of the main organisation)

END = gen.END
DAY = gen.DAY
YEAR = gen.YEAR
GIT_ENV = gen.GIT_ENV
# Tagger time zones: CI runners and people in several places.
ZONES = ["+0000", "+0000", "+0100", "+0200", "-0500", "-0800", "+0530", "+0900"]
FILES_PER_PKG = 8
PKGS = 6


def pack(bodies):
    """A git pack file holding the tag objects whose bodies are given."""
    out = [b"PACK", struct.pack(">II", 2, len(bodies))]
    for body in bodies:
        n = len(body)
        c = (4 << 4) | (n & 15)  # type 4: tag
        n >>= 4
        head = bytearray()
        while n:
            head.append(c | 0x80)
            c = n & 0x7F
            n >>= 7
        head.append(c)
        out.append(bytes(head))
        out.append(zlib.compress(body, 1))
    data = b"".join(out)
    return data + hashlib.sha1(data).digest()


def code_line(tx, rng):
    a, b = tx.slugword(), tx.slugword()
    x = rng.random()
    if x < 0.25:
        return "\t// %s" % tx.plain(4, 12)
    if x < 0.5:
        return "\t%s := %s.%s(ctx, %d)" % (a, b, a.capitalize(), rng.randint(0, 999))
    if x < 0.7:
        return "\tif err := s.%s(%s); err != nil {" % (a, b)
    if x < 0.85:
        return "\t\treturn fmt.Errorf(\"%s %s: %%w\", err)" % (a, b)
    return "\t}"


def readme(tx, svc, team, edition):
    return ("# %s\n\n%s\n\n## Deploys\n\nEvery merge to `main` is deployed to staging by CI "
            "(`deploy/staging/<n>` tags); production deploys are promoted from staging "
            "(`deploy/production/<n>`).\n\n## Status\n\n%s (edition %d)\n\n## Ownership\n\n"
            "Owned by `@acme/%s`.\n" % (svc, tx.para(), tx.para(), edition, team))


def catalog(rng, tx, svc, team):
    return "\n".join([
        "apiVersion: backstage.io/v1alpha1", "kind: Component", "metadata:",
        "  name: %s" % svc, "  title: \"%s\"" % svc.replace("-", " ").title(),
        "  description: \"%s\"" % tx.plain(8, 20),
        "  annotations:", "    github.com/project-slug: acme/%s" % svc,
        "    pagerduty.com/service-id: P%06d" % rng.randint(0, 999999),
        "spec:", "  type: service", "  lifecycle: production", "  owner: %s" % team,
        "  system: %s" % svc.split("-")[0]]) + "\n"


def make_repo(args):
    """Worker: writes one repository; returns its summary."""
    idx, seed, ncommits, ntags, out = args
    rng = random.Random("cairn-bench-deploys:%d:%d" % (seed, idx))
    svc = gen.ORG.services[idx]
    team = gen.ORG.team_of[idx]
    people = gen.ORG.members[team]
    tx = gen.Text(rng, svc)

    # the source tree: PKGS packages of FILES_PER_PKG small files
    pkgs = []
    while len(pkgs) < PKGS:
        w = tx.slugword()
        if w not in pkgs:
            pkgs.append(w)
    files = {}
    for p in pkgs:
        names = set()
        while len(names) < FILES_PER_PKG:
            names.add(tx.slugword())
        for n in sorted(names):
            files["src/%s/%s.go" % (p, n)] = (["package %s" % p, ""] +
                                              [code_line(tx, rng) for _ in range(rng.randint(4, 14))])
    paths = sorted(files)
    hot = paths[:]  # a few files change far more often than the rest
    rng.shuffle(hot)
    weights = [1.0 / (k + 1) for k in range(len(hot))]

    # commit times: strictly increasing over three years, ending 3 days before END
    start = END - 3 * YEAR
    stop = END - 3 * DAY
    times = sorted(rng.randint(start, stop) for _ in range(ncommits))
    for i in range(1, ncommits):
        if times[i] <= times[i - 1]:
            times[i] = times[i - 1] + rng.randint(30, 600)

    git_dir = os.path.join(out, "repos", svc + ".git")
    subprocess.run(["git", "-c", "init.defaultBranch=main", "init", "-q", "--bare", git_dir],
                   check=True, env=GIT_ENV)
    marks_file = os.path.join(git_dir, "bench-marks")
    # fast-import's many small allocations make glibc grow and shrink the
    # heap thousands of times; a top pad halves its time
    p = subprocess.Popen(["git", "--git-dir", git_dir, "-c", "core.compression=1", "fast-import",
                          "--quiet", "--export-marks=" + marks_file],
                         stdin=subprocess.PIPE, env=dict(GIT_ENV, MALLOC_TOP_PAD_="67108864"))
    w = p.stdin

    def who(i):
        h, name, tz = people[rng.randrange(len(people))]
        return ("%s <%s@acme.example> %d %s" % (name, h.replace("-", "."), times[i], tz)).encode()

    def blob(path, text):
        data = text.encode()
        return b"M 100644 inline %s\ndata %d\n%s\n" % (path.encode(), len(data), data)

    def change():
        """Edits one source file, sometimes two; returns their paths."""
        touched = set(rng.choices(hot, weights, k=1 if rng.random() < 0.8 else 2))
        for path in sorted(touched):
            lines = files[path]
            for _ in range(rng.randint(1, 2)):
                y = rng.random()
                k = rng.randint(2, len(lines) - 1) if len(lines) > 2 else len(lines)
                if y < 0.3 or len(lines) < 6:
                    lines.insert(k, code_line(tx, rng))
                elif y < 0.45 and len(lines) > 16:
                    del lines[k]
                else:
                    lines[k] = code_line(tx, rng)
        return sorted(touched)

    def commit(ref, mark, i, parent, merge, mods, msg):
        a = who(i)
        m = msg.encode() + b"\n"
        w.write(b"commit %s\nmark :%d\nauthor %s\ncommitter %s\ndata %d\n%s"
                % (ref, mark, a, a, len(m), m))
        if parent:
            w.write(b"from :%d\n" % parent)
        if merge:
            w.write(b"merge :%d\n" % merge)
        for path in mods:
            w.write(blob(path, "\n".join(files[path]) + "\n"))
        w.write(b"\n")

    main = []  # (mark, commit index) of main's first-parent line
    i, mark, tip, pr, edition = 0, 0, 0, rng.randint(100, 900), 1
    while i < ncommits:
        if i == 0:
            mark += 1
            init = paths + ["README.md", "catalog-info.yaml", "CODEOWNERS"]
            files["README.md"] = [readme(tx, svc, team, edition)]
            files["catalog-info.yaml"] = [catalog(rng, tx, svc, team)]
            files["CODEOWNERS"] = ["*  @acme/%s" % team]
            commit(b"refs/heads/main", mark, i, 0, 0, init, "Initial import of %s" % svc)
        elif ncommits - i >= 4 and rng.random() < 0.07:
            # a topic branch of 1-3 commits, merged with a merge commit
            k = rng.randint(1, 3)
            side, touched = tip, set()
            for _ in range(k):
                mods = change()
                touched.update(mods)
                mark += 1
                commit(b"refs/heads/topic", mark, i, side, 0, mods, tx.plain(4, 10)[:-1])
                side = mark
                i += 1
            pr += rng.randint(1, 6)
            mark += 1
            commit(b"refs/heads/main", mark, i, tip, side, sorted(touched),
                   "Merge pull request #%d from acme/%s" % (pr, tx.slugword()))
        else:
            mods = change()
            if rng.random() < 0.004:  # the README is edited now and then
                edition += 1
                files["README.md"] = [readme(tx, svc, team, edition)]
                mods = mods + ["README.md"]
            mark += 1
            commit(b"refs/heads/main", mark, i, tip, 0, mods, tx.plain(4, 10)[:-1])
        tip = mark
        main.append((mark, i))
        i += 1

    # deploys: staging gets about 55% of the tags, production the rest.  Each
    # production deploy promotes a commit that went to staging before; the
    # last main commits are not deployed anywhere yet, and the last staging
    # deploys not to production, so that both environments lag the branch.
    nstaging = max(1, round(ntags * 0.55))
    nprod = max(0, ntags - nstaging)
    cand = main[:-5] if len(main) > 6 else main[:1]
    staged = sorted(rng.choices(range(len(cand)), k=nstaging))
    deploys = []  # (env, n, commit mark, commit index, time, annotated, tz, who)
    last = 0
    st_time = []
    for n, c in enumerate(staged, 1):
        m, ci = cand[c]
        t = max(times[ci] + rng.randint(5, 90) * 60, last + 60)
        last = t
        st_time.append(t)
        deploys.append(("staging", n, m, ci, t, rng.random() < 0.5 or n == nstaging))
    promo = sorted(rng.choices(range(max(1, nstaging - 3)), k=nprod)) if nprod else []
    last = 0
    for n, s in enumerate(promo, 1):
        m, ci = cand[staged[s]]
        t = max(st_time[s] + rng.randint(1, 24) * 3600, last + 60)
        last = t
        deploys.append(("production", n, m, ci, t, rng.random() < 0.7 or n == nprod))
    w.close()
    if p.wait() != 0:
        raise RuntimeError("git fast-import failed for %s" % svc)
    sha = {}
    with open(marks_file) as f:
        for line in f:
            k, v = line.split()
            sha[int(k[1:])] = v
    os.remove(marks_file)
    topic = os.path.join(git_dir, "refs", "heads", "topic")  # merged: not kept
    if os.path.exists(topic):
        os.remove(topic)

    # The tags are written here rather than by fast-import, which would make
    # one loose ref file per tag (a second per repository on ext4): the
    # annotated tags' objects as one pack, every tag as a line of packed-refs.
    current = {}
    tag_objects, refs = [], []
    for env, n, m, ci, t, ann in deploys:
        name = "deploy/%s/%d" % (env, n)
        if ann:
            tz = rng.choice(ZONES)
            actor = "Acme CI <ci@acme.example>" if rng.random() < 0.8 else \
                "%s <%s@acme.example>" % (people[0][1], people[0][0].replace("-", "."))
            body = ("object %s\ntype commit\ntag %s\ntagger %s %d %s\n\n"
                    "Deploy %s to %s\n\npipeline: https://ci.acme.example/%s/%d\n"
                    % (sha[m], name, actor, t, tz, svc, env, svc, 10000 + n)).encode()
            oid = hashlib.sha1(b"tag %d\0" % len(body) + body).hexdigest()
            tag_objects.append(body)
            refs.append(("refs/tags/" + name, oid, sha[m]))
        else:
            refs.append(("refs/tags/" + name, sha[m], None))
        # what cairn shows as current: the newest deploy by its time (an
        # annotated tag's tagger time, a lightweight tag's commit time),
        # ties broken by the greater tag number
        key = (t if ann else times[ci], n)
        if env not in current or key > current[env][0]:
            current[env] = (key, m)
    if tag_objects:
        subprocess.run(["git", "--git-dir", git_dir, "index-pack", "--stdin"],
                       input=pack(tag_objects), check=True, env=GIT_ENV, stdout=subprocess.DEVNULL)
    lines = ["# pack-refs with: peeled fully-peeled sorted \n"]
    for ref, oid, peeled in sorted(refs, key=lambda r: r[0].encode()):
        lines.append("%s %s\n" % (oid, ref))
        if peeled:
            lines.append("^%s\n" % peeled)
    with open(os.path.join(git_dir, "packed-refs"), "w") as f:
        f.write("".join(lines))
    annotated = len(tag_objects)
    return (idx, {"name": svc, "head": sha[tip],
                  "deployed": {env: sha[m] for env, (_, m) in sorted(current.items())}},
            ncommits, len(deploys), annotated)


def generate(a):
    t0 = time.time()
    out = os.path.abspath(a.out)
    if os.path.exists(out):
        shutil.rmtree(out)
    os.makedirs(os.path.join(out, "repos"))
    gen.ORG = gen.Org(a.seed, a.repos)
    gen.init_words(a.seed)
    work = [(i, a.seed, a.commits, a.tags, out) for i in range(a.repos)]
    results = [None] * a.repos
    if a.jobs <= 1:
        for wk in work:
            r = make_repo(wk)
            results[r[0]] = r
    else:
        with multiprocessing.get_context("fork").Pool(a.jobs) as pool:
            for r in pool.imap_unordered(make_repo, work, chunksize=1):
                results[r[0]] = r
    gen.make_catalog_repo(out, a.seed)
    services = [r[1] for r in results]
    with open(os.path.join(out, "services.json"), "w") as f:
        json.dump(services, f, indent=1)
        f.write("\n")
    meta = {"seed": a.seed, "repos": a.repos, "commits_per_repo": a.commits,
            "tags_per_repo": a.tags, "commits": sum(r[2] for r in results),
            "deploy_tags": sum(r[3] for r in results),
            "annotated_tags": sum(r[4] for r in results),
            "source_date_epoch": END + DAY, "generate_seconds": round(time.time() - t0, 1)}
    with open(os.path.join(out, "meta.json"), "w") as f:
        json.dump(meta, f, indent=1, sort_keys=True)
        f.write("\n")
    with open(os.path.join(out, "meta.env"), "w") as f:
        for k, v in sorted(meta.items()):
            f.write("DMETA_%s='%s'\n" % (k.upper(), v))
    print("gen_deploys.py: %d repositories, %d commits, %d deploy tags (%d annotated) in %.1f s"
          % (a.repos, meta["commits"], meta["deploy_tags"], meta["annotated_tags"],
             time.time() - t0))


def main():
    ap = argparse.ArgumentParser(description="the deploy organisation of cairn's benchmark")
    sub = ap.add_subparsers(dest="cmd", required=True)
    g = sub.add_parser("generate", help="write the organisation into --out")
    g.add_argument("--out", required=True)
    g.add_argument("--seed", type=int, default=1)
    g.add_argument("--repos", type=int, default=200)
    g.add_argument("--commits", type=int, default=3000, help="commits per repository")
    g.add_argument("--tags", type=int, default=1000, help="deploy tags per repository")
    g.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    a = ap.parse_args()
    if a.repos < 1 or a.commits < 10 or a.tags < 2:
        ap.error("--repos must be at least 1, --commits at least 10 and --tags at least 2")
    generate(a)


if __name__ == "__main__":
    main()
