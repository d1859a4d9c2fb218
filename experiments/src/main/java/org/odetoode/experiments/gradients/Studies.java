package org.odetoode.experiments.gradients;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The registry of gradient studies, by command-line name. */
public final class Studies {
    private static final Map<String, Study> BY_NAME = new LinkedHashMap<>();

    static {
        for (Study s : List.of(new SpectrumStudy(), new GscStudy(), new MeanFieldStudy(), new SlicesStudy(),
                new LyapunovStudy(), new NormsStudy(), new EsVsBackpropStudy(), new DepthSweepStudy(),
                new CounterexamplesStudy(), new TrainedStudy())) {
            BY_NAME.put(s.name(), s);
        }
    }

    private Studies() {
    }

    /** Every study name, in the order shown to users. */
    public static List<String> names() {
        return List.copyOf(BY_NAME.keySet());
    }

    /**
     * The study called {@code name}.
     *
     * @throws IllegalArgumentException naming the known studies when there is none
     */
    public static Study get(String name) {
        Study s = BY_NAME.get(name);
        if (s == null) {
            throw new IllegalArgumentException("Unknown study `" + name + "`. Known studies: "
                    + String.join(", ", BY_NAME.keySet()));
        }
        return s;
    }
}
