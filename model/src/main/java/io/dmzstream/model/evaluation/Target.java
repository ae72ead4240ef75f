package io.dmzstream.model.evaluation;

/**
 * One target of the issue, judged on measured figures.
 *
 * @param name     what is asked, e.g. {@code prior samples at K = 10 vs baseline at K = 100}
 * @param measured the figures it is judged on, as written in the report
 * @param met      whether it is met; null when it could not be measured (the reason is in {@code note})
 * @param note     what qualifies the verdict (the seed spread, a missing model), or empty
 */
public record Target(String name, String measured, Boolean met, String note) {
    String markdown() {
        String verdict = met == null ? "not measured" : (met ? "met" : "missed");
        return "- " + name + ": " + measured + " (" + verdict + ")" + (note.isEmpty() ? "" : "; " + note) + "\n";
    }
}
