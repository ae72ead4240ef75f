package io.dmzstream.topology.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dmzstream.topology.StreamsProperties;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class TransactionBudgetTest {
    @Test
    void theWaitIsAQuarterOfTheTransactionTimeoutUnderExactlyOnce() {
        TransactionBudget b = TransactionBudget.of(new DmzStreamConfig(Map.of()));
        assertTrue(b.exactlyOnce());
        assertEquals(10_000, b.transactionTimeoutMs());
        assertEquals(2_500, b.waitMaxMs());
        assertFalse(b.raised());
        assertEquals(1_250, TransactionBudget.of(new DmzStreamConfig(Map.of("streams.producer.transaction.timeout.ms", "5000")))
                .waitMaxMs());
    }

    @Test
    void underAtLeastOnceItIsAQuarterOfTheMaxPollInterval() {
        TransactionBudget b = TransactionBudget.of(new DmzStreamConfig(Map.of(DmzStreamConfig.PROCESSING_GUARANTEE,
                "at_least_once", "streams.consumer.max.poll.interval.ms", "40000")));
        assertEquals(10_000, b.waitMaxMs());
    }

    @Test
    void aWindowThatCannotCompleteInTheDefaultTimeoutRaisesIt() {
        DmzStreamConfig config = new DmzStreamConfig(Map.of(DmzStreamConfig.INFLIGHT_WAIT_MAX_MS, 8000L));
        TransactionBudget b = TransactionBudget.of(config);
        assertTrue(b.raised());
        assertEquals(2 * (8000 + 100 + 5), b.transactionTimeoutMs());
        Properties props = StreamsProperties.of(config, "unused:9092");
        assertEquals("16210", props.get("producer.transaction.timeout.ms"));
    }

    @Test
    void anExplicitTimeoutTooShortForTheWindowFailsStartUpNamingTheKeys() {
        ConfigException e = assertThrows(ConfigException.class, () -> TransactionBudget.of(new DmzStreamConfig(Map.of(
                DmzStreamConfig.INFLIGHT_WAIT_MAX_MS, 8000L, "streams.producer.transaction.timeout.ms", "10000"))));
        assertTrue(e.getMessage().contains("streams.producer.transaction.timeout.ms"), e.getMessage());
        assertTrue(e.getMessage().contains("inflight.wait.max.ms"), e.getMessage());
    }
}
