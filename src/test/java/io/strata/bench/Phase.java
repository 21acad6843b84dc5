package io.strata.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/** The measured rounds of one phase (raw scan, export, raw write or restore); warm-up rounds never get here. */
final class Phase {

    /** Items/s of one round and the CPU it took. */
    record Sample(double rate, CpuMeter.Lap cpu) {
    }

    private final String name;
    private final List<Sample> samples = new ArrayList<>();

    Phase(String name) {
        this.name = name;
    }

    String name() {
        return name;
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

    String summary() {
        return String.format("%-15s %s items/s  median %s", name, rate().format("%,.0f"), medianCpu());
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
