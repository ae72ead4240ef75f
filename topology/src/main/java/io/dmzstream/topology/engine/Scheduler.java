package io.dmzstream.topology.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The lanes' shared queues and the policy that hands device workers their next piece of work.
 *
 * <p>Requests of every task and stream thread meet here, so batches form across partitions. A
 * worker takes the lanes round-robin (encode, transfer, decode) so that a busy decode lane cannot
 * starve encoding, and sleeps until the next queue deadline when nothing is ready. A worker whose
 * device circuit is open takes nothing until the circuit lets work through: the requests wait in
 * the queues (another device may serve them meanwhile).
 */
final class Scheduler {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition workArrived = lock.newCondition();
    private final EngineSettings settings;
    private final DynamicBatcher<Job> encodeQueue;
    private final DynamicBatcher<TransferLane.Item> transferQueue;
    private final DynamicBatcher<DecodeItem> decodeQueue;
    private final EncodeLane encodeLane;
    private final TransferLane transferLane;
    private volatile boolean running = true;

    Scheduler(EngineSettings settings, EngineStats stats, EngineListener listener) {
        this.settings = settings;
        long delay = settings.maxQueueDelay().toNanos();
        this.encodeQueue = new DynamicBatcher<>(delay, Job::abandoned, w -> listener.queueWaited(Lane.ENCODE, w));
        this.transferQueue = new DynamicBatcher<>(delay, i -> i.job().abandoned(),
                w -> listener.queueWaited(Lane.TRANSFER, w));
        this.decodeQueue = new DynamicBatcher<>(delay, i -> i.job().abandoned(),
                w -> listener.queueWaited(Lane.DECODE, w));
        this.encodeLane = new EncodeLane(this, stats, listener);
        this.transferLane = new TransferLane(this, stats, listener);
    }

    void enqueueEncode(Job job) {
        enqueue(() -> encodeQueue.add(job.request.domain(), job, System.nanoTime()));
    }

    void enqueueTransfer(TransferLane.Item item) {
        enqueue(() -> transferQueue.add(TransferLane.key(item.job().request), item, System.nanoTime()));
    }

    void enqueueDecode(DecodeItem item) {
        enqueue(() -> decodeQueue.add(item.domain(), item, System.nanoTime()));
    }

    private void enqueue(Runnable add) {
        lock.lock();
        try {
            if (!running) {
                throw new EngineClosedException();
            }
            add.run();
            workArrived.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Blocks until work is ready for this worker; null once the engine stops. */
    Work next(DeviceWorker worker) throws InterruptedException {
        lock.lock();
        try {
            while (running) {
                long now = System.nanoTime();
                if (!worker.circuit.allows(now)) {
                    workArrived.awaitNanos(Math.max(1, worker.circuit.openUntilNanos() - now));
                    continue;
                }
                for (int i = 0; i < 3; i++) {
                    int lane = (worker.nextLane + i) % 3;
                    Work work = switch (lane) {
                        case 0 -> pollEncode(worker, now);
                        case 1 -> pollTransfer(worker, now);
                        default -> pollDecode(worker, now);
                    };
                    if (work != null) {
                        worker.nextLane = (lane + 1) % 3;
                        return work;
                    }
                }
                if (worker.circuit.state() == CircuitBreaker.State.HALF_OPEN) {
                    // nothing to try the device with: probe it, so it closes without waiting for traffic
                    return new Work(Lane.ENCODE, List.of(), worker::probe);
                }
                long deadline = Math.min(Math.min(encodeQueue.nextDeadline(), transferQueue.nextDeadline()),
                        decodeQueue.nextDeadline());
                long wait = deadline == Long.MAX_VALUE ? TimeUnit.MILLISECONDS.toNanos(100) : deadline - now;
                if (wait > 0) {
                    workArrived.awaitNanos(wait);
                }
            }
            return null;
        } finally {
            lock.unlock();
        }
    }

    private Work pollEncode(DeviceWorker worker, long now) {
        DynamicBatcher.Batch<Job> batch = encodeQueue.poll(now, settings.maxBatchSize());
        if (batch == null || batch.items().isEmpty()) {
            return null;
        }
        return new Work(Lane.ENCODE, batch.items(),
                () -> encodeLane.run(worker, worker.catalog.model(batch.key()), batch.items()));
    }

    private Work pollTransfer(DeviceWorker worker, long now) {
        DynamicBatcher.Batch<TransferLane.Item> batch = transferQueue.poll(now, settings.maxBatchSize());
        if (batch == null || batch.items().isEmpty()) {
            return null;
        }
        InferenceRequest first = batch.items().get(0).job().request;
        List<Job> jobs = batch.items().stream().map(TransferLane.Item::job).toList();
        return new Work(Lane.TRANSFER, jobs, () -> {
            TransferBridge bridge = worker.catalog.bridge(first.domain(), first.targetDomain()).orElse(null);
            if (bridge == null) {
                batch.items().forEach(i -> i.job().fail(new InferenceException("transfer",
                        "no bridge " + batch.key() + " on " + worker.device, null)));
                return;
            }
            transferLane.run(worker, bridge, batch.items());
        });
    }

    private Work pollDecode(DeviceWorker worker, long now) {
        DecodeLane lane = worker.decode;
        int slots = settings.decodeSlots();
        List<DecodeItem> admitted = new ArrayList<>();
        if (lane.active() == 0) {
            // idle: wait like any dynamic batch (full, or the oldest waited max delay) before starting
            DynamicBatcher.Batch<DecodeItem> batch = decodeQueue.poll(now, slots);
            if (batch == null) {
                return null;
            }
            admitted.addAll(batch.items());
            admitted.addAll(decodeQueue.takeAny(slots - admitted.size(), now));
            if (admitted.isEmpty()) {
                return null;
            }
        } else if (settings.decodeMode() == DecodeMode.CONTINUOUS) {
            admitted.addAll(decodeQueue.takeAny(slots - lane.active(), now));
        }
        List<Job> jobs = new ArrayList<>(lane.activeJobs());
        admitted.forEach(item -> jobs.add(item.job()));
        return new Work(Lane.DECODE, jobs, () -> {
            lane.admit(admitted);
            lane.tick();
        });
    }

    /** Stops handing out work and returns everything still queued. */
    List<Job> stop() {
        lock.lock();
        try {
            running = false;
            workArrived.signalAll();
            List<Job> left = new ArrayList<>(encodeQueue.drain());
            transferQueue.drain().forEach(i -> left.add(i.job()));
            decodeQueue.drain().forEach(i -> left.add(i.job()));
            return left;
        } finally {
            lock.unlock();
        }
    }

    boolean running() {
        return running;
    }

    /** Requests waiting in a lane's queue (abandoned ones not yet dropped included). */
    int queueDepth(Lane lane) {
        lock.lock();
        try {
            return switch (lane) {
                case ENCODE -> encodeQueue.size();
                case TRANSFER -> transferQueue.size();
                case DECODE -> decodeQueue.size();
            };
        } finally {
            lock.unlock();
        }
    }
}
