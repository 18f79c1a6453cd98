#!/usr/bin/env python3
"""gen_openapi.py: the large API description of cairn's benchmark (`make
bench`, docs/benchmark.md).

    gen_openapi.py generate --out DIR [--seed N] [--ops 1000] [--schemas 300]
                            [--bytes 10000000]

writes, reproducibly from the seed (same arguments, same bytes, same commit
ids):

    DIR/repos/<NAME>.git   one bare repository (git fast-import, two commits):
                           README.md, CODEOWNERS, catalog-info.yaml (a Group,
                           the Component NAME and its API NAME-api, whose
                           definition is $text: ./openapi.yaml) and
                           openapi.yaml at the root
    DIR/openapi.yaml       the same description, for reading
    DIR/meta.json, meta.env  counts, bytes, the names, and the anchor cairn
                           gives each operation (what bench/check.py looks
                           for)

openapi.yaml is an OpenAPI 3.0.3 description of about --bytes bytes of YAML
with exactly --ops operations: resources with collection, item,
sub-resource and action paths (path-level and operation parameters, shared
parameters, request bodies, responses with headers and examples, shared
responses, security, a few deprecated operations), --schemas component
schemas that refer to each other ($ref, arrays of $ref, allOf, oneOf with a
discriminator, cycles), and Markdown descriptions.  The operations'
descriptions are sized last so that the file comes out at --bytes.

The word stream is gen.py's.  Python 3 standard library only.
"""

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import time

sys.dont_write_bytecode = True  # no __pycache__ in bench/
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen  # noqa: E402  (the word stream of the main organisation)

NAME = "marketplace"
TEAM = "team-platform"
SHARED = ["Error", "ErrorDetail", "PageInfo", "Money", "Address", "AuditInfo", "Link",
          "Metadata", "Timestamps", "GeoPoint", "Attachment", "Note"]
ACTIONS = ["cancel", "approve", "archive", "restore", "refresh", "verify", "export", "publish",
           "suspend", "resume"]
MARK = "\0DESC\0"


def camel(word):
    return word[:1].upper() + word[1:]


def block(text, indent):
    """text as the lines of a YAML literal block scalar at indent spaces."""
    pad = " " * indent
    return "\n".join(pad + line if line else "" for line in text.split("\n"))


