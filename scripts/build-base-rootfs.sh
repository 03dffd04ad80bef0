#!/usr/bin/env bash
# Builds the base image's Debian root filesystem with debootstrap into TARGET_DIR.
#
#   scripts/build-base-rootfs.sh [--mirror URL] [--recipe FILE] TARGET_DIR
#
# The recipe (suite, variant, components, extra packages) is containers/base/rootfs.conf. The
# mirror defaults to the one the host's apt already uses (/etc/apt/sources.list.d/*.sources
# "URIs:" lines, then /etc/apt/sources.list "deb" lines), so no mirror host is written anywhere.
# `hbench images build` runs this script, then imports the tree with the Engine API. By hand:
#   scripts/build-base-rootfs.sh /tmp/rootfs && tar -C /tmp/rootfs --numeric-owner -c . | docker import - hbench/base-rootfs:dev
# Must run as root (debootstrap creates device nodes and chroots).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
recipe="$root/containers/base/rootfs.conf"
mirror=""
target=""
while [ $# -gt 0 ]; do
  case "$1" in
    --mirror) mirror="$2"; shift 2 ;;
    --recipe) recipe="$2"; shift 2 ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    -*) echo "build-base-rootfs: unknown option $1" >&2; exit 2 ;;
    *) target="$1"; shift ;;
  esac
done
[ -n "$target" ] || { echo "usage: build-base-rootfs.sh [--mirror URL] [--recipe FILE] TARGET_DIR" >&2; exit 2; }
[ "$(id -u)" -eq 0 ] || { echo "build-base-rootfs: debootstrap needs root" >&2; exit 1; }
command -v debootstrap >/dev/null || { echo "build-base-rootfs: debootstrap is not installed (apt-get install debootstrap, or run scripts/setup.sh)" >&2; exit 1; }

SUITE=bookworm VARIANT=minbase COMPONENTS=main INCLUDE=
# shellcheck source=/dev/null
. "$recipe"

# The host's mirror for $SUITE: a sources stanza (or deb line) that lists the suite itself;
# failing that, the first deb URI that is not a security/updates/backports archive.
host_mirror() {
  local f
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    awk -v suite="$SUITE" '
      function flush() { if (types ~ /(^| )deb( |$)/ && uri != "") { n = split(suites, s, " ");
          kind = ""; for (i = 1; i <= n; i++) { if (s[i] == suite) kind = "exact"
            else if (kind == "" && s[i] !~ /-(security|updates|backports)$/) kind = "other" }
          if (kind != "") print kind " " uri }
        types = ""; uri = ""; suites = "" }
      /^[ \t]*#/ { next }
      /^[ \t]*$/ { flush(); next }
      tolower($1) == "types:" { $1 = ""; types = $0 }
      tolower($1) == "uris:" { uri = $2 }
      tolower($1) == "suites:" { $1 = ""; suites = $0 }
      END { flush() }' "$f"
  done
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] || continue
    awk -v suite="$SUITE" '
      $1 != "deb" { next }
      { i = 2; if ($i ~ /^\[/) { while ($i !~ /\]$/) i++; i++ } uri = $i; s = $(i + 1)
        if (s == suite) print "exact " uri; else if (s !~ /-(security|updates|backports)$/) print "other " uri }' "$f"
  done
}
if [ -z "$mirror" ]; then
  candidates="$(host_mirror)"
  mirror="$(grep '^exact ' <<<"$candidates" | head -n1 | cut -d' ' -f2 || true)"
  [ -n "$mirror" ] || mirror="$(grep '^other ' <<<"$candidates" | head -n1 | cut -d' ' -f2 || true)"
fi
[ -n "$mirror" ] || { echo "build-base-rootfs: no Debian mirror found in the host's apt sources; pass --mirror URL" >&2; exit 1; }

if [ -e "$target" ] && [ -n "$(ls -A "$target" 2>/dev/null)" ]; then
  echo "build-base-rootfs: $target exists and is not empty" >&2; exit 1
fi
mkdir -p "$target"

echo "debootstrap $SUITE ($VARIANT) from $mirror into $target"
args=(--variant="$VARIANT" --components="$COMPONENTS")
[ -n "$INCLUDE" ] && args+=(--include="$INCLUDE")
debootstrap "${args[@]}" "$SUITE" "$target" "$mirror"

# Slim like Debian's own container images: no docs (but their copyright files), man pages or
# translations now or in any later apt-get, and no recommended packages by default.
cat > "$target"/etc/dpkg/dpkg.cfg.d/hbench-slim <<'CONF'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/groff/*
path-exclude /usr/share/info/*
path-exclude /usr/share/lintian/*
path-exclude /usr/share/linda/*
path-exclude /usr/share/locale/*
path-include /usr/share/locale/locale.alias
CONF
cat > "$target"/etc/apt/apt.conf.d/90hbench <<'CONF'
APT::Install-Recommends "false";
APT::Install-Suggests "false";
Acquire::Retries "3";
CONF
find "$target"/usr/share/doc -mindepth 1 -not -name copyright -not -type d -delete
find "$target"/usr/share/doc -mindepth 1 -type d -empty -delete
rm -rf "$target"/usr/share/man/* "$target"/usr/share/groff/* "$target"/usr/share/info/* \
  "$target"/usr/share/lintian/* "$target"/usr/share/linda/*
find "$target"/usr/share/locale -mindepth 1 -maxdepth 1 -not -name locale.alias -exec rm -rf {} +

# Leave nothing of the host or of the download in the image: Docker provides hostname, hosts and
# resolv.conf at run time; package lists and .debs are re-fetched by the Dockerfiles that need them.
rm -rf "$target"/var/lib/apt/lists/* "$target"/var/cache/apt/archives/*.deb "$target"/var/cache/apt/*.bin \
  "$target"/var/log/* "$target"/tmp/* "$target"/var/tmp/*
mkdir -p "$target"/var/lib/apt/lists/partial
: > "$target"/etc/hostname
: > "$target"/etc/resolv.conf
rm -f "$target"/etc/machine-id && : > "$target"/etc/machine-id
echo "rootfs ready: $(du -sh "$target" | cut -f1)"
