package io.dmzstream.tools.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Logback configurations for the children, written into the work folder and passed with
 * {@code -Dlogback.configurationFile}: without one the broker logs at DEBUG, which on a small
 * machine costs more CPU than the service it hosts.
 */
final class LogConfig {
    private LogConfig() {
    }

    /** Everything at WARN: the broker. */
    static Path quiet(Path dir) {
        return write(dir.resolve("logback-warn.xml"), "");
    }

    /** The service's own loggers at INFO (start-up, shutdown, dead letters), libraries at WARN. */
    static Path service(Path dir) {
        return write(dir.resolve("logback-service.xml"), "  <logger name=\"io.dmzstream\" level=\"INFO\"/>\n"
                + "  <logger name=\"org.apache.kafka.streams.KafkaStreams\" level=\"INFO\"/>\n");
    }

    private static Path write(Path file, String loggers) {
        String xml = "<configuration>\n"
                + "  <appender name=\"OUT\" class=\"ch.qos.logback.core.ConsoleAppender\">\n"
                + "    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level [%thread] %logger{0} - %msg%n</pattern></encoder>\n"
                + "  </appender>\n"
                + loggers
                + "  <root level=\"WARN\"><appender-ref ref=\"OUT\"/></root>\n"
                + "</configuration>\n";
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, xml);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
