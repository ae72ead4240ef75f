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
    /** Gauge: 1 when ready (what /health/ready answers), else 0 [dmz_ready]. */
    public static final String READY = "dmz.ready";
    /** Gauge: 1 while a device's circuit is open or half-open (device faults, work waits), tag device [dmz_engine_circuit_open]. */
    public static final String CIRCUIT_OPEN = "dmz.engine.circuit.open";
    /** Gauge: 1 while a device worker runs and is not stuck in a call, tag device [dmz_engine_worker_up]. */
    public static final String WORKER_UP = "dmz.engine.worker.up";
    /** Counter of device faults, tags device and kind (batch, error, timeout) [dmz_engine_device_faults_total]. */
    public static final String DEVICE_FAULTS = "dmz.engine.device.faults";
    /** Counter of requests run again after a device fault [dmz_engine_retries_total]. */
    public static final String RETRIES = "dmz.engine.retries";
    /** Counter of stream threads replaced after they died (task failures) [dmz_task_failures_total]. */
    public static final String TASK_FAILURES = "dmz.task.failures";
    /** Gauge: input partitions with records waiting and no progress for health.stall.timeout.ms [dmz_partitions_stalled]. */
    public static final String PARTITIONS_STALLED = "dmz.partitions.stalled";
    /** Counter of schema-registry requests that failed, tag kind [dmz_registry_errors_total]. */
    public static final String REGISTRY_ERRORS = "dmz.registry.errors";

    public static final String TAG_LANE = "lane";
    public static final String TAG_KIND = "kind";
    public static final String TAG_MODEL = "model";
    public static final String TAG_REASON = "reason";
    public static final String TAG_STAGE = "stage";
    public static final String TAG_DEVICE = "device";

    private MetricNames() {
    }
}
