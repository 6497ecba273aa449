#!/usr/bin/env bash
# Builds the warmpool images: warmpool/{bot-worker,request-router,pool-manager,analytics}:dev.
#
#   infra/docker/build-images.sh              base image eclipse-temurin:17-jre from a registry
#   infra/docker/build-images.sh --offline    no registry: first builds warmpool/jre:17 (jlink + docker import)
#                                             and warmpool/kafka:4.1.1 (Maven Central jars) if missing
#
# Without --offline, a registry that does not answer switches to offline mode. Needs docker, a JDK 17
# with jmods, Maven (Central reachable). Env: BASE_IMAGE overrides the public base; REBUILD_BASE=1
# rebuilds the local JRE and Kafka images even when present.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
PUBLIC_BASE="${BASE_IMAGE:-eclipse-temurin:17-jre}"
JRE_IMAGE=warmpool/jre:17
KAFKA_IMAGE=warmpool/kafka:4.1.1
SERVICES=(bot-worker request-router pool-manager analytics)
export DOCKER_BUILDKIT=0   # the legacy builder: buildx is not always installed

offline=0
case "${1:-}" in
    --offline) offline=1 ;;
    "") ;;
    *) echo "usage: $0 [--offline]" >&2; exit 2 ;;
esac

step() { printf '==> [%s] %s\n' "$(date +%T)" "$*"; }
image_id() { docker image inspect -f '{{.Id}}' "$1" 2>/dev/null || true; }
# Removes what TAG pointed to before a rebuild, unless it is still TAG or a container uses it.
drop_replaced() { local new; new="$(image_id "$1")"; [ -z "$2" ] || [ "$2" = "$new" ] || docker rmi "$2" >/dev/null 2>&1 || true; }
# docker build -t TAG ..., quiet unless it fails (the legacy builder warns about itself on every run)
build() {
    local tag="$1" old out; shift
    old="$(image_id "$tag")"
    out="$(docker build -q -t "$tag" "$@" 2>&1)" || { echo "$out" >&2; return 1; }
    drop_replaced "$tag" "$old"
}
has_image() { docker image inspect "$1" >/dev/null 2>&1; }
module_of() { if [ -d "$REPO/$1" ]; then echo "$1"; else echo "infra/$1"; fi; }   # analytics lives in infra/
jar_of() { echo "$REPO/$(module_of "$1")/target/warmpool-$1.jar"; }

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
build_context() {   # a throwaway build context: only what the Dockerfile copies
    local ctx
    ctx="$(mktemp -d -p "$WORK")"
    cp "$@" "$ctx/"
    echo "$ctx"
}

docker info >/dev/null 2>&1 || { echo "no Docker engine answers (is dockerd running? DOCKER_HOST?)" >&2; exit 1; }

missing=()
for s in "${SERVICES[@]}"; do [ -f "$(jar_of "$s")" ] || missing+=("$s"); done
if [ ${#missing[@]} -gt 0 ]; then
    step "building service jars (missing: ${missing[*]})"
    (cd "$REPO" && mvn -B -q -Dstyle.color=never package -DskipTests -pl bot-worker,request-router,pool-manager,infra/analytics -am) \
        || step "WARNING: the Maven build failed; building the images whose jars exist"
else
    step "service jars present (delete */target/warmpool-*.jar to rebuild)"
fi

if [ $offline = 0 ]; then
    if has_image "$PUBLIC_BASE"; then
        step "base $PUBLIC_BASE present"
    else
        step "pulling $PUBLIC_BASE"
        timeout 120 docker pull -q "$PUBLIC_BASE" >/dev/null 2>&1 \
            || { step "no registry answers: switching to --offline"; offline=1; }
    fi
fi

if [ $offline = 1 ]; then
    base="$JRE_IMAGE"
    if [ "${REBUILD_BASE:-0}" = 1 ] || ! has_image "$JRE_IMAGE"; then
        step "building $JRE_IMAGE (jlink + busybox, docker import)"
        old="$(image_id "$JRE_IMAGE")"
        "$HERE/jre/build-jre-base.sh" "$JRE_IMAGE"
        drop_replaced "$JRE_IMAGE" "$old"
    else
        step "$JRE_IMAGE present"
    fi
    if [ "${REBUILD_BASE:-0}" = 1 ] || ! has_image "$KAFKA_IMAGE"; then
        step "building $KAFKA_IMAGE (Kafka jars from Maven Central)"
        ctx="$(build_context "$HERE/kafka/Dockerfile" "$HERE/kafka/run" "$HERE/kafka/server.properties")"
        mvn -B -q -Dstyle.color=never -f "$HERE/kafka/pom.xml" dependency:copy-dependencies -DincludeScope=runtime \
            -DoutputDirectory="$ctx/libs"
        build "$KAFKA_IMAGE" --build-arg BASE_IMAGE="$JRE_IMAGE" "$ctx"
    else
        step "$KAFKA_IMAGE present"
    fi
else
    base="$PUBLIC_BASE"
fi

built=() skipped=()
for s in "${SERVICES[@]}"; do
    jar="$(jar_of "$s")"
    if [ ! -f "$jar" ]; then
        step "SKIPPED warmpool/$s:dev: no $jar (does the module build a shaded jar yet?)"
        skipped+=("$s")
        continue
    fi
    step "building warmpool/$s:dev on $base"
    ctx="$(build_context "$HERE/healthcheck.sh")"
    cp "$jar" "$ctx/app.jar"
    [ "$s" != bot-worker ] || cp "$REPO/bot-worker/src/main/cds/bot.classlist" "$ctx/"
    build "warmpool/$s:dev" --build-arg BASE_IMAGE="$base" -f "$HERE/$s.Dockerfile" "$ctx"
    built+=("warmpool/$s:dev")
done

step "images"
images=("${built[@]}")
[ $offline = 0 ] || images+=("$JRE_IMAGE" "$KAFKA_IMAGE")
for i in "${images[@]}"; do
    docker image inspect -f '{{.Size}}' "$i" | awk -v name="$i" '{ printf "    %-32s %6.1f MB\n", name, $1 / 1000000 }'
done
[ ${#skipped[@]} = 0 ] || { echo "not built: ${skipped[*]}" >&2; exit 1; }
