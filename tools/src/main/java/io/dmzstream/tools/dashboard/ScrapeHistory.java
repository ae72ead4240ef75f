package io.dmzstream.tools.dashboard;

import java.util.ArrayList;
import java.util.List;

/** The scrapes of one run, in order; a scraper thread adds while the command reads. */
public final class ScrapeHistory {
    private final List<Scrape> scrapes = new ArrayList<>();

    public synchronized void add(Scrape scrape) {
        scrapes.add(scrape);
    }

    public synchronized List<Scrape> scrapes() {
        return List.copyOf(scrapes);
    }

    public synchronized Scrape latest() {
        return scrapes.isEmpty() ? null : scrapes.get(scrapes.size() - 1);
    }

    /** The panels' PromQL over the scrapes so far, rates over {@code windowIntervals} scrape intervals. */
    public Queries queries(int windowIntervals) {
        return new Queries(scrapes(), windowIntervals);
    }
}
