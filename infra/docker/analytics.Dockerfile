# warmpool analytics: the Kafka Streams app that publishes pool.stats. No HTTP port; its state
# (in-memory stores, restored from changelog topics) needs only a writable folder.
# Built by infra/docker/build-images.sh, whose build context holds only app.jar (the shaded jar) and
# healthcheck.sh. BASE_IMAGE: any Java 17+ runtime with /bin/sh; warmpool/jre:17 when offline.
ARG BASE_IMAGE=eclipse-temurin:17-jre
FROM ${BASE_IMAGE}
COPY app.jar /app/app.jar
ENV WARMPOOL_ANALYTICS_STATE_DIR=/tmp/warmpool-analytics \
    JAVA_OPTS="-XX:MaxRAMPercentage=75"
# Numeric, so no user database is needed on either base; never root.
USER 10001:10001
WORKDIR /tmp
# A shell so JAVA_OPTS expands; exec so the JVM gets SIGTERM from docker stop; arguments pass
# through (docker run warmpool/analytics:dev --from-beginning).
ENTRYPOINT ["/bin/sh", "-c", "exec java $JAVA_OPTS -jar /app/app.jar \"$@\"", "warmpool-analytics"]
