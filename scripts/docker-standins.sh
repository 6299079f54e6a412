#!/usr/bin/env bash
# Local stand-ins for the images docker-compose.yml names, on machines that cannot
# pull them (no registry reachable, as on postventa's CI machines):
#   odoo:18.0    docker/standins/odoo/: the official 18.0 image's contract (an entrypoint,
#                wait_for_db.py, odoo.conf, user, volumes and paths) on Debian
#                bookworm, Odoo copied from ODOO_SOURCE instead of the nightly .deb
#   postgres:16  docker/standins/postgres/: Debian's PostgreSQL (15) with the official
#                image's environment contract
# Both build on a Debian bookworm base made with debootstrap and imported
# (localhost/debian:bookworm). An image that is already there and is not a stand-in
# (the official one, pulled) is used as it is; one that can be pulled is pulled; a
# stand-in is rebuilt only when what it is built from changes (its label
# postventa.standin holds a digest of its inputs). On a machine where Docker pulls
# the official images none of this runs.
#
#   bash scripts/docker-standins.sh            # what is missing
#   POSTVENTA_STANDINS=always bash ...         # stand-ins even where a pull would work
#
#   ODOO_SOURCE       an Odoo 18.0 source tree (folder; default ~/odoo-18.0)
#   POSTVENTA_CACHE   the base's root file system is kept there as a tarball
#                     (default /var/cache/postventa as root): a fresh machine makes it
#   DEBIAN_MIRROR     debootstrap's mirror (default: the first of apt's sources)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/docker-engine.sh"
say() { engine_say "$@"; }
die() { printf '\033[31m[postventa] %s\033[0m\n' "$*" >&2; exit 1; }

ODOO_SOURCE="${ODOO_SOURCE:-$HOME/odoo-18.0}"
BASE=localhost/debian:bookworm
MODE="${POSTVENTA_STANDINS:-missing}"

engine_find || die "no container engine: $ENGINE_WHY"
mkdir -p "$CACHE"

# debootstrap's mirror: apt's own (deb822 URIs: or one-line deb), else Debian's
debian_mirror() {
    if [ -n "${DEBIAN_MIRROR:-}" ]; then echo "$DEBIAN_MIRROR"; return; fi
    local mirror
    mirror=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources 2>/dev/null \
        | grep -oE '(URIs:[[:space:]]*|^deb[[:space:]]+(\[[^]]*\][[:space:]]+)?)[a-z]+://[^[:space:]]+/debian/?([[:space:]]|$)' \
        | grep -oE '[a-z]+://[^[:space:]]+' | head -1 || true)
    echo "${mirror:-http://deb.debian.org/debian}"
}

