#!/usr/bin/env bash
# update.sh refreshes the vendored Apache ECharts files in this folder from
# the npm registry, so the site can serve ECharts itself (no CDN):
#
#   echarts.min.js       dist/echarts.min.js of the npm package, unchanged
#   echarts.lite.min.js  the parts townpress pages use (lite/entry.js),
#                        bundled by esbuild; what sites get by default
#   LICENSE, NOTICE      the package's, published beside the script
#   ZRENDER-LICENSE      zrender's (BSD-3-Clause), which both bundles contain
#
# Usage: third_party/echarts/update.sh   (from anywhere; needs npm, node, tar, sha256sum)
#
# Both bundles are reproducible: the packages and esbuild are pinned by
# lite/package.json and lite/package-lock.json (installed with npm ci), and
# every output is checked against the sha256 pinned below before it is
# copied. To move to another version: change VERSION and lite/package.json,
# run `npm install --package-lock-only` in lite/, run this script once, read
# the "got" hashes it prints, check the new files, pin the new hashes
# below, and change Version in echarts.go.
set -euo pipefail

VERSION=5.6.0
# sha256 of the files as published in echarts@5.6.0 on npm.
MINJS_SHA256=bf4a223524e40b77c304bec67e1222cf551f14880cf42c69dc046558e11c07b1
LICENSE_SHA256=634293835b43a6dd2094fa39182a3d9a6b9ca43b7fdb9ac354e8037af2a3093a
NOTICE_SHA256=fa99ac3af859d0e13166906dc53a73ad34a08898da7e8ae83407275496e9e30c
# sha256 of lite/entry.js bundled by esbuild 0.28.2 from echarts@5.6.0.
ZRENDER_LICENSE_SHA256=a681e9d183c72b4af4856935893805eb48c08f0f5a3f260203db7444c20fb98a
LITE_SHA256=73f70460367b9397537f3f29b22066413767ac7f6f52afac0bdf5ef417b97cf1

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# npm pack only downloads the tarball (no install, no node_modules) and
# checks it against the registry's integrity hash.
(cd "$work" && npm pack --silent "echarts@${VERSION}" >/dev/null)
tar -xzf "$work/echarts-${VERSION}.tgz" -C "$work" \
	package/dist/echarts.min.js package/LICENSE package/NOTICE

# The lite bundle: npm ci installs exactly what the lockfile names (and
# checks each package's integrity hash); no install scripts run.
mkdir "$work/lite"
cp "$here/lite/package.json" "$here/lite/package-lock.json" "$here/lite/entry.js" "$work/lite/"
(cd "$work/lite" &&
	npm ci --silent --no-audit --no-fund --ignore-scripts &&
	./node_modules/.bin/esbuild entry.js --bundle --minify --format=iife --target=es2015 \
		--legal-comments=none --log-level=warning --outfile=echarts.lite.min.js)

failed=0
check() { # file expected-sha256
	local got
	got="$(sha256sum "$1" | cut -d' ' -f1)"
	if [[ "$got" != "$2" ]]; then
		echo "update.sh: sha256 mismatch for $(basename "$1")" >&2
		echo "  want $2" >&2
		echo "  got  $got" >&2
		failed=1
	fi
}
check "$work/package/dist/echarts.min.js" "$MINJS_SHA256"
check "$work/package/LICENSE" "$LICENSE_SHA256"
check "$work/package/NOTICE" "$NOTICE_SHA256"
check "$work/lite/echarts.lite.min.js" "$LITE_SHA256"
check "$work/lite/node_modules/zrender/LICENSE" "$ZRENDER_LICENSE_SHA256"
if [[ "$failed" != 0 ]]; then
	echo "update.sh: FATAL: nothing was copied" >&2
	exit 1
fi

install -m 0644 "$work/package/dist/echarts.min.js" "$here/echarts.min.js"
install -m 0644 "$work/lite/echarts.lite.min.js" "$here/echarts.lite.min.js"
install -m 0644 "$work/package/LICENSE" "$here/LICENSE"
install -m 0644 "$work/package/NOTICE" "$here/NOTICE"
install -m 0644 "$work/lite/node_modules/zrender/LICENSE" "$here/ZRENDER-LICENSE"
echo "update.sh: echarts@${VERSION} and the lite bundle copied to $here"
