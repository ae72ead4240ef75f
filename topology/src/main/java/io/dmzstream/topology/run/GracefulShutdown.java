package io.dmzstream.topology.run;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a command's resources once, in the given order, whoever asks first: the JVM's shutdown
 * hook (SIGTERM, Ctrl-C) or the command itself when the service stops on its own. A second caller
 * waits until the first has finished, so the JVM never halts halfway through. Never call
 * {@code System.exit} from here: inside a shutdown hook that blocks forever.
 */
final class GracefulShutdown implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(GracefulShutdown.class);

    private final List<AutoCloseable> inOrder;
    private boolean done;

    GracefulShutdown(List<AutoCloseable> inOrder) {
        this.inOrder = List.copyOf(inOrder);
    }

    @Override
    public synchronized void run() {
        if (done) {
            return;
        }
        done = true;
        LOG.info("shutting down ({})", Thread.currentThread().getName());
        for (AutoCloseable resource : inOrder) {
            try {
                resource.close();
            } catch (Exception e) {
                LOG.error("shutdown: closing {} failed", resource.getClass().getSimpleName(), e);
            }
        }
    }

    synchronized boolean done() {
        return done;
    }
}