# the Debian base: imported from the cached root file system (a month at most), made
# with debootstrap when there is none
base_image() {
    local tarball="$CACHE/debian-bookworm-minbase.tar"
    if [ -f "$tarball" ] && [ -n "$(find "$tarball" -mtime -30)" ]; then
        if engine_has_image "$BASE" \
            && [ "$(engine_label "$BASE" postventa.base)" = "$(stat -c %Y "$tarball")" ]; then
            return 0
        fi
    else
        command -v debootstrap >/dev/null 2>&1 \
            || die "debootstrap is missing (Debian: apt-get install debootstrap; scripts/system-packages.sh docker)"
        [ "$(id -u)" = 0 ] || die "debootstrap needs root"
        local dir mirror
        dir=$(mktemp -d "$CACHE/rootfs.XXXXXX")
        mirror=$(debian_mirror)
        say "Debian bookworm base: debootstrap from $mirror (a minute)"
        debootstrap --variant=minbase bookworm "$dir" "$mirror" >"$CACHE/debootstrap.log" 2>&1 \
            || { tail -20 "$CACHE/debootstrap.log" >&2; rm -rf "$dir"; die "debootstrap failed"; }
        rm -rf "$dir"/var/cache/apt/archives/*.deb "$dir"/var/lib/apt/lists/*
        tar -C "$dir" -cf "$tarball.new" .
        rm -rf "$dir"
        mv "$tarball.new" "$tarball"
    fi
    say "importing the Debian base as $BASE"
    engine import --change "LABEL postventa.base=$(stat -c %Y "$tarball")" \
        --change 'CMD ["bash"]' "$tarball" "$BASE" >"$CACHE/import.log" 2>&1 \
        || { cat "$CACHE/import.log" >&2; die "importing the Debian base failed"; }
}

# the digest of a stand-in's inputs: its folder, the base, and what else it is given
inputs_digest() {
    local dir="$1"; shift
    {
        (cd "$dir" && find . -type f -print0 | sort -z | xargs -0 sha256sum)
        engine image inspect --format '{{.Id}}' "$BASE"
        printf '%s\n' "$@"
    } | sha256sum | cut -c1-16
}

# whether to build the stand-in for an image: not when the image is there and is no
# stand-in or a stand-in of these inputs, nor when it can be pulled
wants_standin() {
    local image="$1" digest="$2" label
    if engine_has_image "$image"; then
        label=$(engine_label "$image" postventa.standin)
        if [ -z "$label" ]; then
            [ "$MODE" = always ] || { say "$image: the image there is used (not a stand-in)"; return 1; }
        elif [ "$label" = "$digest" ]; then
            say "$image: stand-in up to date"
            return 1
        fi
        return 0
    fi
    if [ "$MODE" != always ] && timeout 120 "$ENGINE" pull "docker.io/library/$image" >/dev/null 2>&1; then
        say "$image: pulled"
        return 1
    fi
    return 0
}

# builds a stand-in and tags it as the compose file names it (the short name, and
# docker.io/library/… for podman, whose Docker API looks images up by that name)
build_standin() {
    local image="$1" dockerfile="$2" context="$3" digest="$4" log="$CACHE/build-${1%%:*}.log" started=$SECONDS
    say "$image: building the stand-in ($dockerfile; log $log)"
    local format=()
    # podman's default OCI format drops SHELL (the Dockerfiles' bash -o pipefail)
    if [ "$ENGINE" = podman ]; then format=(--format docker); fi
    if ! engine build "${format[@]}" --pull=false --build-arg "BASE=$BASE" --label "postventa.standin=$digest" \
        -f "$dockerfile" -t "$image" "$context" >"$log" 2>&1; then
        tail -30 "$log" >&2
        die "$image: the stand-in did not build (log: $log)"
    fi
    if [ "$ENGINE" = podman ]; then engine tag "$image" "docker.io/library/$image"; fi
    say "$image: stand-in built in $((SECONDS - started)) s"
}

odoo_image() {
    local image=odoo:18.0 dir="$ROOT/docker/standins/odoo" digest release
    [ -f "$ODOO_SOURCE/odoo/release.py" ] \
        || die "ODOO_SOURCE=$ODOO_SOURCE is not an Odoo 18.0 source tree (its odoo/release.py is missing)"
    grep -q "^version_info = (18, 0," "$ODOO_SOURCE/odoo/release.py" \
        || die "ODOO_SOURCE=$ODOO_SOURCE is not Odoo 18.0"
    release=$(cat "$ODOO_SOURCE/odoo/release.py" "$ODOO_SOURCE/PKG-INFO" 2>/dev/null | sha256sum)
    digest=$(inputs_digest "$dir" "$release" "$(cat /usr/local/share/ca-certificates/*.crt 2>/dev/null | sha256sum)")
    wants_standin "$image" "$digest" || return 0
    # the build context: Odoo hard-linked (copied across file systems), the
    # entry files, the machine's extra CA certificates
    local context="$CACHE/context-odoo"
    rm -rf "$context"
    mkdir -p "$context/ca-certificates"
    cp -a "$dir/entry" "$context/"
    cp -al "$ODOO_SOURCE/odoo" "$context/odoo" 2>/dev/null || cp -a "$ODOO_SOURCE/odoo" "$context/odoo"
    find "$context/odoo" -name __pycache__ -prune -exec rm -rf {} +
    cp "$ODOO_SOURCE/setup/odoo" "$context/odoo-bin"
    cp /usr/local/share/ca-certificates/*.crt "$context/ca-certificates/" 2>/dev/null || true
    build_standin "$image" "$dir/Dockerfile" "$context" "$digest"
    rm -rf "$context"
}

postgres_image() {
    local image=postgres:16 dir="$ROOT/docker/standins/postgres" digest
    digest=$(inputs_digest "$dir")
    wants_standin "$image" "$digest" || return 0
    build_standin "$image" "$dir/Dockerfile" "$dir" "$digest"
}

# the base only when a stand-in is to be built
needs_base() {
    [ "$MODE" = always ] && return 0
    local image
    for image in odoo:18.0 postgres:16; do
        engine_has_image "$image" || return 0
        [ -n "$(engine_label "$image" postventa.standin)" ] && return 0
    done
    return 1
}

if needs_base; then base_image; fi
postgres_image
odoo_image
