package io.dmzstream.tools.chaos;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Slow HTTP clients against an instance's endpoints: some connect and send nothing, some send half
 * a request and stall (slowloris), some ask for /metrics and never read the answer. Meanwhile the
 * liveness probe must keep answering, or an orchestrator would restart a healthy instance.
 */
final class SlowHttpScenario implements Scenario {
    private static final int PROBES = 10;
    private static final long PROBE_LIMIT_MS = 2000;

    @Override
    public String name() {
        return "slow-http";
    }

    @Override
    public String title() {
        return "slow HTTP clients (idle, half-sent and unread requests) while probes call /health/live";
    }

    @Override
    public String criteria() {
        return "every /health/live probe answers 200 within 2 s while the slow clients hold their connections";
    }

    @Override
    public ScenarioResult run(ChaosContext context) throws Exception {
        int clients = context.profile().slowClients();
        try (Deployment d = Deployment.create(context, name(), 1, Map.of())) {
            d.startAll();
            ScenarioRun run = new ScenarioRun(this, "exactly_once_v2");
            ServiceProcess instance = d.instance(0);
            List<Socket> slow = new ArrayList<>();
            try {
                for (int i = 0; i < clients; i++) {
                    Socket s = new Socket(InetAddress.getLoopbackAddress(), instance.httpPort());
                    OutputStream out = s.getOutputStream();
                    switch (i % 3) {
                        case 0 -> { } // connects, never sends
                        case 1 -> out.write("GET /health/ready HTTP/1.1\r\nHost: chaos\r\nX-Slow: "
                                .getBytes(StandardCharsets.US_ASCII));
                        default -> out.write("GET /metrics HTTP/1.1\r\nHost: chaos\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    }
                    out.flush();
                    slow.add(s);
                }
                ScenarioRun.Mark fault = run.fault(clients + " slow HTTP clients", instance.name());
                context.log("slow-http: %d slow clients connected", clients);
                // inputs keep flowing meanwhile: the slow clients must not hold up the stream either
                Traffic.Background feed = d.traffic().background(name(), 40, context.profile().rate());
                Thread.sleep(500);
                List<Long> latencies = new ArrayList<>();
                int answered = 0;
                for (int i = 0; i < PROBES; i++) {
                    long t0 = System.nanoTime();
                    int code = instance.health("/health/live");
                    long ms = (System.nanoTime() - t0) / 1_000_000;
                    latencies.add(code == 200 ? ms : -1);
                    answered += code == 200 && ms <= PROBE_LIMIT_MS ? 1 : 0;
                    Thread.sleep(200);
                }
                fault.end();
                feed.join();
                run.figure("slow_clients", clients);
                run.figure("live_probe_ms", latencies);
                run.check(Check.equal("/health/live probes answered 200 within 2 s", PROBES, answered));
            } finally {
                for (Socket s : slow) {
                    try {
                        s.close();
                    } catch (IOException ignored) {
                        // closing anyway
                    }
                }
            }
            boolean liveAfter = instance.health("/health/live") == 200;
            run.check(Check.that("/health/live answers after the slow clients left", liveAfter,
                    liveAfter ? "200" : "no answer"));
            return run.finish(d, d.settleAndCount(), false);
        }
    }
}
