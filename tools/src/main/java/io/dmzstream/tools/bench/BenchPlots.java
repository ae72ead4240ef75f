package io.dmzstream.tools.bench;

import io.dmzstream.chart.BarChart;
import io.dmzstream.chart.Line;
import io.dmzstream.chart.LineChart;
import io.dmzstream.chart.Marker;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The report's plots, drawn from the measurements by the project's chart renderer. */
final class BenchPlots {
    static final String FOLDER = "bench";
    static final String THROUGHPUT = "throughput-vs-batch.png";
    static final String LATENCY = "latency-vs-load.png";
    static final String CPU_ENCODE = "cpu-per-request-encode.png";
    static final String CPU_DECODE = "cpu-per-request-decode.png";

    private BenchPlots() {
    }

    static void write(BenchmarkResult r, Path folder) throws IOException {
        LineChart.builder("Encode throughput against max batch size").xLabel("max batch size (log scale)")
                .yLabel("requests / s").logX()
                .line(Line.of("raw engine", r.rawSweepWithReps()))
                .line(Line.of("full stream through Kafka", r.streamSweepWithReps()))
                .build().write(folder.resolve(THROUGHPUT));

        List<Line.Point> p50 = new ArrayList<>();
        List<Line.Point> p99 = new ArrayList<>();
        LineChart.Builder latency = LineChart.builder("End-to-end latency against offered load (stream, encode)")
                .xLabel("offered load (requests / s)").yLabel("ms, produce to read_committed arrival");
        for (BenchmarkResult.LoadPoint p : r.latency()) {
            p50.add(new Line.Point(p.point().offeredPerS(), p.point().p50Ms()));
            p99.add(new Line.Point(p.point().offeredPerS(), p.point().p99Ms()));
            if (p.fraction() == 0.5) {
                latency.marker(new Marker(p.point().offeredPerS(), "50% of max"));
            }
        }
        latency.line(new Line("p50", p50)).line(new Line("p99", p99)).build().write(folder.resolve(LATENCY));

        cpu(r, "CPU per request by thread group, encode lane", List.of(Benchmark.RAW_ENCODE, Benchmark.STREAM_ENCODE,
                Benchmark.NULL_MODEL, Benchmark.FLOOR)).write(folder.resolve(CPU_ENCODE));
        cpu(r, "CPU per request by thread group, decode lane (K = " + r.settings().steps() + ")",
                List.of(Benchmark.RAW_DECODE, Benchmark.STREAM_DECODE)).write(folder.resolve(CPU_DECODE));
    }

    private static BarChart cpu(BenchmarkResult r, String title, List<String> paths) {
        BarChart.Builder b = BarChart.builder(title).valueLabel("CPU-µs per request (median)").stacked();
        Map<String, Map<String, Object>> table = r.cpuTable();
        for (String path : paths) {
            String label = BenchmarkResult.PATHS.get(path);
            for (CpuGroup g : CpuGroup.values()) {
                if (g != CpuGroup.LOAD) {
                    b.value(g.label(), label, ((Number) table.get(path).get(g.key())).doubleValue());
                }
            }
            b.value("broker (own process)", label, ((Number) table.get(path).get("broker_process")).doubleValue());
        }
        return b.size(820, 460).build();
    }
}
