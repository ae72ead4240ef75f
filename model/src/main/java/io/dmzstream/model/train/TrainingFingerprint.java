package io.dmzstream.model.train;

/** A short string that changes whenever a setting that shapes the training graph or data stream changes. */
final class TrainingFingerprint {
    private TrainingFingerprint() {
    }

    static String of(TrainConfig c) {
        // steps and the time budget are left out on purpose: extending a run resumes it
        String data = c.images() == null ? c.dataset() : c.dataset() + "@" + c.images().toAbsolutePath().normalize();
        // the confidence term joins only when on, so checkpoints written before it existed still resume
        String confidence = c.confidenceWeight() == 0 ? "" : "|confidence " + c.confidenceWeight();
        String label = c.labelWeight() == 0 ? "" : "|label " + c.labelWeight();
        return String.join("|", c.name(), data, c.network().toString(), String.valueOf(c.batchSize()),
                String.valueOf(c.learningRate()), String.valueOf(c.weightDecay()), String.valueOf(c.emaDecay()),
                String.valueOf(c.inputPerturbation()), String.valueOf(c.balanceWeight()),
                String.valueOf(c.timesteps()), String.valueOf(c.seed())) + confidence + label;
    }
}
