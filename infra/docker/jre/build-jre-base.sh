#!/usr/bin/env bash
# Builds warmpool/jre:17 without a registry: a jlink runtime, the shared libraries it links, and a
# static busybox for /bin/sh and the usual applets, imported as a single-layer image.
# Usage: infra/docker/jre/build-jre-base.sh [image-tag]
set -euo pipefail

TAG="${1:-warmpool/jre:17}"
JAVA_HOME="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")}"
# Found with `jdeps --print-module-deps` over the service jars and Kafka's jars; Kafka needs java.desktop
# (java.beans), java.rmi and java.security.sasl; jdk.crypto.ec for TLS, jdk.management for OS metrics.
MODULES=java.base,java.compiler,java.desktop,java.logging,java.management,java.naming,java.net.http,\
java.rmi,java.scripting,java.security.jgss,java.security.sasl,java.sql,java.xml,jdk.crypto.ec,\
jdk.management,jdk.naming.dns,jdk.unsupported,jdk.zipfs
APP_UID=10001   # the non-root user the service Dockerfiles run as

[ -d "$JAVA_HOME/jmods" ] || { echo "no $JAVA_HOME/jmods: install a full JDK (Debian: openjdk-17-jdk-headless)" >&2; exit 1; }
if ! command -v busybox >/dev/null || ! busybox --list >/dev/null 2>&1 || ldd "$(command -v busybox)" >/dev/null 2>&1; then
    echo "    installing busybox-static"
    apt-get install -y -q busybox-static >/dev/null
fi
BUSYBOX="$(command -v busybox)"

ROOT="$(mktemp -d)"
trap 'rm -rf "$ROOT"' EXIT

jlink --module-path "$JAVA_HOME/jmods" --add-modules "$MODULES" --output "$ROOT/opt/java" \
      --strip-debug --no-header-files --no-man-pages --compress=2 2>/dev/null
# Kafka needs java.desktop only for java.beans: drop the GUI natives that would drag in X11 and fonts.
rm -f "$ROOT"/opt/java/lib/{libawt_xawt,libsplashscreen,libjsound,libfontmanager,liblcms,libjavajpeg}.so
# Debian's JDK keeps the CA store outside the JDK; without it the OpenAI engine cannot speak TLS.
if [ -f /etc/ssl/certs/java/cacerts ]; then
    rm -f "$ROOT/opt/java/lib/security/cacerts"
    cp /etc/ssl/certs/java/cacerts "$ROOT/opt/java/lib/security/cacerts"
fi

# Every shared library the runtime links (including glibc's loader), at the same path as on the host.
find "$ROOT/opt/java" -type f \( -name '*.so' -o -path '*/bin/*' \) -print0 \
    | xargs -0 ldd 2>/dev/null | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// && $2 ~ /^\(/ { print $1 }' \
    | grep -v "^$ROOT" | sort -u \
    | while read -r lib; do
        mkdir -p "$ROOT$(dirname "$lib")"
        cp -L "$lib" "$ROOT$lib"
      done

mkdir -p "$ROOT/bin" "$ROOT/etc" "$ROOT/tmp" "$ROOT/home/app"
chmod 1777 "$ROOT/tmp"
cp "$BUSYBOX" "$ROOT/bin/busybox"
for applet in $("$BUSYBOX" --list); do
    [ -e "$ROOT/bin/$applet" ] || ln -s busybox "$ROOT/bin/$applet"
done
# Busybox has no bash applet; scripts that insist on #!/bin/bash (Testcontainers' Kafka starter) get ash.
printf '#!/bin/sh\nexec /bin/sh "$@"\n' > "$ROOT/bin/bash"
chmod 755 "$ROOT/bin/bash"
ln -s /opt/java/bin/java "$ROOT/bin/java"
# lib64 is a symlink on Debian hosts; the loader path must resolve in the image too.
[ -d "$ROOT/lib64" ] || mkdir -p "$ROOT/lib64"

cat > "$ROOT/etc/passwd" <<PASSWD
root:x:0:0:root:/root:/bin/sh
app:x:$APP_UID:$APP_UID:app:/home/app:/bin/sh
nobody:x:65534:65534:nobody:/nonexistent:/bin/false
PASSWD
cat > "$ROOT/etc/group" <<GROUP
root:x:0:
app:x:$APP_UID:
nogroup:x:65534:
GROUP
echo 'hosts: files dns' > "$ROOT/etc/nsswitch.conf"
chown "$APP_UID:$APP_UID" "$ROOT/home/app"

tar -C "$ROOT" -c . | docker import \
    --change 'ENV JAVA_HOME=/opt/java' \
    --change 'ENV PATH=/opt/java/bin:/bin' \
    --change 'ENV LANG=C.UTF-8' \
    --change 'CMD ["/bin/sh"]' \
    - "$TAG" >/dev/null
