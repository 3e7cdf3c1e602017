#!/usr/bin/env bash
# update.sh refreshes the vendored Apache ECharts files in this folder from
# the npm package, so the site can serve echarts.min.js itself (no CDN).
#
# Usage: third_party/echarts/update.sh   (from anywhere; needs npm, tar, sha256sum)
#
# To move to another version: change VERSION, run once, read the "got" hash
# it prints, check the new files, pin the new hashes below, and change
# Version in echarts.go.
set -euo pipefail

VERSION=5.6.0
# sha256 of the files as published in echarts@5.6.0 on npm.
MINJS_SHA256=bf4a223524e40b77c304bec67e1222cf551f14880cf42c69dc046558e11c07b1
LICENSE_SHA256=634293835b43a6dd2094fa39182a3d9a6b9ca43b7fdb9ac354e8037af2a3093a
NOTICE_SHA256=fa99ac3af859d0e13166906dc53a73ad34a08898da7e8ae83407275496e9e30c

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# npm pack only downloads the tarball (no install, no node_modules) and
# checks it against the registry's integrity hash.
(cd "$work" && npm pack --silent "echarts@${VERSION}" >/dev/null)
tar -xzf "$work/echarts-${VERSION}.tgz" -C "$work" \
	package/dist/echarts.min.js package/LICENSE package/NOTICE

check() { # file expected-sha256
	local got
	got="$(sha256sum "$1" | cut -d' ' -f1)"
	if [[ "$got" != "$2" ]]; then
		echo "update.sh: FATAL: sha256 mismatch for $(basename "$1") of echarts@${VERSION}" >&2
		echo "  want $2" >&2
		echo "  got  $got" >&2
		echo "  nothing was copied" >&2
		exit 1
	fi
}
check "$work/package/dist/echarts.min.js" "$MINJS_SHA256"
check "$work/package/LICENSE" "$LICENSE_SHA256"
check "$work/package/NOTICE" "$NOTICE_SHA256"

install -m 0644 "$work/package/dist/echarts.min.js" "$here/echarts.min.js"
install -m 0644 "$work/package/LICENSE" "$here/LICENSE"
install -m 0644 "$work/package/NOTICE" "$here/NOTICE"
echo "update.sh: echarts@${VERSION} copied to $here"
