package io.dmzstream.topology.command;

import io.dmzstream.model.pipeline.GeneratePipeline;
import io.dmzstream.model.pipeline.LatentPath;
import io.dmzstream.model.serving.CodePrior;
import io.dmzstream.model.serving.ModelInfo;
import io.dmzstream.schemas.LatentCommand;
import io.dmzstream.schemas.LatentCommandKind;
import io.dmzstream.schemas.ModelRef;
import io.dmzstream.topology.engine.InferenceEngine;
import io.dmzstream.topology.engine.Seeds;
import io.dmzstream.topology.validation.Rejection;
import java.util.Arrays;

/**
 * Checks a command against what the instance serves and turns it into a {@link SamplePlan}.
 * Everything in a plan follows from the command alone (its seed, or its id when it has none), so
 * planning the same command again (a replay, a restore after a crash) gives the same codes and
 * seeds, and the decodes are byte-identical.
 *
 * <p>GENERATE: image i's decoder seed is {@link Seeds#indexed}(seed, i) and its code is the prior's
 * draw with {@link GeneratePipeline#priorSeed} of it, as {@link GeneratePipeline} draws it, in one
 * batched prior call per plan. INTERPOLATE: the points of {@link LatentPath#between} with the
 * command's seed, all decoded with that same seed, so only the code changes along the path.
 */
public final class CommandPlanner {
    private final InferenceEngine engine;
    private final CommandLimits limits;

    public CommandPlanner(InferenceEngine engine, CommandLimits limits) {
        this.engine = engine;
        this.limits = limits;
    }

    public CommandLimits limits() {
        return limits;
    }

    /**
     * @param first the first image to plan (0, or how many a restored command already produced)
     * @throws Rejection with a stable reason when the command cannot be served
     */
    public SamplePlan plan(LatentCommand command, int first) {
        limits.bounds().check(command);
        String domain = command.getDomain();
        if (!engine.catalog().domains().contains(domain)) {
            throw new Rejection(Rejection.UNKNOWN_DOMAIN, "no model serves domain '" + domain + "'; served: "
                    + engine.catalog().domains());
        }
        ModelInfo model = engine.info(domain);
        int steps = command.getSteps() == null ? limits.stepsDefault() : command.getSteps();
        if (steps < 1 || steps > limits.stepsMax()) {
            throw new Rejection(Rejection.STEPS_OUT_OF_RANGE, "steps " + steps + " outside [1, " + limits.stepsMax() + "]");
        }
        long seed = command.getSeed() != null ? command.getSeed() : Seeds.fromString(command.getId());
        return command.getKind() == LatentCommandKind.GENERATE
                ? generate(command, model, steps, seed, first)
                : interpolate(command, model, steps, seed, first);
    }

    private SamplePlan generate(LatentCommand c, ModelInfo model, int steps, long seed, int first) {
        int count = c.getCount();
        requireCount(count, 1, "count");
        CodePrior prior = engine.prior(c.getDomain()).orElseThrow(() -> new Rejection(Rejection.NO_PRIOR,
                "model " + model.id() + " of domain '" + c.getDomain() + "' has no code prior (train-prior writes one)"));
        Integer label = c.getLabel();
        if (label != null && (!prior.conditional() || label < 0 || label >= prior.classes().size())) {
            throw new Rejection(Rejection.LABEL_OUT_OF_RANGE, prior.conditional()
                    ? "label " + label + " outside [0, " + prior.classes().size() + ") of prior " + prior.name()
                    : "prior " + prior.name() + " is unconditional: no label can be asked for");
        }
        int n = count - Math.min(first, count);
        long[] seeds = new long[n];
        long[] priorSeeds = new long[n];
        int[] classes = new int[n];
        for (int k = 0; k < n; k++) {
            seeds[k] = Seeds.indexed(seed, first + k);
            priorSeeds[k] = GeneratePipeline.priorSeed(seeds[k]);
            classes[k] = label == null ? CodePrior.ANY_CLASS : label;
        }
        float[][] codes = n == 0 ? new float[0][] : prior.sample(classes, priorSeeds);
        return new SamplePlan(c.getId(), c.getKind(), c.getDomain(), model, prior.name(), label, steps, count,
                count - n, codes, seeds);
    }

    private SamplePlan interpolate(LatentCommand c, ModelInfo model, int steps, long seed, int first) {
        int points = c.getPoints();
        requireCount(points, 2, "points");
        if (c.getFrom() == null || c.getTo() == null) {
            throw new Rejection(Rejection.MISSING_CODE, "an interpolation needs both 'from' and 'to' codes");
        }
        ModelRef codesModel = c.getCodesModel();
        if (codesModel != null && !(codesModel.getName().equals(model.name())
                && codesModel.getVersion().equals(model.version()))) {
            throw new Rejection(Rejection.CODES_MODEL_MISMATCH, "the codes come from " + codesModel.getName() + ":"
                    + codesModel.getVersion() + "; domain '" + c.getDomain() + "' is served by " + model.id());
        }
        float[] from = code("from", c.getFrom(), model);
        float[] to = code("to", c.getTo(), model);
        float[][] path = LatentPath.between(from, to, points, seed);
        int start = Math.min(first, points);
        long[] seeds = new long[points - start];
        Arrays.fill(seeds, seed);
        return new SamplePlan(c.getId(), c.getKind(), c.getDomain(), model, null, null, steps, points, start,
                Arrays.copyOfRange(path, start, points), seeds);
    }

    private void requireCount(int n, int least, String field) {
        if (n < least || n > limits.maxCount()) {
            throw new Rejection(Rejection.COUNT_OUT_OF_RANGE,
                    field + " " + n + " outside [" + least + ", " + limits.maxCount() + "] (commands.max.count)");
        }
    }

    private static float[] code(String name, io.dmzstream.schemas.LatentCode code, ModelInfo model) {
        if (code.getD() != model.bits()) {
            throw new Rejection(Rejection.WRONG_CODE_LENGTH,
                    "'" + name + "' has d = " + code.getD() + "; " + model.id() + " codes have " + model.bits() + " bits");
        }
        try {
            return LatentCodes.unpack(code);
        } catch (IllegalArgumentException e) {
            throw new Rejection(Rejection.WRONG_CODE_LENGTH, "'" + name + "': " + e.getMessage());
        }
    }
}
