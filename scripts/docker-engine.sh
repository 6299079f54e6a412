# shellcheck shell=bash disable=SC2034  # sourced: its variables are the scripts'
# The container engine of scripts/docker-standins.sh and scripts/docker-e2e.sh.
# Sourced, not run. Finds an engine that can run containers and a compose client
# for it:
#   * Docker with its daemon: `docker compose`, else docker-compose;
#   * Podman (Debian's 4.3 here, as root): Debian's docker-compose talking to
#     `podman system service` on a private socket (it honours depends_on's
#     conditions; podman-compose 1.0.3 ignores them), else podman-compose.
# For Podman it writes a containers.conf and points CONTAINERS_CONF at it (nothing
# under /etc changes): limits that fit a sandbox (the default nofile and nproc limits
# cannot be set there) and runc where it is installed (crun fails on cgroups v1 here).
# Podman without systemd never runs health checks; engine_health_loop runs them.
#
#   POSTVENTA_ENGINE   docker or podman (default: podman when installed, else docker)
#   POSTVENTA_CACHE    what is kept between runs (default /var/cache/postventa as root,
#                      else ~/.cache/postventa): the base image's files, the
#                      containers.conf
ENGINE=""
ENGINE_WHY=""   # why no engine can run, when ENGINE stays empty
COMPOSE=()
CACHE="${POSTVENTA_CACHE:-}"
if [ -z "$CACHE" ]; then
    if [ "$(id -u)" = 0 ]; then CACHE=/var/cache/postventa; else CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/postventa"; fi
fi
ENGINE_SERVICE_PID=""
ENGINE_HEALTH_PID=""
ENGINE_SOCKET=""

engine_say() { printf '\033[1m[postventa]\033[0m %s\n' "$*" >&2; }

# podman's containers.conf for this machine, unless the caller has one
engine_podman_conf() {
    [ -n "${CONTAINERS_CONF:-}" ] && return 0
    mkdir -p "$CACHE"
    local conf="$CACHE/containers.conf"
    {
        echo "# written by postventa's scripts/docker-engine.sh (CONTAINERS_CONF points here)"
        echo "[containers]"
        echo 'default_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]'
        if command -v runc >/dev/null 2>&1; then
            echo "[engine]"
            echo 'runtime = "runc"'
        fi
    } >"$conf.new"
    mv "$conf.new" "$conf"
    export CONTAINERS_CONF="$conf"
}

# sets ENGINE (docker or podman) or ENGINE_WHY; returns 1 without an engine
engine_find() {
    local wanted="${POSTVENTA_ENGINE:-}"
    if [ -z "$wanted" ]; then
        if command -v podman >/dev/null 2>&1; then wanted=podman
        elif command -v docker >/dev/null 2>&1; then wanted=docker
        else ENGINE_WHY="neither podman nor docker is installed"; return 1
        fi
    fi
    case "$wanted" in
        podman)
            command -v podman >/dev/null 2>&1 || { ENGINE_WHY="podman is not installed"; return 1; }
            engine_podman_conf
            if ! podman info >/dev/null 2>&1; then
                ENGINE_WHY="podman does not work here: $(podman info 2>&1 | tail -1)"
                return 1
            fi
            ;;
        docker)
            if ! docker info >/dev/null 2>&1; then
                ENGINE_WHY="docker has no daemon here: $(docker info 2>&1 | grep -i error | head -1)"
                return 1
            fi
            ;;
        *) ENGINE_WHY="POSTVENTA_ENGINE=$wanted: docker or podman"; return 1 ;;
    esac
    ENGINE="$wanted"
}

engine() { "$ENGINE" "$@"; }

# whether an image exists locally
engine_has_image() { "$ENGINE" image inspect "$1" >/dev/null 2>&1; }

# the label postventa puts on its stand-ins ("" for an image that is not one)
engine_label() {
    "$ENGINE" image inspect --format "{{ index .Config.Labels \"$2\" }}" "$1" 2>/dev/null \
        | sed 's/^<no value>$//'
}

# sets COMPOSE (the compose command) for ENGINE; for podman with docker-compose it
# starts `podman system service` on a private socket (engine_stop stops it)
engine_compose() {
    if [ "$ENGINE" = docker ]; then
        if docker compose version >/dev/null 2>&1; then COMPOSE=(docker compose)
        elif command -v docker-compose >/dev/null 2>&1; then COMPOSE=(docker-compose)
        else ENGINE_WHY="no compose client (docker compose or docker-compose)"; return 1
        fi
        return 0
    fi
    if command -v docker-compose >/dev/null 2>&1; then
        ENGINE_SOCKET="$(mktemp -d)/podman.sock"
        podman system service --time=0 "unix://$ENGINE_SOCKET" >"${ENGINE_SOCKET%.sock}.log" 2>&1 &
        ENGINE_SERVICE_PID=$!
        local i
        for i in $(seq 1 50); do
            [ -S "$ENGINE_SOCKET" ] && break
            sleep 0.2
        done
        [ -S "$ENGINE_SOCKET" ] || { ENGINE_WHY="podman system service did not start"; return 1; }
        export DOCKER_HOST="unix://$ENGINE_SOCKET"
        # docker-compose gives up on an API call after 60 s, which a busy machine's
        # Podman exceeds ("An HTTP request took too long to complete")
        export COMPOSE_HTTP_TIMEOUT="${COMPOSE_HTTP_TIMEOUT:-900}"
        COMPOSE=(docker-compose)
    elif command -v podman-compose >/dev/null 2>&1; then
        # it starts the services without waiting for depends_on's conditions
        COMPOSE=(podman-compose)
    else
        ENGINE_WHY="no compose client for podman (docker-compose or podman-compose)"
        return 1
    fi
}

# podman without systemd: run the health checks of a compose project's containers
# that are not healthy yet every 2 s, so that depends_on's service_healthy is ever met
engine_health_loop() {
    [ "$ENGINE" = podman ] || return 0
    local project="$1"
    (
        while sleep 2; do
            for container in $(podman ps -q --filter "label=com.docker.compose.project=$project" \
                --filter health=starting 2>/dev/null); do
                podman healthcheck run "$container" >/dev/null 2>&1 || true
            done
        done
    ) &
    ENGINE_HEALTH_PID=$!
}

engine_stop() {
    if [ -n "$ENGINE_HEALTH_PID" ]; then kill "$ENGINE_HEALTH_PID" 2>/dev/null || true; ENGINE_HEALTH_PID=""; fi
    if [ -n "$ENGINE_SERVICE_PID" ]; then
        kill "$ENGINE_SERVICE_PID" 2>/dev/null || true
        wait "$ENGINE_SERVICE_PID" 2>/dev/null || true
        ENGINE_SERVICE_PID=""
        rm -rf "$(dirname "$ENGINE_SOCKET")"
    fi
}
