#!/usr/bin/env python3
"""check.py: is the site cairn wrote for a benchmark organisation right?
(bench/run.sh; docs/benchmark.md).  A fast build of the wrong site is not a
fast build: the table marks it "✗ output".

    check.py deploys --data DIR --site SITE
        DIR is an organisation of gen_deploys.py.  Each service's page
        (SITE/services/<name>/index.html) must show the commit that is
        deployed to each environment (its first 7 hex digits); none of them
        is the branch's head, which the page shows anyway.
    check.py openapi --data DIR --site SITE
        DIR is an organisation of gen_openapi.py.  The API pages
        (SITE/apis/**/index.html) must hold an element with each operation's
        anchor as its id (id="get-/v1/things/:thingId").

Prints one line of JSON: {"ok": true|false, "note": "...", ...}.  Exit
status 0 whatever the verdict; 2 on usage errors.  Python 3 standard
library only.
"""

import argparse
import json
import os
import re
import sys


def deploys(data, site):
    with open(os.path.join(data, "services.json")) as f:
        services = json.load(f)
    shown, first_bad = 0, None
    for s in services:
        page = os.path.join(site, "services", s["name"], "index.html")
        try:
            with open(page, encoding="utf-8", errors="replace") as f:
                html = f.read()
        except OSError:
            first_bad = first_bad or "services/%s/index.html is missing" % s["name"]
            continue
        missing = [env for env, c in sorted(s["deployed"].items()) if c[:7] not in html]
        if missing:
            first_bad = first_bad or "services/%s/ does not show the commit deployed to %s (%s)" % (
                s["name"], " and ".join(missing), ", ".join(s["deployed"][e][:10] for e in missing))
        else:
            shown += 1
    n = len(services)
    note = "%d/%d service pages show the commits deployed to %s" % (
        shown, n, " and ".join(sorted({e for s in services for e in s["deployed"]})))
    if first_bad:
        note += "; e.g. " + first_bad
    return {"ok": shown == n, "note": note, "services": n, "shown": shown}


ID = re.compile(r'\bid="([^"]*)"')


def openapi(data, site):
    with open(os.path.join(data, "meta.json")) as f:
        meta = json.load(f)
    want = set(meta["anchors"])
    apis = os.path.join(site, "apis")
    pages, found, biggest = [], set(), 0
    for root, _, files in os.walk(apis):
        if "index.html" not in files:
            continue
        path = os.path.join(root, "index.html")
        if os.path.normpath(root) == os.path.normpath(apis):
            continue  # the list of APIs
        with open(path, encoding="utf-8", errors="replace") as f:
            html = f.read()
        got = want.intersection(ID.findall(html))
        if got:
            pages.append(os.path.relpath(path, site))
            biggest = max(biggest, os.path.getsize(path))
        found |= got
    res = {"ok": len(found) == len(want) and len(want) > 0, "operations": len(want),
           "anchors_found": len(found), "pages": sorted(pages), "page_bytes": biggest or None}
    if not os.path.isdir(apis):
        res["note"] = "no apis/ folder in the site"
    elif not pages:
        res["note"] = "no page under apis/ holds an operation anchor (id=\"%s\", ...)" % (
            sorted(want)[0] if want else "")
    else:
        where = pages[0] if len(pages) == 1 else "%d pages under apis/" % len(pages)
        res["note"] = "%s: %d/%d operation anchors" % (where, len(found), len(want))
    return res


def main():
    ap = argparse.ArgumentParser(description="checks a benchmark site")
    ap.add_argument("what", choices=["deploys", "openapi"])
    ap.add_argument("--data", required=True)
    ap.add_argument("--site", required=True)
    a = ap.parse_args()
    try:
        res = deploys(a.data, a.site) if a.what == "deploys" else openapi(a.data, a.site)
    except (OSError, ValueError, KeyError) as e:
        res = {"ok": False, "note": "cannot check: %s" % e}
    print(json.dumps(res))
    return 0


if __name__ == "__main__":
    sys.exit(main())
