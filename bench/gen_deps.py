#!/usr/bin/env python3
"""bench/gen_deps.py: gives every repository of a generated organisation
(bench/gen.py) a package.json and a package-lock.json (v3) of about
--packages packages, committed on its default branch, for the dependency
crawl's cost (issue 19: a crawl within 10% of the one without).

Usage: python3 bench/gen_deps.py ORG_DIR [--packages 1000] [--seed 1] [--pool N]
Names come from a pool of --pool (3 x --packages) names shared by all repositories,
at versions that differ between them, as in an organisation's real lock
files; 30 of them are direct."""
import argparse
import json
import os
import random
import subprocess


def git(repo, *args, inp=None, env=None):
    return subprocess.run(['git', '--git-dir', repo, *args], input=inp, env=env,
                          capture_output=True, check=True).stdout.decode().strip()


def lock_files(rng, pool, n):
    names = sorted(rng.sample(pool, n))
    direct = sorted(rng.sample(names, 30))
    ver = {p: '%d.%d.%d' % (rng.randint(0, 9), rng.randint(0, 30), rng.randint(0, 40)) for p in names}
    manifest = {'name': 'app', 'version': '1.0.0', 'dependencies': {p: '^' + ver[p] for p in direct}}
    packages = {'': {'name': 'app', 'version': '1.0.0', 'dependencies': manifest['dependencies']}}
    for p in names:
        packages['node_modules/' + p] = {'version': ver[p], 'resolved': 'https://registry.example/%s/-/%s-%s.tgz' % (p, p, ver[p]),
                                        'integrity': 'sha512-' + 'x' * 86}
    lock = {'name': 'app', 'version': '1.0.0', 'lockfileVersion': 3, 'requires': True, 'packages': packages}
    return json.dumps(manifest, indent=2) + '\n', json.dumps(lock, indent=2) + '\n'


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('org')
    ap.add_argument('--packages', type=int, default=1000)
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--pool', type=int, default=0, help='distinct names (default 3 x --packages)')
    a = ap.parse_args()
    rng = random.Random(a.seed)
    pool = ['pkg-%s-%d' % (rng.choice(['core', 'util', 'http', 'log', 'ui', 'db']), i) for i in range(a.pool or 3 * a.packages)]
    root = os.path.join(a.org, 'repos')
    env = dict(os.environ, GIT_AUTHOR_NAME='bench', GIT_AUTHOR_EMAIL='bench@example.com',
               GIT_COMMITTER_NAME='bench', GIT_COMMITTER_EMAIL='bench@example.com',
               GIT_AUTHOR_DATE='2026-10-01T12:00:00Z', GIT_COMMITTER_DATE='2026-10-01T12:00:00Z')
    for name in sorted(os.listdir(root)):
        repo = os.path.join(root, name)
        manifest, lock = lock_files(rng, pool, a.packages)
        index = os.path.join(repo, 'bench-deps.index')
        e = dict(env, GIT_INDEX_FILE=index)
        git(repo, 'read-tree', 'HEAD', env=e)
        for path, text in (('package.json', manifest), ('package-lock.json', lock)):
            oid = git(repo, 'hash-object', '-w', '--stdin', inp=text.encode(), env=e)
            git(repo, 'update-index', '--add', '--cacheinfo', '100644,%s,%s' % (oid, path), env=e)
        tree = git(repo, 'write-tree', env=e)
        head = git(repo, 'rev-parse', 'HEAD')
        commit = git(repo, 'commit-tree', tree, '-p', head, '-m', 'Dependencies', env=e)
        git(repo, 'update-ref', 'HEAD', commit)
        os.remove(index)


if __name__ == '__main__':
    main()