class Spec:
    def __init__(self, seed, nops, nschemas):
        self.rng = random.Random("cairn-bench-openapi:%d" % seed)
        self.tx = gen.Text(self.rng, NAME)
        self.nops = nops
        names, seen = list(SHARED), set(SHARED)
        while len(names) < max(nschemas, len(SHARED) + 1):
            w = camel(self.tx.slugword())
            if self.rng.random() < 0.3:
                w += camel(self.tx.slugword())
            if w not in seen:
                seen.add(w)
                names.append(w)
        self.schemas = names
        self.out = []
        self.anchors = []
        self.op_ids = set()
        self.tags = []

    def ref(self, name):
        return "'#/components/schemas/%s'" % name

    def plain(self, lo=4, hi=12):
        return self.tx.plain(lo, hi)

    def example(self, name):
        r = self.rng
        return "{%s}" % ", ".join([
            '"id": "%s_%08x"' % (name.lower(), r.getrandbits(32)),
            '"name": "%s"' % self.tx.title(1, 3),
            '"status": "%s"' % r.choice(["active", "pending", "closed"]),
            '"created_at": "2024-%02d-%02dT%02d:%02d:00Z"' % (
                r.randint(1, 12), r.randint(1, 28), r.randint(0, 23), r.randint(0, 59)),
            '"note": "%s"' % self.plain(4, 10)])

    # ------------------------------------------------------------ operations

    def operation(self, method, path, op_id, tag, kind, schema, scope):
        """Appends one operation (under its path, at indent 4)."""
        r, o = self.rng, self.out
        self.anchors.append("%s-%s" % (method, path.replace("{", ":").replace("}", "")))
        self.op_ids.add(op_id)
        o += ["    %s:" % method, "      tags: [%s]" % tag, "      operationId: %s" % op_id,
              "      summary: \"%s\"" % self.plain(4, 9), "      description: |", MARK]
        if r.random() < 0.03:
            o.append("      deprecated: true")
        params = ["        - $ref: '#/components/parameters/RequestId'"]
        if kind == "list":
            params += ["        - $ref: '#/components/parameters/PageSize'",
                       "        - $ref: '#/components/parameters/PageToken'"]
        for _ in range(r.randint(1, 4) if kind in ("list", "get") else r.randint(0, 2)):
            pn = self.tx.ident()
            y = r.random()
            if y < 0.4:
                sch = "{type: string, enum: [%s]}" % ", ".join(
                    "'%s'" % w for w in sorted({self.tx.slugword() for _ in range(r.randint(2, 5))}))
            elif y < 0.7:
                sch = "{type: integer, minimum: 0, maximum: %d, default: %d}" % (
                    r.randint(10, 10000), r.randint(0, 9))
            elif y < 0.85:
                sch = "{type: string, format: date-time}"
            else:
                sch = "{type: array, items: {type: string}, maxItems: %d}" % r.randint(5, 100)
            params += ["        - name: %s" % pn, "          in: query",
                       "          description: \"%s\"" % self.plain(6, 18),
                       "          schema: %s" % sch]
        if kind in ("update", "delete"):
            params.append("        - $ref: '#/components/parameters/IfMatch'")
        o += ["      parameters:"] + params
        if kind in ("create", "update", "action"):
            body = schema if kind != "action" else r.choice(self.schemas[len(SHARED):])
            o += ["      requestBody:", "        required: true",
                  "        description: \"%s\"" % self.plain(5, 14), "        content:",
                  "          application/json:", "            schema:"]
            if kind == "update" and r.random() < 0.5:
                o += ["              allOf:", "                - $ref: %s" % self.ref(body),
                      "                - type: object", "                  properties:",
                      "                    update_mask: {type: string, description: \"%s\"}" % self.plain()]
            else:
                o.append("              $ref: %s" % self.ref(body))
            o.append("            example: %s" % self.example(body))
        o.append("      responses:")
        ok = {"create": "201", "delete": "204", "action": "202"}.get(kind, "200")
        o += ["        '%s':" % ok, "          description: \"%s\"" % self.plain(3, 8)]
        if ok != "204":
            o += ["          headers:",
                  "            X-RateLimit-Remaining: {$ref: '#/components/headers/RateLimitRemaining'}",
                  "            X-Request-Id: {$ref: '#/components/headers/RequestId'}",
                  "          content:", "            application/json:", "              schema:"]
            if kind == "list":
                o += ["                type: object", "                required: [items]",
                      "                properties:", "                  items:",
                      "                    type: array",
                      "                    items: {$ref: %s}" % self.ref(schema),
                      "                  page: {$ref: %s}" % self.ref("PageInfo")]
                o.append("              example: {\"items\": [%s], \"page\": {\"next_page_token\": \"%08x\"}}"
                         % (self.example(schema), r.getrandbits(32)))
            else:
                o.append("                $ref: %s" % self.ref(schema))
                o.append("              example: %s" % self.example(schema))
        errs = ["400", "401", "403"] + (["404"] if kind != "list" and kind != "create" else []) + \
            (["409"] if kind in ("create", "update") else []) + ["429"]
        for e in errs:
            o.append("        '%s': {$ref: '#/components/responses/%s'}" % (e, {
                "400": "BadRequest", "401": "Unauthorized", "403": "Forbidden", "404": "NotFound",
                "409": "Conflict", "429": "TooManyRequests"}[e]))
        o.append("        default: {$ref: '#/components/responses/Error'}")
        o += ["      security:", "        - oauth2: [%s]" % scope, "        - bearerAuth: []"]
        return 1

    def paths(self):
        """Resources until there are nops operations."""
        r, o = self.rng, self.out
        o.append("paths:")
        entities = self.schemas[len(SHARED):]
        n, k = 0, 0
        while n < self.nops:
            name = entities[k % len(entities)]
            seg = name.lower() + ("s" if k < len(entities) else "s%d" % (k // len(entities)))
            k += 1
            tag = camel(seg)
            self.tags.append(tag)
            pid = "%s%sId" % (name[:1].lower(), name[1:])
            coll = "/v1/%s" % seg
            item = "%s/{%s}" % (coll, pid)
            plan = [(coll, None, name, [("get", "list", "list%s" % camel(seg)),
                                        ("post", "create", "create%s" % name)]),
                    (item, [pid], name, [("get", "get", "get%s" % name),
                                         ("put", "update", "replace%s" % name),
                                         ("patch", "update", "update%s" % name),
                                         ("delete", "delete", "delete%s" % name)])]
            for _ in range(r.choice([0, 1, 1, 2])):
                sub = entities[r.randrange(len(entities))]
                sseg = sub.lower() + "s"
                sc = "%s/%s" % (item, sseg)
                if any(p[0] == sc for p in plan):
                    continue
                sid = "%s%sId" % (sub[:1].lower(), sub[1:])
                if sid == pid:
                    sid = "sub" + camel(sid)
                plan.append((sc, [pid], sub, [("get", "list", "list%s%ss" % (name, sub)),
                                              ("post", "create", "create%s%s" % (name, sub))]))
                plan.append(("%s/{%s}" % (sc, sid), [pid, sid], sub,
                             [("get", "get", "get%s%s" % (name, sub)),
                              ("delete", "delete", "delete%s%s" % (name, sub))]))
            for act in sorted(set(r.sample(ACTIONS, r.choice([0, 1, 1, 2, 3])))):
                plan.append(("%s/%s" % (item, act), [pid], name,
                             [("post", "action", "%s%s" % (act, name))]))
            for path, pparams, sch, ops in plan:
                if n >= self.nops:
                    break
                o.append("  %s:" % path)
                if pparams:
                    o.append("    parameters:")
                    for p in pparams:
                        o += ["      - name: %s" % p, "        in: path", "        required: true",
                              "        description: \"%s\"" % self.plain(4, 10),
                              "        schema: {type: string, pattern: '^[a-z]+_[0-9a-f]{8}$'}"]
                for method, kind, op_id in ops:
                    if n >= self.nops:
                        break
                    while op_id in self.op_ids:
                        op_id += "2"
                    scope = "%s.%s" % (seg, "read" if method == "get" else "write")
                    n += self.operation(method, path, op_id, tag, kind, sch, scope)

    # ------------------------------------------------------------ components

    def schema(self, name, idx):
        r, o, tx = self.rng, self.out, self.tx
        o += ["    %s:" % name]
        if name == "Error":
            o += ["      type: object", "      required: [code, message]", "      properties:",
                  "        code: {type: string, description: \"%s\"}" % self.plain(),
                  "        message: {type: string, description: \"%s\"}" % self.plain(),
                  "        details: {type: array, items: {$ref: %s}}" % self.ref("ErrorDetail")]
            return
        if name == "PageInfo":
            o += ["      type: object", "      properties:",
                  "        next_page_token: {type: string, description: \"%s\"}" % self.plain(),
                  "        total_size: {type: integer, format: int64, minimum: 0}"]
            return
        y = r.random()
        if idx >= len(SHARED) and y < 0.05:
            a, b = r.sample(self.schemas[len(SHARED):], 2)
            o += ["      description: \"%s\"" % self.plain(6, 16),
                  "      oneOf:", "        - $ref: %s" % self.ref(a), "        - $ref: %s" % self.ref(b),
                  "      discriminator:", "        propertyName: kind", "        mapping:",
                  "          %s: %s" % (a.lower(), self.ref(a)), "          %s: %s" % (b.lower(), self.ref(b))]
            return
        indent = "      "
        if idx >= len(SHARED) and y < 0.15:
            o += ["      allOf:", "        - $ref: %s" % self.ref(r.choice(SHARED[3:])),
                  "        - type: object"]
            indent = "          "
        else:
            o.append("      type: object")
        o += [indent + "description: |", block(tx.para() + "\n\n" + tx.para(), len(indent) + 2)]
        props = ["id", "name"] + sorted({tx.ident() for _ in range(r.randint(4, 14))})
        o.append(indent + "required: [id%s]" % (", name" if r.random() < 0.7 else ""))
        o.append(indent + "properties:")
        p = indent + "  "
        for prop in props:
            z = r.random()
            if prop == "id":
                o.append(p + "id: {type: string, readOnly: true, description: \"%s\"}" % self.plain(4, 8))
            elif prop == "name":
                o.append(p + "name: {type: string, maxLength: 200, description: \"%s\"}" % self.plain(4, 10))
            elif z < 0.18:
                o.append(p + "%s: {$ref: %s}" % (prop, self.ref(r.choice(self.schemas))))
            elif z < 0.28:
                o += [p + "%s:" % prop, p + "  type: array",
                      p + "  description: \"%s\"" % self.plain(4, 12),
                      p + "  items: {$ref: %s}" % self.ref(r.choice(self.schemas)),
                      p + "  maxItems: %d" % r.randint(10, 1000)]
            elif z < 0.4:
                o += [p + "%s:" % prop, p + "  type: string",
                      p + "  enum: [%s]" % ", ".join("'%s'" % w for w in sorted({tx.slugword() for _ in range(r.randint(2, 6))})),
                      p + "  description: \"%s\"" % self.plain(4, 12)]
            elif z < 0.5:
                o += [p + "%s:" % prop, p + "  type: object",
                      p + "  additionalProperties: {type: string}",
                      p + "  description: \"%s\"" % self.plain(4, 12)]
            elif z < 0.65:
                o.append(p + "%s: {type: integer, format: int64, minimum: 0, description: \"%s\"}" % (prop, self.plain(4, 12)))
            elif z < 0.75:
                o.append(p + "%s: {type: string, format: date-time, readOnly: true, description: \"%s\"}" % (prop, self.plain(4, 12)))
            elif z < 0.82:
                o.append(p + "%s: {type: boolean, default: false, description: \"%s\"}" % (prop, self.plain(4, 12)))
            else:
                o.append(p + "%s: {type: string, nullable: true, maxLength: %d, description: \"%s\"}" % (
                    prop, r.randint(16, 4096), self.plain(4, 12)))

    def document(self):
        r, o, tx = self.rng, self.out, self.tx
        o += ["openapi: 3.0.3", "info:", "  title: \"Marketplace Platform API\"", "  version: 4.%d.0" % r.randint(0, 30),
              "  description: |", block("\n\n".join(tx.blocks(None, 4, 8)), 4),
              "  termsOfService: https://acme.example/terms",
              "  contact: {name: Team Platform, email: team-platform@acme.example, url: 'https://acme.example/platform'}",
              "  license: {name: Apache-2.0, url: 'https://www.apache.org/licenses/LICENSE-2.0'}",
              "externalDocs: {description: \"%s\", url: 'https://docs.acme.example/marketplace'}" % self.plain(3, 6),
              "servers:", "  - url: https://api.acme.example/{region}",
              "    description: \"%s\"" % self.plain(3, 8), "    variables:",
              "      region: {default: eu, enum: [eu, us, ap], description: \"%s\"}" % self.plain(3, 8),
              "  - url: https://api.staging.acme.example", "    description: Staging",
              "security:", "  - bearerAuth: []"]
        head = len(o)
        self.paths()
        body = o[head:]
        del o[head:]
        o.append("tags:")
        for t in self.tags:
            o += ["  - name: %s" % t, "    description: \"%s\"" % self.plain(6, 18)]
        o += body
        o += ["components:", "  securitySchemes:",
              "    bearerAuth: {type: http, scheme: bearer, bearerFormat: JWT}",
              "    oauth2:", "      type: oauth2", "      flows:", "        clientCredentials:",
              "          tokenUrl: https://auth.acme.example/oauth2/token", "          scopes:"]
        for t in self.tags:
            o += ["            %s.read: \"Read %s\"" % (t.lower(), t.lower()),
                  "            %s.write: \"Change %s\"" % (t.lower(), t.lower())]
        o += ["  parameters:",
              "    RequestId: {name: X-Request-Id, in: header, description: \"%s\", schema: {type: string, format: uuid}}" % self.plain(),
              "    PageSize: {name: page_size, in: query, description: \"%s\", schema: {type: integer, minimum: 1, maximum: 500, default: 50}}" % self.plain(),
              "    PageToken: {name: page_token, in: query, description: \"%s\", schema: {type: string}}" % self.plain(),
              "    IfMatch: {name: If-Match, in: header, description: \"%s\", schema: {type: string}}" % self.plain(),
              "  headers:",
              "    RateLimitRemaining: {description: \"%s\", schema: {type: integer}}" % self.plain(),
              "    RequestId: {description: \"%s\", schema: {type: string, format: uuid}}" % self.plain(),
              "  responses:"]
        for name in ["BadRequest", "Unauthorized", "Forbidden", "NotFound", "Conflict",
                     "TooManyRequests", "Error"]:
            o += ["    %s:" % name, "      description: \"%s\"" % self.plain(3, 10), "      content:",
                  "        application/json:", "          schema: {$ref: %s}" % self.ref("Error")]
        o += ["  schemas:"]
        for i, name in enumerate(self.schemas):
            self.schema(name, i)

    def descriptions(self, target):
        """Fills the operations' descriptions so that the file is about target bytes."""
        n = self.out.count(MARK)
        size = sum(len(line) + 1 for line in self.out if line != MARK)
        budget = max(200, (target - size) // max(1, n))
        rng = random.Random("cairn-bench-openapi-descriptions:%d" % self.rng.random())
        tx = gen.Text(rng, NAME)
        lines = []
        for line in self.out:
            if line != MARK:
                lines.append(line)
                continue
            parts, got = [], 0
            while got < budget:
                x = rng.random()
                if not parts or x < 0.6:
                    s = tx.para()
                elif x < 0.75:
                    s = tx.bullets(None, ordered=rng.random() < 0.3)
                elif x < 0.85:
                    s = tx.code(rng.choice(["bash", "json", "yaml", "sql"]))
                elif x < 0.93:
                    s = tx.table()
                else:
                    s = "### %s\n\n%s" % (tx.title(), tx.para())
                s = block(s, 8)
                if parts and got + len(s) - budget > budget - got:
                    break  # nearer the budget without it
                parts.append(s)
                got += len(s) + 2
            lines.append("\n\n".join(parts))
        self.out = lines
        return "\n".join(lines) + "\n"


def make_repo(out, name, files, when):
    """A bare repository with one commit per entry of files (path -> text)."""
    git_dir = os.path.join(out, "repos", name + ".git")
    subprocess.run(["git", "-c", "init.defaultBranch=main", "init", "-q", "--bare", git_dir],
                   check=True, env=gen.GIT_ENV)
    stream = []
    for i, (msg, changes) in enumerate(files):
        who = b"Team Platform <platform@acme.example> %d +0100" % (when + i * gen.DAY)
        m = msg.encode() + b"\n"
        stream.append(b"commit refs/heads/main\nauthor %s\ncommitter %s\ndata %d\n%s" % (who, who, len(m), m))
        for path, text in changes:
            data = text.encode()
            stream.append(b"M 100644 inline %s\ndata %d\n%s\n" % (path.encode(), len(data), data))
        stream.append(b"\n")
    subprocess.run(["git", "--git-dir", git_dir, "fast-import", "--quiet"], input=b"".join(stream),
                   check=True, env=gen.GIT_ENV)
    return subprocess.run(["git", "--git-dir", git_dir, "rev-parse", "refs/heads/main"], check=True,
                          env=gen.GIT_ENV, capture_output=True, text=True).stdout.strip()


def generate(a):
    t0 = time.time()
    out = os.path.abspath(a.out)
    if os.path.exists(out):
        shutil.rmtree(out)
    os.makedirs(os.path.join(out, "repos"))
    gen.init_words(a.seed)
    spec = Spec(a.seed, a.ops, a.schemas)
    spec.document()
    text = spec.descriptions(a.bytes)
    with open(os.path.join(out, "openapi.yaml"), "w") as f:
        f.write(text)
    tx = gen.Text(random.Random("cairn-bench-openapi-repo:%d" % a.seed), NAME)
    catalog = "\n".join([
        "apiVersion: backstage.io/v1alpha1", "kind: Group", "metadata:", "  name: %s" % TEAM,
        "spec:", "  type: team", "  children: []",
        "---", "apiVersion: backstage.io/v1alpha1", "kind: Component", "metadata:", "  name: %s" % NAME,
        "  description: \"%s\"" % tx.plain(8, 16), "spec:", "  type: service",
        "  lifecycle: production", "  owner: %s" % TEAM, "  providesApis: [%s-api]" % NAME,
        "---", "apiVersion: backstage.io/v1alpha1", "kind: API", "metadata:", "  name: %s-api" % NAME,
        "  description: \"%s\"" % tx.plain(6, 14), "spec:", "  type: openapi",
        "  lifecycle: production", "  owner: %s" % TEAM, "  definition:",
        "    $text: ./openapi.yaml"]) + "\n"
    readme = "# %s\n\n%s\n\nThe API is described in [openapi.yaml](openapi.yaml).\n" % (NAME, tx.para())
    head = make_repo(out, NAME, [
        ("Initial import", [("README.md", readme), ("CODEOWNERS", "*  @acme/%s\n" % TEAM),
                            ("catalog-info.yaml", catalog)]),
        ("API description: %d operations" % a.ops, [("openapi.yaml", text)]),
    ], gen.END - 30 * gen.DAY)
    meta = {"seed": a.seed, "name": NAME, "api": NAME + "-api", "operations": len(spec.anchors),
            "schemas": len(spec.schemas), "bytes": len(text.encode()), "head": head,
            "source_date_epoch": gen.END + gen.DAY, "generate_seconds": round(time.time() - t0, 1),
            "anchors": spec.anchors}
    with open(os.path.join(out, "meta.json"), "w") as f:
        json.dump(meta, f, indent=1, sort_keys=True)
        f.write("\n")
    with open(os.path.join(out, "meta.env"), "w") as f:
        for k, v in sorted(meta.items()):
            if k != "anchors":
                f.write("OMETA_%s='%s'\n" % (k.upper(), v))
    print("gen_openapi.py: %d operations, %d schemas, %.1f MB of YAML in %.1f s" % (
        meta["operations"], meta["schemas"], meta["bytes"] / 1e6, time.time() - t0))


def main():
    ap = argparse.ArgumentParser(description="the large API description of cairn's benchmark")
    sub = ap.add_subparsers(dest="cmd", required=True)
    g = sub.add_parser("generate", help="write the repository into --out")
    g.add_argument("--out", required=True)
    g.add_argument("--seed", type=int, default=1)
    g.add_argument("--ops", type=int, default=1000)
    g.add_argument("--schemas", type=int, default=300)
    g.add_argument("--bytes", type=int, default=10 * 1000 * 1000)
    a = ap.parse_args()
    if a.ops < 1 or a.schemas < len(SHARED) + 2:
        ap.error("--ops must be at least 1 and --schemas at least %d" % (len(SHARED) + 2))
    generate(a)


if __name__ == "__main__":
    main()
