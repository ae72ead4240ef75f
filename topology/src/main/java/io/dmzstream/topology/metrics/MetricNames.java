package io.dmzstream.topology.metrics;

/**
 * The service's metric names, as Micrometer names them; the Prometheus names (in brackets) are
 * what ops/grafana/dashboards/dmz-stream.json, ops/prometheus/alerts.yml and the metric list in
 * ops/validate-compose.sh query. Renaming one breaks those: change them together.
 */
public final class MetricNames {
    /** Counter of outputs forwarded, tag kind [dmz_outputs_total]. */
    public static final String OUTPUTS = "dmz.outputs";
    /** Summary with histogram of rows per device call, tag lane [dmz_engine_batch_size]. */
    public static final String BATCH_SIZE = "dmz.engine.batch.size";
    /** Timer: queue wait before the device, tag lane [dmz_engine_queue_wait_seconds]. */
    public static final String QUEUE_WAIT = "dmz.engine.queue.wait";
    /** Timer: one device call, tag lane [dmz_engine_step_seconds]. */
    public static final String STEP = "dmz.engine.step";
    /** Timer: input record timestamp to output forwarded, tag kind [dmz_end_to_end_latency_seconds]. */
    public static final String END_TO_END = "dmz.end.to.end.latency";
    /** Gauge: requests waiting in a lane's queue, tag lane [dmz_lane_queue_depth]. */
    public static final String QUEUE_DEPTH = "dmz.lane.queue.depth";
    /** Gauge: requests submitted to the engine and not completed [dmz_requests_in_flight]. */
    public static final String IN_FLIGHT = "dmz.requests.in.flight";
    /** Counter of dead letters, tags reason and stage [dmz_dead_letters_total]. */
    public static final String DEAD_LETTERS = "dmz.dead.letters";
    /** Prometheus info metric, labels name, version, domain [dmz_model_info]. */
    public static final String MODEL_INFO = "dmz_model";
    /** Gauge: mean |live bit mean - training bit mean|, tag model [dmz_code_bit_drift]. */
    public static final String CODE_BIT_DRIFT = "dmz.code.bit.drift";
    /** Summary with histogram of the top label's probability, tag model [dmz_label_confidence]. */
    public static final String LABEL_CONFIDENCE = "dmz.label.confidence";
    /** Gauge: 1 when ready (streams RUNNING, models loaded), else 0 [dmz_ready]. */
    public static final String READY = "dmz.ready";

    public static final String TAG_LANE = "lane";
    public static final String TAG_KIND = "kind";
    public static final String TAG_MODEL = "model";
    public static final String TAG_REASON = "reason";
    public static final String TAG_STAGE = "stage";

    private MetricNames() {
    }
}
