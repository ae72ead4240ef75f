package io.dmzstream.model.evaluation;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;

/** The targets for one dataset, judged on what the evaluation measured. */
final class Targets {
    /** The K targets are stated at, and the baseline K they are compared with. */
    static final int K = 10;
    static final int BASELINE_K = 100;
    static final int RECON_K = 5;

    private Targets() {
    }

    static List<Target> of(DatasetEvaluation e) {
        List<Target> out = new ArrayList<>();
        out.add(lowerFid("DMZ from test-image codes at K = " + K + " vs baseline at K = " + BASELINE_K, e, "dmz_codes"));
        out.add(lowerFid("prior samples at K = " + K + " vs baseline at K = " + BASELINE_K, e, "dmz_prior"));
        out.add(lowerFid("DMZ from uniform random codes at K = " + K + " vs baseline at K = " + BASELINE_K, e, "dmz_uniform"));
        double probeTarget = e.dataset().equals("mnist") ? 0.97 : 0.87;
        out.add(new Target("linear probe >= " + Format.pct(probeTarget), Format.pct(e.probeAccuracy()),
                e.probeAccuracy() >= probeTarget, ""));
        out.add(atLeast("reconstruction label consistency at K = " + RECON_K + ", semantic mode", 0.95,
                e.semantic().consistency().get(RECON_K), "K = " + RECON_K + " not in this run"));
        out.add(atLeast("reconstruction label consistency at K = " + RECON_K + ", exact mode", 0.99,
                e.exact().consistency().get(RECON_K), "K = " + RECON_K + " not in this run"));
        Spread conditional = e.conditionalAccuracy().get(K);
        out.add(atLeast("class-conditional prior samples at K = " + K + " classified as their class", 0.90,
                conditional == null ? null : conditional.mean(),
                e.prior() == null ? "no prior for this model" : e.conditionalAccuracy().isEmpty()
                        ? "the prior is unconditional" : "K = " + K + " not in this run"));
        return out;
    }

    /** Whether the variant's FID at K is below the baseline's at BASELINE_K, with what the seed spread says about it. */
    private static Target lowerFid(String name, DatasetEvaluation e, String variant) {
        Spread dmz = at(e.fid().get(variant), K);
        Spread base = at(e.fid().get("baseline"), BASELINE_K);
        if (dmz == null || base == null) {
            String why = e.baseline() == null ? "no baseline model in the zoo"
                    : "dmz_prior".equals(variant) && e.prior() == null ? "no prior for this model"
                    : "K = " + K + " or " + BASELINE_K + " not in this run";
            return new Target(name, "-", null, why);
        }
        boolean met = dmz.mean() < base.mean();
        String note;
        if (dmz.count() == 1 && base.count() == 1) {
            note = "one seed: no spread to judge it by";
        } else if (met ? dmz.entirelyBelow(base) : base.entirelyBelow(dmz)) {
            note = "holds on every seed";
        } else {
            note = "within the seed spread: the ranges overlap";
        }
        return new Target(name, Format.fid(dmz) + " vs " + Format.fid(base), met, note);
    }

    private static Target atLeast(String name, double threshold, Double value, String whyMissing) {
        String full = name + " >= " + Format.pct(threshold);
        if (value == null) {
            return new Target(full, "-", null, whyMissing);
        }
        return new Target(full, Format.pct(value), value >= threshold, "");
    }

    private static Spread at(SortedMap<Integer, Spread> byK, int k) {
        return byK == null ? null : byK.get(k);
    }
}
