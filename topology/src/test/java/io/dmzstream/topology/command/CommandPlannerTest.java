package io.dmzstream.topology.command;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.dmzstream.schemas.LatentCommand;
import io.dmzstream.topology.buffer.BufferedRequest;
import io.dmzstream.topology.engine.EngineSettings;
import io.dmzstream.topology.engine.InferenceEngine;
import io.dmzstream.topology.testing.Commands;
import io.dmzstream.topology.testing.StandInModel;
import io.dmzstream.topology.testing.TestModels;
import io.dmzstream.topology.validation.EventBounds;
import io.dmzstream.topology.validation.Rejection;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Plans follow from the command alone, a restored plan is the tail of the full one, and the buffer entry round-trips. */
class CommandPlannerTest {
    private static InferenceEngine engine;
    private static CommandPlanner planner;

    @BeforeAll
    static void start() {
        engine = InferenceEngine.start(EngineSettings.builder().build(), TestModels.source());
        planner = new CommandPlanner(engine, new CommandLimits(16, 10, 50, EventBounds.DEFAULT));
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    @Test
    void aRestoredPlanIsTheTailOfTheFullPlan() {
        LatentCommand generate = Commands.generate("g", "mnist", 7).setSeed(3L).build();
        SamplePlan full = planner.plan(generate, 0);
        SamplePlan tail = planner.plan(generate, 4);
        assertEquals(4, tail.first());
        assertEquals(7, tail.total());
        for (int i = 4; i < 7; i++) {
            assertArrayEquals(full.code(i), tail.code(i), "code " + i);
            assertEquals(full.seed(i), tail.seed(i), "seed " + i);
        }
        float[] from = new float[StandInModel.BITS];
        float[] to = new float[StandInModel.BITS];
        Arrays.fill(to, 1f);
        LatentCommand path = Commands.interpolate("p", "mnist", from, to, 5).setSeed(9L).build();
        SamplePlan fullPath = planner.plan(path, 0);
        SamplePlan tailPath = planner.plan(path, 2);
        for (int i = 2; i < 5; i++) {
            assertArrayEquals(fullPath.code(i), tailPath.code(i));
        }
        assertEquals(0, planner.plan(generate, 7).codes().length, "a finished command plans nothing");
    }

    @Test
    void theSeedOrTheIdDecidesEverything() {
        SamplePlan a = planner.plan(Commands.generate("a", "mnist", 4).setSeed(1L).build(), 0);
        SamplePlan b = planner.plan(Commands.generate("b", "mnist", 4).setSeed(1L).build(), 0);
        SamplePlan c = planner.plan(Commands.generate("c", "mnist", 4).setSeed(2L).build(), 0);
        assertArrayEquals(a.seeds(), b.seeds());
        assertArrayEquals(a.code(3), b.code(3));
        assertNotEquals(Arrays.toString(a.seeds()), Arrays.toString(c.seeds()));
        SamplePlan byId = planner.plan(Commands.generate("same-id", "mnist", 4).build(), 0);
        assertArrayEquals(byId.seeds(), planner.plan(Commands.generate("same-id", "mnist", 4).build(), 0).seeds());
        assertNotEquals(Arrays.toString(byId.seeds()),
                Arrays.toString(planner.plan(Commands.generate("other-id", "mnist", 4).build(), 0).seeds()));
    }

    @Test
    void rejectionsNameTheirReason() {
        assertEquals(Rejection.COUNT_OUT_OF_RANGE, reason(Commands.generate("x", "mnist", 17).build()));
        assertEquals(Rejection.NO_PRIOR, reason(Commands.generate("x", "edges", 1).build()));
        assertEquals(Rejection.LABEL_OUT_OF_RANGE, reason(Commands.generate("x", "mnist", 1).setLabel(10).build()));
        float[] code = new float[StandInModel.BITS];
        var bad = Commands.code(code);
        bad.setBits(java.nio.ByteBuffer.wrap(new byte[1])); // 16 bits stated, 8 carried
        assertEquals(Rejection.WRONG_CODE_LENGTH,
                reason(Commands.interpolate("x", "mnist", code, code, 3).setFrom(bad).build()));
    }

    @Test
    void aBufferedCommandKeepsItsRequestAndCount() {
        BufferedRequest r = new BufferedRequest("t", 2, 41L, 1234L, "k".getBytes(StandardCharsets.UTF_8), new byte[] {1, 2, 3});
        BufferedCommand back = BufferedCommand.decode(new BufferedCommand(r, 5).encode());
        assertEquals(5, back.produced());
        assertEquals(41L, back.request().offset());
        assertArrayEquals(new byte[] {1, 2, 3}, back.request().value());
        assertThrows(RuntimeException.class, () -> BufferedCommand.decode(new byte[] {9, 0}));
    }

    private static String reason(LatentCommand command) {
        return assertThrows(Rejection.class, () -> planner.plan(command, 0)).reason();
    }
}
