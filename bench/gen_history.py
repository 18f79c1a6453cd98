#!/usr/bin/env python3
"""bench/gen_history.py: the deep-history repository of cairn's benchmark
(docs/benchmark.md, "Deep history").

    gen_history.py generate --out DIR [--seed 1] [--commits 30000] [--files 2000]

Writes, from the seed alone (same arguments, same bytes and commit ids), with
one `git fast-import`:

- DIR/repos/handbook.git: a bare repository whose `main` has --commits
  commits over the six years before 2025-01-01 touching --files files: four
  in five are Markdown documents under docs/ (runbooks, rfcs, postmortems,
  guides/<area>, adr, onboarding), the rest Go sources and configuration
  under src/ and deploy/. Files appear over the first two thirds of the
  history; every commit edits one to three files (a line added or changed).
  About one commit in eight on `main` is a merge (--no-ff) of a topic branch
  of one to four commits that forked from `main` while `main` moved on, so
  the history is not linear.
- DIR/cairn.yaml, DIR/meta.json, DIR/meta.env: the configuration that builds
  it, and the counts.

Python's standard library only.
"""
import argparse
import json
import os
import random
import subprocess
import sys
import time

START = 1546300800  # 2019-01-01
END = 1735689600  # 2025-01-01
GIT_ENV = dict(os.environ, GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL="/dev/null",
               LC_ALL="C", TZ="UTC")
DOC_DIRS = ["docs/runbooks", "docs/rfcs", "docs/postmortems", "docs/adr", "docs/onboarding",
            "docs/guides/storage", "docs/guides/network", "docs/guides/release",
            "docs/guides/observability", "docs"]
CODE_DIRS = ["src/api", "src/store", "src/queue", "src/auth", "deploy/k8s", "deploy/terraform"]
WORDS = ("the a of to and in is for on with that as by from be this are when it or at "
         "service request latency error budget deploy rollback alert page replica shard "
         "queue consumer producer cache database index migration schema timeout retry "
         "cluster node pod region failover backup restore token certificate quota limit "
         "incident owner escalation dashboard metric trace log storage network release").split()


def words(rng, n):
    return " ".join(rng.choice(WORDS) for _ in range(n))


