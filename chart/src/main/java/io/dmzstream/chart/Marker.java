package io.dmzstream.chart;

/** A moment or value to mark on the x axis: a dashed vertical line with its text. */
public record Marker(double x, String text) {
}
