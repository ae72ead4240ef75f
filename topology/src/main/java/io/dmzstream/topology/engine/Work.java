package io.dmzstream.topology.engine;

import java.util.List;

/**
 * One piece of device work a worker takes from the {@link Scheduler}: a lane's call and the jobs
 * it serves (what fails, to be run again, if the call throws an Error or hangs).
 */
record Work(Lane lane, List<Job> jobs, Runnable action) {
}
