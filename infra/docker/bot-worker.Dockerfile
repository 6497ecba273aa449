# warmpool bot-worker: one chatbot worker; the docker provisioner starts one container per bot.
# Built by infra/docker/build-images.sh, whose build context holds only app.jar (the shaded jar),
# bot.classlist and healthcheck.sh. BASE_IMAGE: any Java 17+ runtime with /bin/sh; warmpool/jre:17 when offline.
ARG BASE_IMAGE=eclipse-temurin:17-jre
FROM ${BASE_IMAGE}
COPY healthcheck.sh /usr/local/bin/warmpool-healthcheck
COPY app.jar /app/app.jar
COPY bot.classlist /app/bot.classlist
# A class-data-sharing archive of the classes a bot loads up to its first heartbeat, dumped by this
# image's own JVM against the jar's path in the image: every bot container maps it instead of
# parsing and verifying them again (a shorter start, and less CPU taken from the services while a
# pool refills). A JVM that cannot use it starts without it (-Xshare:auto).
RUN java -Xshare:dump -Xlog:cds=off -Xlog:cds+map=off -XX:SharedClassListFile=/app/bot.classlist \
        -XX:SharedArchiveFile=/app/bot.jsa -cp /app/app.jar >/dev/null \
    || echo "warning: this JVM made no CDS archive; bots start without one"
# The bot listens on a fixed port in a container (the HEALTHCHECK must know it) and advertises
# its own address on the container network.
ENV WARMPOOL_BOT_PORT=8090 \
    WARMPOOL_BOT_HOST=auto \
    JAVA_OPTS="-XX:SharedArchiveFile=/app/bot.jsa -Xshare:auto -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -Xss256k -XX:ReservedCodeCacheSize=16m -XX:-UsePerfData -XX:MaxRAMPercentage=50"
# Numeric, so no user database is needed on either base; never root.
USER 10001:10001
WORKDIR /tmp
EXPOSE 8090
HEALTHCHECK --interval=5s --timeout=4s --start-period=60s --retries=3 CMD ["/usr/local/bin/warmpool-healthcheck", "8090"]
# A shell so JAVA_OPTS expands; exec so the JVM gets SIGTERM from docker stop.
ENTRYPOINT ["/bin/sh", "-c", "exec java $JAVA_OPTS -jar /app/app.jar"]
