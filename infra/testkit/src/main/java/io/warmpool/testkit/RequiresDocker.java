package io.warmpool.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Skips the annotated class or method when no Docker engine answers, or fails it when the environment
 * sets {@code WARMPOOL_REQUIRE_DOCKER=1}. See {@link DockerEngine}.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(RequiresDockerCondition.class)
public @interface RequiresDocker {
}
