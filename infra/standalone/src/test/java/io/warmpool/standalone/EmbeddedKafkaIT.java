package io.warmpool.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaIT {

    @Test
    void topicsSurviveARestartOnTheSameDataFolder(@TempDir Path dir) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path data = dir.resolve("kafka");
        try (EmbeddedKafka kafka = EmbeddedKafka.start(data, port, 4);
             Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrap()))) {
            admin.createTopics(List.of(new NewTopic("kept", 4, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        assertThat(Files.exists(data.resolve("meta.properties"))).isTrue();

        try (EmbeddedKafka kafka = EmbeddedKafka.start(data, port, 4);
             Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrap()))) {
            Set<String> names = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            assertThat(names).contains("kept");
            assertThat(kafka.bootstrap()).isEqualTo("127.0.0.1:" + port);
        }
    }
}
