package io.strata.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/** The measured rounds of one phase (raw scan, export, list, ...); warm-up rounds never get here. */
final class Phase {

    /** The rate of one round (items/s, points/s, ...) and the CPU it took. */
    record Sample(double rate, CpuMeter.Lap cpu) {
    }

    private final String name;
    private final String unit;
    private final List<Sample> samples = new ArrayList<>();

    Phase(String name) {
        this(name, "items/s");
    }

    Phase(String name, String unit) {
        this.name = name;
        this.unit = unit;
    }

    String name() {
        return name;
    }

    String unit() {
        return unit;
    }

    void add(Sample sample) {
        samples.add(sample);
    }

    List<Sample> samples() {
        return List.copyOf(samples);
    }

    Stats rate() {
        return stats(Sample::rate);
    }

    /** The median of each CPU column on its own (not the CPU of the median round). */
    CpuMeter.Lap medianCpu() {
        return new CpuMeter.Lap(stats(s -> s.cpu().strata()).median(), stats(s -> s.cpu().dynamoDbLocal()).median(),
                stats(s -> s.cpu().s3Mock()).median(), stats(s -> s.cpu().wall()).median());
    }

    /** Wall seconds of each measured round. */
    Stats wall() {
        return stats(s -> s.cpu().wall());
    }

    String summary() {
        return String.format("%-15s %s %s  median %s", name, rate().format("%,.0f"), unit, medianCpu());
    }

    private Stats stats(ToDoubleFunction<Sample> value) {
        return Stats.of(samples.stream().map(s -> value.applyAsDouble(s)).toList());
    }

    /** Per-round ratios of {@code top} to {@code bottom}, round i with round i: their spread, beside the median ratio. */
    static Stats pairedRatios(Phase top, Phase bottom) {
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < top.samples.size(); i++) {
            ratios.add(top.samples.get(i).rate() / bottom.samples.get(i).rate());
        }
        return Stats.of(ratios);
    }
}
