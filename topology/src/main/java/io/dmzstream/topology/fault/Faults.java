package io.dmzstream.topology.fault;

import io.dmzstream.schemas.registry.RegistryUnavailableException;
import io.dmzstream.topology.engine.DeviceUnavailableException;
import io.dmzstream.topology.engine.EngineClosedException;
import java.util.concurrent.CancellationException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.errors.MissingSourceTopicException;

/**
 * How a failure is treated. Three kinds:
 * <ul>
 *   <li><b>transient</b>: a dependency, not the record (the schema registry unavailable, a
 *       timeout, an interrupted or closing engine, an unavailable device, a retriable Kafka error). Never a dead letter, never counted against the record:
 *       the stream thread is replaced after a back-off and the record is tried again;</li>
 *   <li><b>infrastructure</b>: any other Kafka client or Streams exception. Also retried, but
 *       counted per record position, so a record that fails the same way again and again becomes
 *       poison instead of stalling its partition;</li>
 *   <li><b>record</b>: everything else thrown while processing one record (a bug or input the code
 *       did not foresee): one dead letter at once.</li>
 * </ul>
 * {@link #isFatal} names the few failures no retry can fix (credentials, missing topics, bad
 * configuration): the instance stops instead of retrying forever.
 */
public final class Faults {
    private Faults() {
    }

    public static boolean isTransient(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof EngineClosedException || t instanceof DeviceUnavailableException
                    || t instanceof InterruptedException
                    || t instanceof InterruptException || t instanceof CancellationException
                    || t instanceof RetriableException || isTransientDependency(t)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A dependency that cannot be used right now but may be soon: the schema registry unreachable,
     * answering 5xx, timing out or refusing the credentials ({@link RegistryUnavailableException}).
     * The record is fine and is retried instead of dead-lettered; the instance pauses until the
     * registry answers ({@link RegistryOutage}).
     */
    static boolean isTransientDependency(Throwable t) {
        return t instanceof RegistryUnavailableException;
    }

    /** A Kafka client or Streams exception that is not transient: retried, and counted against the record. */
    public static boolean isInfrastructure(Throwable error) {
        return error instanceof KafkaException && !isTransient(error);
    }

    /** Failures that retrying cannot fix: the instance should stop and say why. */
    public static boolean isFatal(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof AuthenticationException || t instanceof AuthorizationException
                    || t instanceof MissingSourceTopicException || t instanceof ConfigException) {
                return true;
            }
        }
        return false;
    }

    /** What "the same way" means for repeated failures: the innermost cause's class. */
    public static String signature(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getName();
    }

    /** The innermost cause: what a dead letter names as the exception. */
    public static Throwable rootCause(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }
}
