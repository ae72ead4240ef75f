package io.dmzstream.topology.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.streams.errors.StreamsException;
import org.junit.jupiter.api.Test;

class PoisonLedgerTest {
    private final PoisonLedger ledger = new PoisonLedger(3);
    private final RecordPosition at = new RecordPosition("in", 0, 5);

    @Test
    void aRecordIsPoisonAfterFailingTheSameWayMaxFailuresTimes() {
        assertEquals(1, ledger.recordFailure(at, new KafkaException("a")));
        assertEquals(2, ledger.recordFailure(at, new StreamsException(new KafkaException("b"))),
                "the same root cause is the same way of failing");
        assertTrue(ledger.poisoned(at).isEmpty());
        assertEquals(3, ledger.recordFailure(at, new KafkaException("c")));
        PoisonLedger.Failure f = ledger.poisoned(at).orElseThrow();
        assertEquals(KafkaException.class.getName(), f.exception());
        assertEquals("c", f.message());
        assertTrue(ledger.poisoned(new RecordPosition("in", 0, 6)).isEmpty(), "per position");
        ledger.clear(at);
        assertTrue(ledger.poisoned(at).isEmpty());
    }

    @Test
    void aDifferentFailureStartsTheCountAgain() {
        ledger.recordFailure(at, new KafkaException("a"));
        ledger.recordFailure(at, new KafkaException("a"));
        assertEquals(1, ledger.recordFailure(at, new StackOverflowError()));
        assertTrue(ledger.poisoned(at).isEmpty());
    }

    @Test
    void theLedgerIsBounded() {
        for (int i = 0; i < PoisonLedger.MAX_POSITIONS + 100; i++) {
            ledger.recordFailure(new RecordPosition("in", 0, i), new KafkaException("x"));
        }
        assertEquals(PoisonLedger.MAX_POSITIONS, ledger.size());
    }
}
