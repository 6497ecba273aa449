#!/bin/sh
# HEALTHCHECK probe for every warmpool image: succeeds when GET /health/ready on the given port answers 200.
# Works on both bases without a JVM start per probe: busybox wget on the offline warmpool/jre base,
# wget or curl where the distribution ships one, else bash's /dev/tcp (present on the Debian/Ubuntu-based
# public JRE images even when they carry neither tool).
# Usage: healthcheck.sh PORT
port="${1:?usage: healthcheck.sh PORT}"
url="http://127.0.0.1:$port/health/ready"
if command -v wget >/dev/null 2>&1; then
    exec wget -q -O /dev/null "$url"   # no -T: Debian's static busybox wget crashes on it; HEALTHCHECK times out
elif command -v curl >/dev/null 2>&1; then
    exec curl -fsS -o /dev/null -m 3 "$url"
fi
exec bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$0" && printf "GET /health/ready HTTP/1.0\r\nHost: localhost\r\n\r\n" >&3 \
    && head -n 1 <&3 | grep -q " 200 "' "$port"
