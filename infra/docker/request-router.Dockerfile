# warmpool request-router: the WebSocket chat endpoint and status pages on 8080.
# Built by infra/docker/build-images.sh, whose build context holds only app.jar (the shaded jar) and
# healthcheck.sh. BASE_IMAGE: any Java 17+ runtime with /bin/sh; warmpool/jre:17 when offline.
ARG BASE_IMAGE=eclipse-temurin:17-jre
FROM ${BASE_IMAGE}
COPY healthcheck.sh /usr/local/bin/warmpool-healthcheck
COPY app.jar /app/app.jar
ENV WARMPOOL_HTTP_PORT=8080 \
    JAVA_OPTS="-XX:MaxRAMPercentage=75"
# Numeric, so no user database is needed on either base; never root.
USER 10001:10001
WORKDIR /tmp
EXPOSE 8080
HEALTHCHECK --interval=5s --timeout=4s --start-period=60s --retries=3 CMD ["/usr/local/bin/warmpool-healthcheck", "8080"]
# A shell so JAVA_OPTS expands; exec so the JVM gets SIGTERM from docker stop.
ENTRYPOINT ["/bin/sh", "-c", "exec java $JAVA_OPTS -jar /app/app.jar"]
