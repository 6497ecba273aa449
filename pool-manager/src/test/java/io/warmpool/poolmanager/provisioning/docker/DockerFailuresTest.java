package io.warmpool.poolmanager.provisioning.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.InternalServerErrorException;
import com.github.dockerjava.api.exception.NotFoundException;
import io.warmpool.poolmanager.provisioning.BotSpec;
import io.warmpool.poolmanager.provisioning.ProvisioningException;
import io.warmpool.runtime.config.Env;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DockerFailuresTest {

    private static final String ENGINE = "unix:///var/run/docker.sock";
    private static final String IMAGE = "warmpool/bot-worker:dev";

    private static String reason(RuntimeException e) {
        return DockerFailures.translate("create bot container x", ENGINE, IMAGE, e).getMessage();
    }

    @Test
    void aMissingImageIsNamedWithHowToBuildIt() {
        assertThat(reason(new NotFoundException("Status 404: {\"message\":\"No such image: " + IMAGE + "\"}")))
                .startsWith("image missing").contains(IMAGE, ENGINE, "infra/docker/build-images.sh");
    }

    @Test
    void aMissingNetworkPointsAtTheSetting() {
        assertThat(reason(new NotFoundException("network warmpool-bots not found")))
                .startsWith("network missing").contains("WARMPOOL_DOCKER_NETWORK");
    }

    @ParameterizedTest
    @ValueSource(strings = {"write /var/lib/docker/tmp: no space left on device",
            "fork/exec /usr/bin/runc: cannot allocate memory",
            "could not find an available, non-overlapping IPv4 address pool"})
    void exhaustionIsOutOfResources(String message) {
        assertThat(reason(new InternalServerErrorException(message))).startsWith("out of resources").contains(message);
    }

    @Test
    void aNameClashIsAConflict() {
        assertThat(reason(new ConflictException("name already in use"))).startsWith("conflict");
    }

    @Test
    void anIoFailureIsAnUnreachableEngine() {
        RuntimeException e = new RuntimeException(new IOException("connect: Connection refused"));

        assertThat(reason(e)).startsWith("engine unreachable").contains(ENGINE, "Connection refused");
    }

    @Test
    void aSocketThisUserMayNotOpenNamesDockerGid() {
        RuntimeException e = new RuntimeException(new IOException("connect: Permission denied"));

        assertThat(reason(e)).startsWith("engine unreachable: permission denied").contains(ENGINE, "DOCKER_GID",
                "stat -c %g", "./warmpool compose up");
    }

    @Test
    void aRealClientWithoutEngineReportsTheSocket() {
        String socket = "unix:///nonexistent/warmpool-test.sock";
        try (DockerProvisioner p = DockerProvisioner.create(DockerSettings.from(Env.of(Map.of("DOCKER_HOST", socket))))) {
            assertThatThrownBy(() -> p.spawn(new BotSpec("b1", "default", "p1", Map.of())))
                    .isInstanceOf(ProvisioningException.class)
                    .hasMessageStartingWith("engine unreachable")
                    .hasMessageContaining(socket);
            assertThatThrownBy(p::list).isInstanceOf(ProvisioningException.class)
                    .hasMessageStartingWith("engine unreachable");
        }
    }
}
