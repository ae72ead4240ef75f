package io.dmzstream.model.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The last line says where a job ended: a run stopped by its time budget at 1240 of 3000 steps once read 3000/3000. */
class ProgressBarTest {

    @Test
    void aStoppedJobEndsOnTheStepItReached() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressBar bar = new ProgressBar("train x", 3000, 0, new PrintStream(bytes, true, StandardCharsets.UTF_8),
                false, Duration.ofHours(1));
        bar.update(1240, "mse 0.08");
        bar.finish(1240, "mse 0.08");
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        String last = lines[lines.length - 1];
        assertTrue(last.contains(" 1240/3000 ") && last.contains("stopped") && last.endsWith("mse 0.08"), last);
    }

    @Test
    void aFinishedJobSaysDone() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressBar bar = new ProgressBar("train x", 10, 0, new PrintStream(bytes, true, StandardCharsets.UTF_8),
                false, Duration.ofHours(1));
        bar.finish("ok");
        String out = bytes.toString(StandardCharsets.UTF_8).trim();
        assertTrue(out.contains(" 10/10 ") && out.contains("done"), out);
    }
}