def generate(a):
    t0 = time.time()
    rng = random.Random(a.seed * 7919 + 17)
    out = a.out
    os.makedirs(os.path.join(out, "repos"), exist_ok=True)
    git_dir = os.path.join(out, "repos", "handbook.git")
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", git_dir], check=True, env=GIT_ENV)
    subprocess.run(["git", "--git-dir", git_dir, "config", "pack.compression", "1"],
                   check=True, env=GIT_ENV)

    # the files, in the order they appear
    paths = []
    ndocs = a.files * 4 // 5
    for i in range(a.files):
        if i < ndocs:
            d = DOC_DIRS[rng.randrange(len(DOC_DIRS))]
            paths.append("%s/%s-%04d.md" % (d, rng.choice(WORDS[20:]), i))
        else:
            d = CODE_DIRS[rng.randrange(len(CODE_DIRS))]
            ext = ".go" if d.startswith("src") else ".yaml"
            paths.append("%s/%s_%04d%s" % (d, rng.choice(WORDS[20:]), i, ext))
    people = ["%s <%s@acme.example>" % (n.capitalize() + " Doe", n) for n in WORDS[20:60]]

    def initial(p):
        if p.endswith(".md"):
            title = words(rng, 4).capitalize()
            head = []
            day = time.strftime("%Y-%m-%d", time.gmtime(times[min(ti, len(times) - 1)]))
            if "/rfcs/" in p:
                head = ["---", "title: " + title, "status: " + rng.choice(["draft", "accepted"]),
                        "authors: [%s]" % people[rng.randrange(len(people))].split(" <")[0],
                        "date: " + day, "---", ""]
            elif "/postmortems/" in p:
                head = ["---", "title: " + title, "date: " + day, "---", ""]
            return head + ["# " + title, ""] + [words(rng, 12)
                                                for _ in range(rng.randrange(8, 30))]
        return ["// " + p] + [words(rng, 8) for _ in range(rng.randrange(10, 40))]

    main_files = {}     # path -> list of lines, on main
    born = 0            # files that exist so far
    commits = merges = 0
    mark = 0
    buf = bytearray()
    times = sorted(rng.uniform(START, END - 86400) for _ in range(a.commits))
    ti = 0

    def emit(ref, parents, changes, when):
        nonlocal mark
        mark += 1
        who = people[rng.randrange(len(people))]
        msg = ("%s\n" % words(rng, 6).capitalize()).encode()
        h = ("commit %s\nmark :%d\nauthor %s %d +0000\ncommitter %s %d +0000\ndata %d\n"
             % (ref, mark, who, int(when), who, int(when), len(msg))).encode()
        buf.extend(h)
        buf.extend(msg)
        for i, p in enumerate(parents):
            buf.extend(("%s :%d\n" % ("from" if i == 0 else "merge", p)).encode())
        for p, lines in changes:
            data = ("\n".join(lines) + "\n").encode()
            buf.extend(("M 100644 inline %s\ndata %d\n" % (p, len(data))).encode())
            buf.extend(data)
            buf.extend(b"\n")
        buf.extend(b"\n")
        return mark

    def edits(files, avoid, n):
        """n changes to files (a dict), none of the paths in avoid."""
        nonlocal born
        out = []
        for _ in range(n):
            # a new file now and then, while there are files to add
            target = int(a.files * min(1.0, (ti + 1) / (a.commits * 2 / 3)))
            if born < min(20, a.files) or (born < target and rng.random() < 0.5):
                p = paths[born]
                born += 1
                files[p] = initial(p)
            else:
                p = paths[rng.randrange(born)]
                if p in avoid or p not in files:
                    continue
                lines = list(files[p])
                if rng.random() < 0.6:
                    lines.append(words(rng, 10))
                else:
                    lines[-rng.randint(1, 5)] = words(rng, 12)
                files[p] = lines
            out.append((p, files[p]))
        return out

    # the first commit: README, catalog, a few documents
    first = [("README.md", ["# Handbook", "", "The deep-history benchmark repository."]),
             ("catalog-info.yaml", ["apiVersion: backstage.io/v1alpha1", "kind: Component",
                                    "metadata:", "  name: handbook", "spec:",
                                    "  type: documentation", "  lifecycle: production",
                                    "  owner: platform", "---",
                                    "apiVersion: backstage.io/v1alpha1", "kind: Group",
                                    "metadata:", "  name: platform", "spec:",
                                    "  type: team", "  children: []"])]
    main_files.update(first)
    tip = emit("refs/heads/main", [], first + edits(main_files, set(), 20), times[0])
    ti = commits = 1
    while commits < a.commits:
        left = a.commits - commits
        if left > 6 and rng.random() < 0.125:
            # a topic branch off main, while main moves on; merged with --no-ff
            fork = tip
            topic = dict(main_files)
            k = rng.randint(1, min(4, left - 2))
            ttip = fork
            touched = {}
            for _ in range(k):
                ch = edits(topic, set(), rng.randint(1, 3))
                touched.update((p, l) for p, l in ch)
                ttip = emit("refs/heads/topic", [ttip], ch, times[ti])
                ti += 1
                commits += 1
            for _ in range(rng.randint(0, 2)):
                if a.commits - commits < 2:
                    break
                ch = edits(main_files, set(touched), rng.randint(1, 3))
                tip = emit("refs/heads/main", [tip], ch, times[ti])
                ti += 1
                commits += 1
            # the merge brings the topic's files; no conflicts by construction
            for p, lines in touched.items():
                main_files[p] = lines
            tip = emit("refs/heads/main", [tip, ttip], sorted(touched.items()), times[ti])
            ti += 1
            commits += 1
            merges += 1
        else:
            tip = emit("refs/heads/main", [tip], edits(main_files, set(), rng.randint(1, 3)),
                       times[ti])
            ti += 1
            commits += 1
    subprocess.run(["git", "--git-dir", git_dir, "fast-import", "--quiet", "--force"],
                   input=bytes(buf), check=True, env=GIT_ENV)
    subprocess.run(["git", "--git-dir", git_dir, "update-ref", "-d", "refs/heads/topic"],
                   check=True, env=GIT_ENV)
    subprocess.run(["git", "--git-dir", git_dir, "symbolic-ref", "HEAD", "refs/heads/main"],
                   check=True, env=GIT_ENV)
    head = subprocess.run(["git", "--git-dir", git_dir, "rev-parse", "main"], check=True,
                          env=GIT_ENV, capture_output=True, text=True).stdout.strip()
    md = sum(1 for p in main_files if p.endswith(".md"))
    with open(os.path.join(out, "cairn.yaml"), "w") as f:
        f.write("# Written by bench/gen_history.py\ntitle: Deep history (benchmark)\n"
                "output: site\ncache: cache\nrepos:\n  - path: repos/handbook.git\n")
    meta = {"seed": a.seed, "commits": commits, "merges": merges, "files": len(main_files),
            "markdown_files": md, "head": head, "source_date_epoch": END,
            "generate_seconds": round(time.time() - t0, 1)}
    with open(os.path.join(out, "meta.json"), "w") as f:
        json.dump(meta, f, indent=1, sort_keys=True)
        f.write("\n")
    with open(os.path.join(out, "meta.env"), "w") as f:
        for k, v in sorted(meta.items()):
            f.write("HMETA_%s='%s'\n" % (k.upper(), v))
    print("gen_history.py: %d commits (%d merges), %d files (%d Markdown) in %.1f s"
          % (commits, merges, len(main_files), md, time.time() - t0))


def main():
    ap = argparse.ArgumentParser(description="the deep-history repository of cairn's benchmark")
    sub = ap.add_subparsers(dest="cmd", required=True)
    g = sub.add_parser("generate")
    g.add_argument("--out", required=True)
    g.add_argument("--seed", type=int, default=1)
    g.add_argument("--commits", type=int, default=30000)
    g.add_argument("--files", type=int, default=2000)
    a = ap.parse_args()
    if a.commits < 10 or a.files < 30:
        ap.error("--commits must be at least 10 and --files at least 30")
    generate(a)


if __name__ == "__main__":
    sys.exit(main())
