package io.dmzstream.tools.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TallyTest {
    private static final Map<String, String> KINDS = Map.of("lat", "latents", "lab", "labels");

    private static Input valid(String key, int offset) {
        return new Input(key, Set.of("lat", "lab"), 0, 0, offset, "");
    }

    @Test
    void countsMissingDuplicatedUnexpectedAndDeadLetters() {
        List<Input> inputs = List.of(valid("a", 0), valid("b", 1), new Input("p", Set.of(), 0, 0, 2, "poison"));
        CommittedCount count = new CommittedCount(
                Map.of("lat", Map.of("a", 1, "b", 3, "stray", 1), "lab", Map.of("a", 1)),
                List.of(new DeadLetter("p", "validation", "corrupt_png", 0, 2, 0),
                        new DeadLetter("p", "validation", "corrupt_png", 0, 2, 0)));
        Tally t = Tally.of(inputs, count, KINDS);
        assertEquals(1, t.missing(), "b has no label");
        assertEquals(2, t.duplicated(), "b has three latents");
        assertEquals(1, t.unexpected(), "the stray latent");
        assertEquals(0, t.poisonUnanswered());
        assertEquals(1, t.poisonRepeated());
        assertEquals(0, t.validDeadLettered());
        assertEquals(Map.of("validation/corrupt_png", 2), t.deadLettersByReason());
        assertEquals(4, t.requested().get("latents") + t.requested().get("labels"));
    }

    @Test
    void aDeadLetterIsMatchedByItsCoordinatesBeforeItsKey() {
        Input input = valid("a", 7);
        assertEquals(true, new DeadLetter("other-key", "s", "r", 0, 7, 0).of(input));
        assertEquals(false, new DeadLetter("a", "s", "r", 0, 8, 0).of(input));
        assertEquals(true, new DeadLetter("a", "s", "r", -1, -1, 0).of(input));
    }
}
