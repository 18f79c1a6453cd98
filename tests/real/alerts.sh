#!/bin/sh
# Alerts on real repositories (not run by `make test`: it needs the bare
# mirrors under /work/.mirror, or MIRRORS=...): reads every PrometheusRule
# of prometheus-operator/kube-prometheus's manifests/ and links each alert
# to the runbooks of prometheus-operator/runbooks (content/runbooks/**.md,
# titles from their front matter), printing how each was linked and the
# totals.  Usage: tests/real/alerts.sh [BUILD]
set -eu
BUILD=${1:-build}
MIRRORS=${MIRRORS:-/work/.mirror}
KP=$MIRRORS/prometheus-operator+kube-prometheus/repo
RB=$MIRRORS/prometheus-operator+runbooks/repo
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
make -s "$BUILD/tests/test_alerts"
git --git-dir="$RB" ls-tree -r --name-only HEAD | grep '^content/runbooks/.*\.md$' |
while read -r path; do
	title=$(git --git-dir="$RB" show "HEAD:$path" | sed -n '2,8s/^title: *//p' | head -n 1)
	printf 'runbooks\thttps://github.com/prometheus-operator/runbooks\t%s\t%s\n' "$path" "$title"
done >"$tmp/runbooks"
mkdir -p "$tmp/manifests"
for path in $(git --git-dir="$KP" ls-tree -r --name-only HEAD | grep 'prometheusRule\.yaml$'); do
	git --git-dir="$KP" show "HEAD:$path" >"$tmp/$path"
done
echo "$(wc -l <"$tmp/runbooks") runbooks"
cd "$tmp" && "$OLDPWD/$BUILD/tests/test_alerts" --link runbooks manifests/*
